/**
 * `npm run bench:paths`: the learning-path planner (issue 5) on a seeded synthetic organisation.
 *
 * Organisation (seed PATHS_SEED, default 5): 200 knowledge points in 8 layers of 25, each point
 * above the first layer with 1–3 prerequisites in the layers below (mostly the one just below);
 * 500 modules, each teaching 1–3 points of one layer (gain 0.15–0.45, 0.5–4 h in half hours; every
 * point taught by at least one, 3.5 on average), 30% of them also requiring a point of a lower layer; 40 positions with
 * 20–40 target points each (target 0.6–0.9, weight 0.5–2); 100,000 learners, each in a position,
 * with random mastery (lower layers known better, a fifth of the points unknown = 0) and a budget
 * of 20–60 h.
 *
 * 1. One plan: PATHS_SAMPLE (1,000) learners planned one at a time, each timed alone (median,
 *    p99, max of the first pass; "floor" = each learner's fastest of 3 passes), after a warm-up;
 *    the same learners with the baseline (greedy with look-ahead, no local improvement): time
 *    ratio (of the floor means) and expected-gap reduction of both.
 * 2. All plans: PATHS_LEARNERS (100,000) learners on PATHS_WORKERS worker threads (default: the
 *    number of CPUs, at most 2), each worker compiling the catalog once (`PathPlanner`) and
 *    planning its share; wall time from the start of the workers to the last plan, with progress.
 *
 * Environment: PATHS_SEED, PATHS_SAMPLE, PATHS_LEARNERS, PATHS_WORKERS. Results:
 * bench/results/paths-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { mulberry32, PathPlanner, type LearnerPathInput, type PathCatalogInput, type PathModule } from '@xueli/engine';

const SEED = Number(process.env.PATHS_SEED ?? 5);
const SAMPLE = Number(process.env.PATHS_SAMPLE ?? 1000);
const LEARNERS = Number(process.env.PATHS_LEARNERS ?? 100_000);
const WORKERS = Number(process.env.PATHS_WORKERS ?? Math.min(2, os.cpus().length));

const LAYERS = 8;
const PER_LAYER = 25;

/** The organisation's catalog and positions (deterministic in the seed). */
function organisation(seed: number) {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const skills = Array.from({ length: LAYERS * PER_LAYER }, (_, i) => `kp${String(i).padStart(3, '0')}`);
  const layerOf = (i: number) => Math.floor(i / PER_LAYER);
  const inLayer = (l: number) => l * PER_LAYER + int(0, PER_LAYER - 1);
  const prerequisites: [string, string][] = [];
  for (let i = PER_LAYER; i < skills.length; i++) {
    const l = layerOf(i);
    const k = int(1, 3);
    const seen = new Set<number>();
    for (let j = 0; j < k; j++) {
      const pl = r() < 0.7 ? l - 1 : int(0, l - 1);
      const p = inLayer(pl);
      if (seen.has(p)) continue;
      seen.add(p);
      prerequisites.push([skills[p]!, skills[i]!]);
    }
  }
  const modules: PathModule[] = [];
  for (let m = 0; m < 500; m++) {
    // The first 200 modules teach point m (every point has a module), the others 1–3 points of a
    // random layer; the points of a module share a layer, so none is a prerequisite of another.
    const first = m < skills.length ? m : inLayer(int(0, LAYERS - 1));
    const l = layerOf(first);
    const gains: Record<string, number> = { [skills[first]!]: 0 };
    const k = m < skills.length ? int(1, 2) : int(1, 3);
    while (Object.keys(gains).length < k) gains[skills[inLayer(l)]!] = 0;
    for (const s of Object.keys(gains)) gains[s] = Math.round((0.15 + 0.3 * r()) * 100) / 100;
    const requires = l > 0 && r() < 0.3 ? [skills[inLayer(int(0, l - 1))]!] : [];
    modules.push({ id: `M${String(m).padStart(3, '0')}`, hours: int(1, 8) / 2, gains, requires });
  }
  const positions = Array.from({ length: 40 }, () => {
    const targets: Record<string, { target: number; weight: number }> = {};
    const k = int(20, 40);
    while (Object.keys(targets).length < k) {
      // Positions ask more of the lower and middle layers.
      const l = Math.min(LAYERS - 1, Math.floor(r() * r() * LAYERS * 1.3));
      targets[skills[inLayer(l)]!] = {
        target: Math.round((0.6 + 0.3 * r()) * 100) / 100,
        weight: Math.round((0.5 + 1.5 * r()) * 10) / 10,
      };
    }
    return targets;
  });
  const catalog: PathCatalogInput = { skills, prerequisites, modules };
  return { catalog, positions, skills, layerOf };
}

/** Learner i (deterministic in the seed and i, so workers generate their own share). */
function learner(org: ReturnType<typeof organisation>, seed: number, i: number): LearnerPathInput {
  const r = mulberry32((seed * 1_000_003 + i) >>> 0);
  const mastery: Record<string, number> = {};
  org.skills.forEach((s, k) => {
    if (r() < 0.2) return;
    const mean = 0.65 - 0.07 * org.layerOf(k);
    mastery[s] = Math.round(Math.min(1, Math.max(0, mean + 0.25 * (r() - 0.5) * 2)) * 100) / 100;
  });
  return {
    mastery,
    targets: org.positions[Math.floor(r() * org.positions.length)]!,
    budgetHours: 20 + Math.floor(r() * 41),
  };
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (x: number, d = 3) => Number(x.toFixed(d));

interface WorkerSummary {
  plans: number;
  steps: number;
  initialGap: number;
  expectedGap: number;
  relReduction: number;
  warnings: number;
  /** Milliseconds inside `plan` (not generating the learners), and from ready to done. */
  planMs: number;
  wallMs: number;
}

if (!isMainThread) {
  // A worker: plans learners [from, to) and reports progress every 2,000.
  const { seed, from, to } = workerData as { seed: number; from: number; to: number };
  const org = organisation(seed);
  const planner = new PathPlanner(org.catalog);
  const sum: WorkerSummary = {
    plans: 0,
    steps: 0,
    initialGap: 0,
    expectedGap: 0,
    relReduction: 0,
    warnings: 0,
    planMs: 0,
    wallMs: 0,
  };
  parentPort!.postMessage({ ready: true });
  const start = performance.now();
  for (let i = from; i < to; i++) {
    const l = learner(org, seed, i);
    const t = performance.now();
    const p = planner.plan(l);
    sum.planMs += performance.now() - t;
    sum.plans++;
    sum.steps += p.steps.length;
    sum.initialGap += p.initialGap;
    sum.expectedGap += p.expectedGap;
    sum.relReduction += p.initialGap > 0 ? (p.initialGap - p.expectedGap) / p.initialGap : 0;
    sum.warnings += p.warnings.length;
    if (sum.plans % 2000 === 0) parentPort!.postMessage({ progress: 2000 });
  }
  sum.wallMs = performance.now() - start;
  parentPort!.postMessage({ done: sum });
} else {
  const org = organisation(SEED);
  const planner = new PathPlanner(org.catalog);
  const sample = Array.from({ length: SAMPLE }, (_, i) => learner(org, SEED, LEARNERS + i));
  for (const l of sample.slice(0, 200)) planner.plan(l); // warm-up

  // 1. One plan, heuristic and baseline, each learner timed alone.
  const timeEach = (improve: boolean) => {
    const t = new Float64Array(sample.length);
    const floor = new Float64Array(sample.length).fill(Infinity);
    let reduction = 0;
    let rel = 0;
    let steps = 0;
    let hours = 0;
    for (let pass = 0; pass < 3; pass++)
      for (let k = 0; k < sample.length; k++) {
        const t0 = performance.now();
        const p = planner.plan(sample[k]!, { improve });
        const ms = performance.now() - t0;
        floor[k] = Math.min(floor[k]!, ms);
        if (pass > 0) continue;
        t[k] = ms;
        reduction += p.initialGap - p.expectedGap;
        rel += p.initialGap > 0 ? (p.initialGap - p.expectedGap) / p.initialGap : 0;
        steps += p.steps.length;
        hours += p.totalHours;
      }
    const total = t.reduce((a, b) => a + b, 0);
    const floorTotal = floor.reduce((a, b) => a + b, 0);
    t.sort();
    floor.sort();
    return {
      medianMs: round(quantile(t, 0.5)),
      p99Ms: round(quantile(t, 0.99)),
      maxMs: round(t[t.length - 1]!, 2),
      meanMs: round(total / t.length),
      /** Each learner's fastest of 3 plans: the cost without the shared machine's interference. */
      floorMedianMs: round(quantile(floor, 0.5)),
      floorP99Ms: round(quantile(floor, 0.99)),
      floorMeanMs: round(floorTotal / floor.length),
      meanGapReduction: round(reduction / sample.length, 4),
      meanRelativeReduction: round(rel / sample.length, 4),
      meanSteps: round(steps / sample.length, 1),
      meanHours: round(hours / sample.length, 1),
    };
  };
  const heuristic = timeEach(true);
  const baseline = timeEach(false);
  let better = 0;
  let worse = 0;
  for (const l of sample) {
    const a = planner.plan(l).expectedGap;
    const b = planner.plan(l, { improve: false }).expectedGap;
    if (a < b - 1e-9) better++;
    else if (a > b + 1e-9) worse++;
  }
  const one = {
    learners: SAMPLE,
    heuristic,
    baseline,
    timeRatio: round(heuristic.floorMeanMs / baseline.floorMeanMs, 2),
    gapReductionRatio: round(heuristic.meanGapReduction / baseline.meanGapReduction, 4),
    plansBetterThanBaseline: better,
    plansWorseThanBaseline: worse,
  };
  console.log('one plan', JSON.stringify(one, null, 2));

  // 2. All learners on worker threads.
  const t0 = performance.now();
  let ready = 0;
  let readyAt = 0;
  let done = 0;
  let nextReport = LEARNERS / 10;
  const per = Math.ceil(LEARNERS / WORKERS);
  const sums = await Promise.all(
    Array.from(
      { length: WORKERS },
      (_, w) =>
        new Promise<WorkerSummary>((resolve, reject) => {
          // Node 20 does not pass tsx's loader on to worker threads: the worker registers it first.
          const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
          const worker = new Worker(boot, {
            eval: true,
            workerData: { seed: SEED, from: w * per, to: Math.min(LEARNERS, (w + 1) * per) },
          });
          worker.on('message', (m: { ready?: boolean; progress?: number; done?: WorkerSummary }) => {
            if (m.ready && ++ready === WORKERS) readyAt = performance.now();
            if (m.progress) {
              done += m.progress;
              if (done >= nextReport) {
                console.log(
                  `  ${done.toLocaleString('en-US')} plans, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
                );
                nextReport += LEARNERS / 10;
              }
            }
            if (m.done) resolve(m.done);
          });
          worker.on('error', reject);
        }),
    ),
  );
  const end = performance.now();
  const seconds = (end - t0) / 1000;
  const total = sums.reduce((a, s) => ({
    plans: a.plans + s.plans,
    steps: a.steps + s.steps,
    initialGap: a.initialGap + s.initialGap,
    expectedGap: a.expectedGap + s.expectedGap,
    relReduction: a.relReduction + s.relReduction,
    warnings: a.warnings + s.warnings,
    planMs: a.planMs + s.planMs,
    wallMs: Math.max(a.wallMs, s.wallMs),
  }));
  const all = {
    learners: total.plans,
    workers: WORKERS,
    /** From starting the workers to the last plan (worker start-up, compiling TypeScript, the catalog). */
    seconds: round(seconds, 1),
    /** From the last worker ready (catalog compiled) to the last plan. */
    planningSeconds: round((end - readyAt) / 1000, 1),
    /** Time inside `plan` per learner (mean over workers), excluding generating the learners. */
    meanPlanMs: round(total.planMs / total.plans, 3),
    meanStepsPerPlan: round(total.steps / total.plans, 1),
    meanInitialGap: round(total.initialGap / total.plans, 4),
    meanExpectedGap: round(total.expectedGap / total.plans, 4),
    meanRelativeReduction: round(total.relReduction / total.plans, 4),
    meanWarningsPerPlan: round(total.warnings / total.plans, 2),
  };
  console.log('all plans', all);
  const machine = {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? '?',
    node: process.version,
    load: os.loadavg(),
  };
  const catalog = {
    skills: org.catalog.skills.length,
    prerequisites: org.catalog.prerequisites.length,
    modules: org.catalog.modules.length,
    positions: org.positions.length,
  };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `paths-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ machine, seed: SEED, catalog, one, all }, null, 2) + '\n');
  console.log(`results: ${file}`);
}
