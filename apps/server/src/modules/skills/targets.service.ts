/**
 * Targets T: per position and knowledge point (with a weight); employees inherit their
 * position's targets, and an individual override may change T or the weight, add a point, or
 * exclude one. Frameworks that are retired no longer count.
 */
import type { EffectiveTarget, ImportSummary, PositionTargets } from '@xueli/contracts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { positions } from '../../db/schema/index.ts';
import type { Deps, OpContext } from '../../deps.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { decodeTextFile, parseCsvTable } from '../../lib/csv.ts';
import { DomainError, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { employeeScope } from '../org/policy.ts';
import * as repo from './mastery.repo.ts';
import { planTargetsImport, targetHeaders, targetsCsv } from './targets.csv.ts';

const kpFields = (kp: repo.KpRow) => ({ kpId: kp.id, kpCode: kp.code, kpName: kp.name, kpNameEn: kp.nameEn, frameworkId: kp.frameworkId });

/** Each employee's effective targets, by employee id (employees with none map to []). */
export async function effectiveTargets(db: Db, employeeIds: number[]): Promise<Map<number, EffectiveTarget[]>> {
  const out = new Map<number, EffectiveTarget[]>(employeeIds.map((id) => [id, []]));
  if (!employeeIds.length) return out;
  const rows = await repo.effectiveTargetRows(db, repo.membersById(employeeIds));
  const kps = new Map((await repo.kpsByIds(db, [...new Set(rows.map((r) => r.kpId))])).map((k) => [k.id, k]));
  const ordered = rows
    .filter((r) => kps.has(r.kpId))
    .sort((a, b) => kps.get(a.kpId)!.frameworkId - kps.get(b.kpId)!.frameworkId || kps.get(a.kpId)!.code.localeCompare(kps.get(b.kpId)!.code));
  for (const r of ordered) {
    out.get(r.employeeId)?.push({ ...kpFields(kps.get(r.kpId)!), target: r.target, weight: r.weight, source: r.source, reason: r.reason });
  }
  return out;
}

export async function positionTargetsView(deps: Deps, props: { positionId: number }): Promise<PositionTargets> {
  const [pos] = await deps.db.select({ id: positions.id }).from(positions).where(eq(positions.id, props.positionId));
  if (!pos) throw notFound('position', props.positionId);
  const rows = await repo.positionTargetsOf(deps.db, [props.positionId]);
  return { positionId: props.positionId, items: rows.map((r) => ({ ...kpFields(r.kp), target: r.target, weight: r.weight })) };
}

/** Replaces a position's target set (all or nothing; every point must exist and not be retired). */
export async function positionTargetsSetter(
  deps: Deps,
  ctx: OpContext,
  props: { positionId: number; items: { kpId: number; target: number; weight: number }[] },
): Promise<PositionTargets> {
  const [pos] = await deps.db.select({ id: positions.id }).from(positions).where(eq(positions.id, props.positionId));
  if (!pos) throw notFound('position', props.positionId);
  const ids = props.items.map((i) => i.kpId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw invalid(`Knowledge point ${dup} is listed twice`, { kpId: dup });
  const known = new Map((await repo.kpsByIds(deps.db, ids)).map((k) => [k.id, k]));
  const missing = ids.filter((id) => !known.has(id) || known.get(id)!.frameworkStatus === 'retired');
  if (missing.length) throw invalid(`Unknown or retired knowledge points: ${missing.join(', ')}`, { kpIds: missing });
  await deps.db.transaction(async (tx) => {
    await repo.replacePositionTargets(tx, props.positionId, props.items);
    await recordAudit(tx, { actorUserId: ctx.actorUserId, action: 'position.targets.set', entity: 'position', entityId: props.positionId, details: { count: props.items.length }, requestId: ctx.requestId });
  });
  return positionTargetsView(deps, { positionId: props.positionId });
}

/** 404 unless the employee exists and is in the actor's row scope. */
export async function assertEmployeeVisible(db: Db, actor: Actor, employeeId: number): Promise<void> {
  if (!(await repo.employeeInScope(db, employeeId, employeeScope(actor)))) throw notFound('employee', employeeId);
}

export async function employeeTargetsView(deps: Deps, props: { actor: Actor; employeeId: number }) {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  return { employeeId: props.employeeId, items: (await effectiveTargets(deps.db, [props.employeeId])).get(props.employeeId) ?? [] };
}

/** Overrides are set by someone's manager or an admin, never by the person themselves. */
function assertNotOwnTargets(actor: Actor, employeeId: number) {
  if (actor.employeeId === employeeId && !hasRole(actor, 'admin')) throw forbidden('You cannot change your own targets; ask your manager');
}

export async function employeeTargetSetter(
  deps: Deps,
  props: { actor: Actor; requestId?: string; employeeId: number; kpId: number; target?: number | null; weight?: number | null; excluded?: boolean; reason?: string },
) {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  assertNotOwnTargets(props.actor, props.employeeId);
  const [kp] = await repo.kpsByIds(deps.db, [props.kpId]);
  if (!kp || kp.frameworkStatus === 'retired') throw notFound('knowledge point', props.kpId);
  await deps.db.transaction(async (tx) => {
    await repo.upsertOverride(tx, {
      employeeId: props.employeeId,
      kpId: props.kpId,
      target: props.target ?? null,
      weight: props.weight ?? null,
      excluded: props.excluded ?? false,
      reason: props.reason ?? '',
      setBy: props.actor.userId,
    });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'employee.target.override', entity: 'employee', entityId: props.employeeId, details: { kpId: props.kpId, target: props.target ?? null, weight: props.weight ?? null, excluded: props.excluded ?? false }, requestId: props.requestId ?? null });
  });
  return employeeTargetsView(deps, props);
}

export async function employeeTargetRemover(deps: Deps, props: { actor: Actor; requestId?: string; employeeId: number; kpId: number }) {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  assertNotOwnTargets(props.actor, props.employeeId);
  const removed = await deps.db.transaction(async (tx) => {
    const ok = await repo.deleteOverride(tx, props.employeeId, props.kpId);
    if (ok) await recordAudit(tx, { actorUserId: props.actor.userId, action: 'employee.target.reset', entity: 'employee', entityId: props.employeeId, details: { kpId: props.kpId }, requestId: props.requestId ?? null });
    return ok;
  });
  if (!removed) throw notFound('target override', `${props.employeeId}/${props.kpId}`);
  return employeeTargetsView(deps, props);
}

/** Every position's targets as CSV (position code, point code, T, weight, framework code). */
export async function targetsExporter(deps: Deps): Promise<Buffer> {
  const rows = await repo.allPositionTargets(deps.db);
  return targetsCsv(rows);
}

/**
 * Imports position targets from a CSV file: validates every row first (each problem with its
 * line), then replaces the target sets of the positions named in the file, all or nothing.
 */
export async function targetsImporter(deps: Deps, ctx: OpContext, props: { bytes: Buffer; dryRun: boolean }): Promise<ImportSummary> {
  const { text, encoding } = decodeTextFile(props.bytes);
  const table = parseCsvTable(text, targetHeaders);
  const plan = planTargetsImport(table, await repo.targetLookup(deps.db));
  const current = await repo.positionTargetCounts(deps.db, [...plan.sets.keys()]);
  const summary: ImportSummary = {
    dryRun: props.dryRun,
    totalRows: plan.totalRows,
    toCreate: [...plan.sets.keys()].filter((id) => !current.get(id)).length,
    toUpdate: [...plan.sets.keys()].filter((id) => current.get(id)).length,
    unchanged: 0,
    errors: plan.errors.slice(0, 1000),
    errorCount: plan.errors.length,
  };
  if (props.dryRun) return summary;
  if (plan.errors.length) throw new DomainError('import-invalid', `The file has ${plan.errors.length} problem(s); nothing was imported`, { ...summary });
  await deps.db.transaction(async (tx) => {
    for (const [positionId, items] of plan.sets) await repo.replacePositionTargets(tx, positionId, items);
    await recordAudit(tx, { actorUserId: ctx.actorUserId, action: 'position.targets.import', entity: 'position', details: { encoding, rows: plan.totalRows, positions: plan.sets.size }, requestId: ctx.requestId });
  });
  return summary;
}
