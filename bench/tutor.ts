/**
 * `npm run bench:tutor`: the AI tutor's latency (issue 6 §3 targets: offline answer p99 ≤ 100 ms;
 * first streamed token with a model = model latency + ≤ 50 ms).
 *
 * Setup: the real app (buildApp) on an in-memory PGlite database, migrated; a knowledge base of
 * TUTOR_CHUNKS (100,000) chunks in one collection visible to everyone, in documents of 100 chunks:
 * the CMRC 2018 trial sentences (../shared/data/retrieval/cmrc2018/trial.json) and synthetic chunks
 * joining the first part of one random sentence to the last part of another, as bench/retrieval.ts
 * does; the index is built from the database by the knowledge base's own `kbIndex`. The asker is a
 * learner (so the visibility query runs).
 *
 * 1. Offline answer: every CMRC question, one at a time, through `tutorAsker` — the service path of
 *    POST /tutor/ask: course check, `searchPassages` (scope query, retrieval, passage rows), the
 *    support rule and the extractive answer, the tutor_questions insert. Baseline in the same run:
 *    the bare `Retriever.search` (k = 5) on the same index. p50/p99 per run; medians of TUTOR_RUNS
 *    runs.
 * 2. First-token overhead: the fake OpenAI-compatible server (apps/server/test/fake-openai.ts) waits
 *    TUTOR_MODEL_DELAY_MS (200) before its first streamed chunk; POST /tutor/ask/stream over real
 *    HTTP (the app listening on a port, fetch, cookie + CSRF); overhead = time from sending the
 *    request to the first `delta` event minus the scripted delay. TUTOR_STREAM_QUESTIONS (40)
 *    supported questions per run.
 *
 * Results: printed, and bench/results/tutor-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '@xueli/engine';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { aiSettings, kbChunks, kbCollections, kbDocuments } from '../apps/server/src/db/schema/index.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import type { Actor } from '../apps/server/src/http/policy.ts';
import { invalidateAiSettings } from '../apps/server/src/lib/ai/runtime.ts';
import { localFileStore } from '../apps/server/src/lib/file-store.ts';
import * as authRepo from '../apps/server/src/modules/auth/repo.ts';
import { hashPassword } from '../apps/server/src/modules/auth/service.ts';
import { kbIndex } from '../apps/server/src/modules/knowledge/search-index.ts';
import { tutorAsker } from '../apps/server/src/modules/tutor/tutor.service.ts';
import { startFakeOpenAi } from '../apps/server/test/fake-openai.ts';

const FILE = process.env.TUTOR_DATA ?? path.resolve(import.meta.dirname, '../../shared/data/retrieval/cmrc2018/trial.json');
const CHUNKS = Number(process.env.TUTOR_CHUNKS ?? 100_000);
const RUNS = Number(process.env.TUTOR_RUNS ?? 3);
const MODEL_DELAY = Number(process.env.TUTOR_MODEL_DELAY_MS ?? 200);
const STREAM_QUESTIONS = Number(process.env.TUTOR_STREAM_QUESTIONS ?? 40);
const SEED = 1;

interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { id: string; question: string }[] }[] }[];
}
const squad = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Squad;
const sentences: { text: string; title: string }[] = [];
const questions: string[] = [];
for (const a of squad.data)
  for (const p of a.paragraphs) {
    for (const s of p.context.split(/(?<=[。！？!?])/).map((x) => x.trim()).filter(Boolean)) sentences.push({ text: s, title: a.title });
    for (const q of p.qas) questions.push(q.question);
  }
const rand = mulberry32(SEED);
const chunks = [...sentences];
while (chunks.length < CHUNKS) {
  const a = sentences[Math.floor(rand() * sentences.length)]!,
    b = sentences[Math.floor(rand() * sentences.length)]!;
  const ca = Math.floor(a.text.length * (0.3 + 0.4 * rand())),
    cb = Math.floor(b.text.length * (0.3 + 0.4 * rand()));
  chunks.push({ text: a.text.slice(0, ca) + b.text.slice(cb), title: a.title });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

// ---- the app and the knowledge base
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-bench-tutor-'));
const database = await openDatabase({ kind: 'pglite-memory' });
await database.migrate();
const config = loadConfig({ XUELI_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
const deps = { db: database.db, config, files: localFileStore(config.uploadsDir) };
const app = await buildApp({ deps, database, serveWeb: false });
await app.ready();
const db = database.db;
const user = await authRepo.insertUser(db, { username: 'bench-learner', displayName: '学员', passwordHash: await hashPassword('bench-pass-123') });
await authRepo.setRoles(db, user.id, ['learner']);
const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, roles: new Set(['learner']), employeeId: null, via: 'session' };

let t0 = performance.now();
const [col] = await db.insert(kbCollections).values({ name: '基准知识库', visibility: 'everyone' }).returning();
const PER_DOC = 100;
for (let d = 0; d * PER_DOC < chunks.length; d++) {
  const part = chunks.slice(d * PER_DOC, (d + 1) * PER_DOC);
  const [doc] = await db
    .insert(kbDocuments)
    .values({ collectionId: col!.id, title: part[0]!.title, sourceKind: 'paste', format: 'text', status: 'ready', chunkCount: part.length, indexedAt: new Date() })
    .returning({ id: kbDocuments.id });
  await db.insert(kbChunks).values(part.map((c, i) => ({ documentId: doc!.id, ord: i, headingPath: [], text: c.text })));
}
const insertS = (performance.now() - t0) / 1000;
t0 = performance.now();
const index = await kbIndex(db);
const indexS = (performance.now() - t0) / 1000;
console.log(`${index.retriever.size} chunks (${sentences.length} real sentences), inserted in ${insertS.toFixed(1)} s, indexed from the database in ${indexS.toFixed(1)} s; ${questions.length} questions; ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// ---- 1. offline answer latency
interface OfflineRun {
  p50: number;
  p99: number;
  baseP50: number;
  baseP99: number;
  supported: number;
}
const offline: OfflineRun[] = [];
const supportedQs: string[] = [];
for (let r = 0; r < RUNS; r++) {
  const lat: number[] = [],
    base: number[] = [];
  let supported = 0;
  for (const q of questions) {
    let s = performance.now();
    index.retriever.search(q, { k: 5 });
    base.push(performance.now() - s);
    s = performance.now();
    const a = await tutorAsker(deps, { actor, question: q });
    lat.push(performance.now() - s);
    if (a.supported) {
      supported++;
      if (r === 0) supportedQs.push(q);
    }
  }
  offline.push({ p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), baseP50: quantile(base, 0.5), baseP99: quantile(base, 0.99), supported });
  console.log(`run ${r + 1}: tutor answer p50 ${r2(quantile(lat, 0.5))} ms, p99 ${r2(quantile(lat, 0.99))} ms; Retriever.search p50 ${r2(quantile(base, 0.5))} ms, p99 ${r2(quantile(base, 0.99))} ms; supported ${supported}/${questions.length}`);
}

// ---- 2. first-token overhead with the fake model server
const fake = await startFakeOpenAi();
fake.fallback = () => ({ delayMs: MODEL_DELAY, chunks: ['根据知识库', '，答案见 [1]。'], chunkDelayMs: 5 });
await db.insert(aiSettings).values({ id: 1, mode: 'openai', baseUrl: fake.baseUrl, chatModel: 'fake-chat', timeoutMs: 10_000, userRateLimitPerMinute: 0 });
invalidateAiSettings(db);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-learner', password: 'bench-pass-123' } });
const cookie = login.cookies.find((c) => c.name === 'xueli_session')!.value;
const csrf = login.json<{ csrfToken: string }>().csrfToken;

async function firstDelta(question: string): Promise<number> {
  const s = performance.now();
  const res = await fetch(`${base}/api/v1/tutor/ask/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `xueli_session=${cookie}`, 'x-csrf-token': csrf },
    body: JSON.stringify({ question }),
  });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '',
    first = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    if (first < 0 && buf.includes('event: delta')) first = performance.now() - s;
  }
  if (first < 0 || !buf.includes('"mode":"model"')) throw new Error(`no model answer streamed for ${question}: ${buf.slice(0, 300)}`);
  return first;
}

const streamRuns: { p50: number; p99: number; firstP50: number }[] = [];
const sample = supportedQs.filter((_, i) => i % Math.max(1, Math.floor(supportedQs.length / STREAM_QUESTIONS)) === 0).slice(0, STREAM_QUESTIONS);
await firstDelta(sample[0]!); // warm the connection to the fake server
for (let r = 0; r < RUNS; r++) {
  const over: number[] = [],
    first: number[] = [];
  for (const q of sample) {
    const ms = await firstDelta(q);
    first.push(ms);
    over.push(ms - MODEL_DELAY);
  }
  streamRuns.push({ p50: quantile(over, 0.5), p99: quantile(over, 0.99), firstP50: quantile(first, 0.5) });
  console.log(`run ${r + 1}: first delta p50 ${r2(quantile(first, 0.5))} ms (model's first-token delay ${MODEL_DELAY} ms): overhead p50 ${r2(quantile(over, 0.5))} ms, p99 ${r2(quantile(over, 0.99))} ms`);
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
  data: { file: path.relative(process.cwd(), FILE), chunks: index.retriever.size, realSentences: sentences.length, questions: questions.length, insertSeconds: r2(insertS), indexSeconds: r2(indexS) },
  offline: {
    runs: offline,
    median: {
      p50: r2(median(offline.map((o) => o.p50))),
      p99: r2(median(offline.map((o) => o.p99))),
      baselineP50: r2(median(offline.map((o) => o.baseP50))),
      baselineP99: r2(median(offline.map((o) => o.baseP99))),
      supported: median(offline.map((o) => o.supported)),
    },
  },
  firstToken: {
    modelDelayMs: MODEL_DELAY,
    questions: sample.length,
    runs: streamRuns,
    median: { overheadP50: r2(median(streamRuns.map((s) => s.p50))), overheadP99: r2(median(streamRuns.map((s) => s.p99))), firstDeltaP50: r2(median(streamRuns.map((s) => s.firstP50))) },
  },
};
console.log(JSON.stringify({ offline: result.offline.median, firstToken: result.firstToken.median }, null, 2));
const outDir = path.resolve(import.meta.dirname, 'results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `tutor-${Date.now()}.json`), JSON.stringify(result, null, 2));
await app.close();
await fake.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
