/**
 * A submitted attempt: score, pass/fail, how many answers wait for a grader, and per-question
 * feedback as far as the exam's feedback policy allows now (your answer, the correct answer,
 * the explanation, the grader's comment); otherwise a note that it comes after the exam closes.
 */
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { AttemptView } from '@xueli/contracts';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Collapse, Flex, Result, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { examKeys } from '../../api/exams.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { ItemFeedback, VerdictTag, verdictOf } from './ItemFeedback.tsx';

const round1 = (n: number) => Math.round(n * 10) / 10;

export function AttemptResult({ attempt: a, timeUp = false }: { attempt: AttemptView; timeUp?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const refreshing = useIsFetching({ queryKey: examKeys.attempt(a.id) });
  const r = a.result;
  // Also after a reload: an attempt submitted at or after its deadline was ended by the clock.
  const endedByTime =
    timeUp || (a.deadlineAt != null && a.submittedAt != null && Date.parse(a.submittedAt) >= Date.parse(a.deadlineAt));
  const pending = r?.pendingReview ?? 0;
  const status = r?.passed === true ? 'success' : r?.passed === false ? 'error' : 'info';
  const title =
    r?.passed === true
      ? t('exams.result.passed')
      : r?.passed === false
        ? t('exams.result.failed')
        : t('exams.result.pendingTitle');
  return (
    <>
      <PageTitle
        title={<span data-testid="attempt-title">{localName(a.examTitle, a.examTitleEn)}</span>}
        extra={
          <Link to="/exams">
            <Button icon={<ArrowLeftOutlined />} data-testid="back-to-exams">
              {t('exams.result.back')}
            </Button>
          </Link>
        }
      />
      {endedByTime && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('exams.take.timeUpTitle')}
          description={t('exams.result.timeUpText')}
          data-testid="time-up-result"
        />
      )}
      <Card data-testid="attempt-result" data-status={a.status} data-passed={String(r?.passed ?? null)}>
        <Result
          status={status}
          title={<span data-testid="result-title">{title}</span>}
          subTitle={t('exams.result.submittedAt', { time: formatDateTime(a.submittedAt), n: a.attemptNo })}
          style={{ padding: '8px 0' }}
        />
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('exams.result.score')}
              value={r?.percent ?? '—'}
              suffix={r?.percent != null ? '%' : undefined}
              precision={r?.percent != null ? 1 : undefined}
              data-testid="result-percent"
              data-value={r?.percent ?? ''}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('exams.result.points')}
              value={r?.pointsEarned != null ? round1(r.pointsEarned) : '—'}
              suffix={r ? `/ ${round1(r.pointsPossible)}` : undefined}
              data-testid="result-points"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('exams.result.pendingReview')}
              value={pending}
              valueStyle={{ color: pending ? '#fa8c16' : undefined }}
              data-testid="result-pending"
              data-value={pending}
            />
          </Col>
          {a.adaptive && (
            <Col xs={12} md={6}>
              <Statistic
                title={t('exams.result.theta')}
                value={a.adaptive.theta != null ? a.adaptive.theta.toFixed(2) : '—'}
                suffix={a.adaptive.se != null ? `± ${a.adaptive.se.toFixed(2)}` : undefined}
              />
            </Col>
          )}
        </Row>
        {pending > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            message={t('exams.result.pendingText', { count: pending })}
            data-testid="pending-note"
          />
        )}
      </Card>

      <Card
        title={t('exams.result.perItem')}
        style={{ marginTop: 16 }}
        extra={
          pending > 0 && (
            <Button
              size="small"
              icon={<ReloadOutlined />}
              loading={refreshing > 0}
              onClick={() => void qc.invalidateQueries({ queryKey: examKeys.attempt(a.id) })}
              data-testid="result-refresh"
            >
              {t('exams.result.refresh')}
            </Button>
          )
        }
      >
        {!a.feedbackAvailable && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t(a.feedback === 'after_close' ? 'exams.result.feedbackAfterClose' : a.feedback === 'never' ? 'exams.result.feedbackNever' : 'exams.result.feedbackLater')}
            data-testid="feedback-later"
          />
        )}
        {a.items.length === 0 ? (
          <Typography.Text type="secondary">{t('exams.take.noItems')}</Typography.Text>
        ) : (
          <Collapse
            data-testid="result-items"
            defaultActiveKey={a.feedbackAvailable ? a.items.map((it) => String(it.item.id)) : []}
            items={a.items.map((it, i) => ({
              key: String(it.item.id),
              label: (
                <Flex justify="space-between" gap={8} wrap="wrap" data-testid={`result-item-${it.item.id}`}>
                  <Typography.Text ellipsis style={{ maxWidth: 520 }}>
                    {i + 1}. {it.item.stem.replace(/[#*_`>]/g, '').slice(0, 120)}
                  </Typography.Text>
                  <Flex gap={4}>
                    <Tag>{t(`exams.itemType.${it.item.type}`)}</Tag>
                    <VerdictTag verdict={verdictOf(it)} />
                  </Flex>
                </Flex>
              ),
              children: it.feedback ? (
                <ItemFeedback it={it} />
              ) : (
                <Typography.Text type="secondary">{t('exams.result.noFeedback')}</Typography.Text>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
