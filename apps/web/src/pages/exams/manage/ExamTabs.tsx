/**
 * The exam builder's attempts tab (every candidate's attempts with score and review state)
 * and item analysis tab (p-value, point-biserial, flags, distractor shares, the 2PL
 * calibration against the bank's current a/b, "apply calibration" and "regrade").
 */
import { CheckOutlined, SyncOutlined } from '@ant-design/icons';
import { ATTEMPT_STATUSES, type AttemptStatus, type AttemptSummary, type ItemAnalysis } from '@xueli/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Empty,
  Flex,
  Popconfirm,
  Select,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApplyCalibration, useExamAttempts, useItemAnalysis, useRegradeItem } from '../../../api/exams.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { formatDateTime, formatPercent } from '../../../format.ts';
import { AttemptStatusTag } from '../MyExamsPage.tsx';

export function AttemptsTab({ examId }: { examId: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AttemptStatus | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const attempts = useExamAttempts(examId, status, page.page, page.pageSize);
  return (
    <>
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 12 }}>
        <Select<AttemptStatus>
          allowClear
          placeholder={t('exams.attempts.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={ATTEMPT_STATUSES.map((s) => ({ value: s, label: t(`exams.attemptStatus.${s}`) }))}
          style={{ width: 180 }}
        />
      </Flex>
      {attempts.isError && <ProblemAlert error={attempts.error} />}
      <Table<AttemptSummary>
        rowKey="id"
        size="small"
        loading={attempts.isFetching}
        dataSource={attempts.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exams.attempts.empty')} /> }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: attempts.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        data-testid="exam-attempts"
        columns={[
          { title: t('exams.attempts.employee'), key: 'who', render: (_, a) => `${a.employeeName} (${a.employeeNo})` },
          { title: t('exams.attempts.no'), dataIndex: 'attemptNo', align: 'right' },
          { title: t('common.status'), key: 'status', render: (_, a) => <AttemptStatusTag a={a} /> },
          {
            title: t('exams.result.score'),
            dataIndex: 'percent',
            align: 'right',
            render: (p: number | null) => (p == null ? '—' : `${p}%`),
          },
          { title: t('exams.attempts.startedAt'), dataIndex: 'startedAt', render: formatDateTime },
          { title: t('exams.attempts.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
      />
    </>
  );
}

type Row = ItemAnalysis['items'][number];

const fmt = (n: number | null, digits = 2) => (n == null ? '—' : n.toFixed(digits));
const pct = (n: number | null) => formatPercent(n);

function Calibrated({ now, was }: { now: number | null; was: number | null }) {
  if (now == null) return <>—</>;
  const changed = was == null || Math.abs(now - was) >= 0.01;
  return (
    <Tooltip title={was == null ? undefined : `${fmt(was)} → ${fmt(now)}`}>
      <span>
        <Typography.Text strong={changed}>{fmt(now)}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          ({fmt(was)})
        </Typography.Text>
      </span>
    </Tooltip>
  );
}

function Distractors({ row }: { row: Row }) {
  const { t } = useTranslation();
  if (!row.distractors?.length)
    return <Typography.Text type="secondary">{t('exams.analysis.noDistractors')}</Typography.Text>;
  return (
    <Table
      rowKey="option"
      size="small"
      pagination={false}
      dataSource={row.distractors}
      style={{ maxWidth: 560 }}
      columns={[
        {
          title: t('exams.analysis.option'),
          dataIndex: 'option',
          render: (o: string, d) => (
            <span>
              {o} {d.correct && <Tag color="green">{t('exams.analysis.key')}</Tag>}
            </span>
          ),
        },
        { title: t('exams.analysis.share'), dataIndex: 'share', render: pct },
        { title: t('exams.analysis.upper'), dataIndex: 'upper', render: pct },
        { title: t('exams.analysis.lower'), dataIndex: 'lower', render: pct },
      ]}
    />
  );
}

export function AnalysisTab({ examId }: { examId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const analysis = useItemAnalysis(examId);
  const apply = useApplyCalibration(examId);
  const regrade = useRegradeItem(examId);
  const [selected, setSelected] = useState<number[]>([]);
  return (
    <QueryState query={analysis} rows={6}>
      {(d) => (
        <Flex vertical gap={12}>
          <Flex gap={24} wrap="wrap" align="center" justify="space-between">
            <Flex gap={24}>
              <Statistic title={t('exams.analysis.candidates')} value={d.candidates} />
              <Statistic title={t('exams.analysis.items')} value={d.items.length} />
            </Flex>
            <Popconfirm
              title={t('exams.analysis.applyConfirm', { count: selected.length })}
              okText={t('exams.analysis.apply')}
              cancelText={t('common.cancel')}
              disabled={!selected.length}
              onConfirm={() =>
                apply.mutate(selected, {
                  onSuccess: (r) => {
                    void message.success(t('exams.analysis.applied', { count: r.updated }));
                    setSelected([]);
                  },
                  onError: (e) => void message.error(e.message, 8),
                })
              }
            >
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={!selected.length}
                loading={apply.isPending}
                data-testid="apply-calibration"
              >
                {t('exams.analysis.applyN', { count: selected.length })}
              </Button>
            </Popconfirm>
          </Flex>
          {d.candidates < 20 && d.items.length > 0 && (
            <Alert type="warning" showIcon message={t('exams.analysis.fewCandidates')} />
          )}
          <Table<Row>
            rowKey="itemId"
            size="small"
            dataSource={d.items}
            scroll={{ x: 'max-content' }}
            pagination={d.items.length > 50 ? { pageSize: 50 } : false}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exams.analysis.empty')} />,
            }}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as number[]),
              getCheckboxProps: (r) => ({ disabled: r.a == null || r.b == null }),
            }}
            expandable={{
              expandedRowRender: (r) => <Distractors row={r} />,
              rowExpandable: (r) => !!r.distractors?.length,
            }}
            data-testid="item-analysis"
            columns={[
              {
                title: t('exams.builder.stem'),
                key: 'stem',
                render: (_, r) => (
                  <Flex vertical>
                    <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                      #{r.itemId} {r.stem.replace(/[#*_`>]/g, '')}
                    </Typography.Text>
                    <span>
                      <Tag>{t(`exams.itemType.${r.type}`)}</Tag>
                    </span>
                  </Flex>
                ),
              },
              { title: t('exams.analysis.responses'), dataIndex: 'responses', align: 'right' },
              {
                title: <Tooltip title={t('exams.analysis.pHelp')}>{t('exams.analysis.p')}</Tooltip>,
                dataIndex: 'pValue',
                align: 'right',
                render: (v: number | null) => fmt(v),
              },
              {
                title: <Tooltip title={t('exams.analysis.rpbHelp')}>{t('exams.analysis.rpb')}</Tooltip>,
                dataIndex: 'pointBiserial',
                align: 'right',
                render: (v: number | null) => (
                  <Typography.Text type={v != null && v < 0.15 ? 'danger' : undefined}>{fmt(v)}</Typography.Text>
                ),
              },
              {
                title: t('exams.analysis.flags'),
                dataIndex: 'flags',
                render: (flags: string[]) =>
                  flags.map((f) => (
                    <Tag key={f} color={f === 'too-few-responses' ? 'default' : 'red'}>
                      {t(`exams.analysis.flag.${f}`, { defaultValue: f })}
                    </Tag>
                  )),
              },
              {
                title: <Tooltip title={t('exams.analysis.aHelp')}>a</Tooltip>,
                key: 'a',
                render: (_, r) => <Calibrated now={r.a} was={r.currentA} />,
              },
              {
                title: <Tooltip title={t('exams.analysis.bHelp')}>b</Tooltip>,
                key: 'b',
                render: (_, r) => <Calibrated now={r.b} was={r.currentB} />,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, r) => (
                  <Popconfirm
                    title={t('exams.analysis.regradeConfirm')}
                    okText={t('exams.analysis.regrade')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      regrade.mutate(r.itemId, {
                        onSuccess: (x) =>
                          void message.success(
                            t('exams.analysis.regraded', { responses: x.responses, attempts: x.attempts }),
                          ),
                        onError: (e) => void message.error(e.message, 8),
                      })
                    }
                  >
                    <Button
                      size="small"
                      icon={<SyncOutlined />}
                      loading={regrade.isPending && regrade.variables === r.itemId}
                    >
                      {t('exams.analysis.regrade')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Flex>
      )}
    </QueryState>
  );
}
