/**
 * CSV uploads for import routes: the file arrives as the `file` part of a multipart body (a
 * browser form) or as a raw `text/csv` body (`curl --data-binary @file.csv`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, invalid } from '../lib/errors.ts';

/**
 * Accepts raw `text/csv` bodies as bytes, up to `maxBytes`. Fastify scopes content-type
 * parsers to the plugin, so each routes plugin with an import calls this once.
 */
export function acceptCsvBodies(app: FastifyInstance, maxBytes: number) {
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
    done(null, body),
  );
}

/** The uploaded file: the `file` part of a multipart body, or a raw text/csv body. */
export async function uploadedCsvBytes(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw invalid("Send the CSV in a multipart field named 'file'");
    return part.toBuffer(); // over maxUploadBytes this rejects with a 413
  }
  if (String(request.headers['content-type'] ?? '').startsWith('text/csv')) {
    return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  }
  throw new DomainError(
    'unsupported-media',
    "Send the CSV as multipart/form-data (field 'file') or with Content-Type text/csv",
  );
}
