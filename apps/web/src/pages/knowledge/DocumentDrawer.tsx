import { Breadcrumb, Card, Descriptions, Drawer, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useKbDocument } from '../../api/knowledge.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatBytes, formatDateTime } from '../../format.ts';
import { statusColor } from './kbView.ts';

/** A document's passages in order, each with its heading path — what search and the tutor cite. */
export function DocumentDrawer({ documentId, onClose }: { documentId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const doc = useKbDocument(documentId);
  return (
    <Drawer
      open={documentId !== null}
      onClose={onClose}
      width={720}
      title={doc.data?.title ?? t('knowledge.document.passagesTitle')}
      destroyOnHidden
    >
      {documentId !== null && (
        <QueryState query={doc}>
          {(d) => (
            <>
              <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('common.status')}>
                  <Tag color={statusColor[d.status]}>{t(`knowledge.status.${d.status}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('knowledge.document.format')}>
                  {t(`knowledge.format.${d.format}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('knowledge.document.size')}>{formatBytes(d.sizeBytes)}</Descriptions.Item>
                <Descriptions.Item label={t('knowledge.document.indexedAt')}>
                  {d.indexedAt ? formatDateTime(d.indexedAt) : '—'}
                </Descriptions.Item>
                {d.sourceUrl && (
                  <Descriptions.Item label={t('knowledge.paste.sourceUrl')} span={2}>
                    <Typography.Link href={d.sourceUrl} target="_blank" rel="noopener noreferrer">
                      {d.sourceUrl}
                    </Typography.Link>
                  </Descriptions.Item>
                )}
                {d.error && (
                  <Descriptions.Item label={t('knowledge.document.error')} span={2}>
                    <Typography.Text type="danger">{d.error}</Typography.Text>
                  </Descriptions.Item>
                )}
              </Descriptions>
              {d.passages.length === 0 ? (
                <Empty description={t('knowledge.document.noPassages')} />
              ) : (
                <Flex vertical gap={8} data-testid="kb-passages">
                  {d.passages.map((p) => (
                    <Card key={p.chunkId} size="small">
                      <Flex justify="space-between" align="start" gap={8}>
                        <Breadcrumb
                          items={(p.headingPath.length ? p.headingPath : [d.title]).map((h) => ({ title: h }))}
                        />
                        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                          #{p.ord + 1}
                        </Typography.Text>
                      </Flex>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>
                        {p.text}
                      </Typography.Paragraph>
                    </Card>
                  ))}
                </Flex>
              )}
            </>
          )}
        </QueryState>
      )}
    </Drawer>
  );
}
