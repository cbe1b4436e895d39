/**
 * /exams — My exams: the exams and practice quizzes open to me, and my attempts so far.
 */
import type { AttemptSummary } from '@xueli/contracts';
import { Card, Empty, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMyAttempts, useMyExams } from '../../api/exams.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { ExamGrid } from './AvailableExams.tsx';

export function AttemptStatusTag({ a }: { a: Pick<AttemptSummary, 'status' | 'passed' | 'pendingReview'> }) {
  const { t } = useTranslation();
  if (a.status === 'in_progress') return <Tag color="processing">{t('exams.attemptStatus.in_progress')}</Tag>;
  if (a.pendingReview > 0)
    return <Tag color="orange">{t('exams.attemptStatus.pending', { count: a.pendingReview })}</Tag>;
  if (a.passed === true) return <Tag color="success">{t('exams.result.passedShort')}</Tag>;
  if (a.passed === false) return <Tag color="error">{t('exams.result.failedShort')}</Tag>;
  return <Tag>{t(`exams.attemptStatus.${a.status}`)}</Tag>;
}

function MyAttempts() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const attempts = useMyAttempts(undefined, page);
  return (
    <Card title={t('exams.my.history')} style={{ marginTop: 16 }}>
      {attempts.isError && <ProblemAlert error={attempts.error} />}
      <Table<AttemptSummary>
        rowKey="id"
        size="small"
        loading={attempts.isFetching}
        dataSource={attempts.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exams.my.historyEmpty')} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: attempts.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        data-testid="my-attempts"
        columns={[
          {
            title: t('exams.fields.title'),
            key: 'exam',
            render: (_, a) => (
              <Link to={`/attempts/${a.id}`} data-testid={`my-attempt-${a.id}`}>
                {a.examTitle}
              </Link>
            ),
          },
          { title: t('exams.attempts.no'), dataIndex: 'attemptNo', align: 'right' },
          { title: t('common.status'), key: 'status', render: (_, a) => <AttemptStatusTag a={a} /> },
          {
            title: t('exams.result.score'),
            dataIndex: 'percent',
            align: 'right',
            render: (p: number | null) => (p == null ? '—' : `${p}%`),
          },
          { title: t('exams.attempts.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
      />
    </Card>
  );
}

export function MyExamsPage() {
  const { t } = useTranslation();
  const exams = useMyExams();
  return (
    <>
      <PageTitle title={t('exams.my.title')} />
      <QueryState
        query={exams}
        rows={6}
        isEmpty={(d) => d.items.length === 0}
        empty={<Empty description={t('exams.my.empty')} />}
      >
        {(d) => {
          const formal = d.items.filter((e) => e.purpose === 'exam');
          const practice = d.items.filter((e) => e.purpose === 'practice');
          return (
            <>
              <Typography.Title level={5} data-testid="exams-section">
                {t('exams.my.exams')}
              </Typography.Title>
              {formal.length ? (
                <ExamGrid items={formal} />
              ) : (
                <Typography.Text type="secondary">{t('exams.my.noExams')}</Typography.Text>
              )}
              <Typography.Title level={5} style={{ marginTop: 24 }} data-testid="practice-section">
                {t('exams.my.practice')}
              </Typography.Title>
              {practice.length ? (
                <ExamGrid items={practice} />
              ) : (
                <Typography.Text type="secondary">{t('exams.my.noPractice')}</Typography.Text>
              )}
            </>
          );
        }}
      </QueryState>
      <MyAttempts />
    </>
  );
}
