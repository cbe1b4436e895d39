/**
 * /attempts/:id — taking an exam: one question at a time with a navigator, flags for review,
 * a countdown on the server's clock, autosave with a visible state, practice checks, adaptive
 * steps, and a submit that lists what is unanswered or flagged. A submitted attempt shows its
 * result here (AttemptResult). Everything the candidate answered lives on the server, so a
 * reload resumes where it was.
 */
import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  CheckOutlined,
  FlagFilled,
  FlagOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { AttemptItem, AttemptView } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Flex, Progress, Row, Space, Tag, Typography, theme } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { examKeys, useAttempt, useCheckItem, useSubmitAttempt } from '../../api/exams.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { localName } from '../../i18n/label.ts';
import { AnswerInput } from './AnswerInput.tsx';
import { AttemptResult } from './AttemptResult.tsx';
import { Countdown, SaveIndicator } from './AttemptStatusBar.tsx';
import { ItemFeedback } from './ItemFeedback.tsx';
import { clampIndex, navCells, submitSummary, type NavInput } from './navigator.ts';
import { QuestionNavigator } from './QuestionNavigator.tsx';
import { isTyped, toResponse, toWidgetValue, type WidgetValue } from './responseForm.ts';
import { clockOffset } from './timer.ts';
import { useAutosave } from './useAutosave.ts';

interface Local {
  value: WidgetValue;
  flagged: boolean;
}

const reasonOf = (e: unknown) =>
  e instanceof ApiError && typeof e.problem.reason === 'string' ? e.problem.reason : null;

function Runner({ attempt: a, loadedAt, onTimeUp }: { attempt: AttemptView; loadedAt: number; onTimeUp: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const { token } = theme.useToken();
  const qc = useQueryClient();
  const [local, setLocal] = useState<ReadonlyMap<number, Local>>(new Map());
  const [picked, setPicked] = useState(0);
  const [ending, setEnding] = useState<'time-up' | 'submitting' | null>(null);
  const check = useCheckItem(a.id);
  const submit = useSubmitAttempt(a.id);
  const offsetMs = useMemo(() => clockOffset(a.serverNow, loadedAt), [a.serverNow, loadedAt]);
  const adaptive = a.mode === 'adaptive';
  const practice = a.purpose === 'practice';
  // Adaptive: always the newest question (the server appends the next one after each answer).
  const current = adaptive ? Math.max(0, a.items.length - 1) : clampIndex(picked, a.items.length);

  const reload = useCallback(() => qc.invalidateQueries({ queryKey: examKeys.attempt(a.id) }), [qc, a.id]);

  const onClosed = useCallback(
    (err: unknown) => {
      if (reasonOf(err) === 'time-up') onTimeUp();
      else if (err instanceof Error) void message.warning(err.message, 6);
      void reload();
    },
    [message, onTimeUp, reload],
  );
  const { queueRef, status } = useAutosave(a.id, onClosed);

  const valueOf = (it: AttemptItem) => local.get(it.item.id)?.value ?? toWidgetValue(it.item, it.response);
  const flaggedOf = (it: AttemptItem) => local.get(it.item.id)?.flagged ?? it.flagged;
  const navInput: NavInput[] = a.items.map((it) => ({
    itemId: it.item.id,
    response: toResponse(it.item, valueOf(it)),
    flagged: flaggedOf(it),
    locked: it.locked,
  }));

  const record = (it: AttemptItem, value: WidgetValue, flagged: boolean, immediate: boolean) => {
    setLocal((m) => new Map(m).set(it.item.id, { value, flagged }));
    queueRef.current?.resume(it.item.id, it.seq);
    queueRef.current?.update(it.item.id, toResponse(it.item, value), flagged, immediate);
  };

  /** Everything saved? Otherwise says why not and returns false. */
  const flushed = async () => {
    const q = queueRef.current;
    const r = q ? await q.flushAll() : 'saved';
    if (r === 'saved') return true;
    if (r === 'offline') void message.error(t('exams.take.offlineBlocked'), 6);
    else if (r === 'error') void message.error(t('exams.take.saveFailedBlocked'), 6);
    return false;
  };

  const checkItem = async (it: AttemptItem) => {
    if (!(await flushed())) return;
    check.mutate(it.item.id, {
      onError: (e) => {
        void message.error(e.message, 6);
        if (reasonOf(e) === 'time-up' || reasonOf(e) === 'submitted') void reload();
      },
    });
  };

  const doSubmit = async () => {
    setEnding('submitting');
    try {
      await flushed();
      await submit.mutateAsync();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e), 8);
      if (reasonOf(e) === 'time-up') onTimeUp();
      await reload();
    } finally {
      setEnding(null);
    }
  };

  const confirmSubmit = () => {
    const s = submitSummary(navInput);
    modal.confirm({
      title: t('exams.take.submitTitle'),
      okText: t('exams.take.submit'),
      cancelText: t('exams.take.keepWorking'),
      okButtonProps: { 'data-testid': 'submit-confirm' },
      content: (
        <Flex vertical gap={4} data-testid="submit-summary">
          <span>{t('exams.take.summaryAnswered', { answered: s.answered, total: s.total })}</span>
          {s.unanswered > 0 && (
            <Typography.Text type="danger" data-testid="summary-unanswered" data-count={s.unanswered}>
              {t('exams.take.summaryUnanswered', { count: s.unanswered })}
            </Typography.Text>
          )}
          {s.flagged > 0 && (
            <Typography.Text type="warning" data-testid="summary-flagged" data-count={s.flagged}>
              {t('exams.take.summaryFlagged', { count: s.flagged })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">{t('exams.take.submitNote')}</Typography.Text>
        </Flex>
      ),
      onOk: () => doSubmit(),
    });
  };

  const timeUp = useCallback(() => {
    onTimeUp();
    setEnding('time-up');
    void (async () => {
      // Whatever is pending goes now; the server takes what arrived before the deadline.
      await queueRef.current?.flushAll();
      try {
        await submit.mutateAsync();
      } catch {
        // Past the grace period the server has finalised the attempt itself: read it.
        await reload();
      }
    })();
  }, [onTimeUp, queueRef, submit, reload]);

  const it = a.items[current];
  const cells = navCells(navInput, current);
  const locked = !!it?.locked || ending !== null;
  const answeredCount = cells.filter((c) => c.answered).length;

  return (
    <>
      <PageTitle title={<span data-testid="attempt-title">{localName(a.examTitle, a.examTitleEn)}</span>} />
      <Flex
        justify="space-between"
        align="center"
        wrap="wrap"
        gap={8}
        style={{
          position: 'sticky',
          top: 64,
          zIndex: 5,
          background: token.colorBgLayout,
          padding: '8px 0',
          marginBottom: 8,
        }}
        data-testid="attempt-bar"
      >
        <Space wrap size={8}>
          {a.deadlineAt ? (
            <Countdown deadlineAt={a.deadlineAt} offsetMs={offsetMs} onTimeUp={timeUp} />
          ) : (
            <Tag style={{ margin: 0 }}>{t('exams.take.untimed')}</Tag>
          )}
          <SaveIndicator status={status} />
        </Space>
        {!adaptive && (
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={confirmSubmit}
            loading={ending === 'submitting'}
            disabled={ending !== null}
            data-testid="submit-attempt"
          >
            {t('exams.take.submit')}
          </Button>
        )}
      </Flex>
      {ending === 'time-up' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('exams.take.timeUpTitle')}
          description={t('exams.take.timeUpSubmitting')}
          data-testid="time-up"
        />
      )}
      {status.state === 'offline' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('exams.take.offlineBanner')}
          data-testid="offline-banner"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={adaptive ? 24 : 17}>
          {it ? (
            <Card
              data-testid="question"
              data-item-id={it.item.id}
              title={
                <Flex justify="space-between" align="center" gap={8} wrap="wrap">
                  <span data-testid="question-number">
                    {adaptive
                      ? t('exams.take.questionN', { n: current + 1 })
                      : t('exams.take.questionOf', { n: current + 1, total: a.items.length })}
                  </span>
                  <Space size={4} wrap>
                    <Tag>{t(`exams.itemType.${it.item.type}`)}</Tag>
                    <Tag color="blue">{t('exams.take.points', { count: it.points })}</Tag>
                  </Space>
                </Flex>
              }
            >
              <Flex vertical gap={16}>
                <div data-testid="question-stem">
                  <Markdown source={it.item.stem} />
                </div>
                <AnswerInput
                  item={it.item}
                  value={valueOf(it)}
                  disabled={locked}
                  onChange={(v, now) => record(it, v, flaggedOf(it), now || !isTyped(it.item.type))}
                />
                {it.locked && it.feedback && <ItemFeedback it={it} showAnswer={false} />}
                <Flex justify="space-between" wrap="wrap" gap={8}>
                  {!adaptive ? (
                    <Button
                      icon={flaggedOf(it) ? <FlagFilled style={{ color: token.colorWarning }} /> : <FlagOutlined />}
                      onClick={() => record(it, valueOf(it), !flaggedOf(it), true)}
                      disabled={ending !== null}
                      aria-pressed={flaggedOf(it)}
                      data-testid="flag-toggle"
                    >
                      {flaggedOf(it) ? t('exams.take.unflag') : t('exams.take.flag')}
                    </Button>
                  ) : (
                    <span />
                  )}
                  <Space wrap>
                    {practice && !adaptive && !it.locked && (
                      <Button
                        icon={<CheckOutlined />}
                        onClick={() => void checkItem(it)}
                        loading={check.isPending}
                        disabled={ending !== null}
                        data-testid="check-answer"
                      >
                        {t('exams.take.check')}
                      </Button>
                    )}
                    {adaptive ? (
                      <Button
                        type="primary"
                        icon={<ArrowRightOutlined />}
                        iconPosition="end"
                        onClick={() => void checkItem(it)}
                        loading={check.isPending}
                        disabled={ending !== null || it.locked || !cells[current]?.answered}
                        data-testid="adaptive-next"
                      >
                        {t('exams.take.next')}
                      </Button>
                    ) : (
                      <>
                        <Button
                          icon={<ArrowLeftOutlined />}
                          disabled={current === 0}
                          onClick={() => setPicked(current - 1)}
                          data-testid="prev-question"
                        >
                          {t('exams.take.prev')}
                        </Button>
                        <Button
                          type={current < a.items.length - 1 ? 'primary' : 'default'}
                          icon={<ArrowRightOutlined />}
                          iconPosition="end"
                          disabled={current >= a.items.length - 1}
                          onClick={() => setPicked(current + 1)}
                          data-testid="next-question"
                        >
                          {t('exams.take.next')}
                        </Button>
                      </>
                    )}
                  </Space>
                </Flex>
              </Flex>
            </Card>
          ) : (
            <Alert type="info" showIcon message={t('exams.take.noItems')} />
          )}
          {adaptive && a.adaptive && (
            <Card size="small" style={{ marginTop: 16 }} data-testid="adaptive-progress">
              <Typography.Text type="secondary">
                {t('exams.take.adaptiveProgress', { answered: a.adaptive.answered, max: a.adaptive.maxItems })}
              </Typography.Text>
              <Progress
                percent={Math.round((100 * a.adaptive.answered) / Math.max(1, a.adaptive.maxItems))}
                showInfo={false}
                size="small"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('exams.take.adaptiveNote')}
              </Typography.Text>
            </Card>
          )}
        </Col>
        {!adaptive && (
          <Col xs={24} lg={7}>
            <Card size="small" title={t('exams.take.navigator', { answered: answeredCount, total: a.items.length })}>
              <QuestionNavigator cells={cells} onPick={setPicked} />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}

/** /attempts/:id — the exam while it runs, its result once submitted. */
export function AttemptPage() {
  const id = Number(useParams().id);
  const attempt = useAttempt(id);
  const [timeUp, setTimeUp] = useState(false);
  const onTimeUp = useCallback(() => setTimeUp(true), []);
  return (
    <QueryState query={attempt} rows={8}>
      {(a) =>
        a.status === 'in_progress' ? (
          <Runner key={a.id} attempt={a} loadedAt={attempt.dataUpdatedAt} onTimeUp={onTimeUp} />
        ) : (
          <AttemptResult attempt={a} timeUp={timeUp} />
        )
      }
    </QueryState>
  );
}
