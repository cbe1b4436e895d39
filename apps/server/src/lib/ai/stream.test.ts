/**
 * chatStream, embed, the limits and redaction of the provider port, over real HTTP against the
 * test double of a model server (test/fake-openai.ts). The meter here is in memory; the module
 * tests (modules/ai/ai.test.ts) count from `ai_calls` in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fakeEmbedding, startFakeOpenAi, type FakeOpenAi } from '../../../test/fake-openai.ts';
import { openAiCompatibleProvider, type AiCallRecord, type AiMeter, type AiSettings, type ChatStreamEvent, type ChatStreamOutcome } from './provider.ts';

let fake: FakeOpenAi;
const calls: AiCallRecord[] = [];
const settings = (over: Partial<AiSettings> = {}): AiSettings => ({ baseUrl: fake.baseUrl, apiKey: 'sk-stream', chatModel: 'chat-m', embeddingModel: 'emb-m', timeoutMs: 2000, ...over });
const provider = (over: Partial<AiSettings> = {}, meter?: AiMeter) => openAiCompatibleProvider({ settings: () => settings(over), log: async (r) => void calls.push(r), meter });
const req = { feature: 'test.stream', actorUserId: 7, subject: 'q:1', system: 'be brief', user: 'what is RAG?' };

async function collect(it: AsyncIterable<ChatStreamEvent>, onDelta?: (text: string, at: number) => void) {
  const deltas: string[] = [];
  let outcome: ChatStreamOutcome | null = null;
  const t0 = performance.now();
  for await (const ev of it) {
    if (ev.type === 'delta') {
      deltas.push(ev.text);
      onDelta?.(ev.text, performance.now() - t0);
    } else outcome = ev.outcome;
  }
  return { deltas, outcome: outcome! };
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

describe('chatStream', () => {
  it('yields the deltas in order as they arrive, then the outcome with usage and first-token time; logs once at the end', async () => {
    fake.queue({ delayMs: 120, chunks: ['检索', '增强', '生成', '。'], chunkDelayMs: 60, usage: { prompt_tokens: 33, completion_tokens: 4 } });
    const before = calls.length;
    const arrivals: number[] = [];
    const { deltas, outcome } = await collect(provider().chatStream(req), (_t, at) => arrivals.push(at));
    expect(deltas).toEqual(['检索', '增强', '生成', '。']);
    expect(outcome).toMatchObject({ ok: true, text: '检索增强生成。', usage: { promptTokens: 33, completionTokens: 4 }, model: 'chat-m', finishReason: 'stop' });
    // Deltas are passed on as they arrive, not buffered until the end.
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(150);
    expect(outcome.firstTokenMs).toBeGreaterThanOrEqual(110);
    expect(outcome.firstTokenMs).toBeLessThan(120 + 150);
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(outcome.firstTokenMs!);
    const sent = fake.requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: 'chat-m', stream: true, stream_options: { include_usage: true } });
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(calls.length - before).toBe(1);
    expect(calls.at(-1)).toMatchObject({ feature: 'test.stream', actorUserId: 7, outcome: 'ok', httpStatus: 200, usage: { promptTokens: 33, completionTokens: 4 } });
  });

  it('sends earlier turns between the system and the user message', async () => {
    fake.queue({ chunks: ['ok'] });
    await collect(provider().chatStream({ ...req, history: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }));
    expect(fake.requests.at(-1)!.body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('times out before the first token (a failure the caller can fall back from) and when the stream stalls', async () => {
    fake.queue({ delayMs: 800, chunks: ['late'] });
    const t0 = Date.now();
    const early = await collect(provider({ timeoutMs: 150 }).chatStream(req));
    expect(Date.now() - t0).toBeLessThan(700);
    expect(early.deltas).toEqual([]);
    expect(early.outcome).toMatchObject({ ok: false, kind: 'timeout', firstTokenMs: null, text: '' });
    expect(calls.at(-1)).toMatchObject({ outcome: 'timeout' });

    fake.queue({ chunks: ['a', 'b', 'c'], stallAfter: 2 });
    const stalled = await collect(provider({ timeoutMs: 150 }).chatStream(req));
    expect(stalled.deltas).toEqual(['a', 'b']);
    expect(stalled.outcome).toMatchObject({ ok: false, kind: 'timeout', text: 'ab' });
    expect(stalled.outcome.firstTokenMs).not.toBeNull();
  });

  it('ends with cancelled when the signal aborts, and the request to the server is closed', async () => {
    fake.queue({ chunks: ['one', 'two', 'three', 'four'], chunkDelayMs: 100 });
    const ctrl = new AbortController();
    const got = await collect(provider().chatStream({ ...req, signal: ctrl.signal }), () => ctrl.abort());
    expect(got.deltas).toEqual(['one']);
    expect(got.outcome).toMatchObject({ ok: false, kind: 'cancelled', text: 'one' });
    expect(calls.at(-1)).toMatchObject({ outcome: 'cancelled' });
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests.at(-1)!.aborted).toBe(true);
  });

  it('logs cancelled when the caller leaves the loop early', async () => {
    fake.queue({ chunks: ['x', 'y', 'z'], chunkDelayMs: 50 });
    const before = calls.length;
    for await (const ev of provider().chatStream(req)) {
      if (ev.type === 'delta') break;
    }
    expect(calls.length - before).toBe(1);
    expect(calls.at(-1)).toMatchObject({ outcome: 'cancelled' });
  });

  it('reports 429 as rate_limited, an HTTP error, a malformed chunk and no provider as typed outcomes', async () => {
    fake.queue({ status: 429, raw: '{"error":{"message":"slow down"}}' });
    expect((await collect(provider().chatStream(req))).outcome).toMatchObject({ ok: false, kind: 'rate_limited', httpStatus: 429, firstTokenMs: null });
    fake.queue({ status: 500, raw: '{"error":{"message":"boom"}}' });
    expect((await collect(provider().chatStream(req))).outcome).toMatchObject({ ok: false, kind: 'http_error', httpStatus: 500 });
    fake.queue({ chunks: ['fine'], extraLines: ['data: {not json'] });
    const bad = await collect(provider().chatStream(req));
    expect(bad.deltas).toEqual(['fine']);
    expect(bad.outcome).toMatchObject({ ok: false, kind: 'invalid_json' });
    const before = { requests: fake.requests.length, calls: calls.length };
    const offline = openAiCompatibleProvider({ settings: () => null, log: async (r) => void calls.push(r) });
    expect((await collect(offline.chatStream(req))).outcome).toMatchObject({ ok: false, kind: 'not_configured' });
    expect({ requests: fake.requests.length, calls: calls.length }).toEqual(before);
  });
});

describe('embed', () => {
  it('returns one vector per input in order, with usage, and similar texts are close', async () => {
    const inputs = ['reset the password', 'how to reset a password', 'quarterly sales figures'];
    const r = await provider().embed({ feature: 'kb.embed', actorUserId: null, inputs });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toEqual(inputs.map((t) => fakeEmbedding(t)));
    const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(cos(r.data[0]!, r.data[1]!)).toBeGreaterThan(cos(r.data[0]!, r.data[2]!));
    expect(r.usage.promptTokens).toBeGreaterThan(0);
    expect(fake.requests.at(-1)).toMatchObject({ url: '/v1/embeddings', body: { model: 'emb-m', input: inputs } });
    expect(calls.at(-1)).toMatchObject({ feature: 'kb.embed', model: 'emb-m', outcome: 'ok' });
  });

  it('sends large inputs in batches of 64 and keeps the order', async () => {
    const inputs = Array.from({ length: 70 }, (_, i) => `text number ${i}`);
    const before = fake.requests.length;
    const r = await provider().embed({ feature: 'kb.embed', actorUserId: null, inputs });
    expect(fake.requests.length - before).toBe(2);
    expect(r.ok && r.data[69]).toEqual(fakeEmbedding('text number 69'));
  });

  it('is not_configured without an embedding model; a wrong count is a schema_mismatch; 429 is rate_limited', async () => {
    expect(await provider({ embeddingModel: null }).embed({ feature: 'kb.embed', actorUserId: null, inputs: ['a'] })).toMatchObject({ ok: false, kind: 'not_configured' });
    fake.queue({ embeddings: [[1, 0]] });
    expect(await provider().embed({ feature: 'kb.embed', actorUserId: null, inputs: ['a', 'b'] })).toMatchObject({ ok: false, kind: 'schema_mismatch' });
    fake.queue({ status: 429, raw: '{}' });
    expect(await provider().embed({ feature: 'kb.embed', actorUserId: null, inputs: ['a'] })).toMatchObject({ ok: false, kind: 'rate_limited', httpStatus: 429 });
  });
});

describe('limits and redaction', () => {
  const schema = z.object({ ok: z.boolean() });

  it('refuses without sending when the user is over the per-minute limit or the budget is spent; calls without a user are not rate limited', async () => {
    let recent = 3;
    let tokens = 0;
    const meter: AiMeter = { recentUserCalls: async () => recent, monthTokens: async () => tokens };
    const p = provider({ userRateLimitPerMinute: 3, monthlyTokenBudget: 1000 }, meter);
    const before = fake.requests.length;
    expect(await p.chatJson({ ...req, schema })).toMatchObject({ ok: false, kind: 'rate_limited', httpStatus: null });
    expect(calls.at(-1)).toMatchObject({ outcome: 'rate_limited', httpStatus: null });
    expect((await collect(p.chatStream(req))).outcome).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(await p.embed({ ...req, inputs: ['a'] })).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(fake.requests.length).toBe(before);

    recent = 0;
    tokens = 1000;
    expect(await p.chatJson({ ...req, schema })).toMatchObject({ ok: false, kind: 'budget_exhausted', message: expect.stringContaining('1000') });
    expect(calls.at(-1)).toMatchObject({ outcome: 'budget_exhausted' });
    expect(fake.requests.length).toBe(before);

    tokens = 999;
    recent = 99;
    fake.queue({ content: { ok: true } });
    expect(await p.chatJson({ ...req, actorUserId: null, schema })).toMatchObject({ ok: true });
  });

  it('redacts every message when the setting is on, and only then', async () => {
    const pii = '我的邮箱 li.si@corp.example.com，手机 13800138000，身份证 11010519491231002X，卡 4111111111111111';
    fake.queue({ content: { ok: true } }, { chunks: ['ok'] }, {});
    const p = provider({ redactPii: true });
    await p.chatJson({ ...req, system: `system ${pii}`, user: pii, schema });
    await collect(p.chatStream({ ...req, user: pii, history: [{ role: 'user', content: pii }] }));
    await p.embed({ ...req, inputs: [pii] });
    const sent = JSON.stringify(fake.requests.slice(-3).map((r) => r.body));
    for (const secret of ['li.si@corp.example.com', '13800138000', '11010519491231002X', '4111111111111111']) expect(sent).not.toContain(secret);
    expect(sent).toContain('[EMAIL]');
    expect(sent).toContain('[PHONE]');

    fake.queue({ content: { ok: true } });
    await provider({ redactPii: false }).chatJson({ ...req, user: pii, schema });
    expect(fake.requests.at(-1)!.body.messages[1]!.content).toBe(pii);
  });

  it('tells what is available without making a call', async () => {
    const before = fake.requests.length;
    expect(await provider().capabilities()).toEqual({ chat: true, embeddings: true, chatModel: 'chat-m', embeddingModel: 'emb-m' });
    expect(await provider({ embeddingModel: null }).capabilities()).toMatchObject({ chat: true, embeddings: false });
    expect(await openAiCompatibleProvider({ settings: () => null }).capabilities()).toEqual({ chat: false, embeddings: false, chatModel: null, embeddingModel: null });
    expect(fake.requests.length).toBe(before);
  });
});
