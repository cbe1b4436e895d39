/**
 * /manage/tutor-gaps (trainers, admins): questions the knowledge base could not answer and answers
 * learners rated unhelpful — the content to write next. Filter by course (click a course) and dates.
 */
import type { TutorGapItem } from '@xueli/contracts';
import { Button, Card, DatePicker, Flex, Statistic, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTutorGaps } from '../../api/tutor.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';

export function TutorGapsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [course, setCourse] = useState<{ id: number; title: string } | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filter = {
    page,
    pageSize,
    courseId: course?.id,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const gaps = useTutorGaps(filter);
  return (
    <>
      <PageTitle title={t('tutor.gaps.title')} />
      <Typography.Paragraph type="secondary">{t('tutor.gaps.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap="wrap" align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
          allowEmpty={[true, true]}
          aria-label={t('tutor.gaps.dates')}
        />
        {course && (
          <Tag closable onClose={() => setCourse(null)} color="blue" data-testid="gaps-course-filter">
            {t('tutor.gaps.course')}: {course.title}
          </Tag>
        )}
      </Flex>
      <QueryState query={gaps} rows={6}>
        {(d) => (
          <>
            <Flex gap={16} wrap="wrap" style={{ marginBottom: 16 }}>
              <Card size="small"><Statistic title={t('tutor.gaps.asked')} value={d.counts.asked} /></Card>
              <Card size="small"><Statistic title={t('tutor.gaps.unsupported')} value={d.counts.unsupported} /></Card>
              <Card size="small"><Statistic title={t('tutor.gaps.lowRated')} value={d.counts.lowRated} /></Card>
            </Flex>
            <Table<TutorGapItem>
              rowKey="id"
              dataSource={d.items}
              size="middle"
              locale={{ emptyText: t('tutor.gaps.empty') }}
              pagination={{
                current: d.page,
                pageSize: d.pageSize,
                total: d.total,
                showSizeChanger: true,
                onChange: (p, s) => {
                  setPage(s !== pageSize ? 1 : p);
                  setPageSize(s);
                },
              }}
              columns={[
                { title: t('tutor.gaps.question'), dataIndex: 'question', render: (q: string, r) => (
                  <div>
                    <div>{q}</div>
                    {r.kind === 'low_rated' && r.ratingComment && <Typography.Text type="secondary">“{r.ratingComment}”</Typography.Text>}
                  </div>
                ) },
                { title: t('tutor.gaps.kind'), dataIndex: 'kind', width: 120, render: (k: TutorGapItem['kind']) => <Tag color={k === 'unsupported' ? 'orange' : 'red'}>{t(`tutor.gaps.kinds.${k}`)}</Tag> },
                { title: t('tutor.gaps.course'), dataIndex: 'courseTitle', width: 200, render: (title: string | null, r) =>
                  r.courseId != null && title ? (
                    <Flex gap={4} align="center">
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => { setCourse({ id: r.courseId!, title }); setPage(1); }}>{title}</Button>
                      <Link to={`/courses/${r.courseId}`} aria-label={t('tutor.gaps.openCourse')}>↗</Link>
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{t('tutor.gaps.global')}</Typography.Text>
                  ) },
                { title: t('tutor.gaps.times'), dataIndex: 'times', width: 90, align: 'right' },
                { title: t('tutor.gaps.askedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
              ]}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
