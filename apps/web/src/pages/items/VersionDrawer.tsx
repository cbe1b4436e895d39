/**
 * An item's version history, newest first: version, who, when and the note of each change, and
 * the snapshot the server kept (the author view at that version, key included).
 */
import { Collapse, Descriptions, Drawer, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useItemVersions, type ItemVersion } from '../../api/items.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';

const pre = {
  margin: 0,
  padding: 8,
  background: '#f6f8fa',
  borderRadius: 6,
  overflowX: 'auto' as const,
  fontSize: 12,
  maxWidth: '100%',
};

function Snapshot({ s }: { s: Record<string, unknown> }) {
  const { t } = useTranslation();
  const options = Array.isArray(s.options) ? (s.options as { id: string; text: string }[]) : [];
  const kps = Array.isArray(s.knowledgePoints) ? (s.knowledgePoints as { code: string; name: string }[]) : [];
  const tags = Array.isArray(s.tags) ? (s.tags as string[]) : [];
  return (
    <Flex vertical gap={8} style={{ minWidth: 0 }}>
      {typeof s.stem === 'string' && <Markdown source={s.stem} />}
      {options.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {options.map((o) => (
            <li key={o.id}>
              {o.id}. {o.text}
            </li>
          ))}
        </ul>
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('common.status')}>
          {typeof s.status === 'string' ? t(`items.statuses.${s.status}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('items.kps')}>
          {kps.map((k) => `${k.code} ${k.name}`).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('items.tags')}>{tags.join(', ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('items.difficulty')}>
          {typeof s.difficulty === 'number' ? s.difficulty : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('items.discrimination')}>
          {typeof s.discrimination === 'number' ? s.discrimination : '—'}
        </Descriptions.Item>
      </Descriptions>
      {s.answerKey != null && (
        <>
          <Typography.Text strong>{t('items.section.answerKey')}</Typography.Text>
          <pre style={pre}>{JSON.stringify(s.answerKey, null, 2)}</pre>
        </>
      )}
      {s.rubric != null && (
        <>
          <Typography.Text strong>{t('items.section.rubric')}</Typography.Text>
          <pre style={pre}>{JSON.stringify(s.rubric, null, 2)}</pre>
        </>
      )}
      {typeof s.explanation === 'string' && s.explanation && (
        <>
          <Typography.Text strong>{t('items.explanation')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.explanation}</Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}

export function VersionDrawer({ itemId, open, onClose }: { itemId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const versions = useItemVersions(itemId, open);
  return (
    <Drawer open={open} onClose={onClose} title={t('items.history')} width="min(720px, 100vw)" destroyOnHidden>
      <div data-testid="versions-drawer">
        <QueryState
          query={versions}
          rows={6}
          isEmpty={(d) => d.items.length === 0}
          empty={<Empty description={t('items.noHistory')} />}
        >
          {(d) => (
            <Collapse
              items={d.items.map((v: ItemVersion) => ({
                key: v.version,
                label: (
                  <Flex vertical gap={2} data-testid={`version-${v.version}`}>
                    <Flex gap={8} wrap="wrap" align="center">
                      <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                        v{v.version}
                      </Tag>
                      <Typography.Text>{v.changedBy ?? t('items.someone')}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(v.changedAt)}</Typography.Text>
                    </Flex>
                    <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
                      {v.note || '—'}
                    </Typography.Text>
                  </Flex>
                ),
                children: <Snapshot s={v.snapshot} />,
              }))}
            />
          )}
        </QueryState>
      </div>
    </Drawer>
  );
}
