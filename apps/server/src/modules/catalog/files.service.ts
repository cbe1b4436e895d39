/**
 * Uploaded files: storing bytes with their row (SHA-256, size, checked type), removing bytes
 * nobody uses any more, and downloads that only reach callers who may see a course using the file.
 */
import { createHash } from 'node:crypto';
import type fs from 'node:fs';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { notFound } from '../../lib/errors.ts';
import * as content from './content.repo.ts';
import { canViewCourse } from './policy.ts';
import { cleanFileName, contentDisposition, extensionOf, isInlineImage, storedMimeType } from './uploads.ts';

/** An uploaded file as the HTTP layer hands it over (already read into memory). */
export interface Upload {
  bytes: Buffer;
  /** The client's file name; cleaned before it is stored. */
  fileName: string;
  /** The client's declared Content-Type; never trusted for images. */
  mimeType: string;
}

/** Bytes written to the store but not yet recorded in a committed row. */
export interface StagedFile {
  storageKey: string;
  values: Omit<content.FileRow, 'id' | 'createdAt'>;
}

/**
 * Writes the bytes to the file store. Call before the transaction and `recordStaged` inside
 * it; if the transaction fails, `discardStored` the key so no orphan bytes stay behind.
 */
export async function stageUpload(deps: Deps, upload: Upload, uploadedBy: number, mimeType?: string): Promise<StagedFile> {
  const name = cleanFileName(upload.fileName);
  const storageKey = await deps.files.put(upload.bytes, extensionOf(name));
  return {
    storageKey,
    values: {
      storageKey,
      originalName: name,
      mimeType: mimeType ?? storedMimeType(upload.mimeType, upload.bytes),
      sizeBytes: upload.bytes.length,
      sha256: createHash('sha256').update(upload.bytes).digest('hex'),
      uploadedBy,
    },
  };
}

/** Inserts the row of a staged file. */
export const recordStaged = (db: Db, staged: StagedFile) => content.insertFile(db, staged.values);

/** Removes stored bytes, best effort: a missing file is not an error. */
export async function discardStored(deps: Deps, keys: string[]): Promise<void> {
  await Promise.allSettled(keys.map((k) => deps.files.remove(k)));
}

/**
 * Runs `work` in a transaction; afterwards removes the bytes of files the work reported as no
 * longer used, or, when it failed, the bytes staged for it.
 */
export async function withFileCleanup<T>(
  deps: Deps,
  staged: StagedFile[],
  work: (tx: Db) => Promise<{ result: T; unusedKeys: string[] }>,
): Promise<T> {
  let out: { result: T; unusedKeys: string[] };
  try {
    out = await deps.db.transaction((tx) => work(tx));
  } catch (err) {
    await discardStored(deps, staged.map((s) => s.storageKey));
    throw err;
  }
  await discardStored(deps, out.unusedKeys);
  return out.result;
}

export interface Download {
  stream: fs.ReadStream;
  mimeType: string;
  sizeBytes: number;
  /** Content-Disposition value: inline for verified images, attachment for the rest. */
  disposition: string;
  sha256: string;
}

/**
 * Opens a file for download. Allowed when the caller may see at least one course that uses
 * the file as its cover or in a resource; otherwise (or when unused) 404, revealing nothing.
 */
export async function fileDownloader(deps: Deps, props: { actor: Actor; fileId: number }): Promise<Download> {
  const file = await content.findFile(deps.db, props.fileId);
  if (!file) throw notFound('file', props.fileId);
  const users = await content.coursesUsingFile(deps.db, file.id, props.actor.employeeId);
  if (!users.some((c) => canViewCourse(props.actor, c, c.enrolled))) throw notFound('file', props.fileId);
  const inline = isInlineImage(file.mimeType);
  return {
    stream: deps.files.open(file.storageKey),
    mimeType: file.mimeType,
    sizeBytes: file.sizeBytes,
    disposition: contentDisposition(inline ? 'inline' : 'attachment', file.originalName),
    sha256: file.sha256,
  };
}
