/**
 * The knowledge base's search index: one in-process `Retriever` per database (a WeakMap keyed by
 * `deps.db`), built lazily from `kb_chunks` on the first search, with each chunk's context field
 * set to its document's title and heading path (ADR 0014 §5). This process keeps it current as it
 * indexes or removes documents (`indexDocumentChunks`, `dropDocumentChunks`); changes made by
 * another process (a CLI import, a second server on the same PostgreSQL) are noticed by a cheap
 * version check — count, chunk total, last indexed_at and last id of kb_documents — at most every
 * `CHECK_INTERVAL_MS`, which rebuilds the index when the version moved. Every operation on one
 * database's index runs in order (a small queue), so a rebuild never interleaves with an update.
 *
 * Only chunks are indexed, whatever their document's status: a document's chunks exist only after
 * an index job committed them, and a failed re-index keeps the previous ones (ADR 0017).
 */
import { Retriever } from '@xueli/engine';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { kbChunks, kbDocuments } from '../../db/schema/index.ts';
import { rowsOf } from '../catalog/sql.ts';

/** How often (at most) a search checks the database for another process's changes. */
export const CHECK_INTERVAL_MS = 3000;

export interface IndexedChunk {
  documentId: number;
  collectionId: number;
  /** The vector, when the chunk has one. */
  embedding: Float32Array | null;
  embeddingModel: string | null;
}

export interface KbIndex {
  retriever: Retriever;
  chunks: Map<number, IndexedChunk>;
  /** Chunk ids of each document. */
  byDocument: Map<number, number[]>;
  /** How many chunks carry a vector (no query is embedded while there are none). */
  vectors: number;
  version: string;
  checkedAt: number;
}

interface Slot {
  index?: KbIndex;
  queue: Promise<unknown>;
}

const slots = new WeakMap<Db, Slot>();

function slotOf(db: Db): Slot {
  let s = slots.get(db);
  if (!s) slots.set(db, (s = { queue: Promise.resolve() }));
  return s;
}

function serial<T>(slot: Slot, fn: () => Promise<T>): Promise<T> {
  const p = slot.queue.then(fn, fn);
  slot.queue = p.catch(() => undefined);
  return p;
}

/** The version of the indexed content: changes whenever a document is added, removed or (re)indexed. */
async function currentVersion(db: Db): Promise<string> {
  const [r] = rowsOf<{ n: number | string; s: number | string; t: Date | string | null; m: number | null }>(
    await db.execute(sql`select count(*) as n, coalesce(sum(chunk_count), 0) as s, max(indexed_at) as t, max(id) as m from kb_documents`),
  );
  const t = r?.t == null ? '' : (r.t instanceof Date ? r.t : new Date(r.t)).toISOString();
  return `${r?.n ?? 0}:${r?.s ?? 0}:${t}:${r?.m ?? ''}`;
}

/** A chunk's context field: its document's title and heading path. */
export const chunkContext = (title: string, headingPath: readonly string[]) => [title, ...headingPath].join(' › ');

interface ChunkRow {
  id: number;
  documentId: number;
  collectionId: number;
  title: string;
  headingPath: string[];
  text: string;
  embedding: number[] | null;
  embeddingModel: string | null;
}

const chunkColumns = {
  id: kbChunks.id,
  documentId: kbChunks.documentId,
  collectionId: kbDocuments.collectionId,
  title: kbDocuments.title,
  headingPath: kbChunks.headingPath,
  text: kbChunks.text,
  embedding: kbChunks.embedding,
  embeddingModel: kbChunks.embeddingModel,
};

function addRows(index: KbIndex, rows: ChunkRow[]): void {
  index.retriever.addAll(rows.map((r) => ({ id: String(r.id), text: r.text, context: chunkContext(r.title, r.headingPath) })));
  for (const r of rows) {
    if (r.embedding) index.vectors++;
    index.chunks.set(r.id, {
      documentId: r.documentId,
      collectionId: r.collectionId,
      embedding: r.embedding ? Float32Array.from(r.embedding) : null,
      embeddingModel: r.embeddingModel,
    });
    const list = index.byDocument.get(r.documentId);
    if (list) list.push(r.id);
    else index.byDocument.set(r.documentId, [r.id]);
  }
}

function removeDocument(index: KbIndex, documentId: number): void {
  for (const id of index.byDocument.get(documentId) ?? []) {
    index.retriever.remove(String(id));
    if (index.chunks.get(id)?.embedding) index.vectors--;
    index.chunks.delete(id);
  }
  index.byDocument.delete(documentId);
}

async function build(db: Db): Promise<KbIndex> {
  const version = await currentVersion(db);
  const rows = await db.select(chunkColumns).from(kbChunks).innerJoin(kbDocuments, eq(kbDocuments.id, kbChunks.documentId)).orderBy(kbChunks.id);
  const index: KbIndex = { retriever: new Retriever(), chunks: new Map(), byDocument: new Map(), vectors: 0, version, checkedAt: Date.now() };
  addRows(index, rows);
  return index;
}

/** The index of this database, built or rebuilt when needed (see the file comment). */
export function kbIndex(db: Db): Promise<KbIndex> {
  const slot = slotOf(db);
  const cur = slot.index;
  if (cur && Date.now() - cur.checkedAt < CHECK_INTERVAL_MS) return Promise.resolve(cur);
  return serial(slot, async () => {
    const idx = slot.index;
    if (idx && Date.now() - idx.checkedAt < CHECK_INTERVAL_MS) return idx;
    if (idx) {
      const v = await currentVersion(db);
      if (v === idx.version) {
        idx.checkedAt = Date.now();
        return idx;
      }
    }
    slot.index = await build(db);
    return slot.index;
  });
}

/** After a document's chunks were committed: replaces them in this process's index. */
export function indexDocumentChunks(db: Db, documentId: number): Promise<void> {
  const slot = slotOf(db);
  return serial(slot, async () => {
    const idx = slot.index;
    if (!idx) return; // built lazily on the next search
    const rows = await db
      .select(chunkColumns)
      .from(kbChunks)
      .innerJoin(kbDocuments, eq(kbDocuments.id, kbChunks.documentId))
      .where(eq(kbChunks.documentId, documentId))
      .orderBy(kbChunks.ord);
    removeDocument(idx, documentId);
    addRows(idx, rows);
    // (a change another process committed in the same instant is taken as seen: ADR 0017)
    idx.version = await currentVersion(db);
    idx.checkedAt = Date.now();
  });
}

/** After documents were deleted: removes their chunks from this process's index at once. */
export function dropDocumentChunks(db: Db, documentIds: number[]): Promise<void> {
  const slot = slotOf(db);
  return serial(slot, async () => {
    const idx = slot.index;
    if (!idx) return;
    for (const id of documentIds) removeDocument(idx, id);
    idx.version = await currentVersion(db);
    idx.checkedAt = Date.now();
  });
}

/** Forgets this database's index (it is rebuilt on the next search). */
export function resetKbIndex(db: Db): Promise<void> {
  const slot = slotOf(db);
  return serial(slot, async () => {
    delete slot.index;
  });
}
