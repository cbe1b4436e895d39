/**
 * HTTP input that a route schema cannot describe: multipart uploads, and a JSON body checked
 * by hand on a route that also accepts multipart. Both end in the same 400 problem shape as
 * schema validation (`errors: [{path, message}]`).
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DomainError, invalid } from '../../lib/errors.ts';
import type { Upload } from './files.service.ts';

/** Validates `value` with `schema`, or throws the standard validation problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  throw invalid(`The ${where} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
}

function requireMultipart(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new DomainError('unsupported-media', 'Send multipart/form-data with the file in the field `file`');
  }
}

/**
 * Reads a multipart body: the one file in field `file` and the text fields. Sizes beyond the
 * configured upload limit fail with 413 while streaming, before the whole file is in memory.
 */
export async function readMultipart(request: FastifyRequest): Promise<{ upload: Upload; fields: Record<string, string> }> {
  requireMultipart(request);
  let upload: Upload | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname !== 'file' || upload) {
        throw invalid('Send exactly one file, in the field `file`', { errors: [{ path: part.fieldname, message: 'unexpected file' }] });
      }
      upload = { bytes, fileName: part.filename, mimeType: part.mimetype };
    } else {
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
    }
  }
  if (!upload) throw invalid('The file is missing: send it in the field `file`', { errors: [{ path: 'file', message: 'required' }] });
  if (upload.bytes.length === 0) throw invalid('The file is empty', { errors: [{ path: 'file', message: 'empty file' }] });
  return { upload, fields };
}
