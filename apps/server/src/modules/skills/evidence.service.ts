/**
 * The evidence log: graded responses (from the API until the assessment engine lands, then
 * from it) and self-/manager ratings. A batch is validated as a whole — every bad entry is
 * reported with its index — then appended in one transaction together with the online
 * mastery update, so K always reflects the log.
 */
import type { EvidenceBatchBody } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { DomainError, forbidden, notFound } from '../../lib/errors.ts';
import { startJob, jobInFlight } from '../../lib/jobs.ts';
import { employeeScope } from '../org/policy.ts';
import { applyNewResponses, refit } from './kt.service.ts';
import * as repo from './mastery.repo.ts';

interface EntryError {
  index: number;
  field: string;
  message: string;
}

const invalidBatch = (errors: EntryError[]) =>
  new DomainError('validation', `${errors.length} ${errors.length === 1 ? 'entry is' : 'entries are'} invalid; nothing was recorded`, { errors });

/**
 * Resolves knowledge-point references (ids, codes, or FRAMEWORK:CODE) among frameworks that are
 * not retired. Returns the ids, or an error message per unresolvable reference.
 */
export async function resolveKps(db: Db, refs: (number | string)[]): Promise<Map<string, number | string>> {
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const codes = refs.filter((r): r is string => typeof r === 'string');
  const plain = codes.map((c) => (c.includes(':') ? c.slice(c.indexOf(':') + 1) : c));
  const [byId, byCode] = await Promise.all([repo.kpsByIds(db, ids), repo.kpsByCodes(db, [...new Set(plain)])]);
  const out = new Map<string, number | string>();
  const idOk = new Map(byId.map((k) => [k.id, k]));
  for (const id of ids) {
    const k = idOk.get(id);
    out.set(String(id), k && k.frameworkStatus !== 'retired' ? id : `knowledge point ${id} does not exist`);
  }
  for (const c of codes) {
    const [fw, code] = c.includes(':') ? [c.slice(0, c.indexOf(':')), c.slice(c.indexOf(':') + 1)] : [undefined, c];
    const hits = byCode.filter((k) => k.code === code && (fw === undefined || k.frameworkCode === fw));
    // Prefer a published framework over drafts of the same code.
    const published = hits.filter((k) => k.frameworkStatus === 'published');
    const pick = published.length ? published : hits;
    if (pick.length === 1) out.set(c, pick[0]!.id);
    else if (pick.length === 0) out.set(c, `knowledge point ${c} does not exist`);
    else out.set(c, `knowledge point ${c} is ambiguous: write it as ${pick.map((k) => `${k.frameworkCode}:${k.code}`).join(' or ')}`);
  }
  return out;
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** `POST /evidence`: validates the whole batch, then appends it and updates mastery online. */
export async function evidenceRecorder(deps: Deps, props: { actor: Actor; requestId?: string; body: EvidenceBatchBody }) {
  const { responses } = props.body;
  const errors: EntryError[] = [];
  const ids = [...new Set(responses.map((r) => r.employeeId).filter((x): x is number => x != null))];
  const nos = [...new Set(responses.map((r) => r.employeeNo).filter((x): x is string => x != null))];
  const refs = [...new Set(responses.map((r) => r.itemRef))];
  const kpRefs = [...new Set(responses.flatMap((r) => r.knowledgePoints ?? []))];
  const [byId, byNo, items, kps] = await Promise.all([
    repo.employeesByIds(deps.db, ids),
    repo.employeesByNos(deps.db, nos),
    repo.itemsByRefs(deps.db, refs),
    resolveKps(deps.db, kpRefs),
  ]);
  const idSet = new Set(byId.map((e) => e.id));
  const noMap = new Map(byNo.map((e) => [e.employeeNo, e.id]));
  const itemMap = new Map(items.map((i) => [i.ref, i]));
  const declared = new Map<string, number[]>();
  const now = new Date();
  const resolved: { employeeId: number; ref: string; kpIds: number[]; score: number; occurredAt: Date; source: string }[] = [];

  responses.forEach((r, index) => {
    let employeeId: number | undefined;
    if (r.employeeId == null && r.employeeNo == null) errors.push({ index, field: 'employeeId', message: 'Give employeeId or employeeNo' });
    else if (r.employeeId != null && r.employeeNo != null) errors.push({ index, field: 'employeeNo', message: 'Give employeeId or employeeNo, not both' });
    else if (r.employeeId != null) {
      if (idSet.has(r.employeeId)) employeeId = r.employeeId;
      else errors.push({ index, field: 'employeeId', message: `Employee ${r.employeeId} does not exist` });
    } else {
      employeeId = noMap.get(r.employeeNo!);
      if (employeeId == null) errors.push({ index, field: 'employeeNo', message: `Employee ${r.employeeNo} does not exist` });
    }
    let kpIds: number[] | undefined;
    if (r.knowledgePoints) {
      const out: number[] = [];
      for (const ref of r.knowledgePoints) {
        const v = kps.get(String(ref));
        if (typeof v === 'number') out.push(v);
        else errors.push({ index, field: 'knowledgePoints', message: v ?? `knowledge point ${ref} does not exist` });
      }
      if (out.length === r.knowledgePoints.length) kpIds = [...new Set(out)];
    }
    const known = itemMap.get(r.itemRef);
    const earlier = declared.get(r.itemRef);
    if (known) {
      if (kpIds && !sameSet(kpIds, known.kpIds)) errors.push({ index, field: 'knowledgePoints', message: `Item ${r.itemRef} is already registered with other knowledge points` });
      kpIds = known.kpIds;
    } else if (earlier) {
      if (kpIds && !sameSet(kpIds, earlier)) errors.push({ index, field: 'knowledgePoints', message: `Item ${r.itemRef} is declared twice with different knowledge points` });
      kpIds = earlier;
    } else if (kpIds) {
      declared.set(r.itemRef, kpIds);
    } else if (!r.knowledgePoints) {
      errors.push({ index, field: 'itemRef', message: `Item ${r.itemRef} is unknown: declare it with its knowledgePoints` });
    }
    const occurredAt = r.occurredAt ? new Date(r.occurredAt) : now;
    if (occurredAt.getTime() > now.getTime() + 5 * 60_000) errors.push({ index, field: 'occurredAt', message: 'occurredAt is in the future' });
    if (employeeId != null && kpIds) resolved.push({ employeeId, ref: r.itemRef, kpIds, score: r.score, occurredAt, source: r.source ?? 'api' });
  });
  if (errors.length) throw invalidBatch(errors);

  const result = await deps.db.transaction(async (tx) => {
    // Registered with ON CONFLICT DO NOTHING: a concurrent batch declaring the same item does not collide.
    const created = await repo.ensureItems(tx, [...declared].map(([ref, kpIds]) => ({ ref, kpIds })));
    const itemId = new Map([...items, ...created].map((i) => [i.ref, i.id]));
    const rows = resolved.map((r) => ({
      employeeId: r.employeeId,
      kind: 'response' as const,
      itemId: itemId.get(r.ref)!,
      kpIds: r.kpIds,
      score: r.score,
      occurredAt: r.occurredAt,
      source: r.source,
      recordedBy: props.actor.userId,
    }));
    await repo.insertEvidence(tx, rows);
    await applyNewResponses(tx, rows.map((r) => ({ employeeId: r.employeeId, itemId: r.itemId, kpIds: r.kpIds, score: r.score, occurredAt: r.occurredAt })));
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'evidence.append', entity: 'evidence', details: { responses: rows.length, newItems: created.length }, requestId: props.requestId ?? null });
    return { accepted: rows.length, employees: new Set(rows.map((r) => r.employeeId)).size, newItems: created.length };
  });
  await maybeScheduleRefit(deps.db);
  return result;
}

/** A graded response from the assessment engine: a bank item (at a version) and its knowledge points. */
export interface BankResponse {
  employeeId: number;
  itemId: number;
  version: number;
  kpIds: number[];
  score: number;
  occurredAt: Date;
  /** e.g. "exam:12". */
  source: string;
  recordedBy: number | null;
}

/**
 * Appends graded responses from exams to the evidence log and updates mastery online, inside the
 * caller's transaction. Each item version is registered once as `bank:<id>@v<version>` with its
 * knowledge points (a change of the Q-matrix is a new version, so a ref never changes meaning).
 * Call `maybeScheduleRefit` after the transaction commits.
 */
export async function appendBankResponses(db: Db, rows: BankResponse[]): Promise<void> {
  await applyNewResponses(db, await recordBankResponses(db, rows));
}

/** The evidence rows of `appendBankResponses` without the mastery update (see `applyAfterCommit`). */
export type FreshResponse = Parameters<typeof applyNewResponses>[1][number];

/**
 * Only the evidence-log half of `appendBankResponses`, for a caller whose transaction must stay short
 * (an exam submit under load): returns what `applyAfterCommit` then applies to mastery.
 */
export async function recordBankResponses(db: Db, rows: BankResponse[]): Promise<FreshResponse[]> {
  if (!rows.length) return [];
  const refOf = (r: BankResponse) => `bank:${r.itemId}@v${r.version}`;
  const wanted = new Map(rows.map((r) => [refOf(r), r.kpIds]));
  const registered = await repo.ensureItems(db, [...wanted].map(([ref, kpIds]) => ({ ref, kpIds })));
  const idOf = new Map(registered.map((i) => [i.ref, i.id]));
  const evidenceRows = rows.map((r) => ({
    employeeId: r.employeeId,
    kind: 'response' as const,
    itemId: idOf.get(refOf(r))!,
    kpIds: r.kpIds,
    score: Math.min(1, Math.max(0, r.score)),
    occurredAt: r.occurredAt,
    source: r.source,
    recordedBy: r.recordedBy,
  }));
  await repo.insertEvidence(db, evidenceRows);
  return evidenceRows.map((r) => ({ employeeId: r.employeeId, itemId: r.itemId, kpIds: r.kpIds, score: r.score, occurredAt: r.occurredAt }));
}

/** The mastery update of each employee waits for this process's previous one (no lost update). */
const updating = new Map<number, Promise<void>>();

/**
 * Applies committed evidence to mastery (the online update), right after the transaction that wrote
 * it. Updates of one employee run one after another in this process. If it fails (or the process
 * stops first), the evidence is in the log and the learner's state is rebuilt from it by the next
 * update or refit.
 */
export function applyAfterCommit(db: Db, fresh: FreshResponse[]): Promise<void> {
  if (!fresh.length) return Promise.resolve();
  const ids = [...new Set(fresh.map((r) => r.employeeId))];
  const before = Promise.all(ids.map((id) => updating.get(id) ?? Promise.resolve()));
  const run = before.then(() => applyNewResponses(db, fresh));
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  for (const id of ids) updating.set(id, settled);
  void settled.then(() => {
    for (const id of ids) if (updating.get(id) === settled) updating.delete(id);
  });
  return run;
}

/**
 * Starts a background refit when the log has grown enough since the serving model was fitted:
 * at least 200 new responses and a fifth of all of them (and none is running already).
 */
export function maybeScheduleRefit(db: Db): Promise<void> {
  // One check at a time per process: two checks could both see no job in flight and start two.
  checking ??= refitCheck(db).finally(() => (checking = null));
  return checking;
}
let checking: Promise<void> | null = null;

/** How long the evidence log must be quiet before `refitWhenQuiet` checks for a refit. */
export const REFIT_QUIET_MS = 60_000;
let quietTimer: NodeJS.Timeout | null = null;
let lastEvidenceAt = 0;

/**
 * Evidence has been appended: check for a refit once no more has arrived for REFIT_QUIET_MS, so
 * a wave of exam submissions pays neither the counting nor a model fit until it is over. The
 * timer does not keep the process alive; failures are dropped (the next evidence retries).
 */
export function refitWhenQuiet(db: Db, quietMs = REFIT_QUIET_MS): void {
  lastEvidenceAt = Date.now();
  if (quietTimer) return;
  const tick = () => {
    const idle = Date.now() - lastEvidenceAt;
    if (idle < quietMs) {
      quietTimer = setTimeout(tick, quietMs - idle);
      quietTimer.unref();
      return;
    }
    quietTimer = null;
    maybeScheduleRefit(db).catch(() => undefined);
  };
  quietTimer = setTimeout(tick, quietMs);
  quietTimer.unref();
}

async function refitCheck(db: Db): Promise<void> {
  const active = await repo.activeModelRow(db);
  const [fresh, total] = await Promise.all([repo.countResponses(db, active?.fittedAt), repo.countResponses(db)]);
  if (fresh < 200 || fresh < total * 0.2) return;
  if ((await jobInFlight(db, 'kt.refit')) != null) return;
  await startJob(db, { kind: 'kt.refit', payload: { trigger: 'evidence' } }, (ctx) => refit(db, ctx));
}

/** Self- or manager ratings: weaker evidence, kept apart from the model (shown beside K). */
export async function ratingRecorder(
  deps: Deps,
  props: { actor: Actor; requestId?: string; employeeId: number | null; ratings: { kp: number | string; score: number }[] },
) {
  const self = props.employeeId == null || props.employeeId === props.actor.employeeId;
  const employeeId = props.employeeId ?? props.actor.employeeId;
  if (employeeId == null) throw forbidden('Your account is not linked to an employee');
  if (!self) {
    const scope = employeeScope(props.actor);
    if (!(await repo.employeeInScope(deps.db, employeeId, scope)) || !hasRole(props.actor, 'manager', 'admin')) throw notFound('employee', employeeId);
  }
  const kps = await resolveKps(deps.db, props.ratings.map((r) => r.kp));
  const errors: EntryError[] = [];
  props.ratings.forEach((r, index) => {
    const v = kps.get(String(r.kp));
    if (typeof v !== 'number') errors.push({ index, field: 'kp', message: v ?? `knowledge point ${r.kp} does not exist` });
  });
  if (errors.length) throw invalidBatch(errors);
  const kind = self ? ('self_rating' as const) : ('manager_rating' as const);
  await deps.db.transaction(async (tx) => {
    await repo.insertEvidence(
      tx,
      props.ratings.map((r) => ({ employeeId, kind, kpIds: [kps.get(String(r.kp)) as number], score: r.score, occurredAt: new Date(), source: kind, recordedBy: props.actor.userId })),
    );
    await recordAudit(tx, { actorUserId: props.actor.userId, action: `evidence.${kind}`, entity: 'employee', entityId: employeeId, details: { ratings: props.ratings.length }, requestId: props.requestId ?? null });
  });
  return { accepted: props.ratings.length, employees: 1, newItems: 0 };
}
