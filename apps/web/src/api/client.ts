/**
 * The one way the SPA talks to the server: relative `/api/v1` URLs, JSON in and out, the
 * session cookie sent by the browser, and the CSRF token added to every mutation (the server
 * refuses cookie-authenticated POST/PATCH/PUT/DELETE without it). Every failure becomes an
 * `ApiError` carrying the RFC 9457 problem document, so views can show `detail`, the request
 * id and per-field `errors`.
 */

/** One field problem as the server reports it (`path` is dot-separated, e.g. `email` or `tags.0`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** RFC 9457 problem details as this API sends them, plus the extension members we use. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** A failed request. `problem` is always filled, synthesised when the body was not problem+json. */
export class ApiError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
  /** The stable problem type without the URN prefix, e.g. `locked`, `import-invalid`. */
  get code() {
    return this.problem.type.replace(/^urn:xueli:problem:/, '');
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token from the login or session response; `null` after logout. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The CSRF header for a mutation sent with `fetch` directly (e.g. a streamed response). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds `/api/v1{path}?…`, leaving out empty values so that filters stay optional. */
export function apiUrl(path: string, query?: Record<string, QueryValue>) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}

export async function toError(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('x-request-id') ?? undefined;
  try {
    const body = (await res.json()) as Partial<ProblemBody>;
    if (body && typeof body.detail === 'string') {
      return new ApiError({
        ...body,
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: res.status,
        detail: body.detail,
        requestId: body.requestId ?? requestId,
      });
    }
  } catch {
    // not JSON: fall through to a synthesised problem
  }
  return new ApiError({
    type: 'about:blank',
    title: res.statusText,
    status: res.status,
    detail: `HTTP ${res.status} ${res.statusText}`,
    requestId,
  });
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON-serialisable body, or a FormData for multipart uploads. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends one request and returns the parsed JSON body (or `undefined` for an empty one). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (!res.ok) throw await toError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Shorthands; `api.get('/courses', {query})`. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Record<string, QueryValue>) =>
    request<T>('POST', path, { body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
