/**
 * One question's feedback: right / partly / wrong / waiting for a grader, the score, and —
 * when the exam's policy shows them — the candidate's answer, the correct answer, the
 * explanation and the grader's comment.
 */
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import type { AttemptItem } from '@xueli/contracts';
import { Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../components/Markdown.tsx';
import { describeAnswer, isAnswered } from './responseForm.ts';

export type Verdict = 'correct' | 'partial' | 'incorrect' | 'pending' | 'unanswered';

/** The one-word verdict of a graded (or not yet graded) question. */
export function verdictOf(it: Pick<AttemptItem, 'feedback' | 'status' | 'response'>): Verdict {
  if (it.status === 'needs_review') return 'pending';
  if (!isAnswered(it.response)) return 'unanswered';
  const score = it.feedback?.score;
  if (score == null) return 'pending';
  if (it.feedback?.correct) return 'correct';
  return score > 0 ? 'partial' : 'incorrect';
}

export function VerdictTag({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation();
  const look = {
    correct: { color: 'success', icon: <CheckCircleFilled /> },
    partial: { color: 'warning', icon: <MinusCircleFilled /> },
    incorrect: { color: 'error', icon: <CloseCircleFilled /> },
    pending: { color: 'processing', icon: <ClockCircleOutlined /> },
    unanswered: { color: 'default', icon: <MinusCircleFilled /> },
  }[verdict];
  return (
    <Tag color={look.color} icon={look.icon} data-testid="verdict" data-verdict={verdict}>
      {t(`exams.verdict.${verdict}`)}
    </Tag>
  );
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function ItemFeedback({ it, showAnswer = true }: { it: AttemptItem; showAnswer?: boolean }) {
  const { t } = useTranslation();
  const f = it.feedback;
  if (!f) return null;
  const verdict = verdictOf(it);
  const labels = {
    yes: t('exams.take.true'),
    no: t('exams.take.false'),
    blank: (n: number) => t('exams.take.blank', { n }),
  };
  const rows = [
    showAnswer && {
      key: 'mine',
      label: t('exams.feedback.yourAnswer'),
      children: <span style={{ whiteSpace: 'pre-wrap' }}>{describeAnswer(it.response, it.item, labels)}</span>,
    },
    f.correctAnswer != null && {
      key: 'correct',
      label: t('exams.feedback.correctAnswer'),
      children: <span data-testid="correct-answer">{describeAnswer(f.correctAnswer, it.item, labels)}</span>,
    },
    f.explanation && {
      key: 'explanation',
      label: t('exams.feedback.explanation'),
      children: <Markdown source={f.explanation} />,
    },
    f.comment && {
      key: 'comment',
      label: t('exams.feedback.comment'),
      children: (
        <span style={{ whiteSpace: 'pre-wrap' }} data-testid="grader-comment">
          {f.comment}
        </span>
      ),
    },
  ].filter((r): r is { key: string; label: string; children: React.JSX.Element } => !!r);
  return (
    <Flex vertical gap={8} data-testid={`feedback-${it.item.id}`}>
      <Flex gap={8} align="center" wrap="wrap">
        <VerdictTag verdict={verdict} />
        {f.score != null && (
          <Typography.Text data-testid="item-score">
            {t('exams.feedback.points', { earned: round2(f.score * it.points), points: it.points })}
          </Typography.Text>
        )}
      </Flex>
      {verdict === 'pending' && <Typography.Text type="secondary">{t('exams.feedback.pendingItem')}</Typography.Text>}
      {rows.length > 0 && (
        <Descriptions size="small" column={1} bordered items={rows} styles={{ label: { whiteSpace: 'nowrap' } }} />
      )}
    </Flex>
  );
}
