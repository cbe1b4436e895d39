/** This month's tokens against the budget, and calls, failures, tokens and latency per month × feature. */
import type { AiUsageReport } from '@xueli/contracts';
import { Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAiUsage } from '../../../api/ai.ts';
import { QueryState } from '../../../components/QueryState.tsx';

type Row = AiUsageReport['rows'][number];
const fmt = (n: number) => n.toLocaleString();

export function AiUsageCard() {
  const { t } = useTranslation();
  const q = useAiUsage();
  return (
    <Card title={t('aiAdmin.usage.title')} data-testid="ai-usage">
      <QueryState query={q}>
        {(d) => {
          const { tokens, budget, month } = d.thisMonth;
          const pct = budget ? Math.min(100, Math.round((tokens / budget) * 1000) / 10) : null;
          return (
            <Space direction="vertical" style={{ width: '100%' }} size="middle">
              <div>
                <Typography.Text strong>{t('aiAdmin.usage.thisMonth', { month })}</Typography.Text>
                {budget != null ? (
                  <>
                    <Progress percent={pct ?? 0} status={tokens >= budget ? 'exception' : pct! >= 80 ? 'active' : 'normal'} data-testid="ai-budget-progress" />
                    <Typography.Text type={tokens >= budget ? 'danger' : 'secondary'}>
                      {tokens >= budget ? t('aiAdmin.usage.exhausted', { tokens: fmt(tokens), budget: fmt(budget) }) : t('aiAdmin.usage.ofBudget', { tokens: fmt(tokens), budget: fmt(budget) })}
                    </Typography.Text>
                  </>
                ) : (
                  <div>
                    <Typography.Text type="secondary">{t('aiAdmin.usage.noBudget', { tokens: fmt(tokens) })}</Typography.Text>
                  </div>
                )}
              </div>
              <Table<Row>
                rowKey={(r) => `${r.month}/${r.feature}`}
                size="small"
                scroll={{ x: 800 }}
                dataSource={d.rows}
                pagination={{ pageSize: 12, hideOnSinglePage: true }}
                locale={{ emptyText: t('aiAdmin.usage.empty') }}
                columns={[
                  { title: t('aiAdmin.usage.month'), dataIndex: 'month' },
                  { title: t('aiAdmin.feature'), dataIndex: 'feature', render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
                  { title: t('aiAdmin.usage.calls'), dataIndex: 'calls', align: 'right' },
                  {
                    title: t('aiAdmin.usage.failures'),
                    render: (_, r) =>
                      Object.keys(r.failures).length ? (
                        <Space size={4} wrap>
                          {Object.entries(r.failures).map(([k, n]) => (
                            <Tag key={k} color="error">
                              {t(`aiAdmin.outcome.${k}`, { defaultValue: k })} {n}
                            </Tag>
                          ))}
                        </Space>
                      ) : (
                        '—'
                      ),
                  },
                  { title: t('aiAdmin.usage.promptTokens'), dataIndex: 'promptTokens', align: 'right', render: fmt },
                  { title: t('aiAdmin.usage.completionTokens'), dataIndex: 'completionTokens', align: 'right', render: fmt },
                  { title: 'p50', dataIndex: 'p50LatencyMs', align: 'right', render: (v: number | null) => (v == null ? '—' : `${v} ms`) },
                  { title: 'p95', dataIndex: 'p95LatencyMs', align: 'right', render: (v: number | null) => (v == null ? '—' : `${v} ms`) },
                ]}
              />
            </Space>
          );
        }}
      </QueryState>
    </Card>
  );
}
