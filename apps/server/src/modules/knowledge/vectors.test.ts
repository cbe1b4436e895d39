/**
 * Vector retrieval with an embedding model configured (against the test double of a model server):
 * chunks are stored with their vectors, the query is embedded and fused with the lexical list, a
 * restricted passage is still never returned, and a failing embedding call fails the index job
 * without leaving chunks behind.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbChunks, kbDocuments } from '../../db/schema/index.ts';
import { waitForJobs } from '../../lib/jobs.ts';
import { FAKE_EMBEDDING_DIMENSIONS, startFakeOpenAi, type FakeOpenAi } from '../../../test/fake-openai.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let fake: FakeOpenAi;
let t: TestApp;
let trainer: Client, learner: Client;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  t = await createTestApp({
    XUELI_AI_BASE_URL: fake.baseUrl,
    XUELI_AI_API_KEY: 'sk-test',
    XUELI_AI_CHAT_MODEL: 'chat-model',
    XUELI_AI_EMBEDDING_MODEL: 'embed-model',
    XUELI_AI_TIMEOUT_MS: '5000',
  });
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  learner = await t.login((await makeUser(t.db)).username);
}, 60_000);
afterAll(async () => {
  await waitForJobs();
  await t?.close();
  await fake?.close();
});

const embedCalls = () => fake.requests.filter((r) => r.url.endsWith('/embeddings'));

async function paste(collectionId: number, title: string, text: string) {
  const res = await trainer.post(`/api/v1/kb/collections/${collectionId}/documents/paste`, { title, text });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await waitForJobs();
  return res.body as { id: number; jobId: number };
}

describe('vector retrieval', () => {
  it('stores vectors, embeds the query and never returns a restricted passage', async () => {
    const open = (await trainer.post('/api/v1/kb/collections', { name: '公开', visibility: 'everyone' })).body.id as number;
    const closed = (await trainer.post('/api/v1/kb/collections', { name: '保密', visibility: 'restricted' })).body.id as number;
    const doc = await paste(open, '差旅', '# 差旅\n\n出差住宿标准为每晚五百元。\n\n## 交通\n\n高铁二等座可直接报销。');
    const secret = await paste(closed, '保密', '出差住宿标准为每晚五百元，高管除外。');
    const chunks = await t.db.select().from(kbChunks).where(eq(kbChunks.documentId, doc.id));
    expect(chunks.length).toBe(2);
    for (const c of chunks) {
      expect(c.embeddingModel).toBe('embed-model');
      expect(c.embedding).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    }
    const before = embedCalls().length;
    const res = await learner.get(`/api/v1/kb/search?q=${encodeURIComponent('出差住宿标准')}&k=5`);
    expect(res.status).toBe(200);
    expect(embedCalls().length).toBe(before + 1); // the query was embedded
    const items = res.body.items as { documentId: number; score: number }[];
    expect(items[0]?.documentId).toBe(doc.id);
    expect(items.some((h) => h.documentId === secret.id)).toBe(false);
    // fused scores are reciprocal-rank sums (two lists, k = 60): at most 2/61
    expect(items[0]!.score).toBeLessThanOrEqual(2 / 61 + 1e-9);
    const staff = (await trainer.get(`/api/v1/kb/search?q=${encodeURIComponent('出差住宿标准 高管')}&k=5`)).body.items as { documentId: number }[];
    expect(staff.map((h) => h.documentId)).toContain(secret.id);
  });

  it('fails the index job when the embedding model fails, leaving no chunks', async () => {
    const c = (await trainer.post('/api/v1/kb/collections', { name: '失败', visibility: 'everyone' })).body.id as number;
    fake.queue({ status: 400, raw: '{"error":{"message":"bad input"}}' });
    const doc = await paste(c, '失败文档', '这是一段会在向量化时失败的文字。');
    const [row] = await t.db.select().from(kbDocuments).where(eq(kbDocuments.id, doc.id));
    expect(row).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(row!.error).toMatch(/embedding model failed/);
    expect(await t.db.select().from(kbChunks).where(eq(kbChunks.documentId, doc.id))).toEqual([]);
  });
});
