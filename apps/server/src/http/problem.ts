/**
 * One table from domain errors to RFC 9457 problem details. The `type` URIs are stable:
 * clients and tests may branch on them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode } from '../lib/errors.ts';

const TABLE: Record<ErrorCode, { status: number; title: string }> = {
  validation: { status: 400, title: 'Invalid request' },
  'import-invalid': { status: 422, title: 'The import file has errors' },
  'invalid-credentials': { status: 401, title: 'Wrong username or password' },
  unauthenticated: { status: 401, title: 'Login required' },
  forbidden: { status: 403, title: 'Forbidden' },
  csrf: { status: 403, title: 'Missing or wrong CSRF token' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Request too large' },
  'unsupported-media': { status: 415, title: 'Unsupported media type' },
  locked: { status: 423, title: 'Account temporarily locked' },
  'rate-limited': { status: 429, title: 'Too many requests' },
};

export const problemType = (code: string) => `urn:xueli:problem:${code}`;

/** Postgres SQLSTATEs that mean the client sent something impossible, not that we failed. */
const PG_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  '23505': { code: 'conflict', detail: 'A record with the same unique value already exists' },
  '23503': { code: 'conflict', detail: 'The record refers to, or is referred to by, another record' },
  '23514': { code: 'validation', detail: 'A value is outside its allowed range' },
  '22P02': { code: 'validation', detail: 'A value has the wrong format' },
  '22003': { code: 'validation', detail: 'A number is out of range' },
  '22007': { code: 'validation', detail: 'A date or time has the wrong format' },
  '22008': { code: 'validation', detail: 'A date or time is out of range' },
  '22001': { code: 'validation', detail: 'A value is too long' },
  '22021': { code: 'validation', detail: 'Text contains an invalid character' },
};

function pgCode(err: unknown): string | undefined {
  // Drizzle wraps driver errors; the SQLSTATE sits on the error or its cause.
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

interface Mapped {
  status: number;
  code: string;
  title: string;
  detail: string;
  extra: Record<string, unknown>;
}

function mapError(err: unknown): Mapped {
  if (err instanceof DomainError) {
    const row = TABLE[err.code];
    return { status: row.status, code: err.code, title: row.title, detail: err.message, extra: err.details };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const validation = err.validation as { instancePath?: string; message?: string }[];
    const errors = validation.map((v) => ({
      path: (v.instancePath || '/').replace(/^\//, '').replaceAll('/', '.') || '(root)',
      message: v.message ?? 'invalid',
    }));
    const where = err.validationContext ?? 'request';
    return {
      status: 400,
      code: 'validation',
      title: TABLE.validation.title,
      detail: `The ${where} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      extra: { errors },
    };
  }
  const fe = err as Partial<FastifyError>;
  const pg = pgCode(err);
  if (pg && PG_CODES[pg] && !fe.statusCode) {
    const row = PG_CODES[pg];
    return { status: TABLE[row.code].status, code: row.code, title: TABLE[row.code].title, detail: row.detail, extra: {} };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const byStatus: Record<number, ErrorCode> = { 413: 'payload-too-large', 415: 'unsupported-media', 429: 'rate-limited', 404: 'not-found', 401: 'unauthenticated', 403: 'forbidden' };
    const code = byStatus[fe.statusCode] ?? 'validation';
    return { status: fe.statusCode, code, title: TABLE[code].title, detail: fe.message ?? 'Bad request', extra: {} };
  }
  return { status: 500, code: 'internal', title: 'Internal server error', detail: 'An unexpected error occurred; it has been logged with the request id.', extra: {} };
}

/** Fastify error handler: every error leaves as `application/problem+json`. */
export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const m = mapError(err);
  if (m.status >= 500) request.log.error({ err }, 'unhandled error');
  else request.log.info({ code: m.code, detail: m.detail }, 'request rejected');
  if (m.code === 'locked' && typeof m.extra.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(m.extra.retryAfterSeconds));
  }
  return reply
    .code(m.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: problemType(m.code),
      title: m.title,
      status: m.status,
      detail: m.detail,
      instance: request.url,
      requestId: request.id,
      ...m.extra,
    });
}
