/**
 * `npm run bench:kt`: knowledge tracing (issue 3) on the public data in ../shared/data/kt.
 *
 * 1. Quality: 5-fold cross-validation by learner on each train file for every model (AUC, RMSE,
 *    log-loss, ECE, and ECE of mastery as a forecast of the next response).
 * 2. Fit on the full assist09 train file: time and peak memory, each model in a fresh child
 *    process (peak RSS of that process: Node itself + parsed data + the fit).
 * 3. Online update: time of one update(state, response) (and of one predict) replaying assist09,
 *    median and 99th percentile in µs.
 * 4. Recomputing mastery K for 100,000 learners × 200 skills from stored per-learner state
 *    (synthetic states, model fitted on simulated learners with 200 skills), in chunks of 5,000
 *    learners as they would be read from the database.
 *
 * Environment: KT_DATA (folder with kt/<set>/train.tsv; default ../shared/data beside the repo),
 * KT_MODELS (default bkt,bkt-f,lr,lr+,best), KT_FOLDS (5), KT_SEED (1), KT_SKIP_CV=1,
 * K_LEARNERS (100000), K_SKILLS (200). Results: bench/results/kt-<timestamp>.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BktModel,
  createKtModel,
  crossValidate,
  LR_LEARNER_STATE,
  LR_PLUS_FEATURES,
  LR_SKILL_STATE,
  LrModel,
  mulberry32,
  parseKtTsv,
  simulateLearners,
  groupByUser,
  isKtModelName,
  type KtModelName,
  type Response,
} from '@xueli/engine';

const here = import.meta.dirname;
const DATA = process.env.KT_DATA ?? path.resolve(here, '../../shared/data');
const SETS = ['assist09', 'statics'] as const;
const PUBLISHED: Record<string, Record<string, number>> = {
  assist09: { IRT: 0.69, PFA: 0.72, 'Best-LR': 0.77, DKT: 0.75, SAKT: 0.75 },
  statics: { IRT: 0.79, PFA: 0.69, 'Best-LR': 0.82, DKT: 0.83, SAKT: 0.81 },
};
type ModelChoice = KtModelName | 'best';
const MODELS = (process.env.KT_MODELS ?? 'bkt,bkt-f,lr,lr+,best')
  .split(',')
  .filter((m): m is ModelChoice => m === 'best' || isKtModelName(m));
const FOLDS = Number(process.env.KT_FOLDS ?? 5);
const SEED = Number(process.env.KT_SEED ?? 1);
const K_LEARNERS = Number(process.env.K_LEARNERS ?? 100_000);
const K_SKILLS = Number(process.env.K_SKILLS ?? 200);

const fileOf = (set: string) => path.join(DATA, 'kt', set, 'train.tsv');
const load = (set: string): Response[] => parseKtTsv(fs.readFileSync(fileOf(set), 'utf8'));
const mib = (bytes: number) => bytes / 1024 / 1024;

// ---- child mode: fit one model on one file and report time and peak memory ----
if (process.argv[2] === '--fit-one') {
  const [, , , model, file] = process.argv as [string, string, string, ModelChoice, string];
  const t0 = performance.now();
  const rows = parseKtTsv(fs.readFileSync(file, 'utf8'));
  const t1 = performance.now();
  const m = createKtModel(model);
  m.fit(rows);
  const t2 = performance.now();
  const extra =
    m instanceof LrModel
      ? { lbfgs: m.lastFit }
      : 'chosen' in m
        ? { chosen: (m as { chosen?: { name: string } }).chosen?.name }
        : {};
  process.stdout.write(
    JSON.stringify({
      model,
      rows: rows.length,
      parseSeconds: (t1 - t0) / 1000,
      fitSeconds: (t2 - t1) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      heapUsedMiB: mib(process.memoryUsage().heapUsed),
      ...extra,
    }),
  );
  process.exit(0);
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  node: process.version,
  totalMemGiB: os.totalmem() / 2 ** 30,
  date: new Date().toISOString(),
};
const results: Record<string, unknown> = { machine, folds: FOLDS, seed: SEED };
const have = SETS.filter((s) => fs.existsSync(fileOf(s)));
if (have.length < SETS.length)
  console.log(
    `skipping ${SETS.filter((s) => !have.includes(s)).join(', ')}: ${DATA}/kt/<set>/train.tsv not found (set KT_DATA)`,
  );
const f4 = (x: number) => x.toFixed(4);

// ---- 1. cross-validation ----
if (process.env.KT_SKIP_CV !== '1') {
  const cv: Record<string, unknown[]> = {};
  for (const set of have) {
    const rows = load(set);
    console.log(
      `\n${set}: ${rows.length} responses, ${groupByUser(rows).size} learners — ${FOLDS}-fold CV by learner (seed ${SEED})`,
    );
    console.log('model   AUC     RMSE    logloss ECE     K-ECE   fit s/fold');
    cv[set] = [];
    for (const model of MODELS) {
      const r = crossValidate(rows, () => createKtModel(model), { folds: FOLDS, seed: SEED, mastery: true });
      const fit = r.folds.reduce((s, f) => s + f.fitMs, 0) / r.folds.length / 1000;
      console.log(
        `${model.padEnd(7)} ${f4(r.pooled.auc)}  ${f4(r.pooled.rmse)}  ${f4(r.pooled.logLoss)}  ${f4(r.pooled.ece)}  ${f4(r.mastery!.ece)}  ${fit.toFixed(2)}`,
      );
      cv[set].push({
        model,
        pooled: r.pooled,
        meanOfFolds: r.mean,
        foldAuc: r.folds.map((f) => f.metrics.auc),
        mastery: r.mastery,
        fitSecondsPerFold: fit,
      });
    }
    console.log(
      `published (held-out 20% of students): ${Object.entries(PUBLISHED[set]!)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  results.cv = cv;
}

// ---- 2. fit on the full assist09 train file, each model in its own process ----
if (have.includes('assist09')) {
  console.log('\nfit on the full assist09 train file (fresh process per model):');
  const fits = [];
  for (const model of MODELS) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--fit-one', model, fileOf('assist09')],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`fit of ${model} failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout) as { fitSeconds: number; parseSeconds: number; peakRssMiB: number };
    console.log(
      `  ${model.padEnd(6)} fit ${r.fitSeconds.toFixed(2)} s (parse ${r.parseSeconds.toFixed(2)} s), peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
    );
    fits.push(r);
  }
  results.fitAssist09 = fits;
}

// ---- 3. online update time ----
function percentile(xs: Float64Array, q: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
{
  const rows = have.includes('assist09')
    ? load('assist09')
    : simulateLearners({
        learners: 2000,
        steps: 100,
        skills: Array.from({ length: 100 }, () => ({ pL0: 0.3, pT: 0.1, pS: 0.1, pG: 0.2, pF: 0 })),
        itemSpread: 1,
      });
  const source = have.includes('assist09') ? 'assist09' : 'simulated';
  console.log(`\nonline update, replaying ${source} (${rows.length} responses; each timed alone):`);
  const online = [];
  for (const model of (['bkt', 'lr', 'lr+'] as const).filter((m) => MODELS.includes(m))) {
    const m = createKtModel(model);
    m.fit(rows);
    const upd = new Float64Array(rows.length),
      pred = new Float64Array(rows.length);
    let i = 0;
    for (const idx of groupByUser(rows).values()) {
      const state: unknown = m.newLearner();
      for (const k of idx) {
        const r = rows[k]!;
        const t0 = process.hrtime.bigint();
        m.predict(state, r);
        const t1 = process.hrtime.bigint();
        m.update(state, r);
        const t2 = process.hrtime.bigint();
        pred[i] = Number(t1 - t0) / 1000;
        upd[i++] = Number(t2 - t1) / 1000;
      }
    }
    const over1ms = upd.reduce((n, x) => n + (x > 1000 ? 1 : 0), 0);
    const r = {
      model,
      responses: rows.length,
      updateMedianUs: percentile(upd, 0.5),
      updateP99Us: percentile(upd, 0.99),
      updateMaxUs: percentile(upd, 1),
      updatesOver1ms: over1ms,
      predictMedianUs: percentile(pred, 0.5),
      predictP99Us: percentile(pred, 0.99),
    };
    console.log(
      `  ${model.padEnd(4)} update median ${r.updateMedianUs.toFixed(2)} µs, p99 ${r.updateP99Us.toFixed(2)} µs, max ${r.updateMaxUs.toFixed(0)} µs (${over1ms} over 1 ms); predict median ${r.predictMedianUs.toFixed(2)} µs, p99 ${r.predictP99Us.toFixed(2)} µs`,
    );
    online.push(r);
  }
  results.online = { source, models: online };
}

// ---- 4. mastery K for K_LEARNERS × K_SKILLS from stored state ----
{
  const skills = Array.from({ length: K_SKILLS }, (_, j) => `s${j}`);
  const rand = mulberry32(42);
  const params = skills.map(() => ({
    pL0: 0.1 + 0.5 * rand(),
    pT: 0.05 + 0.2 * rand(),
    pS: 0.05 + 0.15 * rand(),
    pG: 0.1 + 0.2 * rand(),
    pF: 0,
  }));
  const sim = simulateLearners({
    learners: 2000,
    steps: 100,
    skills: params,
    itemsPerSkill: 20,
    itemSpread: 1,
    block: 5,
    seed: 3,
  });
  const lr = new LrModel({ name: 'lr+', features: LR_PLUS_FEATURES });
  lr.fit(sim);
  const bkt = new BktModel();
  bkt.fit(sim);
  const CHUNK = 5000;
  const nS = skills.length;
  const u = new Float32Array(CHUNK * LR_LEARNER_STATE);
  const s = new Float32Array(CHUNK * nS * LR_SKILL_STATE);
  const K = new Float32Array(CHUNK * nS);
  let genMs = 0,
    lrMs = 0;
  let checksum = 0;
  for (let done = 0; done < K_LEARNERS; done += CHUNK) {
    const n = Math.min(CHUNK, K_LEARNERS - done);
    const g0 = performance.now();
    // synthetic stored state: about half of the skills practised, up to 30 responses each
    for (let l = 0; l < n; l++) {
      let tc = 0,
        tw = 0;
      for (let j = 0; j < nS; j++) {
        const o = (l * nS + j) * LR_SKILL_STATE;
        if (rand() < 0.5) {
          s.fill(0, o, o + LR_SKILL_STATE);
          continue;
        }
        const c = Math.floor(rand() * 20),
          w = 1 + Math.floor(rand() * 10);
        tc += c;
        tw += w;
        s[o] = c;
        s[o + 1] = w;
        s[o + 2] = rand() < 0.6 ? 1 : -1;
        s[o + 3] = 2 * rand() - 1;
        s[o + 4] = Math.floor(rand() * 4);
        s[o + 5] = s[o + 4] ? 0 : Math.floor(rand() * 3);
        s[o + 6] = (rand() - 0.5) * 3;
        s[o + 7] = Math.floor(rand() * (c + w));
      }
      const uo = l * LR_LEARNER_STATE;
      u[uo] = tc;
      u[uo + 1] = tw;
      u[uo + 2] = rand() < 0.6 ? 1 : -1;
      u[uo + 3] = 2 * rand() - 1;
      u[uo + 4] = (rand() - 0.5) * 10;
    }
    const g1 = performance.now();
    lr.masteryBatch({ learners: n, skills, u, s }, K);
    const g2 = performance.now();
    genMs += g1 - g0;
    lrMs += g2 - g1;
    checksum += K[0]!;
  }
  // BKT: stored P(known) per (learner, skill), NaN = not practised
  const pk = new Float32Array(CHUNK * nS);
  let bktMs = 0;
  for (let done = 0; done < K_LEARNERS; done += CHUNK) {
    for (let i = 0; i < pk.length; i++) pk[i] = rand() < 0.5 ? NaN : rand();
    const t0 = performance.now();
    bkt.masteryBatch(skills, pk, K);
    bktMs += performance.now() - t0;
    checksum += K[0]!;
  }
  const r = {
    learners: K_LEARNERS,
    skills: nS,
    chunk: CHUNK,
    lrPlusSeconds: lrMs / 1000,
    bktSeconds: bktMs / 1000,
    syntheticStateSeconds: genMs / 1000,
    checksum,
  };
  console.log(
    `\nmastery K for ${K_LEARNERS} learners × ${nS} skills (chunks of ${CHUNK}): lr+ ${r.lrPlusSeconds.toFixed(1)} s, bkt ${r.bktSeconds.toFixed(2)} s (building the synthetic state: ${r.syntheticStateSeconds.toFixed(1)} s, not counted)`,
  );
  results.mastery = r;
}

const dir = path.join(here, 'results');
fs.mkdirSync(dir, { recursive: true });
const out = path.join(dir, `kt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
