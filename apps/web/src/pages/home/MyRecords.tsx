import type { Page, TrainingRecord } from '@xueli/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from '../../format.ts';

/** The caller's training records, online and classroom, paged. */
export function MyRecords() {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const records = useQuery({
    queryKey: [...catalogKeys.records, page],
    queryFn: () => api.get<Page<TrainingRecord>>('/me/records', page),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title={t('records.title')} data-testid="my-records">
      {records.isError && <ProblemAlert error={records.error} />}
      <Table<TrainingRecord>
        rowKey="id"
        size="small"
        loading={records.isFetching}
        dataSource={records.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('records.empty') }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: records.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: t('records.title_'), dataIndex: 'title' },
          {
            title: t('records.kind'),
            dataIndex: 'kind',
            render: (k: TrainingRecord['kind']) => <Tag>{t(`records.kinds.${k}`)}</Tag>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: TrainingRecord['status'], r) =>
              `${t(`recordStatus.${s}`)}${r.kind === 'online' ? ` · ${r.progressPercent}%` : ''}`,
          },
          {
            title: t('records.date'),
            key: 'date',
            render: (_, r) => formatDate(r.sessionDate ?? r.completedAt ?? r.startedAt),
          },
          { title: t('records.hours'), dataIndex: 'timeSpentSeconds', render: (s: number) => (s / 3600).toFixed(1) },
          { title: t('records.score'), dataIndex: 'score', render: (v: number | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
