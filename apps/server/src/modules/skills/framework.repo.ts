/** All SQL of skill frameworks: frameworks, knowledge points and prerequisite edges. */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { frameworks, knowledgePoints, kpPrerequisites, type FrameworkStatus } from '../../db/schema/index.ts';

export type FrameworkRow = typeof frameworks.$inferSelect;
export type PointRow = typeof knowledgePoints.$inferSelect;
export type EdgeRow = { fromId: number; toId: number };
export type FrameworkWithCounts = FrameworkRow & { pointCount: number; prerequisiteCount: number };

/** Rows per statement in bulk writes (13 parameters a point stays far below Postgres' 65 535). */
const BATCH = 1000;

const chunks = <T>(items: readonly T[], size = BATCH): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

// ---- frameworks -----------------------------------------------------------------------

// Correlated on "frameworks"."id" spelled out: an interpolated column renders unqualified here.
const pointCount = sql<number>`(select count(*)::int from knowledge_points kp where kp.framework_id = "frameworks"."id")`;
const prerequisiteCount = sql<number>`(select count(*)::int from kp_prerequisites e
  join knowledge_points kp on kp.id = e.from_id where kp.framework_id = "frameworks"."id")`;

const withCounts = (db: Db) =>
  db
    .select({
      framework: frameworks,
      pointCount,
      prerequisiteCount,
    })
    .from(frameworks);

const flatten = (r: { framework: FrameworkRow; pointCount: number; prerequisiteCount: number }): FrameworkWithCounts => ({
  ...r.framework,
  pointCount: Number(r.pointCount),
  prerequisiteCount: Number(r.prerequisiteCount),
});

/** Frameworks by code, newest version first, with their point and edge counts. */
export async function listFrameworks(db: Db, filter: { status?: FrameworkStatus | undefined; code?: string | undefined }) {
  const rows = await withCounts(db)
    .where(
      and(
        filter.status ? eq(frameworks.status, filter.status) : undefined,
        filter.code ? eq(frameworks.code, filter.code) : undefined,
      ),
    )
    .orderBy(asc(frameworks.code), desc(frameworks.id));
  return rows.map(flatten);
}

export async function findFrameworkWithCounts(db: Db, id: number): Promise<FrameworkWithCounts | undefined> {
  const [r] = await withCounts(db).where(eq(frameworks.id, id));
  return r && flatten(r);
}

export async function findFramework(db: Db, id: number) {
  const [f] = await db.select().from(frameworks).where(eq(frameworks.id, id));
  return f;
}

/**
 * The framework row locked for the rest of the transaction: structural edits of one framework
 * run one at a time, so two concurrent edges can never close a cycle together.
 */
export async function lockFramework(db: Db, id: number) {
  const [f] = await db.select().from(frameworks).where(eq(frameworks.id, id)).for('update');
  return f;
}

export async function findFrameworkByIdentifier(db: Db, identifier: string) {
  const [f] = await db.select().from(frameworks).where(eq(frameworks.identifier, identifier));
  return f;
}

export async function findFrameworkByCodeVersion(db: Db, code: string, version: string) {
  const [f] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.code, code), eq(frameworks.version, version)));
  return f;
}

/** The most recently created version of a framework code. */
export async function latestFrameworkOfCode(db: Db, code: string) {
  const [f] = await db.select().from(frameworks).where(eq(frameworks.code, code)).orderBy(desc(frameworks.id)).limit(1);
  return f;
}

export async function insertFramework(db: Db, values: typeof frameworks.$inferInsert) {
  const [f] = await db.insert(frameworks).values(values).returning();
  return f!;
}

export async function updateFramework(db: Db, id: number, values: Partial<typeof frameworks.$inferInsert>) {
  const [f] = await db
    .update(frameworks)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(frameworks.id, id))
    .returning();
  return f;
}

/** Marks the framework changed (its points or edges were edited). */
export async function touchFramework(db: Db, id: number) {
  await db.update(frameworks).set({ updatedAt: new Date() }).where(eq(frameworks.id, id));
}

export async function deleteFramework(db: Db, id: number) {
  await db.delete(frameworks).where(eq(frameworks.id, id));
}

/** Retires every published version of `code` other than `exceptId`; returns their ids. */
export async function retirePublished(db: Db, code: string, exceptId: number) {
  const rows = await db
    .update(frameworks)
    .set({ status: 'retired', updatedAt: new Date() })
    .where(and(eq(frameworks.code, code), eq(frameworks.status, 'published'), ne(frameworks.id, exceptId)))
    .returning({ id: frameworks.id, version: frameworks.version });
  return rows;
}

// ---- knowledge points -----------------------------------------------------------------

export async function listPoints(db: Db, frameworkId: number) {
  return db
    .select()
    .from(knowledgePoints)
    .where(eq(knowledgePoints.frameworkId, frameworkId))
    .orderBy(asc(knowledgePoints.position), asc(knowledgePoints.code));
}

export async function findPoint(db: Db, id: number) {
  const [p] = await db.select().from(knowledgePoints).where(eq(knowledgePoints.id, id));
  return p;
}

export async function insertPoint(db: Db, values: typeof knowledgePoints.$inferInsert) {
  const [p] = await db.insert(knowledgePoints).values(values).returning();
  return p!;
}

/** Inserts points in batches; returns the new rows in input order. */
export async function insertPoints(db: Db, values: readonly (typeof knowledgePoints.$inferInsert)[]) {
  const out: PointRow[] = [];
  for (const b of chunks(values)) {
    // RETURNING lists rows in VALUES order in PostgreSQL; matched by code anyway for safety.
    const rows = await db.insert(knowledgePoints).values(b).returning();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const v of b) out.push(byCode.get(v.code)!);
  }
  return out;
}

export async function updatePoint(db: Db, id: number, values: Partial<typeof knowledgePoints.$inferInsert>) {
  const [p] = await db
    .update(knowledgePoints)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(knowledgePoints.id, id))
    .returning();
  return p;
}

export async function deletePoint(db: Db, id: number) {
  await db.delete(knowledgePoints).where(eq(knowledgePoints.id, id));
}

/** Overwrites the text attributes of many points at once (matched by id). */
export async function updatePointTexts(
  db: Db,
  rows: readonly { id: number; name: string; nameEn: string | null; description: string; domain: string }[],
) {
  for (const b of chunks(rows)) {
    await db.execute(sql`
      update knowledge_points set name = v.name, name_en = v.name_en, description = v.description,
        domain = v.domain, updated_at = now()
      from unnest(${sql.param(b.map((r) => r.id))}::int[], ${sql.param(b.map((r) => r.name))}::text[],
        ${sql.param(b.map((r) => r.nameEn))}::text[], ${sql.param(b.map((r) => r.description))}::text[],
        ${sql.param(b.map((r) => r.domain))}::text[]) as v(id, name, name_en, description, domain)
      where knowledge_points.id = v.id`);
  }
}

/** Sets `parent_id` of many points at once: `[pointId, parentId]` pairs. */
export async function setParents(db: Db, pairs: readonly (readonly [number, number | null])[]) {
  for (const b of chunks(pairs)) {
    await db.execute(sql`
      update knowledge_points set parent_id = v.parent_id, updated_at = now()
      from unnest(${sql.param(b.map((p) => p[0]))}::int[], ${sql.param(b.map((p) => p[1]))}::int[]) as v(id, parent_id)
      where knowledge_points.id = v.id`);
  }
}

export async function countChildren(db: Db, id: number) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(knowledgePoints)
    .where(eq(knowledgePoints.parentId, id));
  return Number(r?.n ?? 0);
}

/** The next free sibling position under `parentId` (null: top level). */
export async function nextPosition(db: Db, frameworkId: number, parentId: number | null) {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${knowledgePoints.position}) + 1, 0)::int` })
    .from(knowledgePoints)
    .where(
      and(
        eq(knowledgePoints.frameworkId, frameworkId),
        parentId == null ? sql`${knowledgePoints.parentId} is null` : eq(knowledgePoints.parentId, parentId),
      ),
    );
  return Number(r?.n ?? 0);
}

/**
 * What outside the framework refers to these points: evidence (its `kp_ids` array), items of
 * the evidence log, mastery rows and position/employee targets. Counts by kind.
 */
export async function pointReferences(db: Db, ids: readonly number[]) {
  const none = { evidence: 0, evidenceItems: 0, mastery: 0, positionTargets: 0, employeeTargets: 0 };
  if (ids.length === 0) return none;
  const arr = sql`${sql.param([...ids])}::int[]`;
  const result = await db.execute<Record<keyof typeof none, number>>(sql`select
      (select count(*)::int from evidence where kp_ids && ${arr}) as "evidence",
      (select count(*)::int from evidence_items where kp_ids && ${arr}) as "evidenceItems",
      (select count(*)::int from mastery where kp_id = any(${arr})) as "mastery",
      (select count(*)::int from position_targets where kp_id = any(${arr})) as "positionTargets",
      (select count(*)::int from employee_targets where kp_id = any(${arr})) as "employeeTargets"`);
  const row = (result as { rows: Record<keyof typeof none, number>[] }).rows[0];
  return row
    ? {
        evidence: Number(row.evidence),
        evidenceItems: Number(row.evidenceItems),
        mastery: Number(row.mastery),
        positionTargets: Number(row.positionTargets),
        employeeTargets: Number(row.employeeTargets),
      }
    : none;
}

// ---- prerequisites --------------------------------------------------------------------

/** Every prerequisite edge between points of the framework. */
export async function listEdges(db: Db, frameworkId: number): Promise<EdgeRow[]> {
  return db
    .select({ fromId: kpPrerequisites.fromId, toId: kpPrerequisites.toId })
    .from(kpPrerequisites)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, kpPrerequisites.fromId))
    .where(eq(knowledgePoints.frameworkId, frameworkId))
    .orderBy(asc(kpPrerequisites.fromId), asc(kpPrerequisites.toId));
}

/** The edges with the time each was added (for CASE `lastChangeDateTime`). */
export async function listEdgesWithTimes(db: Db, frameworkId: number) {
  return db
    .select({ fromId: kpPrerequisites.fromId, toId: kpPrerequisites.toId, createdAt: kpPrerequisites.createdAt })
    .from(kpPrerequisites)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, kpPrerequisites.fromId))
    .where(eq(knowledgePoints.frameworkId, frameworkId))
    .orderBy(asc(kpPrerequisites.fromId), asc(kpPrerequisites.toId));
}

export async function insertEdges(db: Db, edges: readonly EdgeRow[]) {
  for (const b of chunks(edges)) await db.insert(kpPrerequisites).values(b).onConflictDoNothing();
}

/** Deletes one edge; true when it existed. */
export async function deleteEdge(db: Db, edge: EdgeRow) {
  const rows = await db
    .delete(kpPrerequisites)
    .where(and(eq(kpPrerequisites.fromId, edge.fromId), eq(kpPrerequisites.toId, edge.toId)))
    .returning({ fromId: kpPrerequisites.fromId });
  return rows.length > 0;
}

/** Deletes every prerequisite edge into these points (their prerequisite lists are replaced). */
export async function deleteEdgesInto(db: Db, toIds: readonly number[]) {
  for (const b of chunks(toIds)) await db.delete(kpPrerequisites).where(inArray(kpPrerequisites.toId, b));
}
