/** Data access for targets, evidence, mastery and knowledge-tracing models. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../catalog/sql.ts';
import { scopeCondition, type EmployeeScope } from '../org/policy.ts';
import {
  employees,
  employeeTargets,
  evidence,
  evidenceItems,
  frameworks,
  knowledgePoints,
  ktLearnerStates,
  ktModels,
  mastery,
  positions,
  positionTargets,
  users,
} from '../../db/schema/index.ts';

export type KpRow = {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  domain: string;
  frameworkId: number;
  frameworkCode: string;
  frameworkStatus: string;
};

const kpColumns = {
  id: knowledgePoints.id,
  code: knowledgePoints.code,
  name: knowledgePoints.name,
  nameEn: knowledgePoints.nameEn,
  domain: knowledgePoints.domain,
  frameworkId: knowledgePoints.frameworkId,
  frameworkCode: frameworks.code,
  frameworkStatus: frameworks.status,
};

export async function kpsByIds(db: Db, ids: number[]): Promise<KpRow[]> {
  if (!ids.length) return [];
  return db.select(kpColumns).from(knowledgePoints).innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId)).where(inArray(knowledgePoints.id, ids));
}

/** Points with one of these codes in frameworks that are not retired. */
export async function kpsByCodes(db: Db, codes: string[]): Promise<KpRow[]> {
  if (!codes.length) return [];
  return db
    .select(kpColumns)
    .from(knowledgePoints)
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .where(and(inArray(knowledgePoints.code, codes), sql`${frameworks.status} <> 'retired'`));
}

export async function employeesByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: employees.id, employeeNo: employees.employeeNo }).from(employees).where(inArray(employees.id, ids));
}

/** Whether the employee exists and is inside the scope. */
export async function employeeInScope(db: Db, employeeId: number, scope: EmployeeScope): Promise<boolean> {
  const [row] = await db.select({ id: employees.id }).from(employees).where(and(eq(employees.id, employeeId), scopeCondition(scope, employees.id)));
  return Boolean(row);
}

/** Ids of the knowledge points of frameworks that are not retired. */
export async function liveKpIds(db: Db): Promise<number[]> {
  const rows = await db
    .select({ id: knowledgePoints.id })
    .from(knowledgePoints)
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .where(sql`${frameworks.status} <> 'retired'`);
  return rows.map((r) => r.id);
}

export async function employeesByNos(db: Db, nos: string[]) {
  if (!nos.length) return [];
  return db.select({ id: employees.id, employeeNo: employees.employeeNo }).from(employees).where(inArray(employees.employeeNo, nos));
}

export async function itemsByRefs(db: Db, refs: string[]) {
  if (!refs.length) return [];
  return db.select().from(evidenceItems).where(inArray(evidenceItems.ref, refs));
}

/**
 * Registers items by ref if they are new and returns every one of them. Safe when concurrent
 * transactions register the same ref: the loser's insert does nothing and the select then sees
 * the winner's row (read committed).
 */
export async function ensureItems(db: Db, rows: { ref: string; kpIds: number[] }[]) {
  if (!rows.length) return [];
  await db.insert(evidenceItems).values(rows).onConflictDoNothing({ target: evidenceItems.ref });
  return itemsByRefs(db, rows.map((r) => r.ref));
}

export type EvidenceInsert = typeof evidence.$inferInsert;
export async function insertEvidence(db: Db, rows: EvidenceInsert[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(evidence).values(rows.slice(i, i + 1000));
}

/** Graded responses in learner order (employee, time, id); `employeeIds` limits them. */
export async function responsesOf(db: Db, employeeIds?: number[]) {
  return db
    .select({ employeeId: evidence.employeeId, itemId: evidence.itemId, kpIds: evidence.kpIds, score: evidence.score, occurredAt: evidence.occurredAt })
    .from(evidence)
    .where(and(eq(evidence.kind, 'response'), employeeIds ? inArray(evidence.employeeId, employeeIds) : undefined))
    .orderBy(asc(evidence.employeeId), asc(evidence.occurredAt), asc(evidence.id));
}

/** How many responses each employee has in the evidence log (what a learner state should have seen). */
export async function responseCounts(db: Db, employeeIds: number[]): Promise<Map<number, number>> {
  if (!employeeIds.length) return new Map();
  const rows = await db
    .select({ employeeId: evidence.employeeId, n: sql<number>`count(*)::int` })
    .from(evidence)
    .where(and(eq(evidence.kind, 'response'), inArray(evidence.employeeId, employeeIds)))
    .groupBy(evidence.employeeId);
  return new Map(rows.map((r) => [r.employeeId, Number(r.n)]));
}

export async function countResponses(db: Db, since?: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(evidence)
    .where(and(eq(evidence.kind, 'response'), since ? sql`${evidence.recordedAt} > ${since}` : undefined));
  return Number(r?.n ?? 0);
}

export async function activeModelRow(db: Db) {
  const [row] = await db.select().from(ktModels).where(eq(ktModels.active, true)).limit(1);
  return row;
}

/** The active model without its parameters (cheap: callers cache parsed parameters by id and fit time). */
export async function activeModelHead(db: Db) {
  const [row] = await db.select({ id: ktModels.id, kind: ktModels.kind, fittedAt: ktModels.fittedAt }).from(ktModels).where(eq(ktModels.active, true)).limit(1);
  return row;
}

export async function modelParams(db: Db, id: number) {
  const [row] = await db.select({ params: ktModels.params }).from(ktModels).where(eq(ktModels.id, id));
  return row?.params;
}

export async function listModels(db: Db) {
  return db.select().from(ktModels).orderBy(desc(ktModels.fittedAt)).limit(50);
}

export async function learnerStates(db: Db, employeeIds: number[]) {
  if (!employeeIds.length) return [];
  return db.select().from(ktLearnerStates).where(inArray(ktLearnerStates.employeeId, employeeIds));
}

export async function saveLearnerStates(db: Db, rows: (typeof ktLearnerStates.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(ktLearnerStates)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: ktLearnerStates.employeeId,
        set: { modelId: sql`excluded.model_id`, state: sql`excluded.state`, responses: sql`excluded.responses`, updatedAt: sql`now()` },
      });
  }
}

/** Learners whose stored state was built by another model than `modelId`. */
export async function staleLearners(db: Db, modelId: number): Promise<number[]> {
  const rows = await db
    .select({ id: ktLearnerStates.employeeId })
    .from(ktLearnerStates)
    .where(sql`${ktLearnerStates.modelId} is distinct from ${modelId}`);
  return rows.map((r) => r.id);
}

export type MasteryRow = typeof mastery.$inferSelect;
export async function masteryOf(db: Db, employeeIds: number[], kpIds?: number[]): Promise<MasteryRow[]> {
  if (!employeeIds.length) return [];
  return db
    .select()
    .from(mastery)
    .where(and(inArray(mastery.employeeId, employeeIds), kpIds ? (kpIds.length ? inArray(mastery.kpId, kpIds) : sql`false`) : undefined));
}

/** K and the time of the last evidence per (employee, point), lean: for planning many people at once. */
export async function masteryCells(db: Db, employeeIds: number[], kpIds: number[]) {
  if (!employeeIds.length || !kpIds.length) return [];
  // One JSON text of [employee, point, K, ms] cells: parsing it is several times cheaper than
  // tens of thousands of row objects (planning reads 200 points × 1,000 people at a time).
  const [row] = rowsOf<{ cells: string }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(employee_id, kp_id, p, (extract(epoch from last_evidence_at) * 1000)::float8)), '[]')::text as cells
      from mastery where employee_id = any(${sql.param(employeeIds)}::int[]) and kp_id = any(${sql.param(kpIds)}::int[])`),
  );
  const cells = JSON.parse(row?.cells ?? '[]') as [number, number, number, number | null][];
  return cells.map(([employeeId, kpId, p, at]) => ({ employeeId, kpId, p, at: at == null ? null : new Date(at) }));
}

export async function upsertMastery(db: Db, rows: (typeof mastery.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(mastery)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [mastery.employeeId, mastery.kpId],
        set: {
          p: sql`excluded.p`,
          attempts: sql`excluded.attempts`,
          correct: sql`excluded.correct`,
          lastEvidenceAt: sql`excluded.last_evidence_at`,
          updatedAt: sql`now()`,
        },
      });
  }
}

/**
 * Effective targets of a set of members, as SQL: `members` selects (id, position_id). Each
 * member's position targets, with their overrides applied (T or weight replaced, or excluded),
 * plus override-only points; points of retired frameworks never count. The one definition of
 * "effective target", used for single employees and for whole teams.
 */
export const effectiveTargetsSql = (members: SQL) => sql`
  select m.id as employee_id, pt.kp_id, coalesce(o.target, pt.target) as target, coalesce(o.weight, pt.weight) as weight,
         case when o.target is not null or o.weight is not null then 'override' else 'position' end as source,
         coalesce(o.reason, '') as reason
  from (${members}) m
  join position_targets pt on pt.position_id = m.position_id
  left join employee_targets o on o.employee_id = m.id and o.kp_id = pt.kp_id
  where o.excluded is not true
    and exists (select 1 from knowledge_points k join frameworks f on f.id = k.framework_id where k.id = pt.kp_id and f.status <> 'retired')
  union all
  select m.id, o.kp_id, o.target, coalesce(o.weight, 1), 'override', o.reason
  from (${members}) m
  join employee_targets o on o.employee_id = m.id
  where o.target is not null and not o.excluded
    and not exists (select 1 from position_targets pt where pt.position_id = m.position_id and pt.kp_id = o.kp_id)
    and exists (select 1 from knowledge_points k join frameworks f on f.id = k.framework_id where k.id = o.kp_id and f.status <> 'retired')`;

export interface TargetRow {
  employeeId: number;
  kpId: number;
  target: number;
  weight: number;
  source: 'position' | 'override';
  reason: string;
}


export async function effectiveTargetRows(db: Db, members: SQL): Promise<TargetRow[]> {
  // As one JSON text (cheap to parse for thousands of members × tens of points).
  const [row] = rowsOf<{ rows: string }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(t.employee_id, t.kp_id, t.target, t.weight, t.source, t.reason)), '[]')::text as rows
      from (${effectiveTargetsSql(members)}) t`),
  );
  const rows = JSON.parse(row?.rows ?? '[]') as [number, number, number, number, string, string][];
  return rows.map(([employeeId, kpId, target, weight, source, reason]) => ({ employeeId, kpId, target, weight, source: source === 'override' ? 'override' : 'position', reason }));
}

/** SQL selecting (id, position_id) of the given employees. */
export const membersById = (ids: number[]) => sql`select id, position_id from employees where id = any(${sql.param(ids)}::int[])`;

/**
 * Per knowledge point over everyone in `members` with a target on it: how many, mean K, how
 * many below target, and the summed weighted shortfall; K is the mastery row or, without one,
 * the model prior given in `priors`. Also the number of members and their total shortfall.
 */
export async function targetAggregates(db: Db, members: SQL, priors: Map<number, number>) {
  const prior = priors.size
    ? sql`(values ${sql.join([...priors].map(([k, p]) => sql`(${k}::int, ${p}::float8)`), sql`, `)}) pr(kp_id, p)`
    : sql`(select null::int as kp_id, null::float8 as p where false) pr`;
  const rows = rowsOf<{ kp_id: number; n: number; mean_k: number; below: number; shortfall: number }>(
    await db.execute(sql`
      with t as (${effectiveTargetsSql(members)}),
      k as (
        select t.*, coalesce(ma.p, pr.p, 0.5) as k
        from t left join mastery ma on ma.employee_id = t.employee_id and ma.kp_id = t.kp_id
        left join ${prior} on pr.kp_id = t.kp_id)
      select kp_id, count(*)::int as n, avg(k)::float8 as mean_k, count(*) filter (where k < target)::int as below,
             sum(weight * power(greatest(0, target - k), 2))::float8 as shortfall
      from k group by kp_id`),
  );
  return rows.map((r) => ({ kpId: Number(r.kp_id), members: Number(r.n), meanK: Number(r.mean_k), below: Number(r.below), shortfall: Number(r.shortfall) }));
}

/** Targets of the employees' positions (published or draft frameworks, not retired). */
export async function positionTargetsOf(db: Db, positionIds: number[]) {
  if (!positionIds.length) return [];
  return db
    .select({ positionId: positionTargets.positionId, target: positionTargets.target, weight: positionTargets.weight, kp: kpColumns })
    .from(positionTargets)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, positionTargets.kpId))
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .where(and(inArray(positionTargets.positionId, positionIds), sql`${frameworks.status} <> 'retired'`))
    .orderBy(asc(frameworks.id), asc(knowledgePoints.code));
}

/** Every position's targets with codes, for the CSV export. */
export async function allPositionTargets(db: Db) {
  return db
    .select({ positionCode: positions.code, kpCode: knowledgePoints.code, target: positionTargets.target, weight: positionTargets.weight, framework: frameworks.code })
    .from(positionTargets)
    .innerJoin(positions, eq(positions.id, positionTargets.positionId))
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, positionTargets.kpId))
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .orderBy(asc(positions.code), asc(frameworks.code), asc(knowledgePoints.code));
}

/** Positions by code and live knowledge points by code, for the targets import. */
export async function targetLookup(db: Db) {
  const [pos, kps] = await Promise.all([
    db.select({ id: positions.id, code: positions.code }).from(positions),
    db
      .select({ id: knowledgePoints.id, code: knowledgePoints.code, framework: frameworks.code })
      .from(knowledgePoints)
      .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
      .where(sql`${frameworks.status} <> 'retired'`),
  ]);
  const points = new Map<string, { id: number; framework: string }[]>();
  for (const k of kps) points.set(k.code, [...(points.get(k.code) ?? []), { id: k.id, framework: k.framework }]);
  return { positions: new Map(pos.map((p) => [p.code, p.id])), points };
}

export async function positionTargetCounts(db: Db, positionIds: number[]): Promise<Map<number, number>> {
  if (!positionIds.length) return new Map();
  const rows = await db
    .select({ id: positionTargets.positionId, n: sql<number>`count(*)::int` })
    .from(positionTargets)
    .where(inArray(positionTargets.positionId, positionIds))
    .groupBy(positionTargets.positionId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export async function replacePositionTargets(db: Db, positionId: number, items: { kpId: number; target: number; weight: number }[]) {
  await db.delete(positionTargets).where(eq(positionTargets.positionId, positionId));
  if (items.length) await db.insert(positionTargets).values(items.map((i) => ({ positionId, ...i })));
}

export async function upsertOverride(db: Db, row: typeof employeeTargets.$inferInsert) {
  await db
    .insert(employeeTargets)
    .values(row)
    .onConflictDoUpdate({
      target: [employeeTargets.employeeId, employeeTargets.kpId],
      set: { target: row.target ?? null, weight: row.weight ?? null, excluded: row.excluded ?? false, reason: row.reason ?? '', setBy: row.setBy ?? null, updatedAt: sql`now()` },
    });
}

export async function deleteOverride(db: Db, employeeId: number, kpId: number): Promise<boolean> {
  const rows = await db
    .delete(employeeTargets)
    .where(and(eq(employeeTargets.employeeId, employeeId), eq(employeeTargets.kpId, kpId)))
    .returning({ kpId: employeeTargets.kpId });
  return rows.length > 0;
}

export async function employeeCard(db: Db, employeeId: number) {
  const [row] = await db
    .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, positionId: employees.positionId, positionName: positions.name, positionNameEn: positions.nameEn })
    .from(employees)
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .where(eq(employees.id, employeeId));
  return row;
}

/** Mean self- and manager ratings per (employee, point). */
export async function ratingsOf(db: Db, employeeIds: number[]) {
  if (!employeeIds.length) return [];
  const result: unknown = await db.execute(sql`
    select e.employee_id, k.kp_id, e.kind, avg(e.score)::float8 as score
    from ${evidence} e cross join lateral unnest(e.kp_ids) as k(kp_id)
    where e.employee_id in (${sql.join(employeeIds.map((id) => sql`${id}`), sql`, `)}) and e.kind <> 'response'
    group by e.employee_id, k.kp_id, e.kind`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { employee_id: number; kp_id: number; kind: string; score: number }[];
  return rows.map((r) => ({ employeeId: Number(r.employee_id), kpId: Number(r.kp_id), kind: r.kind, score: Number(r.score) }));
}

/** One page of an employee's evidence, newest first, optionally on one point or of one kind. */
export async function evidencePage(db: Db, q: { employeeId: number; kpId?: number | undefined; kind?: string | undefined; page: number; pageSize: number }) {
  const where = and(
    eq(evidence.employeeId, q.employeeId),
    q.kpId ? sql`${q.kpId} = any(${evidence.kpIds})` : undefined,
    q.kind ? eq(evidence.kind, q.kind as 'response') : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select({ e: evidence, itemRef: evidenceItems.ref, recordedBy: users.displayName })
      .from(evidence)
      .leftJoin(evidenceItems, eq(evidenceItems.id, evidence.itemId))
      .leftJoin(users, eq(users.id, evidence.recordedBy))
      .where(where)
      .orderBy(desc(evidence.occurredAt), desc(evidence.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(evidence).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
