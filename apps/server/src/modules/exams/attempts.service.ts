/**
 * Taking exams: start or resume an attempt, autosave, practice checks and adaptive steps,
 * submit, and the server's own finalisation at the deadline.
 *
 * The server owns time: an attempt's deadline is fixed when it starts (the earlier of start +
 * time limit and the exam's closing time); autosaves after it are refused, a submit after it (and
 * a short grace for the network) is refused with a clear message, and the attempt is finalised
 * from what was saved in time. The candidate's view is built from an allow-list (items.present's
 * candidate view): keys, rubrics and explanations appear only when the exam's feedback policy
 * says so, after grading.
 */
import type { AttemptItem, AttemptView, AvailableExam, Page, AttemptSummary, ResponseValue } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import type { FormEntry } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { Limiter } from '../../lib/limiter.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { requireEmployee } from '../catalog/policy.ts';
import { isoOf } from '../catalog/sql.ts';
import { presentCandidateItem } from '../items/items.present.ts';
import { employeeScope } from '../org/policy.ts';
import { appendBankResponses, applyAfterCommit, recordBankResponses, refitWhenQuiet, type BankResponse, type FreshResponse } from '../skills/evidence.service.ts';
import * as repo from './attempts.repo.ts';
import * as exams from './exams.repo.ts';
import { ADAPTIVE_TYPES, adaptiveDone, adaptiveEntry, adaptiveEstimate, drawForm, nextAdaptiveItem, type ItemForForm } from './forms.ts';
import { correctAnswer, gradeResponse, responseFits, type AiGrader, type Graded, type ProgrammingGrader } from './grading.ts';

/** Network grace after the deadline for a submit that was sent in time. */
export const SUBMIT_GRACE_MS = 15_000;

type ExamRow = exams.ExamRow;
type AttemptRow = repo.AttemptRow;
type BankItem = repo.BankItem;

/** The programming grader, set by the composition root (the sandbox); tests may replace it. */
let programmingGrader: ProgrammingGrader = () => Promise.reject(new Error('no programming sandbox configured'));
export function setProgrammingGrader(g: ProgrammingGrader): void {
  programmingGrader = g;
}

/** The AI grader (ADR 0010), set by the composition root when a provider is configured; null: offline. */
let aiGrader: AiGrader | null = null;
export function setAiGrader(g: AiGrader | null): void {
  aiGrader = g;
}

/** What the candidate may see of a response's grading detail: the AI's view only when it decided the grade. */
function candidateDetail(r: repo.ResponseRow): unknown {
  const d = r.detail;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return d;
  const { ai, aiError: _aiError, ...rest } = d as Record<string, unknown>;
  return r.status === 'auto_graded' && ai ? { ...rest, ai } : rest;
}

// ---------------------------------------------------------------------------------------------
// Presenting

/** Whether the candidate may see keys and explanations of graded items now. */
function feedbackOpen(exam: ExamRow, attempt: AttemptRow, now = new Date()): boolean {
  switch (exam.feedback) {
    case 'never':
      return false;
    case 'immediate':
    case 'after_submit':
      return attempt.status !== 'in_progress';
    case 'after_close':
      return attempt.status !== 'in_progress' && (exam.closesAt == null || exam.closesAt <= now);
  }
}

function presentItem(exam: ExamRow, attempt: AttemptRow, entry: FormEntry, r: repo.ResponseRow, it: BankItem, open: boolean): AttemptItem {
  const view = presentCandidateItem(it);
  if (entry.optionOrder && view.options) {
    const byId = new Map(view.options.map((o) => [o.id, o]));
    view.options = entry.optionOrder.map((id) => byId.get(id)).filter((o): o is { id: string; text: string } => !!o);
  }
  const out: AttemptItem = { position: r.position, points: entry.points, item: view, response: r.response ?? null, flagged: r.flagged, seq: r.seq, locked: r.locked, status: r.status };
  // A practice check locks an item and shows its feedback at once (unless the policy is `never`).
  const full = open || (r.locked && exam.purpose === 'practice' && exam.feedback !== 'never');
  if (full) {
    out.feedback = {
      score: r.score,
      correct: r.score == null ? null : r.score >= 0.999,
      correctAnswer: correctAnswer(it),
      explanation: it.explanation,
      ...(r.comment ? { comment: r.comment } : {}),
      ...(r.detail != null ? { detail: candidateDetail(r) } : {}),
    };
  } else if (attempt.status !== 'in_progress' && exam.feedback !== 'never') {
    // Before feedback opens the candidate still learns their score per item, not the key.
    out.feedback = { score: r.score, correct: r.score == null ? null : r.score >= 0.999 };
  }
  return out;
}

async function presentAttempt(db: Db, exam: ExamRow, attempt: AttemptRow, known: { responses?: repo.ResponseRow[]; bank?: Map<number, BankItem> } = {}): Promise<AttemptView> {
  const responses = known.responses ?? (await repo.responsesOf(db, attempt.id));
  const bank = known.bank ?? (await repo.bankItems(db, attempt.form.map((f) => f.itemId)));
  const entries = new Map(attempt.form.map((f) => [f.itemId, f]));
  const open = feedbackOpen(exam, attempt);
  const finished = attempt.status !== 'in_progress';
  return {
    id: attempt.id,
    examId: exam.id,
    examTitle: exam.title,
    examTitleEn: exam.titleEn,
    mode: exam.mode,
    purpose: exam.purpose,
    attemptNo: attempt.attemptNo,
    status: attempt.status,
    startedAt: attempt.startedAt.toISOString(),
    deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    items: responses.map((r) => presentItem(exam, attempt, entries.get(r.itemId)!, r, bank.get(r.itemId)!, open)),
    adaptive:
      exam.mode === 'adaptive'
        ? { finished, theta: attempt.theta, se: attempt.se, answered: responses.filter((r) => r.locked).length, maxItems: exam.adaptive!.maxItems }
        : null,
    result: finished
      ? { percent: attempt.percent, pointsEarned: attempt.pointsEarned, pointsPossible: attempt.pointsPossible, passed: attempt.passed, pendingReview: attempt.pendingReview }
      : null,
    feedbackAvailable: open,
    feedback: exam.feedback,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading with row scope

/** The caller's own attempt (404 for anyone else's), finalised first if its time ran out. */
async function ownAttempt(deps: Deps, actor: Actor, id: number): Promise<{ exam: ExamRow; attempt: AttemptRow }> {
  const employeeId = requireEmployee(actor);
  let attempt = await repo.attemptById(deps.db, id);
  if (!attempt || attempt.employeeId !== employeeId) throw notFound('attempt', id);
  if (isExpired(attempt)) {
    await finaliseAttempt(deps, id, 'deadline');
    attempt = (await repo.attemptById(deps.db, id))!;
  }
  const exam = (await exams.examById(deps.db, attempt.examId))!;
  return { exam, attempt };
}

const isExpired = (a: AttemptRow, graceMs = 0, now = Date.now()) => a.status === 'in_progress' && a.deadlineAt != null && a.deadlineAt.getTime() + graceMs <= now;

// ---------------------------------------------------------------------------------------------
// Starting

function windowReason(exam: ExamRow, now: Date): 'not_open' | 'closed' | null {
  if (exam.opensAt && exam.opensAt > now) return 'not_open';
  if (exam.closesAt && exam.closesAt <= now) return 'closed';
  return null;
}

const REASON_TEXT = {
  not_open: (e: ExamRow) => `This exam opens at ${e.opensAt?.toISOString()}`,
  closed: (e: ExamRow) => `This exam closed at ${e.closesAt?.toISOString()}`,
  no_attempts_left: (e: ExamRow) => `You have used all ${e.maxAttempts} attempt${e.maxAttempts === 1 ? '' : 's'} of this exam`,
};

const asFormItem = (it: BankItem): ItemForForm => ({ id: it.id, type: it.type, version: it.version, options: it.options });

const EMPTY_RESPONSE: Omit<repo.ResponseRow, 'attemptId' | 'itemId' | 'position'> = {
  response: null,
  flagged: false,
  seq: 0,
  savedAt: null,
  status: 'unanswered',
  locked: false,
  score: null,
  autoScore: null,
  detail: null,
  rubricLevels: null,
  comment: null,
  gradedBy: null,
  gradedAt: null,
};

/**
 * What every candidate of a fixed or blueprint exam draws from (the active items, the pool, their
 * rows), shared for a few seconds by the candidates who start together: a class of 2,000 starting
 * at nine o'clock loads it once, not 2,000 times. Keyed by the exam's last change; an item edited
 * meanwhile reaches new attempts after at most MATERIALS_TTL_MS (grading always reads the bank).
 */
const MATERIALS_TTL_MS = 5_000;
interface Materials {
  fixed?: { itemId: number; points: number }[];
  pool?: exams.PoolRow[];
  bank: Map<number, BankItem>;
}
const materials = new Map<string, { at: number; value: Promise<Materials> }>();
function startMaterials(db: Db, exam: ExamRow): Promise<Materials> {
  const key = `${exam.id}:${exam.updatedAt.getTime()}`;
  const hit = materials.get(key);
  if (hit && Date.now() - hit.at < MATERIALS_TTL_MS) return hit.value;
  const value = (async (): Promise<Materials> => {
    const fixed = exam.mode === 'fixed' ? (await exams.examItemList(db, exam.id)).filter((x) => x.status === 'active') : undefined;
    const pool = exam.mode === 'blueprint' ? await exams.activePool(db, [...new Set(exam.blueprint!.flatMap((r) => r.knowledgePoints))]) : undefined;
    const bank = await repo.bankItems(db, fixed ? fixed.map((x) => x.itemId) : pool!.map((p) => p.id));
    return { ...(fixed && { fixed }), ...(pool && { pool }), bank };
  })();
  if (materials.size > 100) materials.clear();
  materials.set(key, { at: Date.now(), value });
  value.catch(() => materials.delete(key));
  return value;
}

/**
 * The transactions that start and finalise attempts are several statements each; a class starting
 * (or running out of time) together would otherwise hold every pooled connection while autosaves
 * queue behind them. At most this many run at once per process; the others wait in memory, not for
 * a connection. Only transactions take a slot (they never nest), never AI calls or the sandbox.
 */
const heavy = new Limiter(6); // of the default pool of 10: four connections stay free for autosaves

/** Starts an attempt, or resumes the open one (`resumed: true`). */
export async function attemptStarter(deps: Deps, props: { actor: Actor; requestId?: string; examId: number }): Promise<{ resumed: boolean; attempt: AttemptView }> {
  const employeeId = requireEmployee(props.actor);
  const exam = await exams.examById(deps.db, props.examId);
  if (!exam || exam.status !== 'published') throw notFound('exam', props.examId);
  const { open, used } = await repo.attemptsOf(deps.db, exam.id, employeeId);
  if (open && !isExpired(open)) return { resumed: true, attempt: await presentAttempt(deps.db, exam, open) };
  if (open) await finaliseAttempt(deps, open.id, 'deadline');

  const now = new Date();
  const reason = windowReason(exam, now);
  if (reason) throw conflict(REASON_TEXT[reason](exam), { reason });
  if (exam.maxAttempts != null && used >= exam.maxAttempts) throw conflict(REASON_TEXT.no_attempts_left(exam), { reason: 'no_attempts_left' });
  const seed = { employeeId, attemptNo: used + 1 };

  let form: FormEntry[];
  let bank: Map<number, BankItem>;
  let theta: number | null = null;
  let se: number | null = null;
  if (exam.mode === 'adaptive') {
    const pool = await exams.activePool(deps.db, exam.adaptive!.knowledgePoints, ADAPTIVE_TYPES);
    const first = nextAdaptiveItem(exam, pool, new Set(), 0, { ...seed, step: 0 });
    if (!first) throw conflict('The adaptive pool has no active items left; tell the exam owner', { reason: 'empty-pool' });
    bank = await repo.bankItems(deps.db, [first.id]);
    form = [adaptiveEntry(exam, asFormItem(bank.get(first.id)!), { ...seed, step: 0 })];
    theta = 0;
    se = 1;
  } else {
    const { fixed, pool, bank: drawn } = await startMaterials(deps.db, exam);
    bank = drawn;
    try {
      form = drawForm(exam, { ...(fixed && { fixed }), ...(pool && { pool }), items: new Map([...bank].map(([id, it]) => [id, asFormItem(it)])) }, seed);
    } catch (e) {
      if (e instanceof RangeError) throw conflict(`This exam cannot be drawn from the current item bank (${e.message}); tell the exam owner`, { reason: 'blueprint-unfillable' });
      throw e;
    }
    if (!form.length) throw conflict('This exam has no active items; tell the exam owner', { reason: 'empty-form' });
  }
  const limitEnd = exam.timeLimitMinutes ? new Date(now.getTime() + exam.timeLimitMinutes * 60_000) : null;
  const deadlineAt = [limitEnd, exam.closesAt].filter((d): d is Date => d != null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  try {
    const created = await heavy.run(() => deps.db.transaction(async (tx) => {
      const row = await repo.insertAttempt(tx, {
        examId: exam.id,
        employeeId,
        attemptNo: seed.attemptNo,
        form,
        startedAt: now,
        deadlineAt,
        pointsPossible: exam.mode === 'adaptive' ? exam.adaptive!.maxItems : form.reduce((s, f) => s + f.points, 0),
        theta,
        se,
      });
      await repo.insertResponses(tx, row.id, form);
      await recordAudit(tx, { actorUserId: props.actor.userId, action: 'attempt.start', entity: 'attempt', entityId: row.id, details: { examId: exam.id, attemptNo: seed.attemptNo, items: form.length }, requestId: props.requestId ?? null });
      return row;
    }));
    // The new attempt's responses are all empty: present it from memory.
    const responses = form.map((f, position): repo.ResponseRow => ({ ...EMPTY_RESPONSE, attemptId: created.id, itemId: f.itemId, position }));
    return { resumed: false, attempt: await presentAttempt(deps.db, exam, created, { responses, bank }) };
  } catch (e) {
    // Two starts at once: the open-attempt unique index lets one through; the other resumes it.
    const again = await repo.openAttempt(deps.db, exam.id, employeeId);
    if (again) return { resumed: true, attempt: await presentAttempt(deps.db, exam, again) };
    throw e;
  }
}

export async function attemptViewer(deps: Deps, props: { actor: Actor; id: number }): Promise<AttemptView> {
  const { exam, attempt } = await ownAttempt(deps, props.actor, props.id);
  return presentAttempt(deps.db, exam, attempt);
}

// ---------------------------------------------------------------------------------------------
// Autosave

/** Item types never change (the bank refuses it), so a process may remember them. */
const typeCache = new Map<number, string>();
async function typeOf(db: Db, itemId: number): Promise<string | null> {
  let t = typeCache.get(itemId);
  if (t === undefined) {
    const found = await repo.itemType(db, itemId);
    if (found == null) return null;
    if (typeCache.size > 50_000) typeCache.clear();
    typeCache.set(itemId, (t = found));
  }
  return t;
}

const SHAPES: Record<string, string> = {
  single: 'an option id',
  multiple: 'a list of option ids',
  true_false: 'true or false',
  fill_blank: 'a list with one answer per blank',
  short_answer: 'text',
  essay: 'text',
  programming: 'code as text',
};

export async function responseSaver(
  deps: Deps,
  props: { actor: Actor; attemptId: number; itemId: number; body: { response: ResponseValue; flagged?: boolean | undefined; seq?: number | undefined } },
): Promise<{ savedAt: string; seq: number; ignored: boolean }> {
  const employeeId = requireEmployee(props.actor);
  const type = await typeOf(deps.db, props.itemId);
  if (type == null) throw notFound('item', props.itemId);
  if (!responseFits(type, props.body.response)) throw invalid(`A ${type} answer must be ${SHAPES[type] ?? 'a value'} (or null to clear it)`, { field: 'response' });
  const saved = await repo.saveResponse(deps.db, {
    attemptId: props.attemptId,
    itemId: props.itemId,
    employeeId,
    response: props.body.response,
    flagged: props.body.flagged ?? null,
    seq: props.body.seq ?? null,
  });
  if (saved) return { ...saved, ignored: false };
  const why = await repo.saveRefusal(deps.db, props.attemptId, props.itemId);
  if (!why || why.employee_id !== employeeId) throw notFound('attempt', props.attemptId);
  if (why.item_id == null) throw notFound('item on this attempt', props.itemId);
  if (why.status !== 'in_progress') throw conflict('This attempt has been submitted; answers can no longer change', { reason: 'submitted' });
  if (why.expired) {
    await finaliseAttempt(deps, props.attemptId, 'deadline');
    throw conflict('Time is up: this answer was not saved. Your answers saved before the deadline have been submitted.', { reason: 'time-up' });
  }
  if (why.locked) throw conflict('This question has been checked and is locked', { reason: 'locked' });
  // Only an older save than the stored one remains: ignore it, report the stored state.
  return { savedAt: isoOf(why.saved_at) ?? new Date().toISOString(), seq: Number(why.seq ?? 0), ignored: true };
}

// ---------------------------------------------------------------------------------------------
// Grading, evidence and totals

const toEvidence = (exam: ExamRow, attempt: AttemptRow, it: BankItem, score: number, recordedBy: number | null, at: Date): BankResponse => ({
  employeeId: attempt.employeeId,
  itemId: it.id,
  version: it.version,
  kpIds: it.kpIds,
  score,
  occurredAt: at,
  source: `exam:${exam.id}`,
  recordedBy,
});

/** Recomputes an attempt's totals from its responses; `graded` once nothing waits for a person. */
export async function recomputeTotals(
  db: Db,
  exam: ExamRow,
  attemptId: number,
  known: { attempt: AttemptRow; responses: Pick<repo.ResponseRow, 'itemId' | 'status' | 'score'>[] } | null = null,
  /** Further columns to set in the same statement, and an object to receive the updated row. */
  extra: Partial<Pick<AttemptRow, 'submittedAt' | 'endedBy'>> = {},
  out?: AttemptRow,
): Promise<AttemptRow['status']> {
  const attempt = known?.attempt ?? (await repo.attemptById(db, attemptId))!;
  const responses = known?.responses ?? (await repo.responsesOf(db, attemptId));
  const points = new Map(attempt.form.map((f) => [f.itemId, f.points]));
  const pending = responses.filter((r) => r.status === 'needs_review').length;
  let earned = 0;
  let possible = 0;
  for (const r of responses) {
    const p = points.get(r.itemId) ?? 1;
    possible += p;
    earned += (r.score ?? 0) * p;
  }
  if (exam.mode === 'adaptive') possible = responses.length;
  const percent = possible > 0 ? Math.round((1000 * earned) / possible) / 10 : 0;
  let passed: boolean | null = null;
  if (!pending) passed = exam.mode === 'adaptive' ? (attempt.theta ?? -Infinity) >= exam.adaptive!.passTheta : percent >= exam.passPercent;
  const status: AttemptRow['status'] = attempt.status === 'in_progress' ? 'in_progress' : pending ? 'submitted' : 'graded';
  const set = { pointsEarned: earned, pointsPossible: possible, percent: pending ? null : percent, passed, pendingReview: pending, status, ...extra };
  await repo.updateAttempt(db, attemptId, set);
  if (out) Object.assign(out, attempt, set);
  return status;
}

/**
 * Grades one response. `ai`: who caused the grading, when an AI call is allowed here (never
 * inside a transaction); omitted, grading is offline.
 */
async function gradeOne(it: BankItem, response: unknown, ai?: { actorUserId: number | null; attemptId: number }): Promise<Graded> {
  const grading = ai && aiGrader ? { grader: aiGrader, context: { actorUserId: ai.actorUserId, subject: `attempt:${ai.attemptId}/item:${it.id}` } } : null;
  return gradeResponse(it, response, programmingGrader, grading);
}

/**
 * Grades every unlocked response of an open attempt and closes it. Idempotent and safe against a
 * concurrent submit or sweep (the attempt row is locked; a second caller finds it closed).
 */
/** A finalised attempt as the transaction left it (to present without reading it back). */
interface Finalised {
  exam: ExamRow;
  attempt: AttemptRow;
  responses: repo.ResponseRow[];
  bank: Map<number, BankItem>;
  /** The evidence written, for the mastery update after the commit. */
  fresh: FreshResponse[];
}

export async function finaliseAttempt(deps: Deps, attemptId: number, endedBy: 'candidate' | 'deadline' | 'adaptive', actorUserId: number | null = null): Promise<Finalised | null> {
  // Programming items run in the sandbox, and AI calls go out, before the transaction, so no lock
  // is held meanwhile. AI calls run side by side (each within the provider's timeout); the
  // sandbox keeps its one-after-the-other order.
  const pre = await repo.attemptById(deps.db, attemptId);
  if (!pre || pre.status !== 'in_progress') return null;
  const exam = (await exams.examById(deps.db, pre.examId))!;
  const before = await repo.responsesOf(deps.db, attemptId);
  const bank = await repo.bankItems(deps.db, before.map((r) => r.itemId));
  const grades = new Map<number, Graded>();
  const open = before.filter((r) => !r.locked);
  const ctx = { actorUserId, attemptId };
  await Promise.all(open.filter((r) => bank.get(r.itemId)!.type !== 'programming').map(async (r) => grades.set(r.itemId, await gradeOne(bank.get(r.itemId)!, r.response, ctx))));
  for (const r of open) {
    if (bank.get(r.itemId)!.type === 'programming') grades.set(r.itemId, await gradeOne(bank.get(r.itemId)!, r.response));
  }
  const done = await heavy.run(() => deps.db.transaction(async (tx) => {
    const attempt = await repo.attemptById(tx, attemptId, { forUpdate: true });
    if (!attempt || attempt.status !== 'in_progress') return null;
    const now = new Date();
    const current = await repo.responsesOf(tx, attemptId);
    const evidence: BankResponse[] = [];
    const updates: repo.GradeUpdate[] = [];
    const after = [];
    for (const r of current) {
      if (r.locked) {
        after.push(r);
        continue;
      }
      const prior = before.find((b) => b.itemId === r.itemId);
      // Changed since (a save raced the submit): graded again here, offline (no AI call in a transaction).
      const g = prior && JSON.stringify(prior.response) === JSON.stringify(r.response) ? grades.get(r.itemId)! : await gradeOne(bank.get(r.itemId)!, r.response);
      updates.push({ itemId: r.itemId, score: g.score, autoScore: g.autoScore, status: g.status, detail: g.detail ?? null });
      after.push({ ...r, score: g.score, status: g.status });
      // Unanswered items are not evidence of mastery either way (time may have run out).
      if (g.score != null && r.response != null && r.status !== 'unanswered') evidence.push(toEvidence(exam, attempt, bank.get(r.itemId)!, g.score, actorUserId, now));
    }
    await repo.writeGrades(tx, attemptId, updates, now);
    const row = {} as AttemptRow;
    await recomputeTotals(tx, exam, attemptId, { attempt: { ...attempt, status: 'submitted' }, responses: after }, { submittedAt: now, endedBy }, row);
    // Only the evidence log in the transaction: the mastery update follows the commit (applyAfterCommit),
    // so a class submitting together holds the transaction slots for less time.
    const fresh = await recordBankResponses(tx, evidence);
    await recordAudit(tx, { actorUserId, action: 'attempt.submit', entity: 'attempt', entityId: attemptId, details: { examId: exam.id, endedBy, evidence: evidence.length } });
    const graded = new Map(updates.map((u) => [u.itemId, u]));
    const responses = current.map((r) => {
      const u = graded.get(r.itemId);
      return u ? { ...r, score: u.score, autoScore: u.autoScore, status: u.status, detail: u.detail, gradedAt: now } : r;
    });
    return { exam, attempt: row, responses, bank, fresh };
  }));
  if (!done) return null;
  // Before the answer goes back, so the candidate's next view of their mastery includes this exam;
  // a failure here leaves the evidence for the next update or refit to apply, and the submit stands.
  await applyAfterCommit(deps.db, done.fresh).catch(() => undefined);
  refitWhenQuiet(deps.db);
  return done;
}

export async function attemptSubmitter(deps: Deps, props: { actor: Actor; id: number }): Promise<AttemptView> {
  const employeeId = requireEmployee(props.actor);
  const attempt = await repo.attemptById(deps.db, props.id);
  if (!attempt || attempt.employeeId !== employeeId) throw notFound('attempt', props.id);
  if (attempt.status !== 'in_progress') throw conflict('This attempt has already been submitted', { reason: 'submitted', status: attempt.status });
  if (isExpired(attempt, SUBMIT_GRACE_MS)) {
    await finaliseAttempt(deps, attempt.id, 'deadline');
    throw conflict(`Time is up: the deadline was ${attempt.deadlineAt!.toISOString()}, so this submission was refused. Your answers saved before the deadline have been submitted and graded.`, { reason: 'time-up' });
  }
  const done = await finaliseAttempt(deps, attempt.id, 'candidate', props.actor.userId);
  if (done) return presentAttempt(deps.db, done.exam, done.attempt, { responses: done.responses, bank: done.bank });
  // Finalised by someone else meanwhile (the sweep): read it back.
  const { exam, attempt: after } = await ownAttempt(deps, props.actor, props.id);
  return presentAttempt(deps.db, exam, after);
}

/**
 * Practice: grade one saved answer now, lock it and show its feedback. Adaptive: grade the
 * current item, re-estimate θ, then add the next item or end the test.
 */
export async function responseChecker(deps: Deps, props: { actor: Actor; attemptId: number; itemId: number }): Promise<{ attempt: AttemptView }> {
  const { exam, attempt } = await ownAttempt(deps, props.actor, props.attemptId);
  if (attempt.status !== 'in_progress') throw conflict('This attempt has been submitted', { reason: 'submitted' });
  if (exam.purpose !== 'practice' && exam.mode !== 'adaptive') throw conflict('Answers are checked one by one only in practice quizzes and adaptive tests; submit the exam instead', { reason: 'not-practice' });
  const responses = await repo.responsesOf(deps.db, attempt.id);
  const r = responses.find((x) => x.itemId === props.itemId);
  if (!r) throw notFound('item on this attempt', props.itemId);
  if (r.locked) throw conflict('This question has already been checked', { reason: 'locked' });
  if (exam.mode === 'adaptive' && r.position !== responses.length - 1) throw conflict('Only the current question of an adaptive test can be answered', { reason: 'not-current' });
  const bank = await repo.bankItems(deps.db, responses.map((x) => x.itemId));
  const it = bank.get(props.itemId)!;
  const g = await gradeOne(it, r.response, { actorUserId: props.actor.userId, attemptId: attempt.id });
  await deps.db.transaction(async (tx) => {
    const locked = await repo.attemptById(tx, attempt.id, { forUpdate: true });
    if (!locked || locked.status !== 'in_progress') throw conflict('This attempt has been submitted', { reason: 'submitted' });
    const now = new Date();
    await repo.updateResponse(tx, attempt.id, it.id, { score: g.score, autoScore: g.autoScore, status: g.status, detail: g.detail ?? null, gradedAt: now, locked: true });
    if (g.score != null && r.response != null) await appendBankResponses(tx, [toEvidence(exam, attempt, it, g.score, props.actor.userId, now)]);
    if (exam.mode === 'adaptive') {
      const scored = responses.map((x) => (x.itemId === it.id ? { ...x, score: g.score ?? 0 } : x)).filter((x) => x.itemId === it.id || x.locked);
      const state = adaptiveEstimate(scored.map((x) => ({ a: bank.get(x.itemId)!.discrimination, b: bank.get(x.itemId)!.difficulty, score: x.score ?? 0 })));
      await repo.updateAttempt(tx, attempt.id, { theta: state.theta, se: state.se });
      const pool = adaptiveDone(exam.adaptive!, state) ? [] : await exams.activePool(tx, exam.adaptive!.knowledgePoints, ADAPTIVE_TYPES);
      const seed = { employeeId: attempt.employeeId, attemptNo: attempt.attemptNo, step: responses.length };
      const next = pool.length ? nextAdaptiveItem(exam, pool, new Set(responses.map((x) => x.itemId)), state.theta, seed) : null;
      if (next) {
        const nb = await repo.bankItems(tx, [next.id]);
        const e = adaptiveEntry(exam, asFormItem(nb.get(next.id)!), seed);
        await repo.updateAttempt(tx, attempt.id, { form: [...attempt.form, e] });
        await repo.insertResponses(tx, attempt.id, [e], responses.length);
      } else {
        await repo.updateAttempt(tx, attempt.id, { status: 'submitted', submittedAt: now, endedBy: 'adaptive' });
        await recomputeTotals(tx, exam, attempt.id);
      }
    }
  });
  refitWhenQuiet(deps.db);
  const after = await ownAttempt(deps, props.actor, props.attemptId);
  return { attempt: await presentAttempt(deps.db, after.exam, after.attempt) };
}

/** Finalises attempts whose time ran out (the periodic sweep; reads also finalise lazily). */
export async function expiredAttemptSweeper(deps: Deps, limit = 200): Promise<number> {
  let n = 0;
  for (const id of await repo.expiredAttemptIds(deps.db, SUBMIT_GRACE_MS, limit)) {
    if (await finaliseAttempt(deps, id, 'deadline')) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Lists

export async function myExams(deps: Deps, props: { actor: Actor; query: { courseId?: number | undefined; purpose?: 'exam' | 'practice' | undefined } }): Promise<{ items: AvailableExam[] }> {
  const employeeId = requireEmployee(props.actor);
  const now = new Date();
  const rows = await repo.myExamRows(deps.db, employeeId, props.query);
  return {
    items: rows.map(({ exam, used, openAttemptId, bestPercent, passed, questions }) => {
      let reason: AvailableExam['reason'] = windowReason(exam, now);
      if (!reason && openAttemptId == null && exam.maxAttempts != null && used >= exam.maxAttempts) reason = 'no_attempts_left';
      return {
        id: exam.id,
        title: exam.title,
        titleEn: exam.titleEn,
        description: exam.description,
        courseId: exam.courseId,
        mode: exam.mode,
        purpose: exam.purpose,
        timeLimitMinutes: exam.timeLimitMinutes,
        opensAt: exam.opensAt?.toISOString() ?? null,
        closesAt: exam.closesAt?.toISOString() ?? null,
        maxAttempts: exam.maxAttempts,
        attemptsUsed: Number(used),
        openAttemptId: openAttemptId == null ? null : Number(openAttemptId),
        bestPercent: bestPercent == null ? null : Number(bestPercent),
        passed: passed ?? null,
        canStart: reason == null || openAttemptId != null,
        reason,
        questionCount: exam.mode === 'adaptive' ? null : questions == null ? null : Number(questions),
      };
    }),
  };
}

const presentSummary = (r: Awaited<ReturnType<typeof repo.attemptPage>>['rows'][number]): AttemptSummary => ({
  id: r.attempt.id,
  examId: r.attempt.examId,
  examTitle: r.examTitle,
  employeeId: r.attempt.employeeId,
  employeeName: r.employeeName,
  employeeNo: r.employeeNo,
  attemptNo: r.attempt.attemptNo,
  status: r.attempt.status,
  startedAt: r.attempt.startedAt.toISOString(),
  submittedAt: r.attempt.submittedAt?.toISOString() ?? null,
  percent: r.attempt.percent,
  passed: r.attempt.passed,
  pendingReview: r.attempt.pendingReview,
});

type AttemptQuery = { status?: 'in_progress' | 'submitted' | 'graded' | undefined; page: number; pageSize: number };

export async function myAttempts(deps: Deps, props: { actor: Actor; query: AttemptQuery & { examId?: number | undefined } }): Promise<Page<AttemptSummary>> {
  const employeeId = requireEmployee(props.actor);
  const { rows, total } = await repo.attemptPage(deps.db, { ...props.query, employeeId });
  return { items: rows.map(presentSummary), total, page: props.query.page, pageSize: props.query.pageSize };
}

/** An exam's attempts: authors see all; managers their reporting line. */
export async function examAttempts(deps: Deps, props: { actor: Actor; examId: number; query: AttemptQuery }): Promise<Page<AttemptSummary>> {
  const exam = await exams.examById(deps.db, props.examId);
  if (!exam) throw notFound('exam', props.examId);
  const { rows, total } = await repo.attemptPage(deps.db, { ...props.query, examId: exam.id, scope: employeeScope(props.actor) });
  return { items: rows.map(presentSummary), total, page: props.query.page, pageSize: props.query.pageSize };
}
