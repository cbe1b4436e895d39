/**
 * `npm run bench:api` — API load benchmark (issue 2). For each database (PostgreSQL, then
 * PGlite) it generates a large organisation (bench/generate.ts), starts the real app in a
 * child process (bench/serve.ts) and load-tests it with autocannon:
 *   GET /healthz                 baseline: the HTTP stack without the database
 *   GET /api/v1/me/learning      learner home, rotating over many learners' sessions
 *   GET /api/v1/team/progress    as the manager of 500, page 1, pageSize 20
 * Each endpoint: a short warm-up, then BENCH_RUNS runs; the table shows the medians. Any
 * error, timeout or non-2xx response makes the exit code 1.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL   PostgreSQL database to create and drop (default postgres://postgres@127.0.0.1:5432/xueli_bench)
 *   BENCH_TARGETS        comma list of postgres,pglite (default both)
 *   BENCH_EMPLOYEES      employees to generate (default 100000)
 *   BENCH_LEARNERS       learner accounts with sessions to rotate through (default 1000)
 *   BENCH_CONNECTIONS    concurrent connections (default 100)
 *   BENCH_DURATION       seconds per run (default 10)
 *   BENCH_RUNS           runs per endpoint (default 3)
 *   BENCH_ENDPOINTS      comma list of endpoint names to load besides healthz (default all)
 *   BENCH_SERVER_PROFILE folder for a V8 CPU profile of the server (.cpuprofile), unset = none
 * Results: a table on stdout and bench/results/api-<date>.json (gitignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseTarget } from '../apps/server/src/db/client.ts';
import { generateOrganisation, MANAGER_LINE_SIZE, type GeneratedOrg } from './generate.ts';
import { medianOf, runLoad, type RunResult, type Scenario } from './load.ts';
import { adminQuery } from './pg-admin.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = (name: string, fallback: number) => {
  const v = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const opts = {
  databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xueli_bench',
  targets: (env.BENCH_TARGETS ?? 'postgres,pglite').split(',').map((s) => s.trim()) as ('postgres' | 'pglite')[],
  employees: num('BENCH_EMPLOYEES', 100_000),
  learners: num('BENCH_LEARNERS', 1000),
  connections: num('BENCH_CONNECTIONS', 100),
  durationS: num('BENCH_DURATION', 10),
  runs: num('BENCH_RUNS', 3),
};
const log = (line: string) => console.log(line);
const TEAM_PAGE = { page: 1, pageSize: 20 };

interface Prepared {
  serveTarget: DatabaseTarget;
  org: GeneratedOrg;
  generateSeconds: number;
  cleanup(): Promise<void>;
}


/** Creates a fresh database, migrates it and generates the organisation; closes it again. */
async function prepare(kind: 'postgres' | 'pglite'): Promise<Prepared> {
  let serveTarget: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const name = new URL(opts.databaseUrl).pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE_URL: unexpected database name ${name}`);
    await adminQuery(opts.databaseUrl, `drop database if exists ${name} with (force)`);
    await adminQuery(opts.databaseUrl, `create database ${name}`);
    serveTarget = { kind: 'postgres', url: opts.databaseUrl };
    cleanup = () => adminQuery(opts.databaseUrl, `drop database if exists ${name} with (force)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-bench-pglite-'));
    serveTarget = { kind: 'pglite', dataDir: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const started = Date.now();
  const database = await openDatabase(serveTarget);
  try {
    await database.migrate();
    const org = await generateOrganisation(database.db, { employees: opts.employees, learners: opts.learners, log });
    return { serveTarget, org, generateSeconds: (Date.now() - started) / 1000, cleanup };
  } finally {
    await database.close();
  }
}

/** Starts bench/serve.ts and resolves with its port once it listens. */
function startServer(target: DatabaseTarget): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_SERVER_PROFILE=dir writes a V8 CPU profile of the server per database to that folder.
  const profile = env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.BENCH_SERVER_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(HERE, 'serve.ts'), JSON.stringify(target)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, port: (JSON.parse(line) as { port: number }).port });
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

const get = (baseUrl: string, s: Scenario) =>
  fetch(baseUrl + s.path, { signal: AbortSignal.timeout(600_000), ...(s.sessions[0] ? { headers: { cookie: `xueli_session=${s.sessions[0]}` } } : {}) });

/**
 * Requests abandoned at the end of a run (or timed out) are still being served; one more
 * request waits behind them, so the next run starts on an idle server.
 */
async function settle(baseUrl: string, s: Scenario) {
  await (await get(baseUrl, s)).arrayBuffer();
}

/** One request per scenario before loading it: the endpoint must exist and answer sensibly. */
async function check(baseUrl: string, s: Scenario): Promise<string> {
  const res = await get(baseUrl, s);
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${s.path} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  if (s.name === 'team progress') {
    const total = body.total as number;
    if (total !== MANAGER_LINE_SIZE) throw new Error(`team progress total is ${total}, expected ${MANAGER_LINE_SIZE}`);
    return `total ${total}, ${(body.items as unknown[]).length} items on the page`;
  }
  if (s.name === 'learner home') return `${(body.items as unknown[]).length} enrolments for the first learner`;
  return 'ok';
}

interface Row {
  database: string;
  endpoint: string;
  path: string;
  note: string;
  median: RunResult;
  runs: RunResult[];
  ratioToHealthz: number;
}

async function benchTarget(kind: 'postgres' | 'pglite'): Promise<{ rows: Row[]; sizes: Record<string, number>; generateSeconds: number }> {
  log(`\n== ${kind}: generating ${opts.employees} employees…`);
  const prepared = await prepare(kind);
  const rows: Row[] = [];
  try {
    const { child, port } = await startServer(prepared.serveTarget);
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      const scenarios: Scenario[] = [
        { name: 'healthz', path: '/healthz', sessions: [], note: 'no auth, no database' },
        { name: 'learner home', path: '/api/v1/me/learning', sessions: prepared.org.learnerSessions, note: `${prepared.org.learnerSessions.length} learner sessions, round robin` },
        {
          name: 'team progress',
          path: `/api/v1/team/progress?page=${TEAM_PAGE.page}&pageSize=${TEAM_PAGE.pageSize}`,
          sessions: [prepared.org.managerSession],
          note: `manager of ${MANAGER_LINE_SIZE}, page ${TEAM_PAGE.page}, pageSize ${TEAM_PAGE.pageSize}`,
        },
      ];
      // BENCH_ENDPOINTS=healthz,learner home keeps only those (healthz stays: it is the baseline).
      const only = env.BENCH_ENDPOINTS?.split(',').map((x) => x.trim());
      for (const s of scenarios.filter((x) => !only || x.name === 'healthz' || only.includes(x.name))) {
        log(`  ${s.name}: ${await check(baseUrl, s)}`);
        await runLoad({ baseUrl, scenario: s, connections: opts.connections, durationS: Math.min(3, opts.durationS) });
        await settle(baseUrl, s);
        const runs: RunResult[] = [];
        for (let r = 0; r < opts.runs; r++) {
          const res = await runLoad({ baseUrl, scenario: s, connections: opts.connections, durationS: opts.durationS });
          log(`    run ${r + 1}: ${res.rps.toFixed(1)} req/s, p50 ${ms(res.p50)} ms, p99 ${ms(res.p99)} ms, non-2xx ${res.non2xx}, errors ${res.errors}, timeouts ${res.timeouts}`);
          runs.push(res);
          await settle(baseUrl, s);
        }
        rows.push({ database: kind, endpoint: s.name, path: s.path, note: s.note, median: medianOf(runs), runs, ratioToHealthz: 0 });
      }
      const base = rows[0]!.median.rps;
      for (const row of rows) row.ratioToHealthz = base ? row.median.rps / base : 0;
    } finally {
      await stopServer(child);
    }
  } finally {
    await prepared.cleanup();
  }
  return { rows, sizes: prepared.org.sizes, generateSeconds: prepared.generateSeconds };
}

const ms = (v: number | null) => (v === null ? '—' : String(v));

function table(rows: Row[]): string {
  const head = ['database', 'endpoint', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'errors (timeouts) + non-2xx', 'vs healthz'];
  const body = rows.map((r) => [
    r.database,
    r.endpoint,
    r.median.rps < 10 ? r.median.rps.toFixed(1) : r.median.rps.toFixed(0),
    ms(r.median.p50),
    ms(r.median.p97_5),
    ms(r.median.p99),
    ms(r.median.max),
    String(r.median.errors + r.median.non2xx),
    `${(r.ratioToHealthz * 100).toFixed(1)} %`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const cpus = os.cpus();
  const machine = {
    nproc: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
    /** 1-minute load average before and after: other work on the machine skews the numbers. */
    loadAverage: { start: os.loadavg()[0]!, end: 0 },
  };
  const date = new Date().toISOString();
  log(`Xueli API benchmark ${date}\nmachine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}`);
  log(`load: ${opts.connections} connections, ${opts.durationS} s per run, ${opts.runs} runs per endpoint (medians shown)`);
  const rows: Row[] = [];
  const data: Record<string, { sizes: Record<string, number>; generateSeconds: number }> = {};
  for (const kind of opts.targets) {
    const r = await benchTarget(kind);
    rows.push(...r.rows);
    data[kind] = { sizes: r.sizes, generateSeconds: r.generateSeconds };
  }
  machine.loadAverage.end = os.loadavg()[0]!;
  log(`\n${table(rows)}`);
  log(`load average (1 min): ${machine.loadAverage.start.toFixed(1)} at start, ${machine.loadAverage.end.toFixed(1)} at end`);
  for (const [kind, d] of Object.entries(data)) log(`${kind}: generated in ${d.generateSeconds.toFixed(0)} s: ${JSON.stringify(d.sizes)}`);
  const outDir = path.join(HERE, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `api-${date.slice(0, 10)}.json`);
  fs.writeFileSync(file, JSON.stringify({ date, machine, options: { ...opts, databaseUrl: undefined }, teamPage: TEAM_PAGE, data, results: rows }, null, 2));
  log(`\nwritten ${path.relative(process.cwd(), file)}`);
  const failures = rows.reduce((s, r) => s + r.median.errors + r.median.non2xx, 0);
  if (failures > 0) {
    log(`FAILED: ${failures} errors (timeouts included) or non-2xx responses`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
