/**
 * Property-based robustness: generated and malformed bodies and query strings sent to every
 * /api route, as an administrator holding every role, must never produce a 5xx. Every 4xx
 * must be an RFC 9457 problem document.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  const { username } = await makeUser(t.db, { roles: ['admin', 'trainer', 'manager', 'assessor', 'learner'] });
  const c = await t.login(username);
  token = (await c.post('/api/v1/auth/tokens', { name: 'fuzz' })).body.token as string;
});
afterAll(() => t.close());

const idLike = fc.oneof(fc.constant('1'), fc.constant('0'), fc.constant('-1'), fc.constant('abc'), fc.constant('99999999999'), fc.constant('%00'), fc.nat().map(String));
const malformed = fc.oneof(
  fc.constant('{'),
  fc.constant('{"a":'),
  fc.constant('null'),
  fc.constant('[]'),
  fc.constant('"\\u0000"'),
  fc.string().map((s) => `{"x":"${s.replace(/["\\]/g, '')}"`),
);
const body = fc.oneof(
  fc.json().map((j) => ({ raw: j })),
  malformed.map((m) => ({ raw: m })),
  fc.dictionary(fc.constantFrom('title', 'name', 'username', 'password', 'status', 'roles', 'dueDate', 'employeeIds', 'locale', 'parentId', 'kind', 'url', 'body', 'hours', 'moduleIds', 'x'), fc.anything()).map((o) => ({ raw: JSON.stringify(o) })),
);
const query = fc.dictionary(fc.constantFrom('page', 'pageSize', 'search', 'status', 'dryRun', 'departmentId', 'lang'), fc.oneof(fc.string(), fc.integer().map(String))).map((q) => new URLSearchParams(q).toString());

describe('every route under generated input', () => {
  it('never answers 5xx, and answers 4xx with problem+json', async () => {
    const routes = t.app.apiRoutes.filter((r) => !['/api/v1/auth/logout', '/api/v1/auth/tokens/:id'].includes(r.url));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), idLike, body, query, async (route, id, b, q) => {
        const url = route.url.replace(/:[A-Za-z]+/g, encodeURIComponent(id)) + (q ? `?${q}` : '');
        const hasBody = !['GET', 'DELETE'].includes(route.method);
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { authorization: `Bearer ${token}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody ? { payload: b.raw } : {}),
        });
        if (res.statusCode >= 500) throw new Error(`${route.method} ${url} ${b.raw} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
  });

  it('rejects an oversized body with 413 problem+json', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(t.deps.config.maxUploadBytes + 10) });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('urn:xueli:problem:payload-too-large');
  });

  it('rejects an unknown field in a body with 400 naming it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'ok', extra: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/extra/);
  });

  it('rejects a wrong content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(res.statusCode).toBe(415);
  });
});
