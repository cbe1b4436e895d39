/**
 * Walks every registered /api route with every role (and no login) and checks the expected
 * allow/deny of the route's declared policy. The table below is written by hand on purpose:
 * it is the second statement of who may call what, so a policy changed by mistake fails here.
 * A route missing from the table (or a stale row) fails too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/db/schema/index.ts';
import { makeUser } from './factories.ts';
import { createTestApp, type Client, type TestApp } from './harness.ts';

type Expect = 'public' | 'authenticated' | readonly Role[];
const ANY = 'authenticated' as const;
const ADMIN = ['admin'] as const;
const AUTHORS = ['admin', 'trainer'] as const;
const STAFF = ['admin', 'trainer', 'manager'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const GRADERS = ['admin', 'trainer', 'assessor'] as const;

const EXPECTED: Record<string, Expect> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': ANY,
  'GET /api/v1/auth/session': ANY,
  'PATCH /api/v1/auth/session': ANY,
  'POST /api/v1/auth/password': ANY,
  'GET /api/v1/auth/tokens': ANY,
  'POST /api/v1/auth/tokens': ANY,
  'DELETE /api/v1/auth/tokens/:id': ANY,
  'GET /api/v1/users': ADMIN,
  'POST /api/v1/users': ADMIN,
  'PATCH /api/v1/users/:id': ADMIN,
  // ORG_ROUTES
  'GET /api/v1/departments': ANY,
  'POST /api/v1/departments': ADMIN,
  'PATCH /api/v1/departments/:id': ADMIN,
  'DELETE /api/v1/departments/:id': ADMIN,
  'GET /api/v1/positions': ANY,
  'POST /api/v1/positions': ADMIN,
  'PATCH /api/v1/positions/:id': ADMIN,
  'DELETE /api/v1/positions/:id': ADMIN,
  'GET /api/v1/employees': STAFF,
  'GET /api/v1/employees/:id': ANY,
  'POST /api/v1/employees': ADMIN,
  'PATCH /api/v1/employees/:id': ADMIN,
  'POST /api/v1/employees/import': ADMIN,
  'GET /api/v1/employees/import/template': ADMIN,
  // CATALOG_ROUTES
  'GET /api/v1/courses': ANY,
  'GET /api/v1/courses/:id': ANY,
  'POST /api/v1/courses': AUTHORS,
  'PATCH /api/v1/courses/:id': AUTHORS,
  'DELETE /api/v1/courses/:id': AUTHORS,
  'POST /api/v1/courses/:id/cover': AUTHORS,
  'GET /api/v1/files/:id': ANY,
  'POST /api/v1/courses/:id/modules': AUTHORS,
  'PATCH /api/v1/modules/:id': AUTHORS,
  'DELETE /api/v1/modules/:id': AUTHORS,
  'PUT /api/v1/courses/:id/module-order': AUTHORS,
  'PUT /api/v1/modules/:id/resource-order': AUTHORS,
  'POST /api/v1/modules/:id/resources': AUTHORS,
  'PATCH /api/v1/resources/:id': AUTHORS,
  'DELETE /api/v1/resources/:id': AUTHORS,
  'POST /api/v1/courses/:id/enroll': ANY,
  'POST /api/v1/courses/:id/assignments': MANAGERS,
  'POST /api/v1/enrollments/:id/modules/:moduleId/complete': ANY,
  'DELETE /api/v1/enrollments/:id/modules/:moduleId/complete': ANY,
  'GET /api/v1/me/learning': ANY,
  'GET /api/v1/me/records': ANY,
  'GET /api/v1/employees/:id/records': STAFF,
  'GET /api/v1/team/progress': MANAGERS,
  'POST /api/v1/classroom-records': AUTHORS,
  'GET /api/v1/classroom-records': AUTHORS,
  'DELETE /api/v1/classroom-records/:id': AUTHORS,
  // SKILLS: frameworks, knowledge points, prerequisites, CASE and CSV
  'GET /api/v1/frameworks': ANY,
  'POST /api/v1/frameworks': AUTHORS,
  'GET /api/v1/frameworks/:id': ANY,
  'PATCH /api/v1/frameworks/:id': AUTHORS,
  'DELETE /api/v1/frameworks/:id': AUTHORS,
  'POST /api/v1/frameworks/:id/publish': AUTHORS,
  'POST /api/v1/frameworks/:id/versions': AUTHORS,
  'POST /api/v1/frameworks/:id/points': AUTHORS,
  'PATCH /api/v1/points/:id': AUTHORS,
  'DELETE /api/v1/points/:id': AUTHORS,
  'POST /api/v1/frameworks/:id/prerequisites': AUTHORS,
  'DELETE /api/v1/frameworks/:id/prerequisites/:fromId/:toId': AUTHORS,
  'GET /api/v1/frameworks/:id/case': ANY,
  'POST /api/v1/frameworks/import/case': AUTHORS,
  'GET /api/v1/frameworks/:id/points.csv': ANY,
  'POST /api/v1/frameworks/:id/points/import': AUTHORS,
  // SKILLS: targets, evidence, mastery, models
  'GET /api/v1/positions/:id/targets': ANY,
  'PUT /api/v1/positions/:id/targets': AUTHORS,
  'GET /api/v1/positions/targets.csv': AUTHORS,
  'POST /api/v1/positions/targets/import': AUTHORS,
  'GET /api/v1/employees/:id/targets': ANY,
  'PUT /api/v1/employees/:id/targets/:kpId': MANAGERS,
  'DELETE /api/v1/employees/:id/targets/:kpId': MANAGERS,
  'POST /api/v1/evidence': ['admin', 'trainer', 'assessor'],
  'POST /api/v1/me/ratings': ANY,
  'POST /api/v1/employees/:id/ratings': MANAGERS,
  'GET /api/v1/employees/:id/evidence': ANY,
  'GET /api/v1/me/mastery': ANY,
  'GET /api/v1/employees/:id/mastery': ANY,
  'GET /api/v1/employees/:id/mastery/history': ANY,
  'GET /api/v1/team/mastery': STAFF,
  'GET /api/v1/team/mastery.csv': STAFF,
  'GET /api/v1/kt/models': AUTHORS,
  'POST /api/v1/kt/refit': ADMIN,
  'GET /api/v1/jobs/:id': AUTHORS,
  // ASSESSMENT: item bank (holds answer keys: authors only)
  'GET /api/v1/items': AUTHORS,
  'POST /api/v1/items': AUTHORS,
  'GET /api/v1/items/:id': AUTHORS,
  'PATCH /api/v1/items/:id': AUTHORS,
  'DELETE /api/v1/items/:id': AUTHORS,
  'POST /api/v1/items/:id/status': AUTHORS,
  'GET /api/v1/items/:id/versions': AUTHORS,
  'POST /api/v1/items/import': AUTHORS,
  'GET /api/v1/items/import/template': AUTHORS,
  'GET /api/v1/items/export': AUTHORS,
  'POST /api/v1/items/:id/try': AUTHORS,
  // EXAM_ROUTES
  'GET /api/v1/exams': AUTHORS,
  'POST /api/v1/exams': AUTHORS,
  'GET /api/v1/exams/:id': AUTHORS,
  'PATCH /api/v1/exams/:id': AUTHORS,
  'POST /api/v1/exams/:id/status': AUTHORS,
  'DELETE /api/v1/exams/:id': AUTHORS,
  'GET /api/v1/exams/:id/attempts': STAFF,
  'GET /api/v1/exams/:id/analysis': AUTHORS,
  'POST /api/v1/exams/:id/analysis/apply': AUTHORS,
  'POST /api/v1/items/:id/regrade': AUTHORS,
  'GET /api/v1/me/exams': ANY,
  'GET /api/v1/me/attempts': ANY,
  'POST /api/v1/exams/:id/attempts': ANY,
  'GET /api/v1/attempts/:id': ANY,
  'PUT /api/v1/attempts/:id/responses/:itemId': ANY,
  'POST /api/v1/attempts/:id/responses/:itemId/check': ANY,
  'POST /api/v1/attempts/:id/submit': ANY,
  'GET /api/v1/grading/queue': GRADERS,
  // PATH_ROUTES
  'GET /api/v1/modules/:id/knowledge-points': ANY,
  'PUT /api/v1/modules/:id/knowledge-points': AUTHORS,
  'GET /api/v1/me/path': ANY,
  'PUT /api/v1/me/path/steps/:moduleId': ANY,
  'PUT /api/v1/me/path/order': ANY,
  'GET /api/v1/employees/:id/path': STAFF,
  'POST /api/v1/paths/replan': ADMIN,
  'GET /api/v1/generation/capabilities': AUTHORS,
  'POST /api/v1/generation/drafts': AUTHORS,
  'GET /api/v1/generation/drafts': AUTHORS,
  'GET /api/v1/generation/drafts/:id': AUTHORS,
  'PUT /api/v1/generation/drafts/:id': AUTHORS,
  'POST /api/v1/generation/drafts/:id/approve': AUTHORS,
  'POST /api/v1/generation/drafts/:id/reject': AUTHORS,
  'POST /api/v1/goals': STAFF,
  'GET /api/v1/goals': ANY,
  'DELETE /api/v1/goals/:id': STAFF,
  'GET /api/v1/curated-paths': STAFF,
  'GET /api/v1/curated-paths/:id': STAFF,
  'POST /api/v1/curated-paths': AUTHORS,
  'PUT /api/v1/curated-paths/:id': AUTHORS,
  'DELETE /api/v1/curated-paths/:id': AUTHORS,
  'GET /api/v1/me/recommendations': ANY,
  'POST /api/v1/me/recommendations/events': ANY,
  'GET /api/v1/recommendations/report': AUTHORS,
  'POST /api/v1/tutor/ask': ANY,
  'POST /api/v1/tutor/ask/stream': ANY,
  'GET /api/v1/tutor/questions': ANY,
  'POST /api/v1/tutor/questions/:id/rating': ANY,
  'GET /api/v1/tutor/gaps': AUTHORS,
  'POST /api/v1/grading/attempts/:id/items/:itemId': GRADERS,
  'GET /api/v1/admin/ai/settings': ADMIN,
  'PUT /api/v1/admin/ai/settings': ADMIN,
  'POST /api/v1/admin/ai/settings/test': ADMIN,
  'GET /api/v1/admin/ai/calls': ADMIN,
  'GET /api/v1/admin/ai/usage': ADMIN,
  // KNOWLEDGE_ROUTES
  'GET /api/v1/kb/collections': ANY,
  'GET /api/v1/kb/collections/:id': ANY,
  'POST /api/v1/kb/collections': AUTHORS,
  'PATCH /api/v1/kb/collections/:id': AUTHORS,
  'DELETE /api/v1/kb/collections/:id': AUTHORS,
  'POST /api/v1/kb/collections/:id/reindex': AUTHORS,
  'GET /api/v1/kb/collections/:id/documents': ANY,
  'POST /api/v1/kb/collections/:id/documents': AUTHORS,
  'POST /api/v1/kb/collections/:id/documents/paste': AUTHORS,
  'DELETE /api/v1/kb/collections/:id/documents/:docId': AUTHORS,
  'POST /api/v1/kb/collections/:id/documents/:docId/reindex': AUTHORS,
  'GET /api/v1/kb/documents/:id': ANY,
  'GET /api/v1/kb/passages/:id': ANY,
  'GET /api/v1/kb/search': ANY,
  // CERT_ROUTES
  'GET /api/v1/cert-programmes': ANY,
  'GET /api/v1/cert-programmes/:id': ANY,
  'POST /api/v1/cert-programmes': ADMIN,
  'PUT /api/v1/cert-programmes/:id': ADMIN,
  'GET /api/v1/me/certificates': ANY,
  'GET /api/v1/certificates': ADMIN,
  'POST /api/v1/certificates': ADMIN,
  'POST /api/v1/certificates/:id/status': ADMIN,
  'POST /api/v1/cert-keys/rotate': ADMIN,
  'GET /api/v1/public/certificates/:publicId': 'public',
  'GET /api/v1/public/certificates/:publicId/credential': 'public',
  'GET /api/v1/public/certificates/:publicId/pdf': 'public',
  'POST /api/v1/public/certificates/verify': 'public',
  'GET /api/v1/public/certificates/status/:purpose': 'public',
  'POST /api/v1/cert-applications': ANY,
  'GET /api/v1/cert-applications': ANY,
  'GET /api/v1/cert-applications/:id': ANY,
  'POST /api/v1/cert-applications/:id/evidence': ANY,
  'GET /api/v1/cert-applications/:id/evidence/:fileId': ANY,
  'POST /api/v1/cert-applications/:id/review': ['admin', 'assessor'],
  'POST /api/v1/cert-applications/:id/ready': ANY,
  'POST /api/v1/cert-applications/:id/written': ANY,
  'POST /api/v1/cert-applications/:id/interview': ['admin', 'assessor'],
  'POST /api/v1/cert-applications/:id/assessments': ['admin', 'assessor'],
  'POST /api/v1/cert-applications/:id/decision': ADMIN,
  'POST /api/v1/cert-applications/:id/appeal': ANY,
  'POST /api/v1/cert-applications/:id/appeal/decision': ['admin', 'assessor'],
  'POST /api/v1/cert-applications/:id/withdraw': ANY,
  'GET /api/v1/cert-programmes/:id/dashboard': AUTHORS,
  'GET /api/v1/cert-assessors': ['admin', 'assessor'],
  'POST /api/v1/certificates/:id/renew': ANY,
  'GET /api/v1/me/notifications': ANY,
  'POST /api/v1/me/notifications/:id/read': ANY,
  'POST /api/v1/me/notifications/read-all': ANY,
};

let t: TestApp;
const clients = new Map<Role | 'anonymous', Client>();

beforeAll(async () => {
  t = await createTestApp();
  clients.set('anonymous', t.anon);
  for (const role of ROLES) {
    const { username } = await makeUser(t.db, { roles: [role] });
    clients.set(role, await t.login(username));
  }
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '999999');

describe('route policies', () => {
  it('declares a policy on every /api route, and the table lists exactly the registered routes', () => {
    const registered = t.app.apiRoutes.map(key).sort();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((r) => !(r in EXPECTED)), 'routes missing from the expected table').toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !registered.includes(r)), 'stale rows in the expected table').toEqual([]);
  });

  it('allows and denies each role exactly as expected on every route', async () => {
    const failures: string[] = [];
    for (const route of t.app.apiRoutes) {
      if (route.url === '/api/v1/auth/logout') continue; // would end the shared session; covered in auth.test.ts
      const expected = EXPECTED[key(route)];
      if (!expected) continue;
      for (const who of ['anonymous', ...ROLES] as const) {
        const c = clients.get(who)!;
        const res = await c.request({
          method: route.method,
          url: concrete(route.url),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { headers: { 'content-type': 'application/json' }, payload: '{}' }),
        });
        const body = res.headers['content-type']?.toString().includes('json') ? res.json<{ requiredRoles?: unknown }>() : {};
        const deniedByPolicy = res.statusCode === 401 || (res.statusCode === 403 && body.requiredRoles !== undefined);
        const shouldAllow =
          expected === 'public' || (who !== 'anonymous' && (expected === 'authenticated' || expected.includes(who)));
        if (shouldAllow === deniedByPolicy) {
          failures.push(`${key(route)} as ${who}: expected ${shouldAllow ? 'allow' : 'deny'}, got ${res.statusCode}`);
        }
        if (res.statusCode >= 500) failures.push(`${key(route)} as ${who}: ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
