/** Reads of passages (chunks with their document and collection) for search, citations and generation. */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { kbChunks, kbCollections, kbDocuments } from '../../db/schema/index.ts';

export const passageColumns = {
  chunkId: kbChunks.id,
  documentId: kbChunks.documentId,
  documentTitle: kbDocuments.title,
  collectionId: kbDocuments.collectionId,
  headingPath: kbChunks.headingPath,
  ord: kbChunks.ord,
  text: kbChunks.text,
};

export type PassageRow = { chunkId: number; documentId: number; documentTitle: string; collectionId: number; headingPath: string[]; ord: number; text: string };

export async function passagesByIds(db: Db, chunkIds: number[]): Promise<PassageRow[]> {
  if (!chunkIds.length) return [];
  return db.select(passageColumns).from(kbChunks).innerJoin(kbDocuments, eq(kbDocuments.id, kbChunks.documentId)).where(inArray(kbChunks.id, chunkIds));
}

export async function passagesOfDocuments(db: Db, documentIds: number[]): Promise<PassageRow[]> {
  if (!documentIds.length) return [];
  return db
    .select(passageColumns)
    .from(kbChunks)
    .innerJoin(kbDocuments, eq(kbDocuments.id, kbChunks.documentId))
    .where(inArray(kbChunks.documentId, documentIds))
    .orderBy(asc(kbChunks.documentId), asc(kbChunks.ord));
}

export async function documentHeads(db: Db, documentIds: number[]) {
  if (!documentIds.length) return [];
  return db
    .select({ id: kbDocuments.id, title: kbDocuments.title, collectionId: kbDocuments.collectionId })
    .from(kbDocuments)
    .where(inArray(kbDocuments.id, documentIds));
}

/** Collections linked to a course. */
export async function collectionIdsOfCourse(db: Db, courseId: number): Promise<number[]> {
  const rows = await db.select({ id: kbCollections.id }).from(kbCollections).where(eq(kbCollections.courseId, courseId));
  return rows.map((r) => r.id);
}
