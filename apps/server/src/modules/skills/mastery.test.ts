import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidence, frameworks, knowledgePoints, ktLearnerStates } from '../../db/schema/index.ts';
import { waitForJobs } from '../../lib/jobs.ts';
import { applyAfterCommit, recordBankResponses } from './evidence.service.ts';
import { makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let trainer: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
});
afterAll(() => t.close());

/** A published framework with three points, a position targeting two, a manager and two reports. */
async function setup() {
  const code = unique('FW');
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code, name: '大模型应用', version: '1.0', status: 'published' }).returning();
  const kp = async (c: string, name: string) =>
    (await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: c, name, domain: '提示词工程' }).returning())[0]!;
  const a = await kp(`${code}.A`, '提示词基础');
  const b = await kp(`${code}.B`, '少样本提示');
  const c = await kp(`${code}.C`, '检索增强生成');
  const pos = await makePosition(t.db);
  expect((await trainer.put(`/api/v1/positions/${pos.id}/targets`, { items: [{ kpId: a.id, target: 0.8, weight: 2 }, { kpId: b.id, target: 0.6 }] })).status).toBe(200);
  const mgr = await makeUser(t.db, { roles: ['manager'], employee: { name: unique('经理') } });
  const r1 = await makeUser(t.db, { employee: { name: unique('甲'), managerId: mgr.employee!.id, positionId: pos.id } });
  const r2 = await makeEmployee(t.db, { name: unique('乙'), managerId: mgr.employee!.id, positionId: pos.id });
  const outsider = await makeUser(t.db, { employee: { positionId: pos.id } });
  return { fw: fw!, a, b, c, pos, mgr, manager: await t.login(mgr.username), r1, r2, outsider };
}

const evidenceCount = async () => Number((await t.db.select({ n: sql<number>`count(*)::int` }).from(evidence))[0]!.n);

describe('targets', () => {
  it('are inherited from the position and can be overridden, extended and reset per employee', async () => {
    const s = await setup();
    const view = (await s.manager.get(`/api/v1/employees/${s.r1.employee!.id}/targets`)).body;
    expect(view.items.map((i: any) => [i.kpCode, i.target, i.weight, i.source])).toEqual([
      [s.a.code, 0.8, 2, 'position'],
      [s.b.code, 0.6, 1, 'position'],
    ]);
    const put = await s.manager.put(`/api/v1/employees/${s.r1.employee!.id}/targets/${s.c.id}`, { target: 0.5, reason: '项目需要' });
    expect(put.status).toBe(200);
    expect(put.body.items.find((i: any) => i.kpId === s.c.id)).toMatchObject({ target: 0.5, source: 'override', reason: '项目需要' });
    await s.manager.put(`/api/v1/employees/${s.r1.employee!.id}/targets/${s.b.id}`, { excluded: true });
    const after = (await s.manager.get(`/api/v1/employees/${s.r1.employee!.id}/targets`)).body.items.map((i: any) => i.kpCode);
    expect(after).toEqual([s.a.code, s.c.code]);
    expect((await s.manager.delete(`/api/v1/employees/${s.r1.employee!.id}/targets/${s.b.id}`)).status).toBe(200);
    expect((await s.manager.delete(`/api/v1/employees/${s.r1.employee!.id}/targets/${s.b.id}`)).status).toBe(404);
    // a manager does not set their own targets
    expect((await s.manager.put(`/api/v1/employees/${s.mgr.employee!.id}/targets/${s.c.id}`, { target: 0.1 })).status).toBe(403);
    // outside the manager's line: 404, nothing written
    expect((await s.manager.put(`/api/v1/employees/${s.outsider.employee!.id}/targets/${s.c.id}`, { target: 0.5 })).status).toBe(404);
  });

  it('refuses unknown or duplicate points and targets outside [0, 1]', async () => {
    const s = await setup();
    const bad = await trainer.put(`/api/v1/positions/${s.pos.id}/targets`, { items: [{ kpId: 999999, target: 0.5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/999999/);
    expect((await trainer.put(`/api/v1/positions/${s.pos.id}/targets`, { items: [{ kpId: s.a.id, target: 1.5 }] })).status).toBe(400);
    expect((await trainer.put(`/api/v1/positions/${s.pos.id}/targets`, { items: [{ kpId: s.a.id, target: 0.5 }, { kpId: s.a.id, target: 0.6 }] })).status).toBe(400);
    expect((await trainer.get(`/api/v1/positions/${s.pos.id}/targets`)).body.items).toHaveLength(2);
  });
});

describe('targets CSV', () => {
  const upload = (c: Client, csv: string, dryRun: boolean) =>
    c.request({ method: 'POST', url: `/api/v1/positions/targets/import?dryRun=${dryRun}`, headers: { 'content-type': 'text/csv' }, payload: csv });

  it('validates every row with its line, commits all or nothing, and exports what it imported', async () => {
    const s = await setup();
    const bad = `岗位编码,知识点编码,目标,权重\n${s.pos.code},${s.a.code},90%,2\nNO-SUCH-POS,${s.b.code},0.5,1\n${s.pos.code},${s.c.code},1.5,1\n`;
    const dry = JSON.parse((await upload(trainer, bad, true)).body);
    expect(dry.errors.map((e: any) => [e.line, e.field])).toEqual([[3, 'positionCode'], [4, 'target']]);
    expect(dry.errors[0].message).toMatch(/^line 3: position NO-SUCH-POS does not exist/);
    const commit = await upload(trainer, bad, false);
    expect(commit.statusCode).toBe(422);
    expect((await trainer.get(`/api/v1/positions/${s.pos.id}/targets`)).body.items).toHaveLength(2); // unchanged
    const good = `position_code,kp_code,target,weight\n${s.pos.code},${s.a.code},90%,2\n${s.pos.code},${s.c.code},0.5,1\n`;
    const ok = JSON.parse((await upload(trainer, good, false)).body);
    expect(ok).toMatchObject({ dryRun: false, totalRows: 2, toUpdate: 1, errorCount: 0 });
    const after = (await trainer.get(`/api/v1/positions/${s.pos.id}/targets`)).body.items;
    expect(after.map((i: any) => [i.kpCode, i.target, i.weight])).toEqual([[s.a.code, 0.9, 2], [s.c.code, 0.5, 1]]);
    const csv = String((await trainer.get('/api/v1/positions/targets.csv')).body);
    expect(csv).toContain(`${s.pos.code},${s.c.code},0.5,1,${s.fw.code}`);
    expect((await s.manager.request({ method: 'POST', url: '/api/v1/positions/targets/import', headers: { 'content-type': 'text/csv' }, payload: good })).statusCode).toBe(403);
  });
});

describe('evidence and mastery', () => {
  it('records a batch, updates K online, and ranks the gaps by weighted shortfall', async () => {
    const s = await setup();
    const id = s.r1.employee!.id;
    const before = (await s.manager.get(`/api/v1/employees/${id}/mastery`)).body;
    expect(before.items.every((i: any) => i.mastery === null)).toBe(true);
    const item = unique('quiz/q');
    const res = await trainer.post('/api/v1/evidence', {
      responses: [0, 1, 2, 3, 4].map((i) => ({
        employeeId: id,
        itemRef: `${item}${i}`,
        knowledgePoints: [s.a.code],
        score: 1,
        occurredAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
      })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ accepted: 5, employees: 1, newItems: 5 });
    const after = (await s.manager.get(`/api/v1/employees/${id}/mastery`)).body;
    const a = after.items.find((i: any) => i.kpId === s.a.id);
    const b = after.items.find((i: any) => i.kpId === s.b.id);
    expect(a.attempts).toBe(5);
    expect(a.mastery).toBeGreaterThan(a.prior);
    expect(b.mastery).not.toBeNull(); // every targeted point gets an estimate
    // Σ w·max(0, T − K)², over targeted points, and the gaps in descending order
    const expected = after.items.reduce((s: number, i: any) => s + (i.target == null ? 0 : i.weight * Math.max(0, i.target - (i.mastery ?? i.prior)) ** 2), 0);
    expect(after.weightedShortfall).toBeCloseTo(expected, 4);
    const gaps = after.gaps.map((g: any) => g.shortfall);
    expect(gaps).toEqual([...gaps].sort((x: number, y: number) => y - x));
    // the learner sees the same through /me/mastery
    const mine = (await (await t.login(s.r1.username)).get('/api/v1/me/mastery')).body;
    expect(mine.weightedShortfall).toBe(after.weightedShortfall);
    // history: the prior, then one point per response on A
    const hist = (await s.manager.get(`/api/v1/employees/${id}/mastery/history?kpId=${s.a.id}`)).body;
    expect(hist.points).toHaveLength(6);
    expect(hist.points[5].mastery).toBeGreaterThan(hist.points[0].mastery);
    // a wrong answer lowers it again, without a refit
    await trainer.post('/api/v1/evidence', { responses: [{ employeeNo: s.r1.employee!.employeeNo, itemRef: `${item}0`, score: 0 }] });
    const lowered = (await s.manager.get(`/api/v1/employees/${id}/mastery`)).body.items.find((i: any) => i.kpId === s.a.id);
    expect(lowered.mastery).toBeLessThan(a.mastery);
    expect(lowered.attempts).toBe(6);
  });

  it('rejects a batch with any bad entry, names each one, and writes nothing', async () => {
    const s = await setup();
    const n = await evidenceCount();
    const res = await trainer.post('/api/v1/evidence', {
      responses: [
        { employeeId: s.r1.employee!.id, itemRef: unique('ok'), knowledgePoints: [s.a.code], score: 1 },
        { employeeNo: 'NOBODY-1', itemRef: unique('x'), knowledgePoints: [s.a.code], score: 1 },
        { employeeId: s.r1.employee!.id, itemRef: unique('x'), knowledgePoints: ['NO.SUCH.KP'], score: 0 },
        { employeeId: s.r1.employee!.id, itemRef: unique('never-declared'), score: 0 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: any) => e.index)).toEqual([1, 2, 3]);
    expect(res.body.errors[0].message).toMatch(/NOBODY-1/);
    expect(res.body.errors[1].message).toMatch(/NO\.SUCH\.KP/);
    expect(res.body.errors[2].message).toMatch(/unknown/);
    expect(await evidenceCount()).toBe(n);
    // scores outside [0, 1] never get past validation
    const score = await trainer.post('/api/v1/evidence', { responses: [{ employeeId: s.r1.employee!.id, itemRef: 'q', knowledgePoints: [s.a.code], score: 1.5 }] });
    expect(score.status).toBe(400);
    // learners and managers may not append responses
    expect((await s.manager.post('/api/v1/evidence', { responses: [{ employeeId: s.r1.employee!.id, itemRef: 'q', knowledgePoints: [s.a.code], score: 1 }] })).status).toBe(403);
  });

  it('keeps self and manager ratings apart from K and shows them beside it', async () => {
    const s = await setup();
    const learner = await t.login(s.r1.username);
    expect((await learner.post('/api/v1/me/ratings', { ratings: [{ kp: s.a.id, score: 0.9 }] })).status).toBe(200);
    expect((await s.manager.post(`/api/v1/employees/${s.r1.employee!.id}/ratings`, { ratings: [{ kp: s.a.code, score: 0.4 }] })).status).toBe(200);
    expect((await s.manager.post(`/api/v1/employees/${s.outsider.employee!.id}/ratings`, { ratings: [{ kp: s.a.code, score: 0.4 }] })).status).toBe(404);
    const a = (await s.manager.get(`/api/v1/employees/${s.r1.employee!.id}/mastery`)).body.items.find((i: any) => i.kpId === s.a.id);
    expect(a, JSON.stringify(a)).toMatchObject({ mastery: null, selfRating: 0.9, managerRating: 0.4, attempts: 0 });
  });

  it('scopes views: a manager sees the line, a learner only themselves', async () => {
    const s = await setup();
    expect((await s.manager.get(`/api/v1/employees/${s.outsider.employee!.id}/mastery`)).status).toBe(404);
    const learner = await t.login(s.r1.username);
    expect((await learner.get(`/api/v1/employees/${s.r2.id}/mastery`)).status).toBe(404);
    expect((await learner.get(`/api/v1/employees/${s.r2.id}/evidence`)).status).toBe(404);
    expect((await learner.get('/api/v1/team/mastery')).status).toBe(403);
    expect((await admin.get(`/api/v1/employees/${s.outsider.employee!.id}/mastery`)).status).toBe(200);
  });
});

describe('team heat map', () => {
  it('shows members × targeted points with K and T, drills down to the evidence, and exports CSV', async () => {
    const s = await setup();
    await trainer.post('/api/v1/evidence', {
      responses: [
        { employeeId: s.r1.employee!.id, itemRef: unique('hm'), knowledgePoints: [s.a.code, s.b.code], score: 1 },
        { employeeId: s.r2.id, itemRef: unique('hm'), knowledgePoints: [s.b.code], score: 0 },
      ],
    });
    const res = await s.manager.get(`/api/v1/team/mastery?frameworkId=${s.fw.id}`);
    expect(res.status).toBe(200);
    expect(res.body.knowledgePoints.map((k: any) => k.code)).toEqual([s.a.code, s.b.code]);
    // what an empty cell counts as: the serving model's prior, a probability
    expect(res.body.knowledgePoints.every((k: any) => k.prior > 0 && k.prior < 1)).toBe(true);
    expect(res.body.members.map((m: any) => m.employeeId).sort()).toEqual([s.r1.employee!.id, s.r2.id].sort());
    expect(res.body.totals.members).toBe(2);
    const r1 = res.body.members.find((m: any) => m.employeeId === s.r1.employee!.id);
    expect(r1.cells[0]).toMatchObject({ target: 0.8, attempts: 1 });
    expect(r1.cells[0].mastery).toBeGreaterThan(0);
    // aggregates cover the whole team, not only the page shown
    const paged = (await s.manager.get(`/api/v1/team/mastery?frameworkId=${s.fw.id}&pageSize=1`)).body;
    expect(paged.members).toHaveLength(1);
    expect(paged.totals.members).toBe(2);
    expect(paged.knowledgePoints).toEqual(res.body.knowledgePoints);
    expect(paged.totals.meanShortfall).toBeCloseTo(
      res.body.members.reduce((sum: number, m: any) => sum + m.weightedShortfall, 0) / 2,
      4,
    );
    const drill = await s.manager.get(`/api/v1/employees/${s.r2.id}/evidence?kpId=${s.b.id}`);
    expect(drill.body.total).toBe(1);
    expect(drill.body.items[0]).toMatchObject({ kind: 'response', score: 0 });
    expect(drill.body.items[0].knowledgePoints[0].code).toBe(s.b.code);
    const csv = await s.manager.get(`/api/v1/team/mastery.csv?frameworkId=${s.fw.id}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(String(csv.body).startsWith('\uFEFF')).toBe(true);
    expect(String(csv.body).split('\n')[0]).toContain(`${s.a.code} K`);
  });
});

describe('refit', () => {
  it('fits the models in a background job, activates the best by held-out AUC and rebuilds every learner', async () => {
    const s = await setup();
    // 24 simulated learners with a skill each, answering more correctly as they go
    const learners = await Promise.all(Array.from({ length: 24 }, () => makeEmployee(t.db, { positionId: s.pos.id })));
    const responses = learners.flatMap((e, u) =>
      Array.from({ length: 12 }, (_, i) => ({
        employeeId: e.id,
        itemRef: `${s.fw.code}/item${i % 6}`,
        knowledgePoints: [i % 2 ? s.a.code : s.b.code],
        score: (i * 7 + u * 3) % 10 < 3 + i / 2 ? 1 : 0,
        occurredAt: new Date(Date.now() - (100 - i) * 60_000).toISOString(),
      })),
    );
    expect((await trainer.post('/api/v1/evidence', { responses })).status).toBe(200);
    const started = await admin.post('/api/v1/kt/refit');
    expect([202, 409]).toContain(started.status); // 409: the evidence itself already queued one
    if (started.status === 409) expect(typeof started.body.jobId).toBe('number');
    await waitForJobs();
    const models = (await admin.get('/api/v1/kt/models')).body.items;
    const active = models.find((m: any) => m.active);
    expect(active).toBeTruthy();
    expect(['bkt', 'lr', 'lr+']).toContain(active.kind);
    expect(active.metrics.auc).toBeGreaterThan(0);
    expect(active.metrics.ece).toBeGreaterThanOrEqual(0);
    const states = await t.db.select().from(ktLearnerStates).where(eq(ktLearnerStates.employeeId, learners[0]!.id));
    expect(states[0]!.modelId).toBe(active.id);
    if (started.status === 202) {
      const job = (await admin.get(`/api/v1/jobs/${started.body.id}`)).body;
      expect(job.status).toBe('succeeded');
      expect(job.progress).toBe(1);
    }
    // the serving model now answers the views
    const view = (await admin.get(`/api/v1/employees/${learners[0]!.id}/mastery`)).body;
    expect(view.model.id).toBe(active.id);
    expect((await trainer.post('/api/v1/kt/refit')).status).toBe(403);
  });
});

describe('mastery after a commit', () => {
  it('applies exam evidence recorded in a transaction afterwards, one update of a learner after the other', async () => {
    const s = await setup();
    const learner = await makeEmployee(t.db, { positionId: s.pos.id });
    const at = (m: number) => new Date(Date.now() - m * 60_000);
    // two exams finished together: both transactions commit their evidence, then both updates run at once
    const batch = (itemId: number, minutes: number) =>
      Array.from({ length: 5 }, (_, i) => ({ employeeId: learner.id, itemId: itemId + i, version: 1, kpIds: [s.a.id], score: 1, occurredAt: at(minutes - i), source: 'exam:test', recordedBy: null }));
    const first = await t.db.transaction((tx) => recordBankResponses(tx, batch(900001, 30)));
    const second = await t.db.transaction((tx) => recordBankResponses(tx, batch(900101, 20)));
    expect(first).toHaveLength(5);
    const [before] = await t.db.select().from(ktLearnerStates).where(eq(ktLearnerStates.employeeId, learner.id));
    expect(before).toBeUndefined(); // nothing applied inside the transactions
    await Promise.all([applyAfterCommit(t.db, first), applyAfterCommit(t.db, second)]);
    const [state] = await t.db.select().from(ktLearnerStates).where(eq(ktLearnerStates.employeeId, learner.id));
    // neither update overwrote the other: the state has seen all ten responses
    expect(state!.responses).toBe(10);
    const view = (await admin.get(`/api/v1/employees/${learner.id}/mastery`)).body;
    expect(view.items.find((i: { kpId: number }) => i.kpId === s.a.id).mastery).toBeGreaterThan(0.5);
  });
});
