/**
 * `npm run bench:irt`: item response theory (issue 4), on simulated data.
 *
 * 1. 2PL calibration of 1,000 items from 100,000 responses (1,000 persons × 100 random items each,
 *    a ~ lognormal(0, 0.3), b ~ N(0, 1), θ ~ N(0, 1)): wall time of `calibrate2pl` (IRT_RUNS runs,
 *    median), EM iterations, and recovery of the true parameters (correlation, RMSE).
 * 2. CAT next-item selection in a bank of 1,000 items: each of IRT_SELECTIONS selections timed
 *    alone (median, p99, max), at random θ with 0–40 items already used, randomesque top-5 with an
 *    exposure cap of 0.25; also one whole CAT step (record a response, EAP, next item).
 * 3. CAT on 1,000 simulated examinees (SE ≤ 0.3, 5–40 items, top-5, exposure cap 0.25): mean length, share reaching the
 *    SE threshold, RMSE of θ, highest item exposure rate.
 *
 * Environment: IRT_RUNS (3), IRT_SELECTIONS (20000). Results: bench/results/irt-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  calibrate2pl,
  CatSession,
  ExposureTracker,
  gaussian,
  mulberry32,
  pearson as corr,
  prob2pl,
  rmse,
  selectNextItem,
  simulate2pl,
  type CatBank,
} from '@xueli/engine';

const RUNS = Number(process.env.IRT_RUNS ?? 3);
const SELECTIONS = Number(process.env.IRT_SELECTIONS ?? 20000);

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (x: number, d = 3) => Number(x.toFixed(d));

// 1. Calibration.
const sim = simulate2pl({ persons: 1000, items: 1000, perPerson: 100, seed: 42 });
const times: number[] = [];
let fit = calibrate2pl(sim);
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  fit = calibrate2pl(sim);
  times.push((performance.now() - t0) / 1000);
}
times.sort((x, y) => x - y);
const calibration = {
  items: 1000,
  responses: sim.person.length,
  persons: sim.persons,
  secondsMedian: round(times[Math.floor(times.length / 2)]!, 2),
  secondsAll: times.map((t) => round(t, 2)),
  iterations: fit.iterations,
  converged: fit.converged,
  corrA: round(corr(sim.a, fit.a)),
  corrB: round(corr(sim.b, fit.b)),
  rmseA: round(rmse(sim.a, fit.a)),
  rmseB: round(rmse(sim.b, fit.b)),
};
console.log('calibration', calibration);

// 2. Next-item selection.
const rand = mulberry32(7);
const bank: CatBank = {
  a: Float64Array.from({ length: 1000 }, () => Math.exp(0.3 * gaussian(rand)) + 0.3),
  b: Float64Array.from({ length: 1000 }, () => 1.3 * gaussian(rand)),
};
const exposure = new ExposureTracker(1000);
exposure.examinees = 100;
for (let i = 0; i < 1000; i++) exposure.counts[i] = Math.floor(rand() * 40);
const used = new Uint8Array(1000);
const sel = new Float64Array(SELECTIONS);
for (let s = 0; s < SELECTIONS; s++) {
  used.fill(0);
  const k = Math.floor(rand() * 41);
  for (let j = 0; j < k; j++) used[Math.floor(rand() * 1000)] = 1;
  const theta = gaussian(rand);
  const t0 = performance.now();
  selectNextItem(bank, theta, { used, topK: 5, rand, exposure, maxExposure: 0.25 });
  sel[s] = performance.now() - t0;
}
sel.sort();
const step = new Float64Array(2000);
{
  let n = 0;
  while (n < step.length) {
    const s = new CatSession(bank, { seThreshold: 0.25, maxItems: 40, topK: 5, seed: n });
    const theta = gaussian(rand);
    let i = s.next();
    while (i !== null && n < step.length) {
      const score = rand() < prob2pl(theta, bank.a[i]!, bank.b[i]!) ? 1 : 0;
      const t0 = performance.now();
      s.record(i, score);
      i = s.next();
      step[n++] = performance.now() - t0;
    }
  }
}
step.sort();
const selection = {
  bank: 1000,
  selections: SELECTIONS,
  selectMedianMs: round(quantile(sel, 0.5), 4),
  selectP99Ms: round(quantile(sel, 0.99), 4),
  selectMaxMs: round(sel[sel.length - 1]!, 3),
  stepMedianMs: round(quantile(step, 0.5), 4),
  stepP99Ms: round(quantile(step, 0.99), 4),
  stepMaxMs: round(step[step.length - 1]!, 3),
};
console.log('selection', selection);

// 3. CAT on simulated examinees.
{
  const tracker = new ExposureTracker(1000);
  let len = 0;
  let reached = 0;
  let se2 = 0;
  const N = 1000;
  for (let e = 0; e < N; e++) {
    const theta = gaussian(rand);
    const s = new CatSession(bank, { seThreshold: 0.3, minItems: 5, maxItems: 40, topK: 5, seed: e, exposure: tracker, maxExposure: 0.25 });
    for (let i = s.next(); i !== null; i = s.next()) s.record(i, rand() < prob2pl(theta, bank.a[i]!, bank.b[i]!) ? 1 : 0);
    len += s.items.length;
    if (s.stopReason === 'se') reached++;
    se2 += (s.theta - theta) ** 2;
  }
  const cat = {
    examinees: N,
    meanLength: round(len / N, 1),
    reachedSe: round(reached / N),
    rmseTheta: round(Math.sqrt(se2 / N)),
    maxExposure: round(Math.max(...tracker.counts) / tracker.examinees),
  };
  console.log('cat', cat);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', node: process.version, load: os.loadavg() };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `irt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ machine, calibration, selection, cat }, null, 2) + '\n');
  console.log(`results: ${file}`);
}
