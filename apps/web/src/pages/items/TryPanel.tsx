/**
 * "Try a reference solution" for a saved programming item: the author's code runs against the
 * saved test cases in the server's sandbox, and every case comes back with its arguments,
 * expected and actual values, error and console output (the author view).
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import type { ProgrammingAuthorResult } from '@xueli/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

type Case = ProgrammingAuthorResult['cases'][number];

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 };
const json = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export function TryPanel({ itemId, starterCode, dirty }: { itemId: number; starterCode: string; dirty: boolean }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(starterCode);
  const run = useMutation({
    mutationFn: (c: string) => api.post<ProgrammingAuthorResult>(`/items/${itemId}/try`, { code: c }),
  });
  const r = run.data;
  return (
    <div data-testid="try-panel">
      <Typography.Title level={5}>{t('items.try.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('items.try.hint')}</Typography.Paragraph>
      <Input.TextArea
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoSize={{ minRows: 6, maxRows: 24 }}
        maxLength={50_000}
        spellCheck={false}
        style={mono}
        data-testid="try-code"
      />
      <Flex gap={8} align="center" wrap="wrap" style={{ margin: '8px 0 12px' }}>
        <Tooltip title={dirty ? t('items.try.saveFirst') : undefined}>
          <Button
            icon={<PlayCircleOutlined />}
            disabled={dirty || !code.trim()}
            loading={run.isPending}
            onClick={() => run.mutate(code)}
            data-testid="try-run"
          >
            {t('items.try.run')}
          </Button>
        </Tooltip>
        {r && (
          <Typography.Text
            strong
            data-testid="try-summary"
            type={r.passedCases === r.totalCases ? 'success' : 'danger'}
          >
            {t('items.try.summary', {
              passed: r.passedCases,
              total: r.totalCases,
              score: Math.round(r.score * 100),
              ms: Math.round(r.ms),
            })}
          </Typography.Text>
        )}
      </Flex>
      {run.isError && <ProblemAlert error={run.error} />}
      {r?.status === 'compile-error' && r.compileError && (
        <Alert
          type="error"
          showIcon
          message={t('items.try.compileError')}
          description={
            <pre style={{ ...mono, margin: 0, whiteSpace: 'pre-wrap' }}>
              {r.compileError.line !== undefined ? `${r.compileError.line}:${r.compileError.column ?? 0} ` : ''}
              {r.compileError.message}
            </pre>
          }
          data-testid="try-compile-error"
        />
      )}
      {r && r.cases.length > 0 && (
        <Table<Case>
          size="small"
          rowKey="index"
          dataSource={r.cases}
          scroll={{ x: 'max-content' }}
          pagination={r.cases.length > 20 ? { pageSize: 20 } : false}
          data-testid="try-cases"
          columns={[
            {
              title: '#',
              dataIndex: 'index',
              render: (i: number, c) => `${i + 1}${c.sample ? ` (${t('items.try.sample')})` : ''}`,
            },
            {
              title: t('items.try.outcome'),
              dataIndex: 'kind',
              render: (k: Case['kind'], c) => <Tag color={c.passed ? 'green' : 'red'}>{t(`items.try.kinds.${k}`)}</Tag>,
            },
            {
              title: t('items.try.args'),
              dataIndex: 'args',
              render: (a: unknown[]) => <code style={mono}>{json(a)}</code>,
            },
            {
              title: t('items.try.expected'),
              dataIndex: 'expected',
              render: (v: unknown) => <code style={mono}>{json(v)}</code>,
            },
            {
              title: t('items.try.actual'),
              dataIndex: 'actual',
              render: (v?: string) => <code style={mono}>{v ?? '—'}</code>,
            },
            {
              title: t('items.try.message'),
              key: 'message',
              render: (_, c) => (
                <div style={{ maxWidth: 320, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', ...mono }}>
                  {c.message ?? ''}
                  {c.logs ? `${c.message ? '\n' : ''}${c.logs}` : ''}
                  {!c.message && !c.logs ? '—' : ''}
                </div>
              ),
            },
            { title: 'ms', dataIndex: 'ms', align: 'right', render: (v: number) => Math.round(v) },
          ]}
        />
      )}
    </div>
  );
}
