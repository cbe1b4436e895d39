/** POST /api/v1/items/:id/try — authors run a programming item's tests on their code, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworks, knowledgePoints } from '../../../db/schema/index.ts';
import { makeUser, unique } from '../../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let trainer: Client;
let learner: Client;
let programmingId: number;
let singleId: number;

const reference = `function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}`;

beforeAll(async () => {
  t = await createTestApp();
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
  const [fw] = await t.db
    .insert(frameworks)
    .values({ identifier: crypto.randomUUID(), code: unique('FW'), name: 'JS', version: '1.0', status: 'published' })
    .returning();
  const [kp] = await t.db
    .insert(knowledgePoints)
    .values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: unique('KP'), name: '数组' })
    .returning();
  const created = await trainer.post('/api/v1/items', {
    type: 'programming',
    stem: '实现 median(xs)：返回数组的中位数。',
    knowledgePoints: [kp!.id],
    answerKey: {
      language: 'ts',
      functionName: 'median',
      tests: [
        { args: [[3, 1, 2]], expected: 2, sample: true },
        { args: [[4, 1, 3, 2]], expected: 2.5 },
        { args: [[10]], expected: 10, weight: 2 },
      ],
      limits: { cpuMs: 300, memoryMb: 32, wallMs: 3000 },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  programmingId = created.body.id as number;
  const single = await trainer.post('/api/v1/items', {
    type: 'single',
    stem: '1 + 1 = ?',
    options: [
      { id: 'a', text: '2' },
      { id: 'b', text: '3' },
    ],
    answerKey: { correct: 'a' },
    knowledgePoints: [kp!.id],
  });
  singleId = single.body.id as number;
});
afterAll(() => t.close());

describe('trying a programming item', () => {
  it('runs the reference solution and returns the author view', async () => {
    const res = await trainer.post(`/api/v1/items/${programmingId}/try`, { code: reference });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'graded', score: 1, passedCases: 3, totalCases: 3, language: 'ts' });
    expect(res.body.cases[1]).toMatchObject({
      index: 1,
      sample: false,
      passed: true,
      args: [[4, 1, 3, 2]],
      expected: 2.5,
      actual: '2.5',
    });
  });

  it('shows what a wrong solution gets, with each difference', async () => {
    const res = await trainer.post(`/api/v1/items/${programmingId}/try`, {
      code: 'function median(xs) { return xs[xs.length >> 1]; }',
    });
    expect(res.status).toBe(200);
    // [3,1,2] → 1 (wrong), [4,1,3,2] → 3 (wrong), [10] → 10 (right, weight 2): 2 of 4.
    expect(res.body.score).toBe(0.5);
    expect(res.body.cases.map((c: any) => c.kind)).toEqual(['wrong-answer', 'wrong-answer', 'passed']);
    expect(res.body.cases[0].message).toBe('expected 2, got 1');
  });

  it('reports a compile error', async () => {
    const res = await trainer.post(`/api/v1/items/${programmingId}/try`, { code: 'function median(xs: number[] { }' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'compile-error', score: 0, cases: [], compileError: { line: 1 } });
  });

  it('keeps the API responsive while a sandbox spins', async () => {
    // Three cases of 300 ms each: the request spins for about a second.
    let spinDone = false;
    const spinning = trainer
      .post(`/api/v1/items/${programmingId}/try`, { code: 'function median(xs) { while (true) {} }' })
      .finally(() => (spinDone = true));
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const other = await trainer.get(`/api/v1/items/${programmingId}`);
    const latency = performance.now() - started;
    expect(other.status).toBe(200);
    expect(spinDone).toBe(false);
    expect(latency).toBeLessThan(400);
    const res = await spinning;
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c: any) => c.kind)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('refuses other item types, unknown items, bad bodies and non-authors', async () => {
    const single = await trainer.post(`/api/v1/items/${singleId}/try`, { code: 'x' });
    expect(single.status).toBe(409);
    expect(single.headers['content-type']).toMatch(/problem\+json/);
    expect(single.body.detail).toMatch(/Only a programming item can be tried/);
    expect((await trainer.post('/api/v1/items/999999/try', { code: 'x' })).status).toBe(404);
    expect((await trainer.post(`/api/v1/items/${programmingId}/try`, {})).status).toBe(400);
    expect((await trainer.post(`/api/v1/items/${programmingId}/try`, { code: 'x', extra: 1 })).status).toBe(400);
    expect((await trainer.post(`/api/v1/items/${programmingId}/try`, { code: 'x'.repeat(50_001) })).status).toBe(400);
    expect((await learner.post(`/api/v1/items/${programmingId}/try`, { code: reference })).status).toBe(403);
  });
});
