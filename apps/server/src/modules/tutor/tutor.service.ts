/**
 * The AI tutor (issue 6 §3, ADR 0018). A question is answered from the knowledge base's passages
 * that the asker may see (`searchPassages` applies the visibility rule; nothing here looks at
 * collections):
 *
 * 1. retrieve the best `TUTOR_K` passages (the course's collections first when asked on a course page);
 * 2. decide with the engine's support rule whether they support an answer (`extractiveAnswer`); if
 *    not, the tutor says so and the model is never called;
 * 3. with a chat model configured, the model writes the answer from the passages (the grounded
 *    prompt: passages only inside a nonce-delimited data block), streamed; its citations are checked
 *    against the passages given (`parseCitations`); an answer that cites nothing is not supported;
 * 4. offline, or when the model fails before its first token, the extractive answer: the best
 *    passages' most relevant sentences with their citation numbers and highlights;
 * 5. the question, answer and a snapshot of the cited passages are stored (`tutor_questions`).
 *
 * One code path serves POST /tutor/ask (nothing is sent before the end, so any model failure falls
 * back) and POST /tutor/ask/stream (events as they happen; see `TutorEmit`).
 */
import {
  buildGroundedPrompt,
  extractiveAnswer,
  extractiveAnswerText,
  highlightRanges,
  parseCitations,
  prepareQuestion,
  type ExtractiveAnswer,
  type TextRange,
  type TutorLang,
} from '@xueli/engine';
import type { Page, TutorAnswer, TutorCitation, TutorFallbackReason, TutorGapItem, TutorGapsPage, TutorGapsQuery, TutorStreamEvent } from '@xueli/contracts';
import type { CitationSnapshot } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { aiProviderFor } from '../../lib/ai/runtime.ts';
import type { ChatStreamOutcome } from '../../lib/ai/provider.ts';
import { notFound } from '../../lib/errors.ts';
import { canViewCourse } from '../catalog/policy.ts';
import { searchPassages, type KbPassage } from '../knowledge/passages.service.ts';
import { kbIndex } from '../knowledge/search-index.ts';
import * as repo from './tutor.repo.ts';

/** Passages retrieved per question. */
export const TUTOR_K = 5;

/** Receives the stream's events (a no-op for POST /tutor/ask). */
export type TutorEmit = (event: TutorStreamEvent, data: unknown) => void;

export interface AskProps {
  actor: Actor;
  question: string;
  courseId?: number | undefined;
  lang?: TutorLang | undefined;
  /** Aborted when the client goes away: the model call is cancelled and nothing is stored. */
  signal?: AbortSignal;
}

const toRanges = (rs: readonly TextRange[]) => rs.map(([start, end]) => ({ start, end }));
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** The asker's language: as sent, else Chinese when the question has a CJK character. */
export const questionLang = (question: string, lang?: TutorLang): TutorLang => lang ?? (CJK.test(question) ? 'zh-CN' : 'en-US');

function fallbackReasonOf(o: Extract<ChatStreamOutcome, { ok: false }>): TutorFallbackReason {
  if (o.kind === 'timeout' || o.kind === 'rate_limited' || o.kind === 'budget_exhausted' || o.kind === 'not_configured') return o.kind;
  return 'model_error';
}

function citationsOf(passages: readonly KbPassage[], ex: ExtractiveAnswer): TutorCitation[] {
  return passages.map((p, i) => ({
    n: i + 1,
    chunkId: p.chunkId,
    documentId: p.documentId,
    documentTitle: p.documentTitle,
    headingPath: p.headingPath,
    text: p.text,
    highlights: toRanges(ex.passageHighlights[i] ?? []),
  }));
}

const snapshot = (c: TutorCitation): CitationSnapshot => ({ n: c.n, chunkId: c.chunkId, documentId: c.documentId, documentTitle: c.documentTitle, headingPath: c.headingPath, text: c.text });

/** A stored question as the asker sees it (citations with the question's terms highlighted). */
export function presentQuestion(row: repo.TutorQuestionRow, extra: Partial<Pick<TutorAnswer, 'segments' | 'fallbackReason'>> = {}): TutorAnswer {
  const q = prepareQuestion(row.question);
  return {
    id: row.id,
    question: row.question,
    courseId: row.courseId,
    mode: row.mode,
    supported: row.supported,
    answer: row.answer,
    segments: extra.segments ?? [],
    citations: row.citations.map((c) => ({ ...c, highlights: toRanges(highlightRanges(q, c.text)) })),
    fallbackReason: extra.fallbackReason ?? null,
    rating: row.rating === 1 || row.rating === -1 ? row.rating : null,
    latencyMs: row.latencyMs,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Checks the course a question is asked on: 404 when it does not exist or the asker may not open it. */
async function checkCourse(deps: Deps, actor: Actor, courseId: number | undefined): Promise<void> {
  if (courseId === undefined) return;
  const c = await repo.courseForTutor(deps.db, courseId);
  // an archived course stays askable: its knowledge base does not go away with it
  if (!c || !canViewCourse(actor, c, true)) throw notFound('course', courseId);
}

/** What is known once the passages are retrieved (before anything is sent). */
export interface PreparedAsk {
  props: AskProps;
  started: number;
  passages: KbPassage[];
  extractive: ExtractiveAnswer;
  citations: TutorCitation[];
}

/** Steps 1–2: checks, retrieval and the support decision. Throws DomainErrors (nothing sent yet). */
export async function tutorPreparer(deps: Deps, props: AskProps): Promise<PreparedAsk> {
  const started = performance.now();
  await checkCourse(deps, props.actor, props.courseId);
  const passages = await searchPassages(deps, { actor: props.actor, query: props.question, k: TUTOR_K, courseId: props.courseId ?? null });
  const { retriever } = await kbIndex(deps.db);
  const extractive = extractiveAnswer(props.question, passages, { idf: (u) => retriever.unitIdf(u) });
  return { props, started, passages, extractive, citations: citationsOf(passages, extractive) };
}

async function store(deps: Deps, p: PreparedAsk, a: { mode: 'extractive' | 'model'; supported: boolean; answer: string; cited: TutorCitation[] }) {
  return repo.insertQuestion(deps.db, {
    userId: p.props.actor.userId,
    courseId: p.props.courseId ?? null,
    question: p.props.question,
    answer: a.answer,
    mode: a.mode,
    supported: a.supported,
    citations: a.cited.map(snapshot),
    latencyMs: Math.round(performance.now() - p.started),
  });
}

/** The extractive answer, stored and emitted (with why, when it stands in for the model). */
async function extractiveFinish(deps: Deps, p: PreparedAsk, emit: TutorEmit, reason: TutorFallbackReason | null): Promise<TutorAnswer> {
  const ex = p.extractive;
  if (reason) emit('fallback', { reason });
  const text = extractiveAnswerText(ex);
  if (text) emit('delta', { text });
  const used = new Set(ex.segments.map((s) => s.n));
  const row = await store(deps, p, { mode: 'extractive', supported: ex.supported, answer: text, cited: p.citations.filter((c) => used.has(c.n)) });
  const answer = presentQuestion(row, { segments: ex.segments.map((s) => ({ n: s.n, text: s.text, highlights: toRanges(s.highlights) })), fallbackReason: reason });
  emit('done', answer);
  return answer;
}

/**
 * Steps 3–5 for a prepared question. `live`: events reach the asker as they happen (the stream), so
 * a model failure after its first token cannot fall back any more: the stream gets `error` and
 * nothing is stored. Returns the stored answer, or null when the answer was abandoned (error or
 * the client went away).
 */
export async function tutorAnswerer(deps: Deps, p: PreparedAsk, emit: TutorEmit, live: boolean): Promise<TutorAnswer | null> {
  const { props, extractive } = p;
  if (!extractive.supported) {
    emit('citations', { citations: [] });
    return extractiveFinish(deps, p, emit, null);
  }
  emit('citations', { citations: p.citations });
  const provider = aiProviderFor(deps);
  if (!(await provider.capabilities()).chat) return extractiveFinish(deps, p, emit, 'not_configured');

  const prompt = buildGroundedPrompt(props.question, p.passages, questionLang(props.question, props.lang));
  let outcome: ChatStreamOutcome | null = null;
  for await (const ev of provider.chatStream({
    feature: 'tutor.answer',
    actorUserId: props.actor.userId,
    subject: props.courseId !== undefined ? `course:${props.courseId}` : null,
    system: prompt.system,
    user: prompt.user,
    maxTokens: 800,
    ...(props.signal ? { signal: props.signal } : {}),
  })) {
    if (ev.type === 'delta') {
      if (live) emit('delta', { text: ev.text });
    } else outcome = ev.outcome;
  }
  if (!outcome || (!outcome.ok && outcome.kind === 'cancelled') || props.signal?.aborted) return null;
  if (!outcome.ok) {
    if (!live || outcome.firstTokenMs == null) return extractiveFinish(deps, p, emit, fallbackReasonOf(outcome));
    emit('error', { title: 'The model failed during the answer', detail: outcome.message });
    return null;
  }
  const parsed = parseCitations(outcome.text, p.citations.length);
  const cited = parsed.used.map((n) => p.citations[n - 1]!);
  // an answer that cites no passage is not grounded: it counts as "no answer" (and as a content gap)
  const row = await store(deps, p, { mode: 'model', supported: cited.length > 0, answer: parsed.text.trim(), cited });
  const answer = presentQuestion(row);
  emit('done', answer);
  return answer;
}

/** POST /tutor/ask: the whole answer at once. */
export async function tutorAsker(deps: Deps, props: AskProps): Promise<TutorAnswer> {
  const prepared = await tutorPreparer(deps, props);
  const answer = await tutorAnswerer(deps, prepared, () => undefined, false);
  // not live: only a cancelled request returns null, and then nobody reads this
  if (!answer) throw new Error('The answer was cancelled');
  return answer;
}

/** Rates one's own answer (anyone else's question is answered as missing). */
export async function tutorRater(deps: Deps, props: { actor: Actor; id: number; rating: 1 | -1; comment?: string | undefined }): Promise<TutorAnswer> {
  const row = await repo.ownQuestion(deps.db, props.id, props.actor.userId);
  if (!row) throw notFound('tutor question', props.id);
  return presentQuestion(await repo.setRating(deps.db, row.id, props.rating, props.comment ? props.comment : null));
}

/** The asker's questions, newest first. */
export async function tutorHistory(deps: Deps, props: { actor: Actor; page: number; pageSize: number }): Promise<Page<TutorAnswer>> {
  const { rows, total } = await repo.historyPage(deps.db, props.actor.userId, props.page, props.pageSize);
  return { items: rows.map((r) => presentQuestion(r)), total, page: props.page, pageSize: props.pageSize };
}

/** Content gaps for trainers and admins: unsupported and low-rated questions (whoever asked them). */
export async function tutorGapLister(deps: Deps, props: { query: TutorGapsQuery }): Promise<TutorGapsPage> {
  const q = props.query;
  const { rows, total, counts } = await repo.gapsPage(deps.db, { courseId: q.courseId, from: q.from, to: q.to }, q.page, q.pageSize);
  const items: TutorGapItem[] = rows;
  return { items, total, page: q.page, pageSize: q.pageSize, counts };
}
