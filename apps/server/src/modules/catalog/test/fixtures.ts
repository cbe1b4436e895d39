/** Test helpers for the catalog tests: multipart bodies, tiny images, and common set-ups. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { enrollments } from '../../../db/schema/index.ts';

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; data: Buffer };

/** A multipart/form-data body (RFC 7578) and its content-type header. */
export function multipart(parts: Part[]) {
  const boundary = `----xueli${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in p) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`),
        p.data,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Bytes that start like a PNG (signature + IHDR chunk type), padded to `size`. */
export function pngBytes(size = 64): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 7)]);
}

/** Sets an enrolment's due date directly (the API refuses dates in the past). */
export async function setDueDate(db: Db, enrollmentId: number, dueDate: string) {
  await db.update(enrollments).set({ dueDate }).where(eq(enrollments.id, enrollmentId));
}

/** YYYY-MM-DD `days` from today (UTC). */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
