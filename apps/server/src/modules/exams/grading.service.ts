/**
 * Grading by people (the queue of essays and uncertain short answers, graded with the rubric
 * beside the answer), regrading after an answer key changes, and item analysis (classical
 * statistics and a 2PL calibration from an exam's responses).
 */
import { aiSuggestion, rubricSchema, type GradingTask, type ItemAnalysis, type Page } from '@xueli/contracts';
import { calibrateResponses, classicalItemStats } from '@xueli/engine';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { itemUpdater } from '../items/items.service.ts';
import { appendBankResponses, refitWhenQuiet } from '../skills/evidence.service.ts';
import * as repo from './attempts.repo.ts';
import { recomputeTotals } from './attempts.service.ts';
import * as exams from './exams.repo.ts';
import { gradeResponse, rubricScore } from './grading.ts';

type AiSuggestion = NonNullable<GradingTask['aiSuggestion']>;

/** The stored AI suggestion of a response (detail.ai), if it has the expected shape. */
function aiSuggestionOf(v: unknown): AiSuggestion | null {
  const parsed = aiSuggestion.safeParse(v);
  return parsed.success ? parsed.data : null;
}

export async function gradingQueue(deps: Deps, props: { query: { examId?: number | undefined; page: number; pageSize: number } }): Promise<Page<GradingTask>> {
  const { rows, total } = await repo.gradingQueue(deps.db, props.query);
  return {
    items: rows.map(({ response, attempt, examTitle, item }) => {
      const detail = response.detail as { reviewReason?: string | null; ai?: AiSuggestion } | null;
      const ai = aiSuggestionOf(detail?.ai);
      const entry = attempt.form.find((f) => f.itemId === item.id);
      return {
        attemptId: attempt.id,
        itemId: item.id,
        examId: attempt.examId,
        examTitle,
        candidate: `#${attempt.id}`,
        submittedAt: attempt.submittedAt?.toISOString() ?? null,
        itemType: item.type,
        stem: item.stem,
        response: response.response ?? null,
        rubric: item.rubric,
        suggestedScore: response.autoScore,
        // The AI's rationale when it gave one (ADR 0010), else the keyword engine's reason.
        suggestion: ai?.rationale ?? detail?.reviewReason ?? null,
        ...(ai ? { aiSuggestion: ai } : {}),
        points: entry?.points ?? 1,
      };
    }),
    total,
    page: props.query.page,
    pageSize: props.query.pageSize,
  };
}

/** A person grades one response (rubric levels or a direct score); the attempt closes when nothing is left. */
export async function responseGrader(
  deps: Deps,
  props: { actor: Actor; requestId?: string; attemptId: number; itemId: number; body: { rubricLevels?: Record<string, number> | undefined; score?: number | undefined; comment?: string | undefined } },
): Promise<{ ok: true; attemptStatus: 'in_progress' | 'submitted' | 'graded' }> {
  const status = await deps.db.transaction(async (tx) => {
    const attempt = await repo.attemptById(tx, props.attemptId, { forUpdate: true });
    if (!attempt) throw notFound('attempt', props.attemptId);
    if (props.actor.employeeId != null && attempt.employeeId === props.actor.employeeId) throw forbidden('You cannot grade your own attempt');
    if (attempt.status === 'in_progress') throw conflict('This attempt is still in progress', { reason: 'in-progress' });
    const r = (await repo.responsesOf(tx, attempt.id)).find((x) => x.itemId === props.itemId);
    if (!r) throw notFound('item on this attempt', props.itemId);
    const bank = await repo.bankItems(tx, [props.itemId]);
    const item = bank.get(props.itemId)!;
    let score: number;
    if (props.body.rubricLevels) {
      const rubric = rubricSchema.safeParse(item.rubric);
      if (!rubric.success) throw invalid('This item has no rubric; give a score between 0 and 1 instead', { field: 'rubricLevels' });
      const res = rubricScore(rubric.data, props.body.rubricLevels);
      if (res.problems.length) throw invalid(`The grade has ${res.problems.length} problem${res.problems.length === 1 ? '' : 's'}: ${res.problems.join('; ')}`, { problems: res.problems });
      score = res.score;
    } else score = props.body.score!;
    const now = new Date();
    const wasPending = r.status === 'needs_review';
    await repo.updateResponse(tx, attempt.id, item.id, {
      score,
      status: 'graded',
      rubricLevels: props.body.rubricLevels ?? null,
      comment: props.body.comment ?? null,
      gradedBy: props.actor.userId,
      gradedAt: now,
    });
    const exam = (await exams.examById(tx, attempt.examId))!;
    const next = await recomputeTotals(tx, exam, attempt.id);
    // A first human grade is new evidence; a change of an existing grade is audited, not re-counted.
    if (wasPending && r.response != null) {
      await appendBankResponses(tx, [{ employeeId: attempt.employeeId, itemId: item.id, version: item.version, kpIds: item.kpIds, score, occurredAt: attempt.submittedAt ?? now, source: `exam:${exam.id}`, recordedBy: props.actor.userId }]);
    }
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'attempt.grade', entity: 'attempt', entityId: attempt.id, details: { itemId: item.id, score, previous: r.score, rubricLevels: props.body.rubricLevels ?? null }, requestId: props.requestId ?? null });
    return next;
  });
  refitWhenQuiet(deps.db);
  return { ok: true, attemptStatus: status };
}

/**
 * Regrades every machine-graded response to an item in finished attempts with its current key
 * (after a key change), and recomputes those attempts' totals. Programming items are not rerun.
 */
export async function itemRegrader(deps: Deps, props: { actor: Actor; requestId?: string; itemId: number }): Promise<{ responses: number; attempts: number }> {
  return deps.db.transaction(async (tx) => {
    const item = (await repo.bankItems(tx, [props.itemId])).get(props.itemId);
    if (!item) throw notFound('item', props.itemId);
    if (item.type === 'essay' || item.type === 'programming') throw conflict(`A ${item.type} item is not regraded automatically`, { type: item.type });
    const rows = await repo.autoGradedResponsesOf(tx, item.id);
    const touched = new Map<number, number>();
    let changed = 0;
    for (const { response, attempt } of rows) {
      const g = await gradeResponse(item, response.response, () => Promise.reject(new Error('unreachable')));
      if (g.score === response.score && g.status === response.status) continue;
      await repo.updateResponse(tx, attempt.id, item.id, { score: g.score, autoScore: g.autoScore, status: g.status, detail: g.detail ?? null, gradedAt: new Date() });
      touched.set(attempt.id, attempt.examId);
      changed++;
    }
    for (const [attemptId, examId] of touched) await recomputeTotals(tx, (await exams.examById(tx, examId))!, attemptId);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'item.regrade', entity: 'item', entityId: item.id, details: { version: item.version, responses: changed, attempts: touched.size }, requestId: props.requestId ?? null });
    return { responses: changed, attempts: touched.size };
  });
}

/** Classical statistics and a 2PL calibration of an exam's items from its finished attempts. */
export async function itemAnalysis(deps: Deps, props: { examId: number }): Promise<ItemAnalysis> {
  const exam = await exams.examById(deps.db, props.examId);
  if (!exam) throw notFound('exam', props.examId);
  const rows = await repo.scoredResponses(deps.db, exam.id);
  const people = [...new Set(rows.map((r) => r.attemptId))];
  const itemIds = [...new Set(rows.map((r) => r.itemId))];
  const pIx = new Map(people.map((p, i) => [p, i]));
  const iIx = new Map(itemIds.map((it, i) => [it, i]));
  const bank = await repo.bankItems(deps.db, itemIds);
  const scores = people.map(() => itemIds.map((): number | null => null));
  const choices = people.map(() => itemIds.map((): string | null => null));
  for (const r of rows) {
    scores[pIx.get(r.attemptId)!]![iIx.get(r.itemId)!] = r.score;
    if (typeof r.response === 'string' && bank.get(r.itemId)?.type === 'single') choices[pIx.get(r.attemptId)!]![iIx.get(r.itemId)!] = r.response;
  }
  const specs = itemIds.map((id) => {
    const it = bank.get(id)!;
    const key = it.answerKey as { correct?: string } | null;
    return it.type === 'single' && it.options ? { options: it.options.map((o) => o.id), key: key?.correct ?? '' } : undefined;
  });
  const classical = people.length ? classicalItemStats({ scores, choices, items: specs }) : [];
  const calibration = people.length >= 2
    ? calibrateResponses(rows.filter((r) => r.score != null).map((r) => ({ person: String(r.attemptId), item: String(r.itemId), score: r.score! >= 0.5 ? 1 : 0 })))
    : null;
  const calibrated = new Map((calibration?.items ?? []).map((c) => [Number(c.item), c]));
  const finite = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? null : x);
  return {
    examId: exam.id,
    candidates: people.length,
    items: itemIds.map((id, i) => {
      const it = bank.get(id)!;
      const c = classical[i];
      const cal = calibrated.get(id);
      return {
        itemId: id,
        stem: it.stem,
        type: it.type,
        responses: c?.n ?? 0,
        pValue: finite(c?.pValue),
        pointBiserial: finite(c?.pointBiserial),
        flags: c?.flags ?? [],
        distractors: c?.options ? c.options.map((o) => ({ option: o.option, share: o.share, upper: finite(o.top), lower: finite(o.bottom), correct: o.key })) : null,
        a: finite(cal?.a),
        b: finite(cal?.b),
        currentA: it.discrimination,
        currentB: it.difficulty,
      };
    }),
  };
}

/** Writes the calibrated a and b of the chosen items into the bank (a new version of each, audited). */
export async function calibrationApplier(deps: Deps, props: { actor: Actor; requestId?: string; examId: number; itemIds: number[] }): Promise<{ updated: number }> {
  const analysis = await itemAnalysis(deps, { examId: props.examId });
  const byId = new Map(analysis.items.map((i) => [i.itemId, i]));
  const problems = props.itemIds.filter((id) => byId.get(id)?.a == null || byId.get(id)?.b == null).map((id) => `item ${id}: no calibration in this exam's responses`);
  if (problems.length) throw invalid(problems.join('; '), { problems });
  for (const id of props.itemIds) {
    const c = byId.get(id)!;
    await itemUpdater(deps, {
      actor: props.actor,
      ...(props.requestId ? { requestId: props.requestId } : {}),
      id,
      body: { difficulty: Math.max(-10, Math.min(10, c.b!)), discrimination: Math.max(0, Math.min(10, c.a!)), note: `2PL calibration from exam ${props.examId} (${analysis.candidates} candidates)` },
    });
  }
  return { updated: props.itemIds.length };
}
