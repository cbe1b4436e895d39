/**
 * Knowledge tracing in the product: which model serves estimates, how a learner's state moves
 * with each new response (online, no refit), and the background refit that chooses a model by
 * held-out AUC and recomputes everyone's K. The algorithms are in @xueli/engine; this file only
 * feeds them the evidence log and stores what they return.
 *
 * Engine vocabulary: user = employee id, item = evidence_items id, skill = knowledge point id.
 */
import {
  BktModel,
  createKtModel,
  evaluatePredictions,
  ktModelFromJSON,
  predictHeldOut,
  splitByUser,
  type AnyKtModel,
  type KtModelName,
  type Response,
} from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import { ktModels, type KtModelKind } from '../../db/schema/index.ts';
import { eq, ne } from 'drizzle-orm';
import type { JobContext } from '../../lib/jobs.ts';
import * as repo from './mastery.repo.ts';
import { effectiveTargets } from './targets.service.ts';

export interface ServingModel {
  /** null: the built-in prior model (BKT with population priors), before the first fit. */
  id: number | null;
  kind: string;
  fittedAt: Date | null;
  model: AnyKtModel;
}

const parsed = new Map<string, AnyKtModel>();

/** The model that serves estimates now. Parsed models are cached per (id, fit time). */
export async function servingModel(db: Db): Promise<ServingModel> {
  // Every online update asks for the model: read its (possibly large) parameters only when the
  // active model is not parsed here yet.
  const row = await repo.activeModelHead(db);
  if (!row) return { id: null, kind: 'prior', fittedAt: null, model: new BktModel() };
  const key = `${row.id}:${row.fittedAt.getTime()}`;
  let model = parsed.get(key);
  if (!model) {
    model = ktModelFromJSON(await repo.modelParams(db, row.id));
    if (parsed.size > 8) parsed.clear();
    parsed.set(key, model);
  }
  return { id: row.id, kind: row.kind, fittedAt: row.fittedAt, model };
}

type ResponseRow = Awaited<ReturnType<typeof repo.responsesOf>>[number];
const toResponse = (r: ResponseRow): Response => ({
  user: String(r.employeeId),
  item: String(r.itemId),
  skills: r.kpIds.map(String),
  correct: r.score,
  t: r.occurredAt.getTime() / 1000,
});

/** Per point: responses seen, sum of scores, last time. */
type Tally = Map<number, { attempts: number; correct: number; last: Date }>;
function tally(rows: ResponseRow[], into: Tally = new Map()): Tally {
  for (const r of rows) {
    for (const kp of r.kpIds) {
      const t = into.get(kp) ?? { attempts: 0, correct: 0, last: r.occurredAt };
      t.attempts += 1;
      t.correct += r.score;
      if (r.occurredAt > t.last) t.last = r.occurredAt;
      into.set(kp, t);
    }
  }
  return into;
}

/**
 * Recomputes K for the given learners from their state: every point they have a target on, any
 * point with evidence, and any point already in the matrix.
 */
async function writeMastery(db: Db, serving: ServingModel, learners: { employeeId: number; state: unknown; tally: Tally; replace: boolean }[]) {
  if (!learners.length) return;
  const ids = learners.map((l) => l.employeeId);
  // Sequential: `db` is usually a transaction's single connection.
  const targets = await effectiveTargets(db, ids);
  const existing = await repo.masteryOf(db, ids);
  const existingBy = new Map<number, repo.MasteryRow[]>();
  for (const m of existing) existingBy.set(m.employeeId, [...(existingBy.get(m.employeeId) ?? []), m]);
  const rows: Parameters<typeof repo.upsertMastery>[1] = [];
  for (const l of learners) {
    const kps = new Set<number>([...(targets.get(l.employeeId) ?? []).map((t) => t.kpId), ...l.tally.keys()]);
    const old = new Map((existingBy.get(l.employeeId) ?? []).map((m) => [m.kpId, m]));
    for (const kp of old.keys()) kps.add(kp);
    for (const kp of kps) {
      const prev = l.replace ? undefined : old.get(kp);
      const t = l.tally.get(kp);
      rows.push({
        employeeId: l.employeeId,
        kpId: kp,
        p: clamp01(serving.model.mastery(l.state, String(kp))),
        attempts: (prev?.attempts ?? 0) + (t?.attempts ?? 0),
        correct: (prev?.correct ?? 0) + (t?.correct ?? 0),
        lastEvidenceAt: t ? (prev?.lastEvidenceAt && prev.lastEvidenceAt > t.last ? prev.lastEvidenceAt : t.last) : (prev?.lastEvidenceAt ?? null),
      });
    }
  }
  await repo.upsertMastery(db, rows);
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5);

/**
 * Online update after new responses were appended: each learner's stored state advances by the
 * new responses (time order) — or, if it was built by another model, is rebuilt by replaying
 * all their responses — and their K is recomputed. Call inside the transaction that appended.
 */
export async function applyNewResponses(db: Db, fresh: ResponseRow[]): Promise<void> {
  if (!fresh.length) return;
  const serving = await servingModel(db);
  const byEmployee = new Map<number, ResponseRow[]>();
  for (const r of [...fresh].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
    byEmployee.set(r.employeeId, [...(byEmployee.get(r.employeeId) ?? []), r]);
  }
  const ids = [...byEmployee.keys()];
  const stored = new Map((await repo.learnerStates(db, ids)).map((s) => [s.employeeId, s]));
  // A state is replayed from the log when it is of another model, missing, or has not seen exactly the
  // log minus this batch (an update that ran after a later commit already replayed this batch, or one
  // that failed): so no response is ever counted twice or lost.
  const counts = await repo.responseCounts(db, ids);
  const stale = ids.filter((id) => {
    const row = stored.get(id);
    return !row || row.modelId !== serving.id || row.responses + byEmployee.get(id)!.length !== (counts.get(id) ?? 0);
  });
  const replayed = stale.length ? await repo.responsesOf(db, stale) : [];
  const replayBy = new Map<number, ResponseRow[]>();
  for (const r of replayed) replayBy.set(r.employeeId, [...(replayBy.get(r.employeeId) ?? []), r]);

  const learners: Parameters<typeof writeMastery>[2] = [];
  const states: Parameters<typeof repo.saveLearnerStates>[1] = [];
  for (const id of ids) {
    const row = stored.get(id);
    const isStale = stale.includes(id);
    const seq = isStale ? (replayBy.get(id) ?? []) : byEmployee.get(id)!;
    const state: unknown = isStale ? serving.model.newLearner() : serving.model.stateFromJSON(row!.state);
    for (const r of seq) serving.model.update(state, toResponse(r));
    states.push({ employeeId: id, modelId: serving.id, state: serving.model.stateToJSON(state), responses: (isStale ? 0 : (row?.responses ?? 0)) + seq.length });
    learners.push({ employeeId: id, state, tally: tally(seq), replace: isStale });
  }
  await repo.saveLearnerStates(db, states);
  await writeMastery(db, serving, learners);
}

/** A learner's current state under the serving model (a fresh learner if none is stored). */
export async function learnerState(db: Db, serving: ServingModel, employeeId: number): Promise<unknown> {
  const [row] = await repo.learnerStates(db, [employeeId]);
  if (row && row.modelId === serving.id) return serving.model.stateFromJSON(row.state);
  const state: unknown = serving.model.newLearner();
  for (const r of await repo.responsesOf(db, [employeeId])) serving.model.update(state, toResponse(r));
  return state;
}

/** K of one point after each of a learner's responses, by replaying them through the serving model. */
export async function masteryTrajectory(db: Db, employeeId: number, kpId: number) {
  const serving = await servingModel(db);
  const state: unknown = serving.model.newLearner();
  const skill = String(kpId);
  const points: { at: string; mastery: number; score: number | null }[] = [];
  const rows = await repo.responsesOf(db, [employeeId]);
  if (rows.length) points.push({ at: rows[0]!.occurredAt.toISOString(), mastery: clamp01(serving.model.mastery(state, skill)), score: null });
  for (const r of rows) {
    serving.model.update(state, toResponse(r));
    if (r.kpIds.includes(kpId)) points.push({ at: r.occurredAt.toISOString(), mastery: clamp01(serving.model.mastery(state, skill)), score: r.score });
  }
  return points;
}

/** Candidates the refit compares (the engine's models; see docs/BENCHMARKS.md). */
const CANDIDATES: KtModelName[] = ['bkt', 'lr', 'lr+'];
/** Fewer graded responses or learners than this and the refit keeps the prior model. */
export const MIN_RESPONSES = 200;
export const MIN_LEARNERS = 10;

/**
 * The refit job: fits each candidate on 80% of the learners, scores it on the other 20% (AUC,
 * RMSE, log-loss, ECE), refits the best by AUC on everyone, makes it the serving model, and
 * recomputes every learner's state and K by replaying their evidence.
 */
export async function refit(db: Db, ctx: JobContext, opts: { seed?: number } = {}): Promise<Record<string, unknown>> {
  await ctx.progress(0.02, 'Reading the evidence log');
  const rows = await repo.responsesOf(db);
  const data = rows.map(toResponse);
  const learners = new Set(rows.map((r) => r.employeeId)).size;
  if (data.length < MIN_RESPONSES || learners < MIN_LEARNERS) {
    return { refitted: false, reason: `Not enough evidence yet: ${data.length} responses from ${learners} learners (needs ${MIN_RESPONSES} and ${MIN_LEARNERS})` };
  }
  const { train, test } = splitByUser(data, 0.2, opts.seed ?? 20261122);
  const scores: Record<string, Record<string, number>> = {};
  let best: KtModelName = CANDIDATES[0]!;
  for (const [i, name] of CANDIDATES.entries()) {
    await ctx.progress(0.05 + 0.4 * (i / CANDIDATES.length), `Fitting ${name} on ${train.length} responses`);
    const m = createKtModel(name);
    m.fit(train);
    const { y, p } = predictHeldOut(m, test);
    const e = evaluatePredictions(y, p);
    scores[name] = { auc: e.auc, rmse: e.rmse, logLoss: e.logLoss, ece: e.ece, accuracy: e.accuracy, heldOutResponses: e.n };
    if ((scores[name].auc ?? 0) > (scores[best]?.auc ?? -1)) best = name;
  }
  await ctx.progress(0.5, `Refitting ${best} on all ${data.length} responses`);
  const started = performance.now();
  const model = createKtModel(best);
  model.fit(data);
  const fitSeconds = (performance.now() - started) / 1000;
  const kind: KtModelKind = best;
  const metrics = { ...scores[best]!, learners, trainResponses: data.length };

  // The new model is stored inactive while every learner is replayed through it (chunk by
  // chunk, no long transaction: requests keep being served), then activated. Learners whose
  // state changed meanwhile under the old model are replayed once more after the switch.
  const [row] = await db.insert(ktModels).values({ kind, params: model.toJSON(), metrics, active: false, fitSeconds }).returning();
  const serving: ServingModel = { id: row!.id, kind, fittedAt: row!.fittedAt, model };
  const byEmployee = new Map<number, ResponseRow[]>();
  for (const r of rows) byEmployee.set(r.employeeId, [...(byEmployee.get(r.employeeId) ?? []), r]);
  const replay = async (ids: number[], sequences: Map<number, ResponseRow[]>, from: number, span: number) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const states: Parameters<typeof repo.saveLearnerStates>[1] = [];
      const batch: Parameters<typeof writeMastery>[2] = [];
      for (const id of chunk) {
        const seq = sequences.get(id) ?? [];
        const state: unknown = model.newLearner();
        for (const r of seq) model.update(state, toResponse(r));
        states.push({ employeeId: id, modelId: row!.id, state: model.stateToJSON(state), responses: seq.length });
        batch.push({ employeeId: id, state, tally: tally(seq), replace: true });
      }
      await db.transaction(async (tx) => {
        await repo.saveLearnerStates(tx, states);
        await writeMastery(tx, serving, batch);
      });
      await ctx.progress(from + span * ((i + chunk.length) / ids.length), `Recomputed mastery for ${i + chunk.length} of ${ids.length} learners`);
    }
  };
  const ids = [...byEmployee.keys()];
  await replay(ids, byEmployee, 0.55, 0.4);
  await db.transaction(async (tx) => {
    await tx.update(ktModels).set({ active: false }).where(ne(ktModels.id, row!.id));
    await tx.update(ktModels).set({ active: true }).where(eq(ktModels.id, row!.id));
  });
  const late = (await repo.staleLearners(db, row!.id));
  if (late.length) {
    const seqs = new Map<number, ResponseRow[]>();
    for (const r of await repo.responsesOf(db, late)) seqs.set(r.employeeId, [...(seqs.get(r.employeeId) ?? []), r]);
    await replay(late, seqs, 0.95, 0.05);
  }
  return { refitted: true, modelId: row!.id, chosen: best, scores, fitSeconds, learners, responses: data.length };
}
