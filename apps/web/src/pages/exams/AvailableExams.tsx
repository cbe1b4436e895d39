/**
 * Exams and practice quizzes a candidate may take (GET /me/exams): window, time limit,
 * attempts left, best score, a resume button for an open attempt, a start button, or the
 * reason why it cannot start. Used by My exams and by the course page's practice block.
 */
import { ClockCircleOutlined, FieldTimeOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import type { AvailableExam } from '@xueli/contracts';
import { App as AntApp, Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useStartAttempt } from '../../api/exams.ts';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';

export function windowText(
  e: Pick<AvailableExam, 'opensAt' | 'closesAt'>,
  t: (k: string, o?: Record<string, unknown>) => string,
) {
  if (e.opensAt && e.closesAt)
    return t('exams.my.window', { from: formatDateTime(e.opensAt), to: formatDateTime(e.closesAt) });
  if (e.opensAt) return t('exams.my.opensAt', { time: formatDateTime(e.opensAt) });
  if (e.closesAt) return t('exams.my.closesAt', { time: formatDateTime(e.closesAt) });
  return t('exams.my.alwaysOpen');
}

function StartButton({ exam: e }: { exam: AvailableExam }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  const start = useStartAttempt();
  const go = () =>
    start.mutate(e.id, {
      onSuccess: (a) => void navigate(`/attempts/${a.id}`),
      onError: (err) => void message.error(err.message, 8),
    });
  if (e.openAttemptId != null) {
    return (
      <Button
        type="primary"
        icon={<RedoOutlined />}
        onClick={() => void navigate(`/attempts/${e.openAttemptId}`)}
        data-testid={`resume-${e.id}`}
      >
        {t('exams.my.resume')}
      </Button>
    );
  }
  if (!e.canStart) return null;
  const confirmFirst = e.purpose === 'exam' && (e.timeLimitMinutes != null || e.maxAttempts != null);
  return (
    <Button
      type="primary"
      icon={<PlayCircleOutlined />}
      loading={start.isPending}
      data-testid={`start-${e.id}`}
      onClick={() => {
        if (!confirmFirst) return go();
        void modal.confirm({
          title: t('exams.my.startTitle', { title: localName(e.title, e.titleEn) }),
          content: (
            <Flex vertical gap={4}>
              {e.timeLimitMinutes != null && <span>{t('exams.my.startTimed', { count: e.timeLimitMinutes })}</span>}
              {e.maxAttempts != null && (
                <span>{t('exams.my.startAttempts', { used: e.attemptsUsed + 1, max: e.maxAttempts })}</span>
              )}
              <span>{t('exams.my.startAutosave')}</span>
            </Flex>
          ),
          okText: t('exams.my.start'),
          cancelText: t('common.cancel'),
          okButtonProps: { 'data-testid': 'start-confirm' },
          onOk: go,
        });
      }}
    >
      {e.attemptsUsed > 0 ? t('exams.my.retake') : t('exams.my.start')}
    </Button>
  );
}

export function ExamCard({ exam: e }: { exam: AvailableExam }) {
  const { t } = useTranslation();
  const left = e.maxAttempts == null ? null : Math.max(0, e.maxAttempts - e.attemptsUsed);
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`exam-card-${e.id}`} data-purpose={e.purpose}>
      <Flex vertical gap={8} style={{ height: '100%' }}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="exam-card-title">
            {localName(e.title, e.titleEn)}
          </Typography.Text>
          <Flex gap={4} wrap="wrap" justify="flex-end">
            <Tag color={e.purpose === 'practice' ? 'cyan' : 'geekblue'}>{t(`exams.purpose.${e.purpose}`)}</Tag>
            {e.mode === 'adaptive' && <Tag color="purple">{t('exams.mode.adaptive')}</Tag>}
          </Flex>
        </Flex>
        {e.description && (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
            {e.description}
          </Typography.Paragraph>
        )}
        <Flex vertical gap={2}>
          <Typography.Text type="secondary">
            <ClockCircleOutlined /> {windowText(e, t)}
          </Typography.Text>
          <Typography.Text type="secondary">
            <FieldTimeOutlined />{' '}
            {e.timeLimitMinutes != null
              ? t('exams.my.timeLimit', { count: e.timeLimitMinutes })
              : t('exams.my.noTimeLimit')}
            {e.questionCount != null && ` · ${t('exams.my.questions', { count: e.questionCount })}`}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="attempts-left">
            {left == null
              ? t('exams.my.attemptsUnlimited', { used: e.attemptsUsed })
              : t('exams.my.attemptsLeft', { left, max: e.maxAttempts })}
          </Typography.Text>
        </Flex>
        <Flex justify="space-between" align="center" gap={8} wrap="wrap" style={{ marginTop: 'auto' }}>
          <span data-testid="best-score">
            {e.bestPercent != null ? (
              <Tag color={e.passed ? 'success' : e.passed === false ? 'error' : 'default'}>
                {t('exams.my.best', { percent: e.bestPercent })}
                {e.passed != null && ` · ${e.passed ? t('exams.result.passedShort') : t('exams.result.failedShort')}`}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('exams.my.noScore')}</Typography.Text>
            )}
          </span>
          {e.canStart || e.openAttemptId != null ? (
            <StartButton exam={e} />
          ) : (
            <Typography.Text type="warning" data-testid={`reason-${e.id}`}>
              {e.reason === 'not_open' && e.opensAt
                ? t('exams.my.reason.not_open', { time: formatDateTime(e.opensAt) })
                : t(`exams.my.reason.${e.reason ?? 'closed'}`)}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

export function ExamGrid({ items }: { items: AvailableExam[] }) {
  return (
    <Row gutter={[12, 12]}>
      {items.map((e) => (
        <Col key={e.id} xs={24} md={12} xl={8}>
          <ExamCard exam={e} />
        </Col>
      ))}
    </Row>
  );
}
