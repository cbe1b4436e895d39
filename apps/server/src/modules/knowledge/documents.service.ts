/**
 * Documents of a collection: uploads and pasted text (each created 'pending' with an index job),
 * listing, viewing with passages, re-indexing and deleting.
 */
import type { JobItem, KbDocument, KbDocumentDetail, KbDocumentQuery, KbPasteBody, Page } from '@xueli/contracts';
import type { TextBlock } from '@xueli/engine';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import type { JobRow } from '../../lib/jobs.ts';
import { discardStored, recordStaged, stageUpload, type Upload } from '../catalog/files.service.ts';
import { visibleCollection } from './collections.service.ts';
import { startIndexJob } from './indexer.ts';
import * as repo from './knowledge.repo.ts';
import { documentPassages } from './passages.service.ts';
import { checkUpload, parseDocument, parsePastedText } from './parse/index.ts';
import { inKbScope, kbScope } from './policy.ts';
import { dropDocumentChunks } from './search-index.ts';

type Ctx = { actor: Actor; requestId?: string | undefined };

/** Uploads up to this size are read (parsed) in the request, so a bad file is refused at once; larger ones in the job. */
export const INLINE_PARSE_BYTES = 4 * 1024 * 1024;

export function presentDocument(r: repo.DocumentWithFile): KbDocument {
  const d = r.d;
  return {
    id: d.id,
    collectionId: d.collectionId,
    title: d.title,
    sourceKind: d.sourceKind,
    format: d.format,
    fileName: r.fileName,
    sourceUrl: d.sourceUrl,
    sizeBytes: d.sizeBytes,
    status: d.status,
    error: d.error,
    chunkCount: d.chunkCount,
    jobId: d.jobId,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    indexedAt: d.indexedAt?.toISOString() ?? null,
  };
}

export function presentJob(j: JobRow): JobItem {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: j.progress,
    message: j.message,
    result: j.result,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

export async function documentLister(deps: Deps, props: { actor: Actor; collectionId: number; query: KbDocumentQuery }): Promise<Page<KbDocument>> {
  await visibleCollection(deps, props.actor, props.collectionId);
  const { rows, total } = await repo.documentPage(deps.db, { collectionId: props.collectionId, ...props.query });
  return { items: rows.map(presentDocument), total, page: props.query.page, pageSize: props.query.pageSize };
}

/** A document with all its passages; 404 when missing or in a collection the actor may not see. */
export async function documentViewer(deps: Deps, props: { actor: Actor; id: number }): Promise<KbDocumentDetail> {
  const r = await repo.documentById(deps.db, props.id);
  if (!r || !inKbScope(await kbScope(deps.db, props.actor), r.d.collectionId)) throw notFound('document', props.id);
  const c = await repo.collectionById(deps.db, r.d.collectionId);
  const [passages] = await documentPassages(deps, { actor: props.actor, documentIds: [props.id] });
  return { ...presentDocument(r), collectionName: c?.name ?? '', passages: passages?.passages ?? [] };
}

async function withJob(deps: Deps, props: Ctx & { documentIds: number[]; collectionId?: number; blocks?: Map<number, TextBlock[]> }): Promise<JobRow> {
  const job = await startIndexJob(deps, { documentIds: props.documentIds, actorUserId: props.actor.userId, collectionId: props.collectionId ?? null, ...(props.blocks ? { blocks: props.blocks } : {}) });
  for (const id of props.documentIds) await repo.updateDocument(deps.db, id, { jobId: job.id });
  return job;
}

async function documentWithJob(deps: Deps, id: number): Promise<KbDocument> {
  const r = await repo.documentById(deps.db, id);
  if (!r) throw notFound('document', id);
  return presentDocument(r);
}

const titleFromName = (fileName: string) => fileName.replace(/\.[A-Za-z0-9]{1,10}$/, '').trim().slice(0, 200) || fileName.slice(0, 200);

/**
 * Saves an upload as a 'pending' document: checked (format by name and content) and — up to
 * `inlineParseBytes` — read first, so an unsupported, corrupt or empty file is refused (4xx)
 * with nothing stored. Returns the document and the blocks read (for the index job).
 */
export async function uploadedDocumentCreator(
  deps: Deps,
  props: { actorUserId: number | null; requestId?: string | undefined; collectionId: number; upload: Upload; title?: string | undefined; inlineParseBytes?: number },
): Promise<{ documentId: number; blocks: TextBlock[] | undefined }> {
  const { upload } = props;
  const format = checkUpload(upload.fileName, upload.bytes);
  let blocks: TextBlock[] | undefined;
  let title = props.title?.trim().slice(0, 200) || null;
  if (upload.bytes.length <= (props.inlineParseBytes ?? INLINE_PARSE_BYTES)) {
    const parsed = await parseDocument(upload.fileName, upload.bytes);
    blocks = parsed.blocks;
    title ??= parsed.title?.slice(0, 200) || null;
  }
  const docTitle = title ?? titleFromName(upload.fileName);
  const staged = await stageUpload(deps, upload, props.actorUserId ?? 0, 'application/octet-stream');
  staged.values.uploadedBy = props.actorUserId;
  try {
    const documentId = await deps.db.transaction(async (tx) => {
      const file = await recordStaged(tx, staged);
      const d = await repo.insertDocument(tx, {
        collectionId: props.collectionId,
        title: docTitle,
        sourceKind: 'upload',
        format,
        fileId: file.id,
        sizeBytes: upload.bytes.length,
        status: 'pending',
        createdBy: props.actorUserId,
      });
      await recordAudit(tx, { actorUserId: props.actorUserId, action: 'kb.document.upload', entity: 'kb_document', entityId: d.id, details: { collectionId: props.collectionId, fileName: staged.values.originalName, format, sizeBytes: upload.bytes.length }, requestId: props.requestId ?? null });
      return d.id;
    });
    return { documentId, blocks };
  } catch (e) {
    await discardStored(deps, [staged.storageKey]);
    throw e;
  }
}

/** Adds an uploaded file (see `uploadedDocumentCreator`) and starts its index job. */
export async function documentUploader(deps: Deps, props: Ctx & { collectionId: number; upload: Upload; title?: string | undefined }): Promise<KbDocument> {
  await visibleCollection(deps, props.actor, props.collectionId);
  const { documentId, blocks } = await uploadedDocumentCreator(deps, { ...props, actorUserId: props.actor.userId });
  await withJob(deps, { ...props, documentIds: [documentId], ...(blocks ? { blocks: new Map([[documentId, blocks]]) } : {}) });
  return documentWithJob(deps, documentId);
}

/** Adds pasted text (e.g. a web page's text) as a document; empty text is refused. */
export async function documentPaster(deps: Deps, props: Ctx & { collectionId: number; body: KbPasteBody }): Promise<KbDocument> {
  await visibleCollection(deps, props.actor, props.collectionId);
  const parsed = parsePastedText(props.body.text);
  const d = await deps.db.transaction(async (tx) => {
    const row = await repo.insertDocument(tx, {
      collectionId: props.collectionId,
      title: props.body.title,
      sourceKind: 'paste',
      format: parsed.format,
      sourceUrl: props.body.sourceUrl ?? null,
      pastedText: props.body.text,
      sizeBytes: Buffer.byteLength(props.body.text),
      status: 'pending',
      createdBy: props.actor.userId,
    });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'kb.document.paste', entity: 'kb_document', entityId: row.id, details: { collectionId: props.collectionId, title: props.body.title, sourceUrl: props.body.sourceUrl ?? null }, requestId: props.requestId ?? null });
    return row;
  });
  await withJob(deps, { ...props, documentIds: [d.id], blocks: new Map([[d.id, parsed.blocks]]) });
  return documentWithJob(deps, d.id);
}

async function managedDocument(deps: Deps, collectionId: number, id: number): Promise<repo.DocumentWithFile> {
  const r = await repo.documentById(deps.db, id);
  if (!r || r.d.collectionId !== collectionId) throw notFound('document', id);
  return r;
}

/** Deletes a document: its passages leave search at once, its file is removed. */
export async function documentDeleter(deps: Deps, props: Ctx & { collectionId: number; id: number }): Promise<void> {
  const r = await managedDocument(deps, props.collectionId, props.id);
  const keys = await deps.db.transaction(async (tx) => {
    const k = await repo.deleteDocuments(tx, [r.d.id]);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'kb.document.delete', entity: 'kb_document', entityId: r.d.id, details: { collectionId: r.d.collectionId, title: r.d.title }, requestId: props.requestId ?? null });
    return k;
  });
  await dropDocumentChunks(deps.db, [r.d.id]);
  await discardStored(deps, keys);
}

export async function documentReindexer(deps: Deps, props: Ctx & { collectionId: number; id: number }): Promise<JobItem> {
  const r = await managedDocument(deps, props.collectionId, props.id);
  await recordAudit(deps.db, { actorUserId: props.actor.userId, action: 'kb.document.reindex', entity: 'kb_document', entityId: r.d.id, requestId: props.requestId ?? null });
  return presentJob(await withJob(deps, { ...props, documentIds: [r.d.id] }));
}

export async function collectionReindexer(deps: Deps, props: Ctx & { collectionId: number }): Promise<JobItem> {
  await visibleCollection(deps, props.actor, props.collectionId);
  const ids = await repo.documentIdsOfCollection(deps.db, props.collectionId);
  await recordAudit(deps.db, { actorUserId: props.actor.userId, action: 'kb.collection.reindex', entity: 'kb_collection', entityId: props.collectionId, details: { documents: ids.length }, requestId: props.requestId ?? null });
  return presentJob(await withJob(deps, { ...props, documentIds: ids, collectionId: props.collectionId }));
}
