import { DownloadOutlined } from '@ant-design/icons';
import type { TeamMastery } from '@xueli/contracts';
import {
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Grid,
  Pagination,
  Row,
  Select,
  Statistic,
  Table,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { departmentTree, useDepartments } from '../../api/org.ts';
import {
  teamMasteryCsvUrl,
  usePublishedFrameworks,
  useTeamMastery,
  type TeamMasteryFilter,
} from '../../api/skills.ts';
import { useUser } from '../../auth/session.ts';
import { EChart, type ChartClick, type ChartOption } from '../../components/charts/EChart.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { localName } from '../../i18n/label.ts';
import { KpDetail } from './KpDetail.tsx';
import { HEAT, heatColor, pct } from './skillsView.ts';

type Member = TeamMastery['members'][number];
type Point = TeamMastery['knowledgePoints'][number];
type Cell = Member['cells'][number];

const NO_ESTIMATE = '#f0f0f0';
const BELOW_BORDER = '#1f1f1f';

const isBelow = (c: Cell) => c.mastery !== null && c.target !== null && c.mastery < c.target;

function Totals({ data }: { data: TeamMastery }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="team-skills-totals">
      <Col xs={8} md={6}>
        <Card size="small">
          <Statistic title={t('skills.team.members')} value={data.totals.members} />
        </Card>
      </Col>
      <Col xs={8} md={6}>
        <Card size="small">
          <Statistic title={t('skills.team.meanShortfall')} value={data.totals.meanShortfall} precision={3} />
        </Card>
      </Col>
      <Col xs={8} md={6}>
        <Card size="small">
          <Statistic
            title={t('skills.team.belowTarget')}
            value={data.totals.belowTargetCells}
            valueStyle={data.totals.belowTargetCells ? { color: '#cf1322' } : undefined}
          />
        </Card>
      </Col>
    </Row>
  );
}

const CELL_W = 40;
const CELL_H = 30;
const LEFT = 120;

/** The ECharts heat map: members (rows) × points (columns); scrolls sideways inside its card. */
function HeatMap({ data, onCell }: { data: TeamMastery; onCell: (member: number, point: number) => void }) {
  const { t } = useTranslation();
  const kps = data.knowledgePoints;
  const members = data.members;
  const width = LEFT + kps.length * CELL_W + 24;
  const height = 96 + members.length * CELL_H + 56;
  const option = useMemo<ChartOption>(() => {
    const known: { value: number[]; itemStyle?: object }[] = [];
    const unknown: { value: number[]; itemStyle?: object }[] = [];
    members.forEach((m, y) =>
      m.cells.forEach((c, x) => {
        const style = {
          ...(isBelow(c) ? { borderColor: BELOW_BORDER, borderWidth: 2 } : { borderColor: '#fff', borderWidth: 1 }),
          ...(c.target === null ? { opacity: 0.45 } : {}),
        };
        if (c.mastery === null) unknown.push({ value: [x, y, -1], itemStyle: style });
        else known.push({ value: [x, y, c.mastery], itemStyle: style });
      }),
    );
    return {
      animation: false,
      grid: { left: LEFT, right: 16, top: 90, bottom: 56 },
      tooltip: {
        formatter: (p) => {
          const d = Array.isArray(p) ? p[0] : p;
          const [x, y] = (d?.value ?? []) as number[];
          const m = y === undefined ? undefined : members[y];
          const kp = x === undefined ? undefined : kps[x];
          const c = x === undefined ? undefined : m?.cells[x];
          if (!m || !kp || !c) return '';
          const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
          return [
            `<b>${esc(m.name)}</b>`,
            `${esc(kp.code)} ${esc(localName(kp.name, kp.nameEn))}`,
            `${t('skills.mastery')}: ${c.mastery === null ? `${t('skills.noEstimate')} (${t('skills.priorShort', { value: pct(kp.prior) })})` : pct(c.mastery)}`,
            `${t('skills.target')}: ${pct(c.target)}`,
            `${t('skills.attempts')}: ${c.attempts}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        position: 'top',
        data: kps.map((k) => k.code),
        axisLabel: { interval: 0, rotate: 50, fontSize: 11 },
        axisTick: { show: false },
        splitArea: { show: false },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: members.map((m) => m.name),
        axisLabel: { interval: 0, width: LEFT - 12, overflow: 'truncate' },
        axisTick: { show: false },
      },
      visualMap: [
        {
          type: 'continuous',
          seriesIndex: 0,
          min: 0,
          max: 1,
          orient: 'horizontal',
          left: LEFT,
          bottom: 4,
          itemHeight: 160,
          itemWidth: 12,
          text: ['100%', '0%'],
          inRange: { color: [...HEAT] },
          calculable: false,
        },
        // Cells without an estimate: one flat grey (ECharts heat maps always take their colour from a visual map).
        {
          type: 'piecewise',
          seriesIndex: 1,
          show: false,
          pieces: [{ min: -2, max: 0, color: NO_ESTIMATE }],
        },
      ],
      series: [
        {
          name: t('skills.mastery'),
          type: 'heatmap',
          data: known,
          label: {
            show: true,
            fontSize: 10,
            formatter: (p) => {
              const v = (p.value as number[])[2];
              return v === undefined ? '' : String(Math.round(v * 100));
            },
          },
          emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,0.35)' } },
        },
        {
          name: t('skills.noEstimate'),
          type: 'heatmap',
          data: unknown,
          label: { show: true, formatter: '–', color: '#bfbfbf' },
        },
      ],
    };
  }, [members, kps, t]);
  const onClick = useCallback(
    (e: ChartClick) => {
      const [x, y] = (Array.isArray(e.value) ? e.value : []) as number[];
      if (x !== undefined && y !== undefined) onCell(y, x);
    },
    [onCell],
  );
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%' }} data-testid="heatmap-scroll">
      <div style={{ width, minWidth: '100%' }}>
        <EChart option={option} height={height} onClick={onClick} testId="team-heatmap" />
      </div>
    </div>
  );
}

/** The same matrix as an accessible table: one button per cell opens the drill-down. */
function HeatTable({ data, onCell }: { data: TeamMastery; onCell: (member: number, point: number) => void }) {
  const { t } = useTranslation();
  return (
    <Table<Member>
      rowKey="employeeId"
      size="small"
      dataSource={data.members}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="team-skills-table"
      columns={[
        {
          title: t('skills.team.member'),
          key: 'name',
          fixed: 'left',
          render: (_, m) => (
            <Link to={`/team/members/${m.employeeId}/skills`} data-testid={`member-link-${m.employeeId}`}>
              {m.name}
            </Link>
          ),
        },
        {
          title: t('skills.weightedShortfall'),
          dataIndex: 'weightedShortfall',
          align: 'right',
          render: (v: number) => v.toFixed(3),
        },
        ...data.knowledgePoints.map((kp: Point, j) => ({
          title: (
            <span title={localName(kp.name, kp.nameEn)} style={{ whiteSpace: 'nowrap' }}>
              {kp.code}
            </span>
          ),
          key: `kp-${kp.id}`,
          align: 'center' as const,
          render: (_: unknown, m: Member, i: number) => {
            const c = m.cells[j];
            if (!c) return null;
            const label = `${m.name} · ${kp.code}: ${t('skills.mastery')} ${c.mastery === null ? `${t('skills.noEstimate')} (${t('skills.priorShort', { value: pct(kp.prior) })})` : pct(c.mastery)}, ${t('skills.target')} ${pct(c.target)}, ${t('skills.attempts')} ${c.attempts}`;
            return (
              <button
                type="button"
                aria-label={label}
                title={label}
                data-testid={`cell-${m.employeeId}-${kp.id}`}
                data-attempts={c.attempts}
                data-below={isBelow(c) ? 'true' : 'false'}
                onClick={() => onCell(i, j)}
                style={{
                  width: 44,
                  height: 26,
                  cursor: 'pointer',
                  borderRadius: 4,
                  fontSize: 12,
                  border: isBelow(c) ? `2px solid ${BELOW_BORDER}` : '1px solid #fff',
                  background: c.mastery === null ? NO_ESTIMATE : heatColor(c.mastery),
                  opacity: c.target === null ? 0.5 : 1,
                  color: c.mastery === null ? '#8c8c8c' : '#1f1f1f',
                }}
              >
                {c.mastery === null ? '–' : Math.round(c.mastery * 100)}
              </button>
            );
          },
        })),
      ]}
    />
  );
}

/** /team/skills: the team's mastery heat map with filters, CSV export and drill-down to the evidence. */
export function TeamSkillsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const screens = Grid.useBreakpoint();
  const [filter, setFilter] = useState<TeamMasteryFilter>({ page: 1, pageSize: 50 });
  const [open, setOpen] = useState<{ employeeId: number; kpId: number } | null>(null);
  const frameworks = usePublishedFrameworks();
  const departments = useDepartments();
  const team = useTeamMastery(filter);
  const onCell = useCallback(
    (memberIndex: number, pointIndex: number) => {
      const m = team.data?.members[memberIndex];
      const kp = team.data?.knowledgePoints[pointIndex];
      if (m && kp) setOpen({ employeeId: m.employeeId, kpId: kp.id });
    },
    [team.data],
  );
  const openMember = team.data?.members.find((m) => m.employeeId === open?.employeeId);
  const openIndex = team.data?.knowledgePoints.findIndex((k) => k.id === open?.kpId) ?? -1;
  const openKp = team.data?.knowledgePoints[openIndex];
  const openCell = openMember?.cells[openIndex];
  const mayRate = user.roles.includes('manager') || user.roles.includes('admin');
  return (
    <>
      <PageTitle
        title={t('skills.team.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={teamMasteryCsvUrl(filter)}
            download="team-mastery.csv"
            data-testid="team-skills-csv"
          >
            {t('skills.team.exportCsv')}
          </Button>
        }
      />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Select<number>
          allowClear
          placeholder={t('skills.team.allFrameworks')}
          loading={frameworks.isPending}
          value={filter.frameworkId}
          onChange={(v) => setFilter((f) => ({ ...f, frameworkId: v, page: 1 }))}
          options={(frameworks.data?.items ?? []).map((fw) => ({
            value: fw.id,
            label: `${localName(fw.name, fw.nameEn)} ${fw.version}`,
          }))}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="team-skills-framework"
        />
        <TreeSelect
          allowClear
          placeholder={t('employees.department')}
          treeDefaultExpandAll
          treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
          onChange={(v: number | undefined) => setFilter((f) => ({ ...f, departmentId: v, page: 1 }))}
          style={{ width: 220, maxWidth: '100%' }}
        />
      </Flex>
      <QueryState
        query={team}
        rows={8}
        isEmpty={(d) => d.members.length === 0 || d.knowledgePoints.length === 0}
        empty={
          <Card>
            <Empty description={t('skills.team.empty')} />
          </Card>
        }
      >
        {(d) => (
          <>
            <Totals data={d} />
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                defaultActiveKey="chart"
                items={[
                  {
                    key: 'chart',
                    label: t('skills.team.heatmap'),
                    children: <HeatMap data={d} onCell={onCell} />,
                  },
                  {
                    key: 'table',
                    label: <span data-testid="team-skills-table-tab">{t('skills.team.table')}</span>,
                    children: <HeatTable data={d} onCell={onCell} />,
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('skills.team.legend')}
              </Typography.Paragraph>
              <Flex justify="end" style={{ marginTop: 12 }}>
                <Pagination
                  size="small"
                  current={filter.page}
                  pageSize={filter.pageSize}
                  total={d.totals.members}
                  showSizeChanger
                  pageSizeOptions={[20, 50, 100, 200]}
                  showTotal={(n) => t('common.total', { count: n })}
                  onChange={(page, pageSize) => setFilter((f) => ({ ...f, page, pageSize }))}
                />
              </Flex>
            </Card>
          </>
        )}
      </QueryState>
      <Drawer
        open={open !== null && openCell !== undefined}
        onClose={() => setOpen(null)}
        width={screens.md ? 560 : '100%'}
        destroyOnHidden
        title={
          openMember && openKp ? (
            <span data-testid="cell-drawer-title">
              {openMember.name} · <Typography.Text type="secondary">{openKp.code}</Typography.Text>{' '}
              {localName(openKp.name, openKp.nameEn)}
            </span>
          ) : null
        }
        extra={
          openMember && (
            <Link to={`/team/members/${openMember.employeeId}/skills`} data-testid="cell-member-link">
              {t('skills.team.viewMember')}
            </Link>
          )
        }
      >
        {openMember && openKp && openCell && (
          <KpDetail
            employeeId={openMember.employeeId}
            cell={{ kpId: openKp.id, mastery: openCell.mastery, target: openCell.target, attempts: openCell.attempts }}
            rateAs={openMember.employeeId === user.employeeId ? 'self' : mayRate ? 'manager' : null}
          />
        )}
      </Drawer>
    </>
  );
}
