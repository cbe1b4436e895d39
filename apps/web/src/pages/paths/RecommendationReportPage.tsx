/**
 * /manage/recommendations (trainers, admins): how the course recommendations fared — how often
 * they were shown, clicked, dismissed and followed by an enrolment — in all, per surface and
 * model, per position in the list and per course, for a chosen period (default: the last 30 days).
 */
import type { RecommendationCounts, RecommendationReport } from '@xueli/contracts';
import { Card, Col, DatePicker, Flex, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRecommendationReport } from '../../api/paths.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatPercent } from '../../format.ts';
import { localName } from '../../i18n/label.ts';

/** A rate as a percentage with one decimal, or a dash when nothing was shown. */
const formatRate = (r: number | null) => formatPercent(r, 1);

type Source = RecommendationReport['bySource'][number];
type RankRow = RecommendationReport['byRank'][number];
type CourseRow = RecommendationReport['topCourses'][number];

export function RecommendationReportPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const report = useRecommendationReport(range?.[0]?.format('YYYY-MM-DD'), range?.[1]?.format('YYYY-MM-DD'));

  // The measures every table shows, after its own first columns.
  const measures = <T extends RecommendationCounts>(): ColumnsType<T> => [
    { title: t('recsReport.impressions'), dataIndex: 'impressions', align: 'right' },
    { title: t('recsReport.clicks'), dataIndex: 'clicks', align: 'right' },
    { title: t('recsReport.ctr'), dataIndex: 'ctr', align: 'right', render: (v: number | null) => formatRate(v) },
    { title: t('recsReport.enrolments'), dataIndex: 'enrolments', align: 'right' },
    {
      title: t('recsReport.enrolRate'),
      dataIndex: 'enrolRate',
      align: 'right',
      render: (v: number | null) => formatRate(v),
    },
  ];
  const dismissals = { title: t('recsReport.dismissals'), dataIndex: 'dismissals', align: 'right' as const };

  return (
    <>
      <PageTitle title={t('recsReport.title')} />
      <Typography.Paragraph type="secondary">{t('recsReport.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap="wrap" align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          allowEmpty={[true, true]}
          aria-label={t('recsReport.period')}
          data-testid="recs-report-range"
        />
        {report.data && (
          <Typography.Text type="secondary" data-testid="recs-report-window">
            {t('recsReport.window', { from: report.data.from, to: report.data.to })}
          </Typography.Text>
        )}
      </Flex>
      <QueryState
        query={report}
        rows={6}
        isEmpty={(d) => d.totals.impressions === 0 && d.totals.clicks === 0 && d.totals.enrolments === 0}
        empty={t('recsReport.empty')}
      >
        {(d) => (
          <Flex vertical gap={16} data-testid="recs-report">
            <Row gutter={[16, 16]}>
              {(
                [
                  ['impressions', d.totals.impressions],
                  ['people', d.totals.people],
                  ['clicks', d.totals.clicks],
                  ['ctr', formatRate(d.totals.ctr)],
                  ['enrolments', d.totals.enrolments],
                  ['enrolRate', formatRate(d.totals.enrolRate)],
                  ['dismissals', d.totals.dismissals],
                ] as const
              ).map(([key, value]) => (
                <Col key={key} xs={12} sm={8} lg={6} xl={3}>
                  <Card size="small" style={{ height: '100%' }}>
                    <Statistic title={t(`recsReport.${key}`)} value={value} data-testid={`recs-total-${key}`} />
                  </Card>
                </Col>
              ))}
            </Row>
            <Card size="small" title={t('recsReport.bySource')}>
              <Table<Source>
                rowKey={(r) => `${r.surface}|${r.model}`}
                dataSource={d.bySource}
                pagination={false}
                scroll={{ x: 'max-content' }}
                size="small"
                data-testid="recs-by-source"
                columns={[
                  {
                    title: t('recsReport.surface'),
                    dataIndex: 'surface',
                    render: (v: Source['surface']) => <Tag>{t(`recsReport.surfaces.${v}`)}</Tag>,
                  },
                  {
                    title: t('recsReport.model'),
                    dataIndex: 'model',
                    render: (v: string) => <Typography.Text code>{v || '—'}</Typography.Text>,
                  },
                  ...measures<Source>(),
                  dismissals,
                  { title: t('recsReport.people'), dataIndex: 'people', align: 'right' },
                ]}
              />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xxl={10}>
                <Card size="small" title={t('recsReport.byRank')} style={{ height: '100%' }}>
                  <Table<RankRow>
                    rowKey="rank"
                    dataSource={d.byRank}
                    pagination={false}
                    size="small"
                    data-testid="recs-by-rank"
                    columns={[
                      { title: t('recsReport.rank'), dataIndex: 'rank', width: 64 },
                      { title: t('recsReport.impressions'), dataIndex: 'impressions', align: 'right' },
                      { title: t('recsReport.clicks'), dataIndex: 'clicks', align: 'right' },
                      {
                        title: t('recsReport.ctr'),
                        dataIndex: 'ctr',
                        width: 160,
                        render: (v: number | null) => (
                          <Progress
                            percent={v === null ? 0 : Math.round(v * 1000) / 10}
                            size="small"
                            format={() => formatRate(v)}
                          />
                        ),
                      },
                      { title: t('recsReport.enrolments'), dataIndex: 'enrolments', align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} xxl={14}>
                <Card size="small" title={t('recsReport.topCourses')} style={{ height: '100%' }}>
                  <Table<CourseRow>
                    rowKey="courseId"
                    dataSource={d.topCourses}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    size="small"
                    data-testid="recs-top-courses"
                    columns={[
                      {
                        title: t('recsReport.course'),
                        key: 'course',
                        render: (_, c) => <Link to={`/courses/${c.courseId}`}>{localName(c.title, c.titleEn)}</Link>,
                      },
                      ...measures<CourseRow>(),
                      dismissals,
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </Flex>
        )}
      </QueryState>
    </>
  );
}
