import type { MasteryItem, MasteryView } from '@xueli/contracts';
import { Card, Col, Drawer, Empty, Flex, Grid, List, Result, Row, Segmented, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useMastery } from '../../api/skills.ts';
import { EChart, type ChartOption } from '../../components/charts/EChart.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { KpDetail } from './KpDetail.tsx';
import { MasteryBar } from './MasteryBar.tsx';
import { kOf, pct, radarAxes } from './skillsView.ts';

/** Above this many targeted points the radar shows one axis per domain (means) instead. */
const RADAR_MAX_AXES = 12;

function Summary({ view }: { view: MasteryView }) {
  const { t } = useTranslation();
  const met = view.targetsMet === view.targetCount;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="skills-summary">
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title={t('skills.weightedShortfall')}
            value={view.weightedShortfall}
            precision={3}
            valueStyle={{ color: view.weightedShortfall > 0 ? '#cf1322' : '#52c41a' }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('skills.normalizedShortfall', { value: `${(view.normalizedShortfall * 100).toFixed(1)}%` })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small" data-testid="skills-targets-met">
          <Statistic
            title={t('skills.targetsMet')}
            value={view.targetsMet}
            suffix={`/ ${view.targetCount}`}
            valueStyle={{ color: met ? '#52c41a' : undefined }}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('skills.position')} value={view.positionName ? localName(view.positionName, view.positionNameEn) : '—'} valueStyle={{ fontSize: 18 }} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small" data-testid="skills-model">
          <Statistic
            title={t('skills.model')}
            value={t(`skills.modelKind.${view.model.kind}`, { defaultValue: view.model.kind })}
            valueStyle={{ fontSize: 18 }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {view.model.fittedAt ? t('skills.fittedAt', { time: formatDateTime(view.model.fittedAt) }) : t('skills.notFitted')}
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}

/** K against T on the targeted points (grouped by domain, as means, when there are many). */
function MasteryRadar({ items }: { items: MasteryItem[] }) {
  const { t } = useTranslation();
  const { grouped, axes } = useMemo(() => radarAxes(items, RADAR_MAX_AXES), [items]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, data: [t('skills.mastery'), t('skills.target')] },
      radar: {
        radius: '62%',
        center: ['50%', '46%'],
        indicator: axes.map((a) => ({ name: a.name, max: 1, min: 0 })),
        axisName: { color: '#595959', fontSize: 11 },
        splitNumber: 4,
      },
      series: [
        {
          type: 'radar',
          data: [
            {
              name: t('skills.target'),
              value: axes.map((a) => Math.round(a.t * 1000) / 1000),
              lineStyle: { type: 'dashed', color: '#262626' },
              itemStyle: { color: '#262626' },
              symbolSize: 3,
            },
            {
              name: t('skills.mastery'),
              value: axes.map((a) => Math.round(a.k * 1000) / 1000),
              areaStyle: { opacity: 0.25 },
              itemStyle: { color: '#1677ff' },
            },
          ],
        },
      ],
    }),
    [axes, t],
  );
  if (axes.length < 3)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('skills.radarTooFew')} />;
  return (
    <>
      {grouped && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('skills.radarByDomain', { count: RADAR_MAX_AXES })}
        </Typography.Text>
      )}
      <EChart option={option} height={340} testId="skills-radar" />
    </>
  );
}

/** One point in the gaps / all-points list: name, K vs T bar, values; clicking opens the drawer. */
function PointRow({ item, onOpen }: { item: MasteryItem; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <List.Item
      onClick={onOpen}
      style={{ cursor: 'pointer' }}
      data-testid={`skill-point-${item.kpId}`}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onOpen();
      }}
      tabIndex={0}
      role="button"
    >
      <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" gap={8} wrap="wrap">
          <Typography.Text ellipsis style={{ minWidth: 0, flex: '1 1 200px' }}>
            <Typography.Text type="secondary">{item.kpCode}</Typography.Text> {localName(item.kpName, item.kpNameEn)}
          </Typography.Text>
          <Flex gap={8} align="center">
            {item.mastery === null && <Tag style={{ marginInlineEnd: 0 }}>{t('skills.noEstimate')}</Tag>}
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              K {pct(kOf(item))} · T {pct(item.target)}
            </Typography.Text>
          </Flex>
        </Flex>
        <MasteryBar mastery={item.mastery} prior={item.prior} target={item.target} />
      </Flex>
    </List.Item>
  );
}

function NoEmployee() {
  const { t } = useTranslation();
  return (
    <Result status="info" title={t('skills.noEmployeeTitle')} subTitle={t('skills.noEmployee')} data-testid="no-employee" />
  );
}

/**
 * An employee's skills — mine (`'me'`) or a team member's: summary, radar of K vs T, the
 * ranked gaps (or all points), and a drawer per point with K over time and the evidence.
 */
export function MasteryOverview({ employeeId, rateAs }: { employeeId: number | 'me'; rateAs: 'self' | 'manager' | null }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const q = useMastery(employeeId);
  const [list, setList] = useState<'gaps' | 'all'>('gaps');
  const [openKp, setOpenKp] = useState<number | null>(null);
  if (employeeId === 'me' && q.error instanceof ApiError && q.error.status === 403) return <NoEmployee />;
  return (
    <QueryState
      query={q}
      rows={8}
      isEmpty={(d) => d.items.length === 0}
      empty={
        <Card>
          <Empty description={employeeId === 'me' ? t('skills.emptyMine') : t('skills.emptyMember')} />
        </Card>
      }
    >
      {(view) => {
        const open = view.items.find((i) => i.kpId === openKp);
        const shown = list === 'gaps' ? view.gaps : view.items;
        return (
          <>
            <Summary view={view} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={11}>
                <Card title={t('skills.radar')} size="small">
                  <MasteryRadar items={view.items} />
                </Card>
              </Col>
              <Col xs={24} lg={13}>
                <Card
                  size="small"
                  title={
                    <Segmented<'gaps' | 'all'>
                      size="small"
                      value={list}
                      onChange={setList}
                      options={[
                        { value: 'gaps', label: t('skills.gapsCount', { count: view.gaps.length }) },
                        { value: 'all', label: t('skills.allCount', { count: view.items.length }) },
                      ]}
                      data-testid="skills-list-switch"
                    />
                  }
                >
                  <List<MasteryItem>
                    dataSource={shown}
                    rowKey="kpId"
                    locale={{ emptyText: list === 'gaps' ? t('skills.noGaps') : t('skills.emptyMember') }}
                    pagination={shown.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
                    renderItem={(item) => <PointRow item={item} onOpen={() => setOpenKp(item.kpId)} />}
                    data-testid="skills-gaps"
                  />
                </Card>
              </Col>
            </Row>
            <Drawer
              open={open !== undefined}
              onClose={() => setOpenKp(null)}
              width={screens.md ? 560 : '100%'}
              destroyOnHidden
              title={
                open ? (
                  <span>
                    <Typography.Text type="secondary">{open.kpCode}</Typography.Text>{' '}
                    {localName(open.kpName, open.kpNameEn)}
                  </span>
                ) : null
              }
              data-testid="kp-drawer"
            >
              {open && <KpDetail employeeId={view.employeeId} cell={open} rateAs={rateAs} />}
            </Drawer>
          </>
        );
      }}
    </QueryState>
  );
}
