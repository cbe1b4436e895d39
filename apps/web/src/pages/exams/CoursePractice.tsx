/**
 * The course page's practice block: the course's quizzes (and exams) from /me/exams?courseId=.
 * Hidden while there are none, so courses without quizzes look as before.
 */
import { Card, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useMyExams } from '../../api/exams.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ExamGrid } from './AvailableExams.tsx';

export function CoursePractice({ courseId }: { courseId: number }) {
  const { t } = useTranslation();
  const exams = useMyExams({ courseId });
  if (exams.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (exams.isError) {
    // Users without an employee record cannot take exams: nothing to show them here.
    if (exams.error instanceof ApiError && exams.error.problem.reason === 'account-not-linked') return null;
    return <ProblemAlert error={exams.error} />;
  }
  const items = [...exams.data.items].sort((a, b) => (a.purpose === b.purpose ? 0 : a.purpose === 'practice' ? -1 : 1));
  if (!items.length) return null;
  return (
    <Card title={t('exams.course.title')} style={{ marginTop: 16 }} data-testid="course-practice">
      <ExamGrid items={items} />
    </Card>
  );
}
