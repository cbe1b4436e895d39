import type { EvidenceItem } from '@xueli/contracts';
import { Flex, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvidence } from '../../api/skills.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { pct } from './skillsView.ts';

const KIND_COLOR: Record<EvidenceItem['kind'], string> = {
  response: 'blue',
  self_rating: 'purple',
  manager_rating: 'gold',
};

/** An employee's evidence on one knowledge point (or all), newest first, 10 per page. */
export function EvidenceList({ employeeId, kpId }: { employeeId: number; kpId?: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const q = useEvidence(employeeId, kpId, page, pageSize);
  if (q.isError) return <ProblemAlert error={q.error} />;
  return (
    <List<EvidenceItem>
      size="small"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: t('skills.evidenceEmpty') }}
      data-testid="evidence-list"
      pagination={
        (q.data?.total ?? 0) > pageSize
          ? { current: page, pageSize, total: q.data?.total ?? 0, size: 'small', onChange: setPage, showSizeChanger: false }
          : false
      }
      renderItem={(e) => (
        <List.Item key={e.id} data-testid="evidence-item" data-kind={e.kind}>
          <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
            <Flex justify="space-between" gap={8} wrap="wrap">
              <Flex gap={6} align="center" wrap="wrap" style={{ minWidth: 0 }}>
                <Tag color={KIND_COLOR[e.kind]} style={{ marginInlineEnd: 0 }}>
                  {t(`skills.evidenceKind.${e.kind}`)}
                </Tag>
                {e.itemRef && (
                  <Typography.Text code ellipsis style={{ maxWidth: 220 }}>
                    {e.itemRef}
                  </Typography.Text>
                )}
              </Flex>
              <Typography.Text strong type={e.score >= 0.5 ? 'success' : 'danger'}>
                {e.kind === 'response'
                  ? t('skills.scoreValue', { value: pct(e.score) })
                  : t('skills.ratingValue', { value: pct(e.score) })}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.occurredAt)} · {t('skills.source')}: {e.source}
              {e.recordedBy ? ` · ${t('skills.recordedBy')}: ${e.recordedBy}` : ''}
            </Typography.Text>
            {e.knowledgePoints.length > 1 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('skills.alsoOn')}: {e.knowledgePoints.map((k) => k.code).join(', ')}
              </Typography.Text>
            )}
          </Flex>
        </List.Item>
      )}
    />
  );
}
