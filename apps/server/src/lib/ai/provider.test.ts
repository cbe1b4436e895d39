import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fake-openai.ts';
import { openAiCompatibleProvider, type AiCallRecord, type AiSettings } from './provider.ts';

let fake: FakeOpenAi;
const calls: AiCallRecord[] = [];
const schema = z.object({ answer: z.number().min(0).max(1) });
const settings = (over: Partial<AiSettings> = {}): AiSettings => ({ baseUrl: fake.baseUrl, apiKey: 'sk-test-123', chatModel: 'test-model', timeoutMs: 2000, ...over });
const provider = (over: Partial<AiSettings> = {}) => openAiCompatibleProvider({ settings: () => settings(over), log: async (r) => void calls.push(r) });
const ask = (p = provider()) => p.chatJson({ feature: 'test.feature', actorUserId: null, subject: 's:1', system: 'rules', user: 'task', schema });

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

describe('the OpenAI-compatible provider', () => {
  it('posts a JSON-mode chat completion with the model and bearer key, validates the reply and reports usage and latency', async () => {
    fake.queue({ content: { answer: 0.75 }, usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const before = fake.requests.length;
    const r = await ask();
    expect(r).toMatchObject({ ok: true, data: { answer: 0.75 }, usage: { promptTokens: 42, completionTokens: 7 }, model: 'test-model' });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const req = fake.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test-123');
    expect(req.body).toMatchObject({ model: 'test-model', response_format: { type: 'json_object' }, messages: [{ role: 'system', content: 'rules' }, { role: 'user', content: 'task' }] });
    expect(calls.at(-1)).toMatchObject({ feature: 'test.feature', subject: 's:1', model: 'test-model', outcome: 'ok', httpStatus: 200, usage: { promptTokens: 42, completionTokens: 7 }, error: null });
  });

  it('sends no authorization header without a key and accepts a fenced JSON answer', async () => {
    fake.queue({ content: '```json\n{"answer": 1}\n```' });
    const r = await ask(provider({ apiKey: null }));
    expect(r).toMatchObject({ ok: true, data: { answer: 1 } });
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('returns typed failures and logs each: HTTP error, timeout, invalid JSON, schema mismatch, not JSON at all', async () => {
    fake.queue({ status: 503, raw: '{"error":{"message":"overloaded"}}' });
    expect(await ask()).toMatchObject({ ok: false, kind: 'http_error', httpStatus: 503 });
    expect(calls.at(-1)).toMatchObject({ outcome: 'http_error', httpStatus: 503 });

    fake.queue({ status: 429, raw: '{"error":{"message":"rate limited"}}' });
    expect(await ask()).toMatchObject({ ok: false, kind: 'rate_limited', httpStatus: 429 });
    expect(calls.at(-1)).toMatchObject({ outcome: 'rate_limited', httpStatus: 429 });

    fake.queue({ delayMs: 1000, content: { answer: 1 } });
    const t0 = Date.now();
    const timedOut = await ask(provider({ timeoutMs: 150 }));
    expect(Date.now() - t0).toBeLessThan(900);
    expect(timedOut).toMatchObject({ ok: false, kind: 'timeout' });
    expect(calls.at(-1)).toMatchObject({ outcome: 'timeout', usage: null });

    // Malformed output is asked for once more; both tries' tokens count, one log row.
    const sent = fake.requests.length;
    const logged = calls.length;
    fake.queue({ content: 'full marks, obviously', usage: { prompt_tokens: 5, completion_tokens: 3 } }, { content: 'still not JSON', usage: { prompt_tokens: 5, completion_tokens: 2 } });
    const junk = await ask();
    expect(junk).toMatchObject({ ok: false, kind: 'invalid_json', usage: { promptTokens: 10, completionTokens: 5 } });
    expect(!junk.ok && junk.message).toMatch(/after 2 attempts/);
    expect(fake.requests.length - sent).toBe(2);
    expect(calls.length - logged).toBe(1);
    expect(calls.at(-1)).toMatchObject({ outcome: 'invalid_json', usage: { promptTokens: 10, completionTokens: 5 } });

    fake.queue({ content: 'oops', usage: { prompt_tokens: 5, completion_tokens: 1 } }, { content: { answer: 0.5 }, usage: { prompt_tokens: 5, completion_tokens: 4 } });
    expect(await ask()).toMatchObject({ ok: true, data: { answer: 0.5 }, usage: { promptTokens: 10, completionTokens: 5 } });

    fake.queue({ content: { answer: 7 } });
    const mismatch = await ask();
    expect(mismatch).toMatchObject({ ok: false, kind: 'schema_mismatch' });
    expect(!mismatch.ok && mismatch.message).toMatch(/answer/);

    fake.queue({ raw: '<html>gateway</html>' }, { raw: '<html>gateway</html>' });
    expect(await ask()).toMatchObject({ ok: false, kind: 'invalid_json', httpStatus: 200 });
  });

  it('reports a network error when nothing listens', async () => {
    const r = await ask(provider({ baseUrl: 'http://127.0.0.1:1/v1' }));
    expect(r).toMatchObject({ ok: false, kind: 'network_error' });
    expect(calls.at(-1)).toMatchObject({ outcome: 'network_error' });
  });

  it('makes no call and logs nothing when no provider is configured', async () => {
    const before = { requests: fake.requests.length, calls: calls.length };
    const offline = openAiCompatibleProvider({ settings: () => null, log: async (r) => void calls.push(r) });
    expect(await offline.available()).toBe(false);
    expect(await offline.chatJson({ feature: 'x', actorUserId: null, system: 's', user: 'u', schema })).toMatchObject({ ok: false, kind: 'not_configured' });
    expect(fake.requests.length).toBe(before.requests);
    expect(calls.length).toBe(before.calls);
  });

  it('reads its settings on every call (the source may change, as with settings kept in the database)', async () => {
    let model = 'model-a';
    const p = openAiCompatibleProvider({ settings: () => settings({ chatModel: model }) });
    fake.queue({ content: { answer: 0 } }, { content: { answer: 0 } });
    await p.chatJson({ feature: 'x', actorUserId: null, system: 's', user: 'u', schema });
    model = 'model-b';
    await p.chatJson({ feature: 'x', actorUserId: null, system: 's', user: 'u', schema });
    expect(fake.requests.slice(-2).map((r) => r.body.model)).toEqual(['model-a', 'model-b']);
  });
});
