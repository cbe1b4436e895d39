/** The AI call log with filters (feature, outcome, user id, date range) and pages. */
import { AI_OUTCOME_VALUES, type AiCallItem, type AiOutcomeValue } from '@xueli/contracts';
import { Card, DatePicker, Flex, Input, InputNumber, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAiCalls, type AiCallFilter } from '../../../api/ai.ts';
import { QueryState } from '../../../components/QueryState.tsx';
import { formatDateTime } from '../../../format.ts';
import { serverPagination } from '../../../components/pagination.ts';

export function AiCallsTable() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AiCallFilter>({ page: 1, pageSize: 20 });
  const q = useAiCalls(filter);
  const set = (patch: Partial<AiCallFilter>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));
  return (
    <Card title={t('aiAdmin.calls.title')} data-testid="ai-calls">
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('aiAdmin.feature')} style={{ width: 220 }} onSearch={(v) => set({ feature: v.trim() || undefined })} />
        <Select
          allowClear
          placeholder={t('aiAdmin.calls.outcome')}
          style={{ width: 180 }}
          value={filter.outcome}
          onChange={(v: AiOutcomeValue | undefined) => set({ outcome: v })}
          options={AI_OUTCOME_VALUES.map((o) => ({ value: o, label: t(`aiAdmin.outcome.${o}`) }))}
        />
        <InputNumber min={1} precision={0} placeholder={t('aiAdmin.calls.userId')} style={{ width: 140 }} onChange={(v) => set({ userId: typeof v === 'number' ? v : undefined })} />
        <DatePicker.RangePicker
          onChange={(r: [Dayjs | null, Dayjs | null] | null) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        />
      </Flex>
      <QueryState query={q} isEmpty={(d) => d.total === 0} empty={t('aiAdmin.calls.empty')}>
        {(d) => (
          <Table<AiCallItem>
            rowKey="id"
            size="small"
            scroll={{ x: 1000 }}
            dataSource={d.items}
            pagination={serverPagination(d, (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })), t)}
            columns={[
              { title: t('aiAdmin.calls.at'), render: (_, c) => formatDateTime(c.createdAt) },
              { title: t('aiAdmin.calls.who'), render: (_, c) => c.actorName ?? (c.actorUserId != null ? `#${c.actorUserId}` : t('aiAdmin.calls.system')) },
              { title: t('aiAdmin.feature'), render: (_, c) => <Typography.Text code>{c.feature}</Typography.Text> },
              { title: t('aiAdmin.calls.model'), dataIndex: 'model' },
              {
                title: t('aiAdmin.calls.outcome'),
                render: (_, c) => {
                  const tag = <Tag color={c.outcome === 'ok' ? 'success' : c.outcome === 'cancelled' ? 'default' : 'error'}>{t(`aiAdmin.outcome.${c.outcome}`)}</Tag>;
                  return c.error ? <Tooltip title={c.error}>{tag}</Tooltip> : tag;
                },
              },
              { title: t('aiAdmin.calls.tokens'), align: 'right', render: (_, c) => (c.promptTokens == null && c.completionTokens == null ? '—' : `${c.promptTokens ?? 0} + ${c.completionTokens ?? 0}`) },
              { title: t('aiAdmin.calls.latency'), align: 'right', render: (_, c) => `${c.latencyMs} ms` },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
