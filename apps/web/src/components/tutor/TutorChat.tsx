/**
 * The AI tutor's chat (issue 6 §3): questions and answers of this visit, the answer shown as it is
 * streamed, numbered citations that open the source passage, thumbs up/down, a clear "the knowledge
 * base has no answer" state and a note when the answer is an offline extract. On a course page
 * (`courseId`) the course's collections are searched first.
 */
import { DislikeFilled, DislikeOutlined, LikeFilled, LikeOutlined, RobotOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { TutorAnswer, TutorCitation, TutorFallbackReason } from '@xueli/contracts';
import { Alert, App as AntApp, Button, Empty, Flex, Input, Popover, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { streamTutorAnswer, useRateAnswer } from '../../api/tutor.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { AnswerText, QuotedSegments } from './AnswerText.tsx';
import { CitationModal } from './CitationModal.tsx';

interface Turn {
  key: number;
  question: string;
  status: 'streaming' | 'done' | 'failed';
  /** Text as it streams in (replaced by the stored answer at the end). */
  text: string;
  citations: TutorCitation[];
  fallbackReason: TutorFallbackReason | null;
  answer: TutorAnswer | null;
  error: unknown;
}

const MAX_QUESTION = 1000;

function AnswerView({ turn, onOpen }: { turn: Turn; onOpen: (c: TutorCitation) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const rate = useRateAnswer();
  const [rated, setRated] = useState<1 | -1 | null>(turn.answer?.rating ?? null);
  const a = turn.answer;
  if (turn.status === 'failed') {
    if (turn.error instanceof ApiError) return <ProblemAlert error={turn.error} />;
    const detail = (turn.error as { detail?: unknown } | null)?.detail;
    return <Alert type="error" showIcon message={t('tutor.failed')} description={typeof detail === 'string' ? detail : undefined} />;
  }
  if (a && !a.supported)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="tutor-no-answer"
        message={t('tutor.noAnswer')}
        description={
          <>
            {a.mode === 'model' && a.answer && <div style={{ marginBottom: 4 }}>{a.answer}</div>}
            {t('tutor.noAnswerHint')}
          </>
        }
      />
    );
  const citations = a?.citations.length ? a.citations : turn.citations;
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState('');
  const doRate = (rating: 1 | -1, note?: string) => {
    if (!a) return;
    rate.mutate(
      { id: a.id, rating, ...(note?.trim() ? { comment: note.trim() } : {}) },
      {
        onSuccess: () => {
          setRated(rating);
          setCommenting(false);
          void message.success(t('tutor.thanks'));
        },
        onError: (e) => void message.error(e.message, 6),
      },
    );
  };
  return (
    <div data-testid="tutor-answer">
      {turn.status === 'streaming' && !turn.text && <Spin size="small" tip={t('tutor.thinking')}><div style={{ height: 24 }} /></Spin>}
      {a && a.mode === 'extractive' ? (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }} data-testid="tutor-offline-note">
            {t('tutor.offlineNote')}
            {turn.fallbackReason && turn.fallbackReason !== 'not_configured' ? ` ${t(`tutor.fallback.${turn.fallbackReason}`)}` : ''}
          </Typography.Text>
          <QuotedSegments segments={a.segments} citations={citations} onOpen={onOpen} />
          {a.segments.length === 0 && <AnswerText text={a.answer} citations={citations} onOpen={onOpen} />}
        </>
      ) : (
        <AnswerText text={a ? a.answer : turn.text} citations={citations} onOpen={onOpen} />
      )}
      {citations.length > 0 && (a || turn.text) && (
        <Flex gap={4} wrap="wrap" style={{ marginTop: 8 }} align="center">
          <Typography.Text type="secondary">{t('tutor.sources')}</Typography.Text>
          {citations.map((c) => (
            <Tag key={c.n} style={{ cursor: 'pointer' }} onClick={() => onOpen(c)} data-testid={`citation-source-${c.n}`}>
              [{c.n}] {[c.documentTitle, ...c.headingPath].join(' › ')}
            </Tag>
          ))}
        </Flex>
      )}
      {a && (
        <Space size={4} style={{ marginTop: 8 }}>
          <Tooltip title={t('tutor.helpful')}>
            <Button size="small" type="text" aria-label={t('tutor.helpful')} icon={rated === 1 ? <LikeFilled /> : <LikeOutlined />} disabled={rate.isPending} onClick={() => doRate(1)} data-testid="tutor-rate-up" />
          </Tooltip>
          <Popover
            open={commenting}
            onOpenChange={setCommenting}
            trigger="click"
            title={t('tutor.whatWasWrong')}
            content={
              <Flex vertical gap={8} style={{ width: 280 }}>
                <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('tutor.commentPlaceholder')} data-testid="tutor-rate-comment" />
                <Flex justify="flex-end">
                  <Button size="small" type="primary" loading={rate.isPending} onClick={() => doRate(-1, comment)} data-testid="tutor-rate-down-send">
                    {t('tutor.sendFeedback')}
                  </Button>
                </Flex>
              </Flex>
            }
          >
            <Tooltip title={t('tutor.notHelpful')}>
              <Button size="small" type="text" aria-label={t('tutor.notHelpful')} icon={rated === -1 ? <DislikeFilled /> : <DislikeOutlined />} disabled={rate.isPending} data-testid="tutor-rate-down" />
            </Tooltip>
          </Popover>
        </Space>
      )}
    </div>
  );
}

export function TutorChat({ courseId, height = 520 }: { courseId?: number; height?: number | string }) {
  const { t, i18n } = useTranslation();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState<TutorCitation | null>(null);
  const abort = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement | null>(null);
  const busy = turns.some((x) => x.status === 'streaming');

  useEffect(() => () => abort.current?.abort(), []);
  // a block body: newer browsers return a Promise from scrollIntoView, and an effect may only return a cleanup
  useEffect(() => {
    void bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [turns]);

  const update = (key: number, f: (x: Turn) => Turn) => setTurns((all) => all.map((x) => (x.key === key ? f(x) : x)));

  const ask = async () => {
    const question = draft.trim();
    if (!question || busy) return;
    const key = Date.now();
    setDraft('');
    setTurns((all) => [...all, { key, question, status: 'streaming', text: '', citations: [], fallbackReason: null, answer: null, error: null }]);
    const ac = new AbortController();
    abort.current = ac;
    try {
      await streamTutorAnswer(
        { question, ...(courseId ? { courseId } : {}), lang: i18n.language === 'en-US' ? 'en-US' : 'zh-CN' },
        {
          citations: (citations) => update(key, (x) => ({ ...x, citations })),
          fallback: (reason) => update(key, (x) => ({ ...x, fallbackReason: reason })),
          delta: (text) => update(key, (x) => ({ ...x, text: x.text + text })),
          done: (answer) => update(key, (x) => ({ ...x, status: 'done', answer, fallbackReason: answer.fallbackReason ?? x.fallbackReason })),
          error: (e) => update(key, (x) => ({ ...x, status: 'failed', error: e })),
        },
        ac.signal,
      );
      update(key, (x) => (x.status === 'streaming' ? { ...x, status: 'failed', error: { detail: t('tutor.interrupted') } } : x));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') update(key, (x) => ({ ...x, status: 'failed', error: { detail: t('tutor.stopped') } }));
      else update(key, (x) => ({ ...x, status: 'failed', error: e }));
    } finally {
      if (abort.current === ac) abort.current = null;
    }
  };

  return (
    <Flex vertical gap={12} style={{ height }} data-testid="tutor-chat">
      <div style={{ flex: 1, overflowY: 'auto', paddingInlineEnd: 4 }} aria-live="polite">
        {turns.length === 0 ? (
          <Empty image={<RobotOutlined style={{ fontSize: 40, color: '#1677ff' }} />} description={courseId ? t('tutor.emptyCourse') : t('tutor.empty')} />
        ) : (
          turns.map((turn) => (
            <div key={turn.key} style={{ marginBottom: 16 }}>
              <Flex justify="flex-end" style={{ marginBottom: 8 }}>
                <div style={{ background: '#e6f4ff', borderRadius: 8, padding: '6px 12px', maxWidth: '85%', whiteSpace: 'pre-wrap' }} data-testid="tutor-question">
                  {turn.question}
                </div>
              </Flex>
              <div style={{ background: '#fafafa', borderRadius: 8, padding: '8px 12px' }}>
                <AnswerView turn={turn} onOpen={setOpen} />
              </div>
            </div>
          ))
        )}
        <div ref={bottom} />
      </div>
      <Flex gap={8} align="flex-end">
        <Input.TextArea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onPressEnter={(e) => {
            if (!e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void ask();
            }
          }}
          placeholder={t('tutor.placeholder')}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={MAX_QUESTION}
          aria-label={t('tutor.placeholder')}
          data-testid="tutor-input"
        />
        {busy ? (
          <Button icon={<StopOutlined />} onClick={() => abort.current?.abort()} data-testid="tutor-stop">
            {t('tutor.stop')}
          </Button>
        ) : (
          <Button type="primary" icon={<SendOutlined />} disabled={!draft.trim()} onClick={() => void ask()} data-testid="tutor-send">
            {t('tutor.send')}
          </Button>
        )}
      </Flex>
      <CitationModal citation={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}
