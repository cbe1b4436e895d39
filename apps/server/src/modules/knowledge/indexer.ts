/**
 * Indexing a document: read (parse) → chunk → embed when an embedding model is configured →
 * ONE transaction that replaces the document's chunks and marks it ready (chunk count, indexed_at).
 * Any failure marks it 'failed' with a readable error and leaves its previous chunks as they were
 * (a new document has none): nothing is ever half-indexed. The server runs this as a background
 * job (kind `kb.index`, progress in `jobs`); the CLI and the demo seed call it in the foreground.
 */
import { chunkBlocks, type TextBlock } from '@xueli/engine';
import type { Deps } from '../../deps.ts';
import { startJob, type JobRow } from '../../lib/jobs.ts';
import { notFound } from '../../lib/errors.ts';
import { embedTexts } from './embeddings.ts';
import * as repo from './knowledge.repo.ts';
import { parseDocument, parsePastedText } from './parse/index.ts';
import { chunkContext, indexDocumentChunks } from './search-index.ts';

export const KB_INDEX_JOB = 'kb.index';

export type Progress = (fraction: number, message: string) => Promise<void> | void;

async function readStored(deps: Deps, key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of deps.files.open(key)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** The blocks of a document, read from its stored file or its pasted text. */
async function readDocument(deps: Deps, doc: repo.DocumentWithFile): Promise<TextBlock[]> {
  if (doc.d.sourceKind === 'paste') return parsePastedText(doc.d.pastedText ?? '').blocks;
  if (!doc.storageKey || !doc.fileName) throw new Error('The uploaded file is missing: upload the document again');
  let bytes: Buffer;
  try {
    bytes = await readStored(deps, doc.storageKey);
  } catch {
    throw new Error('The uploaded file could not be read from storage: upload the document again');
  }
  return (await parseDocument(doc.fileName, bytes)).blocks;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/**
 * Indexes one document in the foreground. `blocks`: already parsed (an upload read in its
 * request); otherwise the stored original is read again (re-index, large uploads).
 */
export async function indexDocument(
  deps: Deps,
  documentId: number,
  opts: { blocks?: TextBlock[] | undefined; progress?: Progress; actorUserId?: number | null } = {},
): Promise<{ chunks: number }> {
  const progress = opts.progress ?? (() => undefined);
  const doc = await repo.documentById(deps.db, documentId);
  if (!doc) throw notFound('document', documentId);
  await repo.updateDocument(deps.db, documentId, { status: 'indexing' });
  try {
    await progress(0.05, 'Reading');
    const blocks = opts.blocks ?? (await readDocument(deps, doc));
    const chunks = chunkBlocks(blocks);
    if (!chunks.length) throw new Error('No text was found in this document');
    await progress(0.3, `Chunked into ${chunks.length} passages`);
    const embedded = await embedTexts(
      deps,
      chunks.map((c) => `${chunkContext(doc.d.title, c.headingPath)}\n${c.text}`),
      { actorUserId: opts.actorUserId ?? null, subject: `kb_document:${documentId}`, onProgress: (done) => Promise.resolve(progress(0.3 + 0.6 * (done / chunks.length), `Embedded ${done}/${chunks.length}`)) },
    );
    await progress(0.9, 'Saving');
    await deps.db.transaction(async (tx) => {
      await repo.replaceChunks(
        tx,
        documentId,
        chunks.map((c, ord) => ({
          ord,
          headingPath: c.headingPath,
          text: c.text,
          embedding: embedded?.vectors[ord] ?? null,
          embeddingModel: embedded ? embedded.model : null,
        })),
      );
      await repo.updateDocument(tx, documentId, { status: 'ready', error: null, chunkCount: chunks.length, indexedAt: new Date() });
    });
    await indexDocumentChunks(deps.db, documentId);
    await progress(1, `Indexed ${chunks.length} passages`);
    return { chunks: chunks.length };
  } catch (e) {
    await repo.updateDocument(deps.db, documentId, { status: 'failed', error: messageOf(e) }).catch(() => undefined);
    throw e;
  }
}

/**
 * Starts the background job indexing documents one after another (progress over all of them).
 * With one document the job fails when it fails; with several, failures are counted in the
 * result and the others go on.
 */
export async function startIndexJob(
  deps: Deps,
  props: { documentIds: number[]; actorUserId: number | null; collectionId?: number | null; blocks?: Map<number, TextBlock[]> },
): Promise<JobRow> {
  const ids = props.documentIds;
  const job = await startJob(
    deps.db,
    { kind: KB_INDEX_JOB, payload: { documentIds: ids, collectionId: props.collectionId ?? null }, createdBy: props.actorUserId },
    async (ctx) => {
      let indexed = 0,
        chunks = 0;
      const failed: { documentId: number; error: string }[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        try {
          const r = await indexDocument(deps, id, {
            blocks: props.blocks?.get(id),
            actorUserId: props.actorUserId,
            progress: (f, m) => ctx.progress((i + Math.min(f, 0.99)) / ids.length, ids.length > 1 ? `${i + 1}/${ids.length}: ${m}` : m),
          });
          indexed++;
          chunks += r.chunks;
        } catch (e) {
          if (ids.length === 1) throw e;
          failed.push({ documentId: id, error: messageOf(e) });
        }
      }
      await ctx.progress(1, `Indexed ${indexed} of ${ids.length} documents`);
      return { indexed, chunks, failed };
    },
  );
  return job;
}
