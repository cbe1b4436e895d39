import { App as AntApp, Button, Card, Descriptions, Empty, Flex, Slider, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMasteryHistory, useRate } from '../../api/skills.ts';
import { EChart, type ChartOption } from '../../components/charts/EChart.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { EvidenceList } from './EvidenceList.tsx';
import { MasteryBar } from './MasteryBar.tsx';
import { pct } from './skillsView.ts';

/** What the detail needs to know about one employee × knowledge point. */
export interface KpCell {
  kpId: number;
  mastery: number | null;
  /** The model's prior; absent in the team heat map, which does not carry it. */
  prior?: number;
  target: number | null;
  weight?: number | null;
  attempts: number;
  selfRating?: number | null;
  managerRating?: number | null;
}

/** K over time for one point, with the target as a dashed line. */
function HistoryChart({ employeeId, kpId, target }: { employeeId: number; kpId: number; target: number | null }) {
  const { t } = useTranslation();
  const q = useMasteryHistory(employeeId, kpId);
  const option = useMemo<ChartOption | null>(() => {
    const points = q.data?.points ?? [];
    if (points.length === 0) return null;
    return {
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? pct(v) : String(v)),
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => formatDateTime(p.at)),
        axisLabel: { show: false },
        axisTick: { show: false },
      },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v) } },
      series: [
        {
          name: t('skills.mastery'),
          type: 'line',
          data: points.map((p) => p.mastery),
          showSymbol: points.length <= 40,
          itemStyle: { color: '#1677ff' },
          areaStyle: { opacity: 0.08 },
          markLine:
            target === null
              ? undefined
              : {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#262626' },
                  label: { formatter: `${t('skills.target')} ${pct(target)}`, position: 'insideEndTop' },
                  data: [{ yAxis: target }],
                },
        },
      ],
    };
  }, [q.data, target, t]);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (q.isError) return <ProblemAlert error={q.error} />;
  if (!option) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('skills.historyEmpty')} />;
  return <EChart option={option} height={200} testId="mastery-history" />;
}

/** A slider 0–100% and a button that records a self rating or a manager's rating. */
function RateForm({ employeeId, kpId, as }: { employeeId: number | 'me'; kpId: number; as: 'self' | 'manager' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [value, setValue] = useState(50);
  const rate = useRate(employeeId);
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('skills.rateHelp')}
      </Typography.Text>
      <Flex gap={12} align="center" wrap="wrap">
        <Slider
          min={0}
          max={100}
          step={5}
          value={value}
          onChange={setValue}
          tooltip={{ formatter: (v) => `${v}%` }}
          style={{ flex: '1 1 160px', minWidth: 120 }}
          data-testid="rate-slider"
        />
        <Typography.Text style={{ width: 44 }}>{value}%</Typography.Text>
        <Button
          type="primary"
          loading={rate.isPending}
          data-testid="rate-submit"
          onClick={() =>
            rate.mutate([{ kp: kpId, score: value / 100 }], {
              onSuccess: () => void message.success(t('skills.rated')),
            })
          }
        >
          {as === 'self' ? t('skills.rateSelfSubmit') : t('skills.rateManagerSubmit')}
        </Button>
      </Flex>
      {rate.isError && <ProblemAlert error={rate.error} />}
    </Flex>
  );
}

/**
 * One employee × knowledge point: K (or the prior), T, attempts and ratings, K over time, the
 * evidence behind it, and optionally a rating form (self or manager).
 */
export function KpDetail({
  employeeId,
  cell,
  rateAs,
}: {
  employeeId: number;
  cell: KpCell;
  /** Who may rate here: the employee themself, their manager, or nobody. */
  rateAs: 'self' | 'manager' | null;
}) {
  const { t } = useTranslation();
  const k = cell.mastery ?? cell.prior ?? null;
  return (
    <Flex vertical gap={16} data-testid="kp-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          {
            key: 'k',
            label: t('skills.mastery'),
            children: (
              <span data-testid="kp-mastery">
                {cell.mastery === null
                  ? `${t('skills.noEstimate')}${cell.prior === undefined ? '' : ` (${t('skills.prior')} ${pct(cell.prior)})`}`
                  : pct(cell.mastery)}
              </span>
            ),
          },
          { key: 't', label: t('skills.target'), children: <span data-testid="kp-target">{pct(cell.target)}</span> },
          { key: 'a', label: t('skills.attempts'), children: <span data-testid="kp-attempts">{cell.attempts}</span> },
          ...(cell.weight !== undefined
            ? [{ key: 'w', label: t('skills.weight'), children: cell.weight ?? '—' }]
            : []),
          ...(cell.selfRating !== undefined
            ? [{ key: 's', label: t('skills.selfRating'), children: pct(cell.selfRating) }]
            : []),
          ...(cell.managerRating !== undefined
            ? [{ key: 'm', label: t('skills.managerRating'), children: pct(cell.managerRating) }]
            : []),
        ]}
      />
      {k !== null && <MasteryBar mastery={cell.mastery} prior={k} target={cell.target} />}
      <Card size="small" title={t('skills.history')}>
        <HistoryChart employeeId={employeeId} kpId={cell.kpId} target={cell.target} />
      </Card>
      {rateAs && (
        <Card size="small" title={rateAs === 'self' ? t('skills.rateSelf') : t('skills.rateManager')}>
          <RateForm employeeId={rateAs === 'self' ? 'me' : employeeId} kpId={cell.kpId} as={rateAs} />
        </Card>
      )}
      <Card size="small" title={t('skills.evidence')} styles={{ body: { paddingBlock: 4 } }}>
        <EvidenceList employeeId={employeeId} kpId={cell.kpId} />
      </Card>
    </Flex>
  );
}
