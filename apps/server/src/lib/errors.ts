/**
 * Domain errors. Services throw these with the data that explains them; they never carry
 * HTTP codes. `http/problem.ts` maps each `code` to an RFC 9457 problem type and status.
 */
export type ErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'locked'
  | 'rate-limited'
  | 'invalid-credentials'
  | 'import-invalid'
  | 'unsupported-media'
  | 'payload-too-large';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members for the problem document (RFC 9457 §3.2 extension members). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (entity: string, id: string | number) =>
  new DomainError('not-found', `${entity} ${id} was not found`, { entity, id });

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, details);

export const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('validation', message, details);

export const forbidden = (message = 'You are not allowed to do this') =>
  new DomainError('forbidden', message);
