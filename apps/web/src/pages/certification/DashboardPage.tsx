/**
 * L&D's programme dashboard (/certification/programmes/:id/dashboard): applicants per stage, pass rates
 * per level and component, the median time spent in each stage, and certificates expiring soon.
 */
import { APPLICATION_STAGES } from '@xueli/contracts';
import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useProgramme, useProgrammeDashboard } from '../../api/certification.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate } from '../../format.ts';
import { localName } from './parts.tsx';

const rate = (passed: number, of: number) => (of ? `${Math.round((passed / of) * 100)}% (${passed}/${of})` : '—');

function hours(h: number | null) {
  if (h === null) return '—';
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const programme = useProgramme(id);
  const q = useProgrammeDashboard(id);
  return (
    <>
      <PageTitle title={t('certification.dashboard.title', { name: programme.data ? localName(programme.data, i18n.language) : '' })} />
      <QueryState query={q} rows={10}>
        {(d) => (
          <Row gutter={[16, 16]} data-testid="dashboard">
            <Col span={24}>
              <Card title={t('certification.dashboard.byStage')} size="small">
                <Row gutter={[16, 16]}>
                  {APPLICATION_STAGES.map((s) => (
                    <Col xs={12} sm={8} md={6} lg={3} key={s}>
                      <Statistic title={t(`certification.stage.${s}`)} value={d.byStage[s] ?? 0} data-testid={`dash-stage-${s}`} />
                    </Col>
                  ))}
                </Row>
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card title={t('certification.dashboard.passRates')} size="small">
                <Table
                  size="small"
                  rowKey="level"
                  pagination={false}
                  scroll={{ x: 560 }}
                  dataSource={d.levels}
                  columns={[
                    { title: t('certs.levelLabel'), render: (_, l) => t(`certs.level.${l.level}`) },
                    { title: t('certification.dashboard.decided'), render: (_, l) => rate(l.passed, l.decided) },
                    ...(['written', 'practical', 'interview'] as const).map((k) => ({
                      title: t(`certification.component.${k}`),
                      render: (_: unknown, l: (typeof d.levels)[number]) => {
                        const c = l.components.find((x) => x.kind === k);
                        return c ? rate(c.passed, c.assessed) : '—';
                      },
                    })),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title={t('certification.dashboard.timeInStage')} size="small">
                {Object.keys(d.timeInStage).length === 0 ? (
                  <Empty description={t('certification.dashboard.noTimes')} />
                ) : (
                  <Table
                    size="small"
                    rowKey="stage"
                    pagination={false}
                    dataSource={Object.entries(d.timeInStage).map(([stage, v]) => ({ stage, ...v }))}
                    columns={[
                      { title: t('common.status'), render: (_, r) => t(`certification.stage.${r.stage}`, { defaultValue: r.stage }) },
                      { title: t('certification.dashboard.median'), render: (_, r) => hours(r.medianHours) },
                      { title: t('certification.dashboard.n'), dataIndex: 'n' },
                    ]}
                  />
                )}
              </Card>
            </Col>
            <Col span={24}>
              <Card title={t('certification.dashboard.expiries')} size="small">
                {d.upcomingExpiries.length === 0 ? (
                  <Typography.Text type="secondary">{t('certification.dashboard.noExpiries')}</Typography.Text>
                ) : (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    scroll={{ x: 400 }}
                    dataSource={d.upcomingExpiries}
                    columns={[
                      { title: t('certs.holder'), dataIndex: 'holderName' },
                      { title: t('certs.levelLabel'), render: (_, e) => t(`certs.level.${e.level}`) },
                      { title: t('certs.validUntil'), render: (_, e) => formatDate(e.validUntil) },
                    ]}
                  />
                )}
              </Card>
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}
