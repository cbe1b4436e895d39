import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { makeCourse, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let trainer: Client;
let otherTrainer: Client;
let admin: Client;
let learner: Client;
let trainerId: number;

beforeAll(async () => {
  t = await createTestApp();
  const tr = await makeUser(t.db, { roles: ['trainer'] });
  trainerId = tr.user.id;
  trainer = await t.login(tr.username);
  otherTrainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
});
afterAll(() => t.close());

/** A draft course by `who` with `modules` modules, through the API. */
async function draftCourse(who: Client, modules = 1, extra: Record<string, unknown> = {}) {
  const res = await who.post('/api/v1/courses', { title: unique('课程 '), ...extra });
  expect(res.status).toBe(201);
  for (let i = 0; i < modules; i++) {
    expect((await who.post(`/api/v1/courses/${res.body.id}/modules`, { title: `模块 ${i + 1}`, estimatedMinutes: 15 })).status).toBe(201);
  }
  return res.body.id as number;
}

describe('course authoring permissions', () => {
  it('lets a trainer create a draft course they own', async () => {
    const res = await trainer.post('/api/v1/courses', { title: '提示词工程入门', titleEn: 'Prompt engineering', tags: ['LLM', 'LLM', '入门'], category: 'AI' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', ownerUserId: trainerId, canEdit: true, tags: ['LLM', '入门'], modules: [], enrollment: null, moduleCount: 0 });
  });

  it('refuses course creation to a learner with a forbidden problem', async () => {
    const res = await learner.post('/api/v1/courses', { title: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:xueli:problem:forbidden');
  });

  it("does not let a trainer edit another trainer's course, but lets an admin", async () => {
    const id = await draftCourse(trainer);
    const denied = await otherTrainer.patch(`/api/v1/courses/${id}`, { title: 'hijacked' });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('urn:xueli:problem:forbidden');
    expect((await otherTrainer.post(`/api/v1/courses/${id}/modules`, { title: 'x' })).status).toBe(403);
    const byAdmin = await admin.patch(`/api/v1/courses/${id}`, { title: 'Renamed by admin' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.title).toBe('Renamed by admin');
    expect((await otherTrainer.get(`/api/v1/courses/${id}`)).body.canEdit).toBe(false);
  });

  it('answers 404 for a course that does not exist', async () => {
    const res = await trainer.patch('/api/v1/courses/99999999', { title: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('urn:xueli:problem:not-found');
  });
});

describe('publishing rules', () => {
  it('refuses to publish a course without modules (409) and publishes it once it has one, with an audit entry', async () => {
    const id = await draftCourse(trainer, 0);
    const refused = await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:xueli:problem:conflict');
    expect(refused.body.detail).toMatch(/module/);
    await trainer.post(`/api/v1/courses/${id}/modules`, { title: '第一章' });
    const ok = await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('published');
    expect(ok.body.publishedAt).not.toBeNull();
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'course'), eq(auditLog.entityId, String(id)), eq(auditLog.action, 'course.status.change')));
    expect(audit.map((a) => a.details)).toEqual([{ from: 'draft', to: 'published' }]);
  });

  it('unpublishes only while nobody is enrolled; archives and republishes otherwise', async () => {
    const id = await draftCourse(trainer, 1);
    await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' });
    expect((await learner.post(`/api/v1/courses/${id}/enroll`)).status).toBe(201);
    const unpublish = await trainer.patch(`/api/v1/courses/${id}`, { status: 'draft' });
    expect(unpublish.status).toBe(409);
    expect(unpublish.body.detail).toMatch(/archive/);
    expect((await trainer.patch(`/api/v1/courses/${id}`, { status: 'archived' })).body.status).toBe('archived');
    expect((await trainer.patch(`/api/v1/courses/${id}`, { status: 'draft' })).status).toBe(409);
    expect((await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' })).body.status).toBe('published');
  });

  it('deletes a draft nobody is enrolled in, and refuses to delete a published course', async () => {
    const draft = await draftCourse(trainer, 1);
    expect((await trainer.delete(`/api/v1/courses/${draft}`)).status).toBe(200);
    expect((await trainer.get(`/api/v1/courses/${draft}`)).status).toBe(404);
    const pub = await draftCourse(trainer, 1);
    await trainer.patch(`/api/v1/courses/${pub}`, { status: 'published' });
    const res = await trainer.delete(`/api/v1/courses/${pub}`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/Archive/);
  });
});

describe('what learners see', () => {
  it('hides drafts from learners (404) while their author sees them', async () => {
    const id = await draftCourse(trainer, 1);
    const res = await learner.get(`/api/v1/courses/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('urn:xueli:problem:not-found');
    expect((await trainer.get(`/api/v1/courses/${id}`)).status).toBe(200);
  });

  it('keeps an archived course open to the learners enrolled in it, and only to them', async () => {
    const id = await draftCourse(trainer, 1);
    await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' });
    const enrolled = (await learner.post(`/api/v1/courses/${id}/enroll`)).body;
    await trainer.patch(`/api/v1/courses/${id}`, { status: 'archived' });
    expect((await learner.get(`/api/v1/courses/${id}`)).body.status).toBe('archived');
    const again = await learner.post(`/api/v1/courses/${id}/enroll`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(enrolled.id);
    const stranger = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
    expect((await stranger.get(`/api/v1/courses/${id}`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/courses/${id}/enroll`)).status).toBe(404);
  });

  it('lists only published courses to a learner, ignoring a status filter', async () => {
    const category = unique('cat');
    const draft = await draftCourse(trainer, 1, { category });
    const pub = await draftCourse(trainer, 2, { category });
    await trainer.patch(`/api/v1/courses/${pub}`, { status: 'published' });
    const mine = await learner.get(`/api/v1/courses?category=${category}&status=draft`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((c: { id: number }) => c.id)).toEqual([pub]);
    expect(mine.body.items[0]).toMatchObject({ moduleCount: 2, totalMinutes: 30, enrolled: false, canEdit: false });
    const authors = await trainer.get(`/api/v1/courses?category=${category}`);
    expect(authors.body.items.map((c: { id: number }) => c.id).sort()).toEqual([draft, pub].sort());
    expect((await trainer.get(`/api/v1/courses?category=${category}&status=draft`)).body.total).toBe(1);
  });

  it('searches titles literally, filters by tag and by owner', async () => {
    const word = unique('RAG_100%');
    const a = await draftCourse(trainer, 1, { title: `${word} 检索增强`, tags: ['rag'] });
    await draftCourse(otherTrainer, 1, { title: `${word} 知识库`, tags: ['kb'] });
    const found = await trainer.get(`/api/v1/courses?search=${encodeURIComponent(word)}`);
    expect(found.body.total).toBe(2);
    expect((await trainer.get(`/api/v1/courses?search=${encodeURIComponent(word)}&tag=rag`)).body.items.map((c: { id: number }) => c.id)).toEqual([a]);
    expect((await trainer.get(`/api/v1/courses?search=${encodeURIComponent(word)}&owner=me`)).body.items.map((c: { id: number }) => c.id)).toEqual([a]);
    expect((await trainer.get('/api/v1/courses?search=%25')).body.items.every((c: { title: string; description: string }) => `${c.title}${c.description}`.includes('%'))).toBe(true);
  });
});

describe('modules', () => {
  it('appends modules in order and reorders them with exactly the course module ids', async () => {
    const id = await draftCourse(trainer, 3);
    const detail = (await trainer.get(`/api/v1/courses/${id}`)).body;
    const ids = detail.modules.map((m: { id: number }) => m.id);
    expect(detail.modules.map((m: { position: number }) => m.position)).toEqual([0, 1, 2]);
    const wrong = await trainer.put(`/api/v1/courses/${id}/module-order`, { moduleIds: [ids[0], ids[1]] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe('urn:xueli:problem:validation');
    const dup = await trainer.put(`/api/v1/courses/${id}/module-order`, { moduleIds: [ids[0], ids[0], ids[1]] });
    expect(dup.status).toBe(400);
    const reordered = await trainer.put(`/api/v1/courses/${id}/module-order`, { moduleIds: [ids[2], ids[0], ids[1]] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.modules.map((m: { id: number }) => m.id)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('edits and deletes a module, but keeps the last module of a published course', async () => {
    const id = await draftCourse(trainer, 2);
    const [m1, m2] = (await trainer.get(`/api/v1/courses/${id}`)).body.modules;
    const edited = await trainer.patch(`/api/v1/modules/${m1.id}`, { title: '新标题', estimatedMinutes: 45 });
    expect(edited.body).toMatchObject({ title: '新标题', estimatedMinutes: 45 });
    await trainer.patch(`/api/v1/courses/${id}`, { status: 'published' });
    expect((await trainer.delete(`/api/v1/modules/${m1.id}`)).status).toBe(200);
    const last = await trainer.delete(`/api/v1/modules/${m2.id}`);
    expect(last.status).toBe(409);
  });

  it('lets nobody but authors change modules', async () => {
    const { course, modules } = await makeCourse(t.db, { ownerUserId: trainerId });
    expect((await learner.patch(`/api/v1/modules/${modules[0]!.id}`, { title: 'x' })).status).toBe(403);
    expect((await learner.put(`/api/v1/courses/${course.id}/module-order`, { moduleIds: [] })).status).toBe(403);
  });
});

describe('bad input', () => {
  it('answers unknown fields, wrong types and bad ids with a validation problem listing the paths', async () => {
    const res = await trainer.post('/api/v1/courses', { title: '', color: 'red' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:xueli:problem:validation');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect((await trainer.patch('/api/v1/courses/abc', { title: 'x' })).status).toBe(400);
    expect((await trainer.get('/api/v1/courses?pageSize=1000')).status).toBe(400);
    expect((await trainer.patch('/api/v1/courses/1', {})).status).toBe(400);
    expect((await trainer.patch('/api/v1/courses/1', { status: 'deleted' })).status).toBe(400);
  });

  it('describes every catalog route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const p of ['/api/v1/courses', '/api/v1/team/progress', '/api/v1/me/learning', '/api/v1/classroom-records', '/api/v1/files/{id}']) {
      expect(paths).toContain(p);
    }
  });
});
