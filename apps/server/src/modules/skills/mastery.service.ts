/**
 * Read views of the mastery matrix: an employee's K against their targets T with the ranked
 * gaps (shortfall w·max(0, T − K)², seed 002's Σ(K − T)² counting only shortfalls), K over
 * time, the evidence behind a cell, and the manager's heat map members × knowledge points.
 * Where a learner has no estimate for a point yet, K is the serving model's prior for it.
 */
import type { EvidenceItem, MasteryItem, MasteryView, Page, TeamMastery } from '@xueli/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { employees, positions } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { csvDocument } from '../../lib/csv.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { employeeScope, scopeCondition } from '../org/policy.ts';
import { learnerState, masteryTrajectory, servingModel, type ServingModel } from './kt.service.ts';
import * as repo from './mastery.repo.ts';
import { assertEmployeeVisible, effectiveTargets } from './targets.service.ts';

const shortfallOf = (target: number | null, weight: number | null, k: number) =>
  target == null ? 0 : (weight ?? 1) * Math.max(0, target - k) ** 2;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function priorOf(serving: ServingModel, kpId: number, state: unknown): number {
  const p = serving.model.mastery(state, String(kpId));
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0.5;
}

/**
 * K of these employees on these points, for planning: the mastery row, or (no evidence yet) the
 * serving model's population prior for the point. `get` answers for any pair asked for.
 */
export async function masteryMatrix(db: Db, employeeIds: number[], kpIds: number[]) {
  const serving = await servingModel(db);
  const fresh: unknown = serving.model.newLearner();
  const priors = new Map(kpIds.map((id) => [id, priorOf(serving, id, fresh)]));
  const rows = await repo.masteryCells(db, employeeIds, kpIds);
  // (employee, point) → row index; a number key (points < 2^21) avoids building strings
  const key = (employeeId: number, kpId: number) => employeeId * 2_097_152 + kpId;
  const byPair = new Map(rows.map((r) => [key(r.employeeId, r.kpId), r]));
  return {
    get: (employeeId: number, kpId: number): number => byPair.get(key(employeeId, kpId))?.p ?? priors.get(kpId) ?? 0.5,
    /** When the last evidence on the point arrived (null: none). */
    lastEvidenceAt: (employeeId: number, kpId: number): Date | null => byPair.get(key(employeeId, kpId))?.at ?? null,
  };
}

/** An employee's mastery of every targeted or evidenced point, with the gaps ranked. */
export async function masteryViewer(deps: Deps, props: { actor: Actor; employeeId: number }): Promise<MasteryView> {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  const card = await repo.employeeCard(deps.db, props.employeeId);
  if (!card) throw notFound('employee', props.employeeId);
  const serving = await servingModel(deps.db);
  const [targets, rows, ratings, state] = await Promise.all([
    effectiveTargets(deps.db, [props.employeeId]).then((m) => m.get(props.employeeId) ?? []),
    repo.masteryOf(deps.db, [props.employeeId]),
    repo.ratingsOf(deps.db, [props.employeeId]),
    learnerState(deps.db, serving, props.employeeId),
  ]);
  const kpIds = [...new Set([...targets.map((t) => t.kpId), ...rows.map((r) => r.kpId), ...ratings.map((r) => r.kpId)])];
  const kps = new Map((await repo.kpsByIds(deps.db, kpIds)).map((k) => [k.id, k]));
  const fresh: unknown = serving.model.newLearner();
  const targetBy = new Map(targets.map((t) => [t.kpId, t]));
  const rowBy = new Map(rows.map((r) => [r.kpId, r]));
  const items: MasteryItem[] = [];
  let total = 0, weights = 0, met = 0;
  for (const id of kpIds) {
    const kp = kps.get(id);
    if (!kp) continue;
    const t = targetBy.get(id);
    const row = rowBy.get(id);
    // The population prior, and this learner's current estimate where K has no row yet.
    const prior = priorOf(serving, id, fresh);
    const k = row?.p ?? priorOf(serving, id, state);
    const s = shortfallOf(t?.target ?? null, t?.weight ?? null, k);
    if (t) {
      total += s;
      weights += t.weight;
      if (k >= t.target) met += 1;
    }
    const rating = (kind: string) => {
      const r = ratings.find((x) => x.kpId === id && x.kind === kind);
      return r ? round(r.score) : null;
    };
    items.push({
      kpId: id,
      kpCode: kp.code,
      kpName: kp.name,
      kpNameEn: kp.nameEn,
      domain: kp.domain,
      frameworkId: kp.frameworkId,
      mastery: row ? round(row.p) : null,
      prior: round(prior),
      attempts: row?.attempts ?? 0,
      selfRating: rating('self_rating'),
      managerRating: rating('manager_rating'),
      target: t?.target ?? null,
      weight: t?.weight ?? null,
      shortfall: round(s, 6),
      lastEvidenceAt: row?.lastEvidenceAt?.toISOString() ?? null,
    });
  }
  items.sort((a, b) => a.frameworkId - b.frameworkId || a.kpCode.localeCompare(b.kpCode));
  return {
    employeeId: card.id,
    employeeName: card.name,
    positionName: card.positionName ?? null,
    positionNameEn: card.positionNameEn ?? null,
    weightedShortfall: round(total, 6),
    normalizedShortfall: weights ? round(total / weights, 6) : 0,
    targetsMet: met,
    targetCount: targets.length,
    items,
    gaps: items.filter((i) => i.shortfall > 0).sort((a, b) => b.shortfall - a.shortfall),
    model: { id: serving.id, kind: serving.kind, fittedAt: serving.fittedAt?.toISOString() ?? null },
  };
}

export async function myMastery(deps: Deps, props: { actor: Actor }): Promise<MasteryView> {
  if (props.actor.employeeId == null) throw forbidden('Your account is not linked to an employee');
  return masteryViewer(deps, { actor: props.actor, employeeId: props.actor.employeeId });
}

export async function masteryHistoryViewer(deps: Deps, props: { actor: Actor; employeeId: number; kpId: number }) {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  const [kp] = await repo.kpsByIds(deps.db, [props.kpId]);
  if (!kp) throw notFound('knowledge point', props.kpId);
  return { kpId: props.kpId, points: await masteryTrajectory(deps.db, props.employeeId, props.kpId) };
}

export async function evidenceViewer(
  deps: Deps,
  props: { actor: Actor; employeeId: number; query: { kpId?: number | undefined; kind?: string | undefined; page: number; pageSize: number } },
): Promise<Page<EvidenceItem>> {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  const { rows, total } = await repo.evidencePage(deps.db, { employeeId: props.employeeId, ...props.query });
  const kps = new Map((await repo.kpsByIds(deps.db, [...new Set(rows.flatMap((r) => r.e.kpIds))])).map((k) => [k.id, k]));
  return {
    items: rows.map((r) => ({
      id: r.e.id,
      kind: r.e.kind,
      itemRef: r.itemRef,
      knowledgePoints: r.e.kpIds.map((id) => ({ id, code: kps.get(id)?.code ?? String(id), name: kps.get(id)?.name ?? '' })),
      score: round(r.e.score),
      occurredAt: r.e.occurredAt.toISOString(),
      source: r.e.source,
      recordedBy: r.recordedBy,
    })),
    total,
    page: props.query.page,
    pageSize: props.query.pageSize,
  };
}

/**
 * The heat map: one page of the actor's team (managers: their reporting line; admins and
 * trainers: everyone; optionally one department with its sub-departments) by name, × the points
 * anyone in the team has a target on (optionally of one framework), with K and T per cell. The
 * per-point aggregates (mean K, members below target) and the mean shortfall are over the whole
 * team — the team and department gap analysis — computed in SQL, not from the page.
 */
export async function teamMasteryViewer(
  deps: Deps,
  props: { actor: Actor; query: { frameworkId?: number | undefined; departmentId?: number | undefined; page: number; pageSize: number } },
): Promise<TeamMastery> {
  const scope = employeeScope(props.actor);
  if (!hasRole(props.actor, 'admin', 'trainer', 'manager')) throw forbidden();
  const teamScope = scope.kind === 'line' ? sql`${employees.id} in (select employee_id from team_members where manager_id = ${scope.managerEmployeeId})` : scopeCondition(scope, employees.id);
  const dept = props.query.departmentId
    ? sql`${employees.departmentId} in (with recursive sub(id) as (select id from departments where id = ${props.query.departmentId} union select d.id from departments d join sub on d.parent_id = sub.id) select id from sub)`
    : undefined;
  const where = and(teamScope, dept, sql`${employees.status} <> 'terminated'`);
  const [members, [count]] = await Promise.all([
    deps.db
      .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, positionName: positions.name })
      .from(employees)
      .leftJoin(positions, eq(positions.id, employees.positionId))
      .where(where)
      .orderBy(asc(employees.name), asc(employees.id))
      .limit(props.query.pageSize)
      .offset((props.query.page - 1) * props.query.pageSize),
    deps.db.select({ n: sql<number>`count(*)::int` }).from(employees).where(where),
  ]);
  const ids = members.map((m) => m.id);
  const serving = await servingModel(deps.db);
  const fresh: unknown = serving.model.newLearner();
  const priors = new Map((await repo.liveKpIds(deps.db)).map((id) => [id, priorOf(serving, id, fresh)]));
  const scopeMembers = sql`select ${employees.id} as id, ${employees.positionId} as position_id from ${employees} where ${where}`;
  const [targets, rows, aggregates] = await Promise.all([
    effectiveTargets(deps.db, ids),
    repo.masteryOf(deps.db, ids),
    repo.targetAggregates(deps.db, scopeMembers, priors),
  ]);
  const aggBy = new Map(aggregates.map((a) => [a.kpId, a]));
  const kps = (await repo.kpsByIds(deps.db, aggregates.map((a) => a.kpId)))
    .filter((k) => props.query.frameworkId == null || k.frameworkId === props.query.frameworkId)
    .sort((a, b) => a.frameworkId - b.frameworkId || a.code.localeCompare(b.code, 'en', { numeric: true }));
  const cell = new Map(rows.map((r) => [`${r.employeeId}:${r.kpId}`, r]));
  const out = members.map((m) => {
    const t = new Map((targets.get(m.id) ?? []).map((x) => [x.kpId, x]));
    let shortfall = 0;
    const cells = kps.map((k) => {
      const row = cell.get(`${m.id}:${k.id}`);
      const target = t.get(k.id);
      if (target) shortfall += shortfallOf(target.target, target.weight, row?.p ?? priors.get(k.id) ?? 0.5);
      return { mastery: row ? round(row.p) : null, target: target?.target ?? null, attempts: row?.attempts ?? 0 };
    });
    return { employeeId: m.id, employeeNo: m.employeeNo, name: m.name, positionName: m.positionName ?? null, weightedShortfall: round(shortfall, 6), cells };
  });
  const total = Number(count?.n ?? 0);
  const shown = kps.map((k) => aggBy.get(k.id)!);
  return {
    knowledgePoints: kps.map((k, j) => ({
      id: k.id,
      code: k.code,
      name: k.name,
      nameEn: k.nameEn,
      domain: k.domain,
      prior: round(priors.get(k.id) ?? 0.5),
      meanMastery: shown[j]!.members ? round(shown[j]!.meanK) : null,
      belowTarget: shown[j]!.below,
    })),
    members: out,
    // Over the whole filtered team, not only this page.
    totals: {
      members: total,
      meanShortfall: total ? round(shown.reduce((s, a) => s + a.shortfall, 0) / total, 6) : 0,
      belowTargetCells: shown.reduce((s, a) => s + a.below, 0),
    },
    page: props.query.page,
    pageSize: props.query.pageSize,
  };
}

/** The heat map page as CSV (UTF-8 with BOM for Excel): one row per member, K and T per point. */
export async function teamMasteryCsv(deps: Deps, props: Parameters<typeof teamMasteryViewer>[1]): Promise<Buffer> {
  const view = await teamMasteryViewer(deps, props);
  const header = ['employee_no', 'name', 'position', 'weighted_shortfall', ...view.knowledgePoints.flatMap((k) => [`${k.code} K`, `${k.code} T`])];
  const lines = view.members.map((m) => [
    m.employeeNo,
    m.name,
    m.positionName ?? '',
    m.weightedShortfall,
    ...m.cells.flatMap((c) => [c.mastery ?? '', c.target ?? '']),
  ]);
  return csvDocument(header, lines);
}
