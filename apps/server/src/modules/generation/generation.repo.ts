/** Data access for content generation: the drafts of the review queue. */
import type { GenerationListQuery } from '@xueli/contracts';
import { and, desc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { generationDrafts } from '../../db/schema/index.ts';

export type DraftRow = typeof generationDrafts.$inferSelect;
export type DraftInsert = typeof generationDrafts.$inferInsert;
export interface DraftWithNames extends DraftRow {
  createdByName: string | null;
  reviewedByName: string | null;
}

const userName = (col: AnyColumn) => sql<string | null>`(select u.display_name from users u where u.id = ${col})`;
const selection = { draft: generationDrafts, createdByName: userName(generationDrafts.createdBy), reviewedByName: userName(generationDrafts.reviewedBy) };
const flat = (r: { draft: DraftRow; createdByName: string | null; reviewedByName: string | null }): DraftWithNames => ({ ...r.draft, createdByName: r.createdByName, reviewedByName: r.reviewedByName });

export async function insertDrafts(db: Db, rows: DraftInsert[]): Promise<number[]> {
  if (!rows.length) return [];
  const out = await db.insert(generationDrafts).values(rows).returning({ id: generationDrafts.id });
  return out.map((r) => r.id);
}

export async function draftsByIds(db: Db, ids: number[]): Promise<DraftWithNames[]> {
  if (!ids.length) return [];
  const rows = await db.select(selection).from(generationDrafts).where(inArray(generationDrafts.id, ids));
  const byId = new Map(rows.map((r) => [r.draft.id, flat(r)]));
  return ids.map((id) => byId.get(id)).filter((r): r is DraftWithNames => !!r);
}

export async function draftById(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<DraftWithNames | null> {
  const q = db.select(selection).from(generationDrafts).where(eq(generationDrafts.id, id));
  const [row] = opts.forUpdate ? await q.for('update', { of: generationDrafts }) : await q;
  return row ? flat(row) : null;
}

export async function draftPage(db: Db, q: GenerationListQuery): Promise<{ rows: DraftWithNames[]; total: number }> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(generationDrafts.status, q.status));
  if (q.kind) where.push(eq(generationDrafts.kind, q.kind));
  if (q.documentId) where.push(sql`${q.documentId}::int = any(${generationDrafts.documentIds})`);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db.select(selection).from(generationDrafts).where(cond).orderBy(desc(generationDrafts.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(generationDrafts).where(cond),
  ]);
  return { rows: rows.map(flat), total: count?.n ?? 0 };
}

export async function updateDraft(db: Db, id: number, values: Partial<DraftInsert>): Promise<void> {
  await db.update(generationDrafts).set({ ...values, updatedAt: new Date() }).where(eq(generationDrafts.id, id));
}
