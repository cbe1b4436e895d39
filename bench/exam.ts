/**
 * `npm run bench:exam` — exam load benchmark (issue 4): on PostgreSQL, BENCH_CANDIDATES simulated
 * candidates start one timed exam together, answer for BENCH_MINUTES, then submit; every answer
 * the server acknowledged must be in the database afterwards.
 *
 * Target (issue 4): 2,000 candidates on 2 cores, 10 minutes — autosave p99 ≤ 100 ms,
 * submit-and-grade p99 ≤ 300 ms, no lost answer.
 *
 * 1. Setup (not timed): a fresh database, migrated; a published framework with 5 knowledge
 *    points; BENCH_CANDIDATES employees, each with a learner account and a session, and a trainer
 *    with a session (sessions are inserted with known cookie and CSRF tokens, as generate.ts does).
 *    The real app starts in a child process (bench/serve.ts). Through the API, as the trainer:
 *    40 objective items (10 each of single, multiple, true/false, fill-in), taken to active, and
 *    a fixed exam of 25 of them (timed, the limit well past the run; one attempt), published.
 * 2. Baseline: GET /healthz every 200 ms on its own connection, from 5 s before the start to the
 *    last submit; its p50/p99 while idle and under load, and the ratio of each phase's p99 to it.
 * 3. Start: every candidate POSTs /exams/:id/attempts at once (spread over BENCH_START_SPREAD_MS);
 *    anything but 201 is an error.
 * 4. Answering: each candidate, on its own timer, autosaves (PUT /attempts/:id/responses/:itemId
 *    {response, seq}) every BENCH_SAVE_INTERVAL_S seconds on average (exponential gaps), a random
 *    valid answer to a random item of its form with an increasing per-item seq; a share
 *    BENCH_CHANGE_SHARE of the saves changes an item already answered. The last acknowledged
 *    answer (200, ignored = false) of every (candidate, item) is remembered.
 * 5. Submit: each candidate keeps answering until its own moment in the BENCH_SUBMIT_SPREAD_S
 *    seconds after BENCH_MINUTES, waits for its saves in flight (as the web client flushes its
 *    queue), then POSTs /attempts/:id/submit; expected 200 with status graded.
 * 6. Lost answers: every attempt's rows of attempt_responses, read straight from the database,
 *    against the last acknowledged answer of each item (seq and value). A row that holds a later
 *    save whose reply never came (timeout, network error) is counted apart, not as lost.
 *
 * Latency is measured by the client with performance.now(): from the moment a simulated
 * candidate sends (including any wait for one of the BENCH_CONNECTIONS keep-alive sockets) to the
 * last byte of the reply. The client runs on the same machine as the server and PostgreSQL.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL     PostgreSQL database to create and drop (default postgres://postgres@127.0.0.1:5432/xueli_bench_exam)
 *   BENCH_CANDIDATES       simulated candidates (default 2000)
 *   BENCH_MINUTES          minutes of answering before the submit window (default 10; fractions allowed, e.g. 0.5)
 *   BENCH_SAVE_INTERVAL_S  mean seconds between one candidate's autosaves (default 10)
 *   BENCH_CHANGE_SHARE     share of saves that change an item already answered (default 0.2)
 *   BENCH_SUBMIT_SPREAD_S  seconds over which the submits are spread (default 30)
 *   BENCH_START_SPREAD_MS  milliseconds over which the starts are spread (default 0: all at once)
 *   BENCH_CONNECTIONS      keep-alive sockets the candidates share (default: one per candidate, as browsers)
 *   BENCH_TIMEOUT_S        a request without a reply after this many seconds is an error (default 30)
 *   BENCH_DB_POOL_SIZE     the server's PostgreSQL pool (default 10, as XUELI_DB_POOL_SIZE)
 *   BENCH_SEED             seed of the simulation's random numbers (default 1)
 *   BENCH_KEEP_DATABASE    1 = do not drop the database at the end (to inspect it)
 * Results: a table on stdout and bench/results/exam-<date and time>.json (gitignored). Exit code 1
 * when any answer was lost or any request failed (non-2xx or unexpected status, network error,
 * timeout).
 *
 * A quick look: BENCH_CANDIDATES=100 BENCH_MINUTES=0.5 BENCH_SUBMIT_SPREAD_S=5 npm run bench:exam
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type DatabaseTarget } from '../apps/server/src/db/client.ts';
import { randomToken, sha256 } from '../apps/server/src/lib/crypto.ts';
import { mulberry32 } from '@xueli/engine';
import { adminQuery } from './pg-admin.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = (name: string, fallback: number, min = Number.MIN_VALUE) => {
  const v = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number ≥ ${min === Number.MIN_VALUE ? '> 0' : min}`);
  return v;
};
const opts = {
  databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xueli_bench_exam',
  candidates: Math.round(num('BENCH_CANDIDATES', 2000)),
  minutes: num('BENCH_MINUTES', 10),
  saveIntervalS: num('BENCH_SAVE_INTERVAL_S', 10),
  changeShare: Math.min(1, num('BENCH_CHANGE_SHARE', 0.2, 0)),
  submitSpreadS: num('BENCH_SUBMIT_SPREAD_S', 30, 0),
  startSpreadMs: num('BENCH_START_SPREAD_MS', 0, 0),
  connections: Math.round(num('BENCH_CONNECTIONS', num('BENCH_CANDIDATES', 2000))),
  timeoutMs: num('BENCH_TIMEOUT_S', 30) * 1000,
  dbPoolSize: env.BENCH_DB_POOL_SIZE ? Math.round(num('BENCH_DB_POOL_SIZE', 10)) : undefined,
  seed: Math.round(num('BENCH_SEED', 1, 0)),
  keepDatabase: env.BENCH_KEEP_DATABASE === '1',
};
const BANK = { single: 10, multiple: 10, true_false: 10, fill_blank: 10 } as const;
const FORM_ITEMS = 25;
const KNOWLEDGE_POINTS = 5;
const PROBE_EVERY_MS = 200;
const IDLE_PROBE_MS = 5000;
const TARGETS = { autosaveP99: 100, submitP99: 300 };

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

// mulberry32 from the engine: two runs with one seed simulate the same candidates.
const random = mulberry32(opts.seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
/** Exponential gap with the given mean (a Poisson process of saves per candidate). */
const expGap = (meanMs: number) => -Math.log(1 - random()) * meanMs;

// ---------------------------------------------------------------------------------------------
// HTTP client: node:http with keep-alive sockets (Node 20's fetch cannot be given a socket limit
// without the undici package, which this repository does not depend on).

interface Reply {
  status: number;
  body: string;
  ms: number;
  /** End (performance.now()) of the request. */
  at: number;
  failure?: 'timeout' | 'network';
}

let port = 0;

function send(agent: http.Agent, method: string, urlPath: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: { status: number; body: string; failure?: 'timeout' | 'network' }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const at = performance.now();
      resolve({ ...r, ms: at - started, at });
    };
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => finish({ status: 0, body: String(e), failure: 'network' }));
      },
    );
    const timer = setTimeout(() => {
      finish({ status: 0, body: '', failure: 'timeout' });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (e) => finish({ status: 0, body: String(e), failure: 'network' }));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

interface Session {
  token: string;
  csrf: string;
}
const authHeaders = (s: Session) => ({ cookie: `xueli_session=${s.token}`, 'x-csrf-token': s.csrf });

/** Setup requests: must succeed with the expected status; the body comes back parsed. */
async function must(agent: http.Agent, s: Session, method: string, urlPath: string, expected: number, body?: unknown): Promise<any> {
  const r = await send(agent, method, urlPath, authHeaders(s), body);
  if (r.status !== expected) throw new Error(`${method} ${urlPath} answered ${r.status || r.failure}, expected ${expected}: ${r.body.slice(0, 500)}`);
  return JSON.parse(r.body);
}

// ---------------------------------------------------------------------------------------------
// Latency series

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : null);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

class Series {
  readonly ms: number[] = [];
  readonly statuses: Record<string, number> = {};
  errors = 0;
  timeouts = 0;
  first = Infinity;
  last = -Infinity;
  /** A few failed replies, to show what went wrong. */
  readonly examples: string[] = [];
  add(r: Reply, ok: boolean, what = '') {
    this.ms.push(r.ms);
    const key = r.failure ?? String(r.status);
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    this.first = Math.min(this.first, r.at - r.ms);
    this.last = Math.max(this.last, r.at);
    if (r.failure === 'timeout') this.timeouts++;
    if (!ok) {
      this.errors++;
      if (this.examples.length < 5) this.examples.push(`${what} → ${r.failure ?? r.status} ${r.body.slice(0, 300)}`.trim());
    }
  }
  summary() {
    const sorted = [...this.ms].sort((a, b) => a - b);
    const seconds = this.ms.length ? (this.last - this.first) / 1000 : 0;
    return {
      count: sorted.length,
      rps: seconds > 0 ? sorted.length / seconds : sorted.length,
      seconds,
      p50: round1(percentile(sorted, 50)),
      p90: round1(percentile(sorted, 90)),
      p99: round1(percentile(sorted, 99)),
      max: round1(sorted.at(-1) ?? null),
      errors: this.errors,
      timeouts: this.timeouts,
      statuses: this.statuses,
      examples: this.examples,
    };
  }
}
type Summary = ReturnType<Series['summary']>;

// ---------------------------------------------------------------------------------------------
// Database and server


const dbName = new URL(opts.databaseUrl).pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`BENCH_DATABASE_URL: unexpected database name ${dbName}`);
const dropDatabase = () => adminQuery(opts.databaseUrl, `drop database if exists ${dbName} with (force)`);

interface Accounts {
  framework: number;
  kps: number[];
  trainer: Session;
  candidates: (Session & { employeeId: number })[];
  seconds: number;
}

/** Fresh database, migrated, with the framework, the accounts and their sessions. */
async function prepare(): Promise<Accounts> {
  const started = performance.now();
  await dropDatabase();
  await adminQuery(opts.databaseUrl, `create database ${dbName}`);
  const database = await openDatabase({ kind: 'postgres', url: opts.databaseUrl });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const fw = await client.query<{ id: number }>(
      `insert into frameworks (identifier, code, name, version, status, published_at) values ($1, 'BENCH-EXAM', '考试基准框架', '1.0', 'published', now()) returning id`,
      [randomUUID()],
    );
    const framework = fw.rows[0]!.id;
    const kps: number[] = [];
    for (let k = 1; k <= KNOWLEDGE_POINTS; k++) {
      const r = await client.query<{ id: number }>(
        `insert into knowledge_points (framework_id, identifier, code, name, position) values ($1, $2, $3, $4, $5) returning id`,
        [framework, randomUUID(), `BE.${k}`, `知识点 ${k}`, k],
      );
      kps.push(r.rows[0]!.id);
    }
    await client.query(
      `insert into employees (employee_no, name, email, hire_date, status)
       select 'X' || lpad(i::text, 6, '0'), '考生 ' || i, 'x' || i || '@bench.example', date '2020-01-01' + i % 1000, 'active'
       from generate_series(1, $1::int) i`,
      [opts.candidates],
    );
    await client.query(
      `insert into users (username, display_name, password_hash, employee_id)
       select 'bench-candidate-' || e.employee_no, e.name, 'not-a-login', e.id from employees e order by e.id`,
    );
    await client.query(`insert into user_roles (user_id, role) select id, 'learner' from users`);
    const trainerId = (
      await client.query<{ id: number }>(`insert into users (username, display_name, password_hash) values ('bench-trainer', '出题人', 'not-a-login') returning id`)
    ).rows[0]!.id;
    await client.query(`insert into user_roles (user_id, role) values ($1, 'trainer')`, [trainerId]);
    const learners = (await client.query<{ id: number; employee_id: number }>(`select id, employee_id from users where employee_id is not null order by employee_id`)).rows;
    const expiresAt = new Date(Date.now() + 2 * 86_400_000);
    const make = () => ({ token: randomToken(), csrf: randomToken() });
    const trainer = make();
    const candidates = learners.map((l) => ({ ...make(), employeeId: l.employee_id, userId: l.id }));
    const rows = [...candidates.map((c) => ({ ...c })), { ...trainer, userId: trainerId }];
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await client.query(
        `insert into sessions (id, user_id, csrf_token, expires_at) select * from unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[])`,
        [batch.map((s) => sha256(s.token)), batch.map((s) => s.userId), batch.map((s) => s.csrf), batch.map(() => expiresAt)],
      );
    }
    await client.query('vacuum analyze');
    return {
      framework,
      kps,
      trainer,
      candidates: candidates.map(({ token, csrf, employeeId }) => ({ token, csrf, employeeId })),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

/** Starts bench/serve.ts and resolves with its port once it listens. */
function startServer(target: DatabaseTarget): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'serve.ts'), JSON.stringify(target)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && !port) {
        clearTimeout(timer);
        port = (JSON.parse(line) as { port: number }).port;
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

// ---------------------------------------------------------------------------------------------
// The item bank and the exam, through the API as the trainer

const FILL_WORDS = ['检索增强生成', '向量数据库', '提示词', 'RAG', 'Transformer', '２', '2', '注意力', 'token', '微调'];

function itemBody(type: keyof typeof BANK, n: number, kp: number): Record<string, unknown> {
  const common = { stem: `【基准】${type} 题 ${n}：关于大模型应用的问题 ${n}`, explanation: `解析 ${n}`, difficulty: Math.round((random() * 4 - 2) * 100) / 100, discrimination: 1, knowledgePoints: [kp] };
  const options = (k: number) => Array.from({ length: k }, (_, i) => ({ id: String.fromCharCode(97 + i), text: `选项 ${String.fromCharCode(65 + i)}（${n}）` }));
  switch (type) {
    case 'single':
      return { type, ...common, options: options(4), answerKey: { correct: pick(['a', 'b', 'c', 'd']) } };
    case 'multiple':
      return { type, ...common, options: options(5), answerKey: { correct: ['a', 'c', 'e'].slice(0, 2 + (n % 2)), rule: pick(['partial', 'all-or-nothing', 'per-option']) } };
    case 'true_false':
      return { type, ...common, answerKey: { correct: n % 2 === 0 } };
    case 'fill_blank':
      return n % 2 === 0
        ? { type, ...common, stem: `${common.stem}：1 + 1 = ___`, answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2 }] }] } }
        : {
            type,
            ...common,
            stem: `${common.stem}：RAG 的全称是 ___，常与 ___ 一起使用`,
            answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '检索增强生成' }, { kind: 'text', value: 'RAG' }] }, { accepted: [{ kind: 'text', value: '向量数据库' }] }] },
          };
  }
}

async function createExam(agent: http.Agent, trainer: Session, kps: number[]): Promise<{ examId: number; items: number; timeLimitMinutes: number }> {
  const created: { id: number; type: keyof typeof BANK }[] = [];
  let n = 0;
  for (const type of Object.keys(BANK) as (keyof typeof BANK)[]) {
    for (let i = 0; i < BANK[type]; i++) {
      n++;
      const item = await must(agent, trainer, 'POST', '/api/v1/items', 201, itemBody(type, n, kps[n % kps.length]!));
      for (const status of ['review', 'active']) await must(agent, trainer, 'POST', `/api/v1/items/${item.id}/status`, 200, { status });
      created.push({ id: item.id as number, type });
    }
  }
  // 25 of the 40, by the seeded generator (a Fisher–Yates shuffle).
  const chosen = [...created];
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  const timeLimitMinutes = Math.min(600, Math.ceil(opts.minutes + opts.submitSpreadS / 60 + opts.timeoutMs / 60_000) + 10);
  const exam = await must(agent, trainer, 'POST', '/api/v1/exams', 201, {
    mode: 'fixed',
    title: '大模型应用上岗考试（基准）',
    purpose: 'exam',
    timeLimitMinutes,
    maxAttempts: 1,
    shuffleItems: true,
    shuffleOptions: true,
    feedback: 'after_submit',
    passPercent: 60,
    items: chosen.slice(0, FORM_ITEMS).map((c) => ({ itemId: c.id, points: c.type === 'multiple' || c.type === 'fill_blank' ? 2 : 1 })),
  });
  await must(agent, trainer, 'POST', `/api/v1/exams/${exam.id}/status`, 200, { status: 'published' });
  return { examId: exam.id as number, items: created.length, timeLimitMinutes };
}

// ---------------------------------------------------------------------------------------------
// Candidates

interface FormItem {
  id: number;
  type: string;
  options: string[];
  blanks: number;
}

interface Candidate {
  session: Session;
  employeeId: number;
  attemptId: number;
  form: FormItem[];
  /** Last seq sent per item. */
  seq: Map<number, number>;
  /** Every save sent: item → seq → the response as JSON. */
  sent: Map<number, Map<number, string>>;
  /** Per item, the acknowledged save with the highest seq (200 and not ignored). */
  acked: Map<number, { seq: number; json: string }>;
  /** Per item, seqs of saves whose outcome is unknown (timeout or network error). */
  unknown: Map<number, Set<number>>;
  inFlight: Set<Promise<void>>;
  submitAt: number;
  submitted: boolean;
}

function randomResponse(it: FormItem): unknown {
  switch (it.type) {
    case 'single':
      return pick(it.options);
    case 'multiple': {
      const chosen = it.options.filter(() => random() < 0.5);
      return chosen.length ? chosen : [pick(it.options)];
    }
    case 'true_false':
      return random() < 0.5;
    case 'fill_blank':
      return Array.from({ length: Math.max(1, it.blanks) }, () => pick(FILL_WORDS));
    default:
      return null;
  }
}

const series = { start: new Series(), autosave: new Series(), submit: new Series() };
/** Exceptions in the simulation itself (a bug here, or an unparseable reply). */
const clientFaults: string[] = [];
const saveCounts = { acknowledged: 0, ignored: 0, unknownOutcome: 0, refused: 0, changes: 0 };
/** Autosave latencies by send time, in buckets since the start (for the timeline). */
const timeline: { ms: number[]; errors: number }[] = [];
let bucketMs = 60_000;
let fireAt = 0;

async function saveOnce(c: Candidate): Promise<void> {
  const answered = [...c.acked.keys()];
  const unanswered = c.form.filter((f) => !c.acked.has(f.id));
  const change = answered.length > 0 && (unanswered.length === 0 || random() < opts.changeShare);
  const changed = change ? pick(answered) : 0;
  const item = change ? c.form.find((f) => f.id === changed)! : pick(unanswered);
  if (change) saveCounts.changes++;
  const response = randomResponse(item);
  const seq = (c.seq.get(item.id) ?? 0) + 1;
  c.seq.set(item.id, seq);
  const json = JSON.stringify(response);
  let perItem = c.sent.get(item.id);
  if (!perItem) c.sent.set(item.id, (perItem = new Map()));
  perItem.set(seq, json);
  const r = await send(agent, 'PUT', `/api/v1/attempts/${c.attemptId}/responses/${item.id}`, authHeaders(c.session), { response, seq });
  const bucket = Math.max(0, Math.floor((r.at - r.ms - fireAt) / bucketMs));
  while (timeline.length <= bucket) timeline.push({ ms: [], errors: 0 });
  timeline[bucket]!.ms.push(r.ms);
  if (r.status === 200) {
    const body = JSON.parse(r.body) as { seq: number; ignored: boolean };
    // Not ignored must mean stored with this very seq; anything else is a wrong answer.
    const consistent = body.ignored ? body.seq >= seq : body.seq === seq;
    series.autosave.add(r, consistent, `PUT attempt ${c.attemptId} item ${item.id} seq ${seq}: inconsistent reply`);
    if (!consistent) timeline[bucket]!.errors++;
    if (body.ignored) {
      saveCounts.ignored++;
    } else {
      saveCounts.acknowledged++;
      const prev = c.acked.get(item.id);
      if (!prev || prev.seq < seq) c.acked.set(item.id, { seq, json });
    }
    return;
  }
  series.autosave.add(r, false, `PUT attempt ${c.attemptId} item ${item.id} seq ${seq}`);
  timeline[bucket]!.errors++;
  if (r.failure) {
    saveCounts.unknownOutcome++;
    let u = c.unknown.get(item.id);
    if (!u) c.unknown.set(item.id, (u = new Set()));
    u.add(seq);
  } else {
    saveCounts.refused++;
  }
}

/** Saves on the candidate's own timer until its submit moment, then flushes and submits. */
async function runCandidate(c: Candidate): Promise<void> {
  const meanMs = opts.saveIntervalS * 1000;
  for (;;) {
    const next = performance.now() + expGap(meanMs);
    if (next >= c.submitAt) break;
    await sleep(next - performance.now());
    // A fault of this script (not of the server) must not leave the server and database behind.
    const p = saveOnce(c)
      .catch((err: unknown) => {
        clientFaults.push(String(err));
      })
      .finally(() => c.inFlight.delete(p));
    c.inFlight.add(p);
  }
  await sleep(c.submitAt - performance.now());
  await Promise.all(c.inFlight);
  const r = await send(agent, 'POST', `/api/v1/attempts/${c.attemptId}/submit`, authHeaders(c.session));
  let ok = r.status === 200;
  if (ok) {
    try {
      ok = (JSON.parse(r.body) as { status: string }).status === 'graded';
    } catch {
      ok = false;
    }
  }
  c.submitted = ok;
  series.submit.add(r, ok, `POST /attempts/${c.attemptId}/submit`);
}

// ---------------------------------------------------------------------------------------------
// The /healthz probe

interface Probe {
  phase: string;
  ms: number;
  ok: boolean;
}
let phase = 'idle';
const probes: Probe[] = [];
function startProbe(): () => Promise<void> {
  const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const at = phase;
    const p = send(probeAgent, 'GET', '/healthz', {}).then((r) => {
      probes.push({ phase: at, ms: r.ms, ok: r.status === 200 });
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }, PROBE_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
    probeAgent.destroy();
  };
}
function probeSummary(phases: string[]) {
  const sorted = probes.filter((p) => phases.includes(p.phase)).map((p) => p.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p99: round1(percentile(sorted, 99)),
    max: round1(sorted.at(-1) ?? null),
    errors: probes.filter((p) => phases.includes(p.phase) && !p.ok).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Lost answers

interface Check {
  attempts: number;
  attemptsByStatus: Record<string, number>;
  rows: number;
  acknowledgedItems: number;
  /** Rows that do not hold the last acknowledged answer (or hold an answer never sent). */
  lost: number;
  /** Rows holding a later save whose reply never came (timeout / network error): not lost. */
  storedUnacknowledged: number;
  /** Attempts created on the server whose start reply never came (a start timed out). */
  attemptsWithoutReply: number;
  examples: string[];
}

async function checkAnswers(examId: number, candidates: Candidate[]): Promise<Check> {
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const attempts = await client.query<{ id: number; employee_id: number; status: string }>(`select id, employee_id, status from exam_attempts where exam_id = $1`, [examId]);
    const rows = await client.query<{ attempt_id: number; item_id: number; seq: number; response: unknown }>(
      `select r.attempt_id, r.item_id, r.seq, r.response from attempt_responses r join exam_attempts a on a.id = r.attempt_id where a.exam_id = $1`,
      [examId],
    );
    const byAttempt = new Map(candidates.map((c) => [c.attemptId, c]));
    const stored = new Map(rows.rows.map((r) => [`${r.attempt_id}:${r.item_id}`, r]));
    const out: Check = { attempts: attempts.rows.length, attemptsByStatus: {}, rows: rows.rows.length, acknowledgedItems: 0, lost: 0, storedUnacknowledged: 0, attemptsWithoutReply: 0, examples: [] };
    for (const a of attempts.rows) out.attemptsByStatus[a.status] = (out.attemptsByStatus[a.status] ?? 0) + 1;
    const lose = (why: string) => {
      out.lost++;
      if (out.examples.length < 10) out.examples.push(why);
    };
    // An attempt whose start reply never came (timeout) has no candidate to compare with.
    out.attemptsWithoutReply = attempts.rows.filter((a) => !byAttempt.has(a.id)).length;
    for (const c of candidates) {
      for (const it of c.form) {
        const row = stored.get(`${c.attemptId}:${it.id}`);
        const acked = c.acked.get(it.id);
        if (acked) out.acknowledgedItems++;
        if (!row) {
          lose(`attempt ${c.attemptId} item ${it.id}: no row`);
          continue;
        }
        const json = JSON.stringify(row.response ?? null);
        const seq = Number(row.seq);
        if (acked ? seq === acked.seq && json === acked.json : seq === 0 && json === 'null') continue;
        if (seq > (acked?.seq ?? 0) && c.unknown.get(it.id)?.has(seq) && c.sent.get(it.id)?.get(seq) === json) {
          out.storedUnacknowledged++;
          continue;
        }
        lose(`attempt ${c.attemptId} item ${it.id}: stored seq ${seq} ${json.slice(0, 80)}, acknowledged ${acked ? `seq ${acked.seq} ${acked.json.slice(0, 80)}` : 'nothing'}`);
      }
    }
    return out;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(1) : v.toFixed(0));

function table(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
let child: ChildProcess | null = null;
let databaseCreated = false;

async function cleanup() {
  agent.destroy();
  if (child) await stopServer(child);
  child = null;
  if (databaseCreated && !opts.keepDatabase) await dropDatabase();
  databaseCreated = false;
}

async function main() {
  const cpus = os.cpus();
  const machine = {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: '',
    /** 1-minute load average before and after: other work on the machine skews the numbers. */
    loadAverage: { start: os.loadavg()[0]!, end: 0 },
  };
  const date = new Date().toISOString();
  log(`Xueli exam benchmark ${date}`);
  log(`machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}, load average ${machine.loadAverage.start.toFixed(1)}`);
  log(
    `load: ${opts.candidates} candidates, ${opts.minutes} min answering, a save every ${opts.saveIntervalS} s on average (${Math.round(opts.changeShare * 100)} % changes), ` +
      `submits over ${opts.submitSpreadS} s, ${opts.connections} connections, timeout ${opts.timeoutMs / 1000} s`,
  );

  log('\nsetup: database, framework, accounts, sessions…');
  databaseCreated = true;
  const accounts = await prepare();
  machine.postgres = await postgresVersion();
  log(`  ${accounts.candidates.length} candidates with sessions in ${accounts.seconds.toFixed(1)} s; PostgreSQL ${machine.postgres}`);
  child = await startServer({ kind: 'postgres', url: opts.databaseUrl, ...(opts.dbPoolSize ? { poolSize: opts.dbPoolSize } : {}) });
  const setupStarted = performance.now();
  const exam = await createExam(agent, accounts.trainer, accounts.kps);
  log(`  server on port ${port}; ${exam.items} active items and exam ${exam.examId} (${FORM_ITEMS} items, ${exam.timeLimitMinutes} min, published) through the API in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

  const stopProbe = startProbe();
  await sleep(IDLE_PROBE_MS);
  const cpuBefore = process.cpuUsage();

  // Start: everyone together.
  log(`\nstart: ${opts.candidates} candidates start the exam…`);
  phase = 'start';
  fireAt = performance.now();
  const answerMs = opts.minutes * 60_000;
  bucketMs = answerMs >= 120_000 ? 60_000 : 10_000;
  const candidates: Candidate[] = [];
  const starts = accounts.candidates.map(async (acct) => {
    await sleep(random() * opts.startSpreadMs);
    const r = await send(agent, 'POST', `/api/v1/exams/${exam.examId}/attempts`, authHeaders(acct));
    series.start.add(r, r.status === 201, `POST /exams/${exam.examId}/attempts as employee ${acct.employeeId}`);
    if (r.status !== 201) return;
    const view = JSON.parse(r.body) as { id: number; status: string; items: { item: { id: number; type: string; options: { id: string }[] | null; blanks?: number } }[] };
    const c: Candidate = {
      session: acct,
      employeeId: acct.employeeId,
      attemptId: view.id,
      form: view.items.map((i) => ({ id: i.item.id, type: i.item.type, options: (i.item.options ?? []).map((o) => o.id), blanks: i.item.blanks ?? 0 })),
      seq: new Map(),
      sent: new Map(),
      acked: new Map(),
      unknown: new Map(),
      inFlight: new Set(),
      submitAt: fireAt + answerMs + random() * opts.submitSpreadS * 1000,
      submitted: false,
    };
    candidates.push(c);
    return runCandidate(c);
  });
  // The start phase ends when every start has been answered; the candidates go on answering.
  const allStarted = (async () => {
    while (series.start.ms.length < opts.candidates) await sleep(20);
    phase = 'answer';
    log(`  all answered in ${((performance.now() - fireAt) / 1000).toFixed(1)} s: ${candidates.length} started`);
  })();
  const submitPhase = (async () => {
    await sleep(answerMs - (performance.now() - fireAt));
    phase = 'submit';
    log(`submit: ${candidates.length} candidates submit over ${opts.submitSpreadS} s…`);
  })();
  const progress = setInterval(() => {
    const s = series.autosave.summary();
    log(`  ${((performance.now() - fireAt) / 1000).toFixed(0)} s: ${s.count} saves, p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, errors ${s.errors}; ${series.submit.ms.length} submitted`);
  }, Math.max(10_000, Math.min(60_000, answerMs / 5)));
  try {
    await Promise.all([...starts, allStarted, submitPhase]);
  } finally {
    clearInterval(progress);
  }
  phase = 'done';
  await stopProbe();
  const cpu = process.cpuUsage(cpuBefore);
  const runSeconds = (performance.now() - fireAt) / 1000;

  log('\nchecking every answer against the database…');
  const check = await checkAnswers(exam.examId, candidates);
  machine.loadAverage.end = os.loadavg()[0]!;

  const phases: Record<'start' | 'autosave' | 'submit', Summary> = { start: series.start.summary(), autosave: series.autosave.summary(), submit: series.submit.summary() };
  const probeIdle = probeSummary(['idle']);
  const probeLoad = probeSummary(['start', 'answer', 'submit']);
  const ratio = (v: number | null) => (v !== null && probeLoad.p99 ? v / probeLoad.p99 : null);
  const rows = (['start', 'autosave', 'submit'] as const).map((k) => {
    const s = phases[k];
    const r = ratio(s.p99);
    const target = k === 'autosave' ? TARGETS.autosaveP99 : k === 'submit' ? TARGETS.submitP99 : null;
    return [
      k === 'submit' ? 'submit and grade' : k,
      String(s.count),
      s.rps < 10 ? s.rps.toFixed(1) : s.rps.toFixed(0),
      fmt(s.p50),
      fmt(s.p99),
      fmt(s.max),
      `${s.errors}${s.timeouts ? ` (${s.timeouts} timeouts)` : ''}`,
      r === null ? '—' : `${r.toFixed(1)} ×`,
      target === null ? '' : `p99 ≤ ${target} ms: ${s.p99 !== null && s.p99 <= target ? 'met' : 'NOT met'}`,
    ];
  });
  for (const [name, p] of [['healthz (idle, before)', probeIdle], ['healthz (under load)', probeLoad]] as const) {
    rows.push([name, String(p.count), '', fmt(p.p50), fmt(p.p99), fmt(p.max), String(p.errors), name.includes('load') ? '1 ×' : '', '']);
  }
  log(`\n${table(['phase', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'p99 vs healthz p99', 'target'], rows)}`);
  const timelineOut = timeline.map((b, i) => {
    const sorted = [...b.ms].sort((x, y) => x - y);
    return { fromS: (i * bucketMs) / 1000, count: sorted.length, p50: round1(percentile(sorted, 50)), p99: round1(percentile(sorted, 99)), errors: b.errors };
  });
  log(`autosave p99 per ${bucketMs / 1000} s: ${timelineOut.map((b) => `${fmt(b.p99)}`).join(' ')} ms`);
  log(
    `saves: ${saveCounts.acknowledged} acknowledged, ${saveCounts.ignored} ignored as older, ${saveCounts.refused} refused, ${saveCounts.unknownOutcome} without a reply; ` +
      `${saveCounts.changes} changed an earlier answer`,
  );
  log(
    `answers: ${check.rows} rows of ${check.attempts} attempts (${Object.entries(check.attemptsByStatus).map(([k, v]) => `${v} ${k}`).join(', ')}); ` +
      `${check.acknowledgedItems} items with an acknowledged answer; LOST ${check.lost}; ${check.storedUnacknowledged} stored without a reply` +
      (check.attemptsWithoutReply ? `; ${check.attemptsWithoutReply} attempts whose start reply never came` : ''),
  );
  for (const e of check.examples) log(`  lost: ${e}`);
  for (const [k, s] of Object.entries(phases)) for (const e of s.examples) log(`  ${k} error: ${e}`);
  for (const e of clientFaults.slice(0, 5)) log(`  fault in the simulation: ${e}`);
  log(`client: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s over ${runSeconds.toFixed(0)} s (the load generator shares the machine)`);
  log(`load average (1 min): ${machine.loadAverage.start.toFixed(1)} at start, ${machine.loadAverage.end.toFixed(1)} at end`);

  const outDir = path.join(HERE, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `exam-${date.slice(0, 19).replace(/:/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        date,
        machine,
        options: { ...opts, databaseUrl: undefined },
        setup: { seconds: accounts.seconds, items: exam.items, formItems: FORM_ITEMS, timeLimitMinutes: exam.timeLimitMinutes, knowledgePoints: KNOWLEDGE_POINTS },
        runSeconds,
        clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
        phases,
        healthz: { idle: probeIdle, load: probeLoad, everyMs: PROBE_EVERY_MS },
        ratiosToHealthzP99: { start: ratio(phases.start.p99), autosave: ratio(phases.autosave.p99), submit: ratio(phases.submit.p99) },
        targets: { ...TARGETS, autosaveMet: phases.autosave.p99 !== null && phases.autosave.p99 <= TARGETS.autosaveP99, submitMet: phases.submit.p99 !== null && phases.submit.p99 <= TARGETS.submitP99 },
        saves: saveCounts,
        autosaveTimeline: { bucketSeconds: bucketMs / 1000, buckets: timelineOut },
        answers: check,
        clientFaults,
      },
      null,
      2,
    ),
  );
  log(`\nwritten ${path.relative(process.cwd(), file)}`);
  const errors = phases.start.errors + phases.autosave.errors + phases.submit.errors + probeLoad.errors + probeIdle.errors;
  if (check.lost > 0 || errors > 0 || clientFaults.length > 0 || candidates.length !== opts.candidates) {
    log(`FAILED: ${check.lost} lost answers, ${errors} failed requests, ${clientFaults.length} faults in the simulation`);
    process.exitCode = 1;
  }
}

process.once('SIGINT', () => {
  log('\ninterrupted: stopping the server and dropping the database…');
  void cleanup().finally(() => process.exit(130));
});
process.once('unhandledRejection', (err) => {
  console.error(err);
  void cleanup().finally(() => process.exit(1));
});

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanup().catch((err: unknown) => console.error(err)));
