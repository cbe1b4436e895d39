/** Collections, their access lists and documents. */
import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  courses,
  departments,
  files,
  kbChunks,
  kbCollectionAccess,
  kbCollections,
  kbDocuments,
  positions,
  type KbDocumentStatus,
  type Role,
} from '../../db/schema/index.ts';
import { containsPattern } from '../catalog/sql.ts';

export type CollectionRow = typeof kbCollections.$inferSelect;
export type DocumentRow = typeof kbDocuments.$inferSelect;
export type ChunkInsert = typeof kbChunks.$inferInsert;

export interface AccessList {
  departmentIds: number[];
  positionIds: number[];
  roles: Role[];
}

export async function collectionById(db: Db, id: number): Promise<CollectionRow | undefined> {
  const [row] = await db.select().from(kbCollections).where(eq(kbCollections.id, id));
  return row;
}

/** Collections with course title and counts; `ids` null: all. */
export async function collectionsWithCounts(db: Db, ids: readonly number[] | null) {
  if (ids && ids.length === 0) return [];
  const docCounts = db
    .select({
      collectionId: kbDocuments.collectionId,
      documents: count().as('documents'),
      chunks: sql<number>`coalesce(sum(${kbDocuments.chunkCount}), 0)::int`.as('chunks'),
    })
    .from(kbDocuments)
    .groupBy(kbDocuments.collectionId)
    .as('dc');
  return db
    .select({ c: kbCollections, courseTitle: courses.title, documents: docCounts.documents, chunks: docCounts.chunks })
    .from(kbCollections)
    .leftJoin(courses, eq(courses.id, kbCollections.courseId))
    .leftJoin(docCounts, eq(docCounts.collectionId, kbCollections.id))
    .where(ids ? inArray(kbCollections.id, [...ids]) : undefined)
    .orderBy(asc(kbCollections.name), asc(kbCollections.id));
}

/** The access lists of collections, with names. */
export async function accessOf(db: Db, collectionIds: number[]) {
  if (!collectionIds.length) return [];
  return db
    .select({
      collectionId: kbCollectionAccess.collectionId,
      departmentId: kbCollectionAccess.departmentId,
      departmentName: departments.name,
      positionId: kbCollectionAccess.positionId,
      positionName: positions.name,
      role: kbCollectionAccess.role,
    })
    .from(kbCollectionAccess)
    .leftJoin(departments, eq(departments.id, kbCollectionAccess.departmentId))
    .leftJoin(positions, eq(positions.id, kbCollectionAccess.positionId))
    .where(inArray(kbCollectionAccess.collectionId, collectionIds))
    .orderBy(asc(kbCollectionAccess.id));
}

export async function replaceAccess(db: Db, collectionId: number, access: AccessList): Promise<void> {
  await db.delete(kbCollectionAccess).where(eq(kbCollectionAccess.collectionId, collectionId));
  const rows = [
    ...access.departmentIds.map((departmentId) => ({ collectionId, departmentId })),
    ...access.positionIds.map((positionId) => ({ collectionId, positionId })),
    ...access.roles.map((role) => ({ collectionId, role })),
  ];
  if (rows.length) await db.insert(kbCollectionAccess).values(rows);
}

export async function existingIds(db: Db, table: 'departments' | 'positions' | 'courses', ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const t = table === 'departments' ? departments : table === 'positions' ? positions : courses;
  const rows = await db.select({ id: t.id }).from(t).where(inArray(t.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function insertCollection(db: Db, values: typeof kbCollections.$inferInsert): Promise<CollectionRow> {
  const [row] = await db.insert(kbCollections).values(values).returning();
  return row!;
}

export async function updateCollection(db: Db, id: number, values: Partial<typeof kbCollections.$inferInsert>): Promise<void> {
  await db.update(kbCollections).set({ ...values, updatedAt: new Date() }).where(eq(kbCollections.id, id));
}

export async function deleteCollection(db: Db, id: number): Promise<void> {
  await db.delete(kbCollections).where(eq(kbCollections.id, id));
}

// ---------------------------------------------------------------- documents

export const documentColumns = { d: kbDocuments, fileName: files.originalName, storageKey: files.storageKey };
export type DocumentWithFile = { d: DocumentRow; fileName: string | null; storageKey: string | null };

export async function documentById(db: Db, id: number): Promise<DocumentWithFile | undefined> {
  const [row] = await db.select(documentColumns).from(kbDocuments).leftJoin(files, eq(files.id, kbDocuments.fileId)).where(eq(kbDocuments.id, id));
  return row;
}

export async function documentPage(db: Db, q: { collectionId: number; status?: KbDocumentStatus | undefined; q?: string | undefined; page: number; pageSize: number }) {
  const conds: SQL[] = [eq(kbDocuments.collectionId, q.collectionId)];
  if (q.status) conds.push(eq(kbDocuments.status, q.status));
  const pattern = containsPattern(q.q);
  if (pattern) conds.push(ilike(kbDocuments.title, pattern));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select(documentColumns)
      .from(kbDocuments)
      .leftJoin(files, eq(files.id, kbDocuments.fileId))
      .where(where)
      .orderBy(desc(kbDocuments.createdAt), desc(kbDocuments.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(kbDocuments).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function documentIdsOfCollection(db: Db, collectionId: number): Promise<number[]> {
  const rows = await db.select({ id: kbDocuments.id }).from(kbDocuments).where(eq(kbDocuments.collectionId, collectionId)).orderBy(asc(kbDocuments.id));
  return rows.map((r) => r.id);
}

export async function allDocumentIds(db: Db): Promise<number[]> {
  const rows = await db.select({ id: kbDocuments.id }).from(kbDocuments).orderBy(asc(kbDocuments.id));
  return rows.map((r) => r.id);
}

export async function insertDocument(db: Db, values: typeof kbDocuments.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(kbDocuments).values(values).returning();
  return row!;
}

export async function updateDocument(db: Db, id: number, values: Partial<typeof kbDocuments.$inferInsert>): Promise<void> {
  await db.update(kbDocuments).set({ ...values, updatedAt: new Date() }).where(eq(kbDocuments.id, id));
}

/** Deletes documents (their chunks cascade) and their uploaded files' rows; returns the files' storage keys. */
export async function deleteDocuments(db: Db, ids: number[]): Promise<string[]> {
  if (!ids.length) return [];
  const gone = await db.delete(kbDocuments).where(inArray(kbDocuments.id, ids)).returning({ fileId: kbDocuments.fileId });
  const fileIds = gone.map((g) => g.fileId).filter((f): f is number => f != null);
  if (!fileIds.length) return [];
  const rows = await db.delete(files).where(inArray(files.id, fileIds)).returning({ key: files.storageKey });
  return rows.map((r) => r.key);
}

/** Replaces a document's chunks (call inside the transaction that marks it ready). */
export async function replaceChunks(db: Db, documentId: number, chunks: Omit<ChunkInsert, 'documentId'>[]): Promise<void> {
  await db.delete(kbChunks).where(eq(kbChunks.documentId, documentId));
  for (let i = 0; i < chunks.length; i += 500) {
    await db.insert(kbChunks).values(chunks.slice(i, i + 500).map((c) => ({ ...c, documentId })));
  }
}
