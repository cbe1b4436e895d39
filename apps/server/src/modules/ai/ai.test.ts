/**
 * AI provider administration and the database-backed provider (issue 6 §1), over real HTTP against
 * the test double of a model server (test/fake-openai.ts): settings round trip without the key, the
 * key sealed at rest, test connection, limits counted from `ai_calls`, redaction, call log, usage.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiCalls, aiSettings, auditLog } from '../../db/schema/index.ts';
import { aiProviderFor, invalidateAiSettings } from '../../lib/ai/runtime.ts';
import { sealSecret, SECRET_PURPOSES, ServerSecret } from '../../lib/secrets.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fake-openai.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

const KEY = 'sk-live-very-secret-0123456789';
let t: TestApp;
let fake: FakeOpenAi;
let admin: Client;
let adminId: number;
let trainer: Client;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  t = await createTestApp();
  const a = await makeUser(t.db, { roles: ['admin'] });
  adminId = a.user.id;
  admin = await t.login(a.username);
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const base = () => ({ mode: 'openai', baseUrl: `${fake.baseUrl}/`, chatModel: 'chat-db', embeddingModel: 'emb-db', timeoutMs: 2000, userRateLimitPerMinute: 0, monthlyTokenBudget: null, redactPii: false });
const save = async (over: Record<string, unknown> = {}) => {
  const res = await admin.put('/api/v1/admin/ai/settings', { ...base(), ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const schema = z.object({ ok: z.boolean() });
const ask = (actorUserId: number | null, user = 'task') => aiProviderFor(t.deps).chatJson({ feature: 'test.db', actorUserId, system: 'rules', user, schema });

describe('settings', () => {
  it('are offline with nothing configured', async () => {
    const res = await admin.get('/api/v1/admin/ai/settings');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'none', mode: 'offline', apiKeySet: false, baseUrl: null });
    expect(await aiProviderFor(t.deps).capabilities()).toMatchObject({ chat: false, embeddings: false });
  });

  it('round trip without ever returning the key; the key is sealed in the row and never in the audit log', async () => {
    const saved = await save({ apiKey: KEY });
    expect(saved).toMatchObject({ source: 'database', mode: 'openai', baseUrl: fake.baseUrl, apiKeySet: true, apiKeyReadable: true, chatModel: 'chat-db', embeddingModel: 'emb-db', timeoutMs: 2000 });
    const got = await admin.get('/api/v1/admin/ai/settings');
    expect(got.body).toEqual(saved);
    expect(JSON.stringify(got.body)).not.toContain(KEY);
    const [row] = await t.db.select().from(aiSettings);
    expect(row!.apiKeySealed).toMatch(/^xs1\./);
    expect(JSON.stringify(row)).not.toContain(KEY);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'ai.settings.update'));
    expect(audits.at(-1)!.details).toMatchObject({ apiKey: 'replaced', chatModel: 'chat-db' });
    expect(JSON.stringify(audits)).not.toContain(KEY);

    // The provider uses the row at once (the cache is invalidated on save), with the opened key.
    fake.queue({ content: { ok: true } });
    expect(await ask(null)).toMatchObject({ ok: true, model: 'chat-db' });
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('keep the key when apiKey is absent and clear it with null', async () => {
    await save({ chatModel: 'chat-db-2' });
    expect((await admin.get('/api/v1/admin/ai/settings')).body).toMatchObject({ apiKeySet: true, chatModel: 'chat-db-2' });
    fake.queue({ content: { ok: true } });
    await ask(null);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests.at(-1)!.body.model).toBe('chat-db-2');

    expect(await save({ apiKey: null })).toMatchObject({ apiKeySet: false });
    fake.queue({ content: { ok: true } });
    await ask(null);
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
    await save({ apiKey: KEY });
  });

  it('refuse bad input with a 400 problem naming the field, and change nothing', async () => {
    const before = (await admin.get('/api/v1/admin/ai/settings')).body;
    for (const [body, field] of [
      [{ ...base(), baseUrl: 'ftp://x' }, 'baseUrl'],
      [{ ...base(), chatModel: null }, 'chatModel'],
      [{ ...base(), baseUrl: undefined }, 'baseUrl'],
      [{ ...base(), timeoutMs: 500 }, 'timeoutMs'],
      [{ ...base(), timeoutMs: 601_000 }, 'timeoutMs'],
      [{ ...base(), userRateLimitPerMinute: -1 }, 'userRateLimitPerMinute'],
      [{ ...base(), monthlyTokenBudget: -5 }, 'monthlyTokenBudget'],
      [{ ...base(), apiKey: '' }, 'apiKey'],
      [{ ...base(), mode: 'magic' }, 'mode'],
      [{ ...base(), surprise: 1 }, 'surprise'],
    ] as const) {
      const res = await admin.put('/api/v1/admin/ai/settings', body);
      expect(res.status, field).toBe(400);
      expect(res.headers['content-type'], field).toContain('application/problem+json');
      expect(JSON.stringify(res.body), field).toContain(field);
    }
    expect((await admin.get('/api/v1/admin/ai/settings')).body).toEqual(before);
  });

  it('offline mode in the database wins over the environment; the grader and features see no provider', async () => {
    const envApp = await createTestApp({ XUELI_AI_BASE_URL: fake.baseUrl, XUELI_AI_CHAT_MODEL: 'env-model' });
    try {
      const envAdmin = await envApp.login((await makeUser(envApp.db, { roles: ['admin'] })).username);
      expect((await envAdmin.get('/api/v1/admin/ai/settings')).body).toMatchObject({ source: 'environment', mode: 'openai', chatModel: 'env-model' });
      expect(await aiProviderFor(envApp.deps).capabilities()).toMatchObject({ chat: true, chatModel: 'env-model' });
      expect((await envAdmin.put('/api/v1/admin/ai/settings', { mode: 'offline' })).status).toBe(200);
      expect((await envAdmin.get('/api/v1/admin/ai/settings')).body).toMatchObject({ source: 'database', mode: 'offline' });
      expect(await aiProviderFor(envApp.deps).capabilities()).toMatchObject({ chat: false });
    } finally {
      await envApp.close();
    }
  });

  it('say when the stored key no longer opens (sealed under another server secret), and the provider is then offline', async () => {
    const [row] = await t.db.select().from(aiSettings);
    const other = sealSecret('sk-other', SECRET_PURPOSES.aiProviderApiKey, new ServerSecret('another-server-secret-of-32-characters!!', 'test'));
    await t.db.update(aiSettings).set({ apiKeySealed: other });
    invalidateAiSettings(t.db);
    try {
      expect((await admin.get('/api/v1/admin/ai/settings')).body).toMatchObject({ apiKeySet: true, apiKeyReadable: false, keyProblem: expect.stringContaining('another server secret') });
      expect(await aiProviderFor(t.deps).capabilities()).toMatchObject({ chat: false });
      const test = await admin.post('/api/v1/admin/ai/settings/test', {});
      expect(test.status).toBe(200);
      expect(test.body).toMatchObject({ ok: false, chat: { ok: false, error: expect.stringContaining('cannot be opened') } });
    } finally {
      await t.db.update(aiSettings).set({ apiKeySealed: row!.apiKeySealed });
      invalidateAiSettings(t.db);
    }
  });
});

describe('test connection', () => {
  it('tests the saved settings: a tiny chat call and an embedding call', async () => {
    fake.queue({ content: { ok: true } });
    const res = await admin.post('/api/v1/admin/ai/settings/test', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, chat: { ok: true, model: 'chat-db', error: null }, embeddings: { ok: true, model: 'emb-db', dimensions: 64 } });
    expect(fake.requests.slice(-2).map((r) => r.url)).toEqual(['/v1/chat/completions', '/v1/embeddings']);
  });

  it('tests posted settings, with the saved key when the form has none', async () => {
    fake.queue({ content: { ok: true } });
    const res = await admin.post('/api/v1/admin/ai/settings/test', { settings: { ...base(), chatModel: 'other-model', embeddingModel: null } });
    expect(res.body).toMatchObject({ ok: true, chat: { ok: true, model: 'other-model' }, embeddings: null });
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests.at(-1)!.body.model).toBe('other-model');
  });

  it('reports failures as ok=false with a readable reason: unreachable URL, HTTP error', async () => {
    const down = await admin.post('/api/v1/admin/ai/settings/test', { settings: { ...base(), baseUrl: 'http://127.0.0.1:1/v1', embeddingModel: null } });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ ok: false, chat: { ok: false, kind: 'network_error', error: expect.stringMatching(/ECONNREFUSED|fetch failed/) } });
    fake.queue({ status: 401, raw: '{"error":{"message":"invalid api key"}}' });
    const denied = await admin.post('/api/v1/admin/ai/settings/test', { settings: { ...base(), apiKey: 'wrong', embeddingModel: null } });
    expect(denied.body).toMatchObject({ ok: false, chat: { ok: false, kind: 'http_error', error: expect.stringContaining('invalid api key') } });
    const bad = await admin.post('/api/v1/admin/ai/settings/test', { settings: { ...base(), timeoutMs: 1 } });
    expect(bad.status).toBe(400);
  });
});

describe('limits counted from ai_calls', () => {
  let user: number;
  let other: number;
  beforeEach(async () => {
    user = (await makeUser(t.db)).user.id;
    other = (await makeUser(t.db)).user.id;
  });

  it('refuse a user over the per-minute limit without a request reaching the model server; refusals do not count', async () => {
    await save({ userRateLimitPerMinute: 2 });
    await t.db.insert(aiCalls).values([
      { actorUserId: user, feature: 'x', model: 'm', outcome: 'ok', httpStatus: 200, latencyMs: 5 },
      { actorUserId: user, feature: 'x', model: 'm', outcome: 'timeout', latencyMs: 5 },
      // An hour ago: outside the window.
      { actorUserId: other, feature: 'x', model: 'm', outcome: 'ok', httpStatus: 200, latencyMs: 5, createdAt: new Date(Date.now() - 3_600_000) },
    ]);
    const sent = fake.requests.length;
    expect(await ask(user)).toMatchObject({ ok: false, kind: 'rate_limited', httpStatus: null });
    expect(fake.requests.length).toBe(sent);
    const logged = await t.db.select().from(aiCalls).where(eq(aiCalls.actorUserId, user));
    expect(logged.map((c) => c.outcome).sort()).toEqual(['ok', 'rate_limited', 'timeout']);
    fake.queue({ content: { ok: true } }, { content: { ok: true } });
    expect(await ask(other)).toMatchObject({ ok: true });
    expect(await ask(other)).toMatchObject({ ok: true });
    expect(await ask(other)).toMatchObject({ ok: false, kind: 'rate_limited' });
    await save({ userRateLimitPerMinute: 0 });
  });

  it('refuse every call once this month\'s tokens reach the budget; last month does not count', async () => {
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCHours(0, 0, 0, 0);
    lastMonth.setTime(lastMonth.getTime() - 86_400_000);
    await t.db.insert(aiCalls).values({ actorUserId: null, feature: 'old', model: 'm', outcome: 'ok', httpStatus: 200, promptTokens: 1_000_000, completionTokens: 0, latencyMs: 5, createdAt: lastMonth });
    const used = (await admin.get('/api/v1/admin/ai/usage')).body.thisMonth.tokens as number;
    await save({ monthlyTokenBudget: used + 100 });
    fake.queue({ content: { ok: true }, usage: { prompt_tokens: 80, completion_tokens: 20 } });
    expect(await ask(user)).toMatchObject({ ok: true });
    const sent = fake.requests.length;
    expect(await ask(user)).toMatchObject({ ok: false, kind: 'budget_exhausted' });
    const events = [];
    for await (const ev of aiProviderFor(t.deps).chatStream({ feature: 'test.db', actorUserId: user, system: 's', user: 'u' })) events.push(ev);
    expect(events).toMatchObject([{ type: 'done', outcome: { ok: false, kind: 'budget_exhausted' } }]);
    expect(await aiProviderFor(t.deps).embed({ feature: 'test.db', actorUserId: null, inputs: ['a'] })).toMatchObject({ ok: false, kind: 'budget_exhausted' });
    expect(fake.requests.length).toBe(sent);
    const usage = (await admin.get('/api/v1/admin/ai/usage')).body;
    expect(usage.thisMonth).toMatchObject({ tokens: used + 100, budget: used + 100 });
    await save({ monthlyTokenBudget: null });
  });
});

describe('the database-backed provider', () => {
  it('streams with the saved settings and logs the stream once with its usage', async () => {
    const user = (await makeUser(t.db)).user.id;
    fake.queue({ chunks: ['你', '好'], chunkDelayMs: 20, usage: { prompt_tokens: 11, completion_tokens: 2 } });
    const deltas: string[] = [];
    for await (const ev of aiProviderFor(t.deps).chatStream({ feature: 'tutor.answer', actorUserId: user, subject: 'q:9', system: 's', user: 'u' })) {
      if (ev.type === 'delta') deltas.push(ev.text);
      else expect(ev.outcome).toMatchObject({ ok: true, text: '你好' });
    }
    expect(deltas).toEqual(['你', '好']);
    const rows = await t.db.select().from(aiCalls).where(eq(aiCalls.actorUserId, user));
    expect(rows).toMatchObject([{ feature: 'tutor.answer', subject: 'q:9', model: 'chat-db', outcome: 'ok', promptTokens: 11, completionTokens: 2 }]);
  });

  it('redacts personal data when the setting is on: the model server never sees it', async () => {
    await save({ redactPii: true });
    fake.queue({ content: { ok: true } });
    await ask(null, '请联系 wang.wu@example.com 或 13912345678，身份证 11010519491231002X');
    const body = JSON.stringify(fake.requests.at(-1)!.body);
    expect(body).not.toMatch(/wang\.wu@example\.com|13912345678|11010519491231002X/);
    expect(body).toContain('[EMAIL]');
    await save({ redactPii: false });
  });
});

describe('call log and usage', () => {
  it('lists calls newest first with filters and pages', async () => {
    const u = await makeUser(t.db);
    await t.db.insert(aiCalls).values([
      { actorUserId: u.user.id, feature: 'log.a', model: 'm', outcome: 'ok', httpStatus: 200, promptTokens: 10, completionTokens: 5, latencyMs: 100, createdAt: new Date('2025-01-10T10:00:00Z') },
      { actorUserId: u.user.id, feature: 'log.a', model: 'm', outcome: 'timeout', latencyMs: 2000, error: 'No answer', createdAt: new Date('2025-01-11T10:00:00Z') },
      { actorUserId: u.user.id, feature: 'log.b', model: 'm', outcome: 'ok', httpStatus: 200, latencyMs: 50, createdAt: new Date('2025-01-12T10:00:00Z') },
    ]);
    const all = await admin.get(`/api/v1/admin/ai/calls?userId=${u.user.id}&pageSize=2`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(all.body.items.map((i: { feature: string }) => i.feature)).toEqual(['log.b', 'log.a']);
    expect(all.body.items[0]).toMatchObject({ actorUserId: u.user.id, actorName: expect.any(String) });
    const p2 = await admin.get(`/api/v1/admin/ai/calls?userId=${u.user.id}&pageSize=2&page=2`);
    expect(p2.body.items).toMatchObject([{ feature: 'log.a', outcome: 'ok' }]);
    expect((await admin.get('/api/v1/admin/ai/calls?feature=log.a&outcome=timeout')).body).toMatchObject({ total: 1, items: [{ error: 'No answer', latencyMs: 2000 }] });
    expect((await admin.get(`/api/v1/admin/ai/calls?userId=${u.user.id}&from=2025-01-11&to=2025-01-11`)).body).toMatchObject({ total: 1, items: [{ outcome: 'timeout' }] });
    expect((await admin.get('/api/v1/admin/ai/calls?outcome=exploded')).status).toBe(400);
    expect((await admin.get('/api/v1/admin/ai/calls?from=2025-02-30')).status).toBe(400);
  });

  // Latency percentiles over the calls that reached the provider (the budget refusal is left out):
  // 10, 20 … 190 and 1000 ms → p50 105, p95 190 + 0.05 × 810 ≈ 231 (percentile_cont).
  it('reports usage per month and feature with failures, tokens and latency percentiles', async () => {
    await t.db.insert(aiCalls).values([
      ...Array.from({ length: 19 }, (_, i) => ({ actorUserId: null, feature: 'usage.f', model: 'm', outcome: 'ok' as const, httpStatus: 200, promptTokens: 10, completionTokens: 1, latencyMs: (i + 1) * 10 })),
      { actorUserId: null, feature: 'usage.f', model: 'm', outcome: 'timeout', latencyMs: 1000 },
      { actorUserId: null, feature: 'usage.f', model: 'm', outcome: 'budget_exhausted', latencyMs: 0 },
    ]);
    const res = await admin.get('/api/v1/admin/ai/usage');
    expect(res.status).toBe(200);
    const now = new Date().toISOString().slice(0, 7);
    const row = res.body.rows.find((r: { month: string; feature: string }) => r.month === now && r.feature === 'usage.f');
    expect(row).toEqual({ month: now, feature: 'usage.f', calls: 21, failures: { timeout: 1, budget_exhausted: 1 }, promptTokens: 190, completionTokens: 19, p50LatencyMs: 105, p95LatencyMs: 231 });
    expect(res.body.thisMonth.month).toBe(now);
  });
});

it('is for admins only', async () => {
  for (const [method, url] of [
    ['get', '/api/v1/admin/ai/settings'],
    ['put', '/api/v1/admin/ai/settings'],
    ['post', '/api/v1/admin/ai/settings/test'],
    ['get', '/api/v1/admin/ai/calls'],
    ['get', '/api/v1/admin/ai/usage'],
  ] as const) {
    expect((await trainer[method](url, { mode: 'offline' })).status, url).toBe(403);
    expect((await t.anon[method](url, { mode: 'offline' })).status, url).toBe(401);
  }
  expect(adminId).toBeGreaterThan(0);
});
