import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, frameworks, knowledgePoints } from '../../db/schema/index.ts';
import { makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { presentCandidateItem } from './items.present.ts';

let t: TestApp;
let trainer: Client;
let admin: Client;
let kpA: { id: number; code: string };
let kpB: { id: number; code: string };
let retiredKp: { id: number; code: string };
beforeAll(async () => {
  t = await createTestApp();
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
  const fw = async (status: 'published' | 'retired') =>
    (await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: unique('FW'), name: '大模型应用', version: '1.0', status }).returning())[0]!;
  const live = await fw('published');
  const old = await fw('retired');
  const kp = async (frameworkId: number, code: string) =>
    (await t.db.insert(knowledgePoints).values({ frameworkId, identifier: crypto.randomUUID(), code, name: code }).returning())[0]!;
  kpA = await kp(live.id, unique('KA'));
  kpB = await kp(live.id, unique('KB'));
  retiredKp = await kp(old.id, unique('KR'));
});
afterAll(() => t.close());

const rubric = {
  criteria: [
    { id: 'c1', name: '论点', levels: [{ label: '弱', score: 0 }, { label: '强', score: 4 }] },
    { id: 'c2', name: '证据', weight: 2, levels: [{ label: '无', score: 0 }, { label: '充分', score: 3 }] },
  ],
};
const bodies = () => ({
  single: { type: 'single', stem: '哪一项是 RAG 的含义？', options: [{ id: 'a', text: '检索增强生成' }, { id: 'b', text: '随机生成' }], answerKey: { correct: 'a' }, knowledgePoints: [kpA.id], explanation: 'RAG = Retrieval-Augmented Generation', tags: ['rag'] },
  multiple: { type: 'multiple', stem: '哪些是提示词技巧？', options: [{ id: 'a', text: '少样本' }, { id: 'b', text: '思维链' }, { id: 'c', text: '关机重启' }], answerKey: { correct: ['a', 'b'], rule: 'partial' }, knowledgePoints: [kpA.code, kpB.id] },
  true_false: { type: 'true_false', stem: '温度越高输出越随机。', answerKey: { correct: true }, knowledgePoints: [kpB.id] },
  fill_blank: { type: 'fill_blank', stem: '1+1=___，2+2=___', answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2 }] }, { accepted: [{ kind: 'number', value: 4 }] }] }, knowledgePoints: [kpA.id] },
  short_answer: { type: 'short_answer', stem: '简述 RAG 的作用。', answerKey: { keywords: [{ id: 'k1', terms: ['检索', 'retrieval'] }] }, rubric, knowledgePoints: [kpA.id] },
  essay: { type: 'essay', stem: '论述大模型在企业中的应用。', rubric, knowledgePoints: [kpA.id] },
  programming: { type: 'programming', stem: '实现 add(a, b)。', answerKey: { language: 'ts', functionName: 'add', tests: [{ args: [1, 2], expected: 3 }] }, knowledgePoints: [kpB.id] },
});

async function create(body: object, c: Client = trainer) {
  const res = await c.post('/api/v1/items', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('item authoring', () => {
  it('creates every item type, filling in the engine key type and the options', async () => {
    const made: Record<string, any> = {};
    for (const [type, body] of Object.entries(bodies())) made[type] = await create(body);
    expect(made.single).toMatchObject({ status: 'draft', version: 1, answerKey: { type: 'single-choice', options: ['a', 'b'], correct: 'a' }, tags: ['rag'] });
    expect(made.multiple.knowledgePoints.map((k: any) => k.id).sort()).toEqual([kpA.id, kpB.id].sort());
    expect(made.true_false.answerKey).toEqual({ type: 'true-false', correct: true });
    expect(made.essay).toMatchObject({ answerKey: null, rubric });
    expect(made.programming.answerKey).toMatchObject({ type: 'programming', language: 'ts', functionName: 'add', limits: { cpuMs: 1000, memoryMb: 64, wallMs: 3000 } });
    const got = await trainer.get(`/api/v1/items/${made.single.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(made.single);
  });

  it('rejects an invalid item with every problem listed, and names unknown or retired points', async () => {
    const bad = await trainer.post('/api/v1/items', {
      type: 'multiple',
      stem: 'x',
      options: [{ id: 'a', text: '1' }, { id: 'a', text: '2' }],
      answerKey: { correct: ['a', 'z'], rule: 'bogus' },
      knowledgePoints: [999999, 'NO-SUCH-KP', retiredKp.id],
    });
    expect(bad.status).toBe(400);
    const problems: string[] = (bad.body).problems;
    expect(problems.some((p) => /ids must be unique/.test(p))).toBe(true);
    expect(problems.some((p) => /rule must be one of/.test(p))).toBe(true);
    expect(problems.some((p) => /"z" is not an option/.test(p))).toBe(true);
    expect(problems.some((p) => /999999 does not exist/.test(p))).toBe(true);
    expect(problems.some((p) => /NO-SUCH-KP does not exist/.test(p))).toBe(true);
    expect(problems.some((p) => /does not exist|retired/.test(p) && p.includes(String(retiredKp.id)))).toBe(true);

    const fill = await trainer.post('/api/v1/items', { ...bodies().fill_blank, answerKey: { order: 'nope', blanks: [{ accepted: [] }, { accepted: [{ kind: 'regex', pattern: '(a+)+' }] }] } });
    expect(fill.status).toBe(400);
    expect((fill.body).problems.length).toBeGreaterThanOrEqual(3);
    // wrong key type, an essay with a key, a programming key that is not one, no knowledge points
    expect((await trainer.post('/api/v1/items', { ...bodies().true_false, answerKey: { type: 'single-choice', correct: true } })).status).toBe(400);
    expect((await trainer.post('/api/v1/items', { ...bodies().essay, answerKey: { correct: true } })).status).toBe(400);
    const prog = await trainer.post('/api/v1/items', { ...bodies().programming, answerKey: { language: 'py', functionName: '1x', tests: [] } });
    expect(prog.status).toBe(400);
    // the programming key's shape is part of the request schema
    expect(JSON.stringify(prog.body)).toMatch(/language/);
    expect(JSON.stringify(prog.body)).toMatch(/functionName/);
    expect((await trainer.post('/api/v1/items', { ...bodies().true_false, knowledgePoints: [] })).status).toBe(400);
    expect((await trainer.post('/api/v1/items', { ...bodies().single, answerKey: { correct: 'a', options: ['b', 'a'] } })).status).toBe(400);
  });

  it('is for authors only: learners, managers and assessors get 403', async () => {
    const item = await create(bodies().single);
    for (const role of ['learner', 'manager', 'assessor'] as const) {
      const c = await t.login((await makeUser(t.db, { roles: [role] })).username);
      expect((await c.get(`/api/v1/items/${item.id}`)).status).toBe(403);
      expect((await c.get('/api/v1/items')).status).toBe(403);
      expect((await c.get(`/api/v1/items/${item.id}/versions`)).status).toBe(403);
    }
  });
});

describe('workflow and versions', () => {
  it('moves draft → review → draft → review → active → retired, refusing other moves with the allowed ones named', async () => {
    const item = await create(bodies().true_false);
    const move = (status: string) => trainer.post(`/api/v1/items/${item.id}/status`, { status });
    const skip = await move('active');
    expect(skip.status).toBe(409);
    expect((skip.body).detail).toMatch(/allowed: review/);
    for (const s of ['review', 'draft', 'review', 'active']) expect((await move(s)).status).toBe(200);
    const del = await trainer.delete(`/api/v1/items/${item.id}`);
    expect(del.status).toBe(409);
    expect((del.body).detail).toMatch(/retire it instead/);
    expect((await move('retired')).body).toMatchObject({ status: 'retired', version: 6 });
    const again = await move('active');
    expect(again.status).toBe(409);
    expect((again.body).detail).toMatch(/final/);
    expect((await trainer.patch(`/api/v1/items/${item.id}`, { stem: 'x' })).status).toBe(409);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(item.id)));
    expect(audits.filter((a) => a.entity === 'item').map((a) => a.action)).toEqual(['item.create', 'item.status', 'item.status', 'item.status', 'item.status', 'item.status']);
  });

  it('records a version per change, flags a key change on an active item, and deletes drafts', async () => {
    const item = await create(bodies().single);
    const patched = await trainer.patch(`/api/v1/items/${item.id}`, { stem: '新题干', tags: ['a', 'b'], note: '措辞' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ stem: '新题干', version: 2, tags: ['a', 'b'] });
    // the merged item is validated: a key pointing at a removed option is refused
    const badPatch = await trainer.patch(`/api/v1/items/${item.id}`, { options: [{ id: 'x', text: '1' }, { id: 'y', text: '2' }] });
    expect(badPatch.status).toBe(400);
    expect((badPatch.body).problems.join()).toMatch(/"a" is not an option/);
    await trainer.post(`/api/v1/items/${item.id}/status`, { status: 'review' });
    await trainer.post(`/api/v1/items/${item.id}/status`, { status: 'active' });
    const keyChange = await admin.patch(`/api/v1/items/${item.id}`, { answerKey: { correct: 'b' } });
    expect(keyChange.status).toBe(200);
    expect(keyChange.body).toMatchObject({ version: 5, answerKey: { correct: 'b' } });
    const hist = await trainer.get(`/api/v1/items/${item.id}/versions`);
    expect(hist.status).toBe(200);
    const versions = (hist.body).items;
    expect(versions.map((v: any) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(versions[0].note).toMatch(/answer key changed while active/);
    expect(versions[0].snapshot.answerKey.correct).toBe('b');
    expect(versions[3]).toMatchObject({ note: '措辞', snapshot: { stem: '新题干' } });
    expect(versions[4]).toMatchObject({ note: 'created', snapshot: { stem: bodies().single.stem } });
    expect(versions[4].changedBy).toBeTruthy();

    const draft = await create(bodies().essay);
    expect((await trainer.delete(`/api/v1/items/${draft.id}`)).status).toBe(200);
    expect((await trainer.get(`/api/v1/items/${draft.id}`)).status).toBe(404);
    expect((await trainer.get(`/api/v1/items/${draft.id}/versions`)).status).toBe(404);
  });
});

describe('listing', () => {
  it('filters by type, status, knowledge point, tag and text, and pages', async () => {
    const tag = unique('tag');
    const word = unique('词');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await create({ ...bodies().true_false, stem: `${word} ${i}`, tags: [tag], knowledgePoints: [i % 2 ? kpA.id : kpB.id] }));
    await create({ ...bodies().essay, tags: [tag] });
    await trainer.post(`/api/v1/items/${made[0].id}/status`, { status: 'review' });
    const list = async (q: string) => (await trainer.get(`/api/v1/items?tag=${encodeURIComponent(tag)}&${q}`)).body;
    expect((await list('')).total).toBe(6);
    expect((await list('type=essay')).total).toBe(1);
    expect((await list('status=review')).items.map((i: any) => i.id)).toEqual([made[0].id]);
    expect((await list(`kpId=${kpA.id}&type=true_false`)).total).toBe(2);
    expect((await list(`search=${encodeURIComponent(word)}`)).total).toBe(5);
    const p1 = await list('pageSize=4&page=1');
    const p2 = await list('pageSize=4&page=2');
    expect([p1.items.length, p2.items.length, p1.total]).toEqual([4, 2, 6]);
    expect(new Set([...p1.items, ...p2.items].map((i: any) => i.id)).size).toBe(6);
    expect((await trainer.get('/api/v1/items?type=bogus')).status).toBe(400);
  });
});

describe('presentCandidateItem', () => {
  it('keeps the stem and options and never a key, rubric or explanation', async () => {
    const keyWords = /answerKey|correct|accepted|keywords|tests|expected|rubric|criteria|explanation|Retrieval-Augmented/;
    for (const body of Object.values(bodies())) {
      const item = await create(body);
      const view = presentCandidateItem({ ...item, createdAt: new Date(), updatedAt: new Date() });
      expect(JSON.stringify(view)).not.toMatch(keyWords);
      expect(view).toMatchObject({ id: item.id, type: item.type, stem: item.stem });
      if (item.type === 'single') expect(view.options).toEqual(bodies().single.options);
      if (item.type === 'fill_blank') expect(view.blanks).toBe(2);
      if (item.type === 'programming') expect(view.programming).toEqual({ language: 'ts', functionName: 'add' });
    }
  });

  it('shows a programming item\'s sample cases and nothing of its hidden ones', async () => {
    const item = await create({ ...bodies().programming, answerKey: { language: 'js', functionName: 'add', tests: [{ args: [1, 2], expected: 3, sample: true }, { args: [40, 2], expected: 42 }] } });
    const view = presentCandidateItem({ ...item, createdAt: new Date(), updatedAt: new Date() });
    expect(view.programming?.samples).toEqual([{ args: [1, 2], expected: 3 }]);
    expect(JSON.stringify(view)).not.toMatch(/40|42/);
  });
});
