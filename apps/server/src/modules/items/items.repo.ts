/** Data access for the item bank. */
import type { ItemListQuery } from '@xueli/contracts';
import { and, asc, desc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { frameworks, itemKps, items, itemVersions, knowledgePoints, users } from '../../db/schema/index.ts';

export type ItemRow = typeof items.$inferSelect;
export type ItemInsert = typeof items.$inferInsert;
export interface ItemKpRow {
  itemId: number;
  id: number;
  code: string;
  name: string;
  frameworkId: number;
}
export interface ItemWithKps extends ItemRow {
  kps: ItemKpRow[];
  createdByName: string | null;
  updatedByName: string | null;
}

const userName = (col: AnyColumn) => sql<string | null>`(select u.display_name from users u where u.id = ${col})`;

async function withKps(db: Db, rows: (ItemRow & { createdByName: string | null; updatedByName: string | null })[]): Promise<ItemWithKps[]> {
  if (!rows.length) return [];
  const kps = await db
    .select({ itemId: itemKps.itemId, id: knowledgePoints.id, code: knowledgePoints.code, name: knowledgePoints.name, frameworkId: knowledgePoints.frameworkId })
    .from(itemKps)
    .innerJoin(knowledgePoints, eq(knowledgePoints.id, itemKps.kpId))
    .where(inArray(itemKps.itemId, rows.map((r) => r.id)))
    .orderBy(asc(knowledgePoints.frameworkId), asc(knowledgePoints.code));
  return rows.map((r) => ({ ...r, kps: kps.filter((k) => k.itemId === r.id) }));
}

const selection = { item: items, createdByName: userName(items.createdBy), updatedByName: userName(items.updatedBy) };

export async function itemById(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<ItemWithKps | null> {
  const q = db.select(selection).from(items).where(eq(items.id, id));
  const [row] = opts.forUpdate ? await q.for('update', { of: items }) : await q;
  if (!row) return null;
  const [out] = await withKps(db, [{ ...row.item, createdByName: row.createdByName, updatedByName: row.updatedByName }]);
  return out ?? null;
}

/** The filters of `GET /items` (and of the export). */
export type ItemFilter = Pick<ItemListQuery, 'type' | 'status' | 'kpId' | 'tag' | 'search'>;

function itemWhere(q: ItemFilter): SQL | undefined {
  const where: SQL[] = [];
  if (q.type) where.push(eq(items.type, q.type));
  if (q.status) where.push(eq(items.status, q.status));
  if (q.kpId) where.push(sql`exists (select 1 from item_kps ik where ik.item_id = ${items.id} and ik.kp_id = ${q.kpId})`);
  if (q.tag) where.push(sql`${q.tag} = any(${items.tags})`);
  if (q.search) {
    const pattern = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${items.stem} ilike ${pattern} or ${items.explanation} ilike ${pattern})`);
  }
  return where.length ? and(...where) : undefined;
}

export async function itemPage(db: Db, q: ItemListQuery): Promise<{ rows: ItemWithKps[]; total: number }> {
  const cond = itemWhere(q);
  const [rows, [count]] = await Promise.all([
    db.select(selection).from(items).where(cond).orderBy(desc(items.updatedAt), desc(items.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(items).where(cond),
  ]);
  return {
    rows: await withKps(db, rows.map((r) => ({ ...r.item, createdByName: r.createdByName, updatedByName: r.updatedByName }))),
    total: count?.n ?? 0,
  };
}

/** Items matching the filters, oldest first, at most `limit` (with the total). */
export async function itemsMatching(db: Db, q: ItemFilter, limit: number): Promise<{ rows: ItemWithKps[]; total: number }> {
  const cond = itemWhere(q);
  const [rows, [count]] = await Promise.all([
    db.select(selection).from(items).where(cond).orderBy(asc(items.id)).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(items).where(cond),
  ]);
  return {
    rows: await withKps(db, rows.map((r) => ({ ...r.item, createdByName: r.createdByName, updatedByName: r.updatedByName }))),
    total: count?.n ?? 0,
  };
}

/** Items by id, in the order of `ids`. */
export async function itemsByIds(db: Db, ids: number[]): Promise<ItemWithKps[]> {
  if (!ids.length) return [];
  const rows = await db.select(selection).from(items).where(inArray(items.id, ids));
  const byId = new Map(rows.map((r) => [r.item.id, { ...r.item, createdByName: r.createdByName, updatedByName: r.updatedByName }]));
  return withKps(db, ids.map((id) => byId.get(id)).filter((r) => r !== undefined));
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

export async function insertItem(db: Db, row: ItemInsert): Promise<number> {
  const [r] = await db.insert(items).values(row).returning({ id: items.id });
  return r!.id;
}

/** Inserts items in batches; the ids come back in the order of `rows`. */
export async function insertItems(db: Db, rows: ItemInsert[]): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of chunks(rows, 500)) {
    const got = await db.insert(items).values(batch).returning({ id: items.id });
    ids.push(...got.map((r) => r.id));
  }
  return ids;
}

export async function insertItemKps(db: Db, rows: { itemId: number; kpId: number }[]): Promise<void> {
  for (const batch of chunks(rows, 5000)) await db.insert(itemKps).values(batch);
}

export async function updateItem(db: Db, id: number, set: Partial<ItemInsert>): Promise<void> {
  await db.update(items).set({ ...set, updatedAt: new Date() }).where(eq(items.id, id));
}

export async function replaceItemKps(db: Db, itemId: number, kpIds: number[]): Promise<void> {
  await db.delete(itemKps).where(eq(itemKps.itemId, itemId));
  if (kpIds.length) await db.insert(itemKps).values(kpIds.map((kpId) => ({ itemId, kpId })));
}

export async function deleteItem(db: Db, id: number): Promise<void> {
  await db.delete(items).where(eq(items.id, id));
}

export async function insertVersion(db: Db, row: typeof itemVersions.$inferInsert): Promise<void> {
  await db.insert(itemVersions).values(row);
}

export async function insertVersions(db: Db, rows: (typeof itemVersions.$inferInsert)[]): Promise<void> {
  for (const batch of chunks(rows, 500)) await db.insert(itemVersions).values(batch);
}

export async function versionsOf(db: Db, itemId: number) {
  return db
    .select({ version: itemVersions.version, changedBy: users.displayName, changedAt: itemVersions.changedAt, note: itemVersions.note, snapshot: itemVersions.snapshot })
    .from(itemVersions)
    .leftJoin(users, eq(users.id, itemVersions.changedBy))
    .where(eq(itemVersions.itemId, itemId))
    .orderBy(desc(itemVersions.version));
}

/** Knowledge points by id with their framework's status. */
export async function kpStatuses(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: knowledgePoints.id, code: knowledgePoints.code, frameworkStatus: frameworks.status })
    .from(knowledgePoints)
    .innerJoin(frameworks, eq(frameworks.id, knowledgePoints.frameworkId))
    .where(inArray(knowledgePoints.id, ids));
}

/** Framework codes by framework id. */
export async function frameworkCodes(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: frameworks.id, code: frameworks.code }).from(frameworks).where(inArray(frameworks.id, ids));
  return new Map(rows.map((r) => [r.id, r.code]));
}
