/**
 * `npm run bench:recsys`: course recommendations (issue 5) on XuetangX enrolments
 * (../shared/data/recsys/xuetangx/train.csv, `user,course`, no timestamps).
 *
 * Protocol (full ranking, no sampled negatives):
 * 1. Test split: for every user with ≥ 3 enrolments one course, drawn with mulberry32(RECSYS_SEED),
 *    is held out; the rest of the file is the training part.
 * 2. Validation split, carved from the training part only: the same rule again (every user with
 *    ≥ 3 training enrolments loses one more course, seed RECSYS_SEED + 1). All hyperparameters are
 *    chosen there by HR@10: item-kNN's neighbours, EASE's λ, and the product recommender's
 *    configuration (`tuneRecommender`: EDLAE λ and ρ, RP3beta α and β, blend weight).
 * 3. Each model is refitted on the whole training part with its chosen hyperparameters and scored
 *    once on the test holdout: HR@10, NDCG@10 over all courses the user does not hold.
 * 4. Times: fit on the training part (median of RECSYS_FITS fits), and every test user's
 *    `recommend(items, 10)` timed alone (median, p99, max).
 * 5. Training-size check (RECSYS_FOLDS, default 10; 0 skips it): the same test holdout, but the test
 *    users are dealt into folds and only one fold's courses are missing from the training part at a
 *    time, so each fit sees all but ~1/RECSYS_FOLDS of the held-out enrolments (as the README's
 *    reference, fitted on the whole file, did). EASE and the chosen model, refitted per fold with the
 *    hyperparameters chosen above; HR@10 pooled over all test users.
 *
 * Environment: RECSYS_DATA (the CSV; default ../shared/data/recsys/xuetangx/train.csv beside the
 * repo), RECSYS_SEED (1), RECSYS_FITS (3), RECSYS_FOLDS (10). Results: bench/results/recsys-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  evaluateHoldout,
  fitEase,
  fitItemKnn,
  fitPopularity,
  fitRecommender,
  IdIndex,
  leaveOneOut,
  tuneRecommender,
  userItemMatrix,
  type ItemModel,
  type LeaveOneOutSplit,
  type TuneStep,
  type UserItems,
} from '@xueli/engine';

const here = import.meta.dirname;
const FILE = process.env.RECSYS_DATA ?? path.resolve(here, '../../shared/data/recsys/xuetangx/train.csv');
const SEED = Number(process.env.RECSYS_SEED ?? 1);
const FITS = Number(process.env.RECSYS_FITS ?? 3);
const FOLDS = Number(process.env.RECSYS_FOLDS ?? 10);
const K = 10;
const PUBLISHED = { popularity: 0.199, 'item-knn': 0.509, ease: 0.53 };
const KNN_GRID = [25, 50, 100, 200, 0];

if (!fs.existsSync(FILE)) {
  console.log(`${FILE} not found (set RECSYS_DATA)`);
  process.exit(1);
}

// ---- data ----
const lines = fs.readFileSync(FILE, 'utf8').split('\n');
const users = new IdIndex(),
  courses = new IdIndex();
const u: number[] = [],
  c: number[] = [];
for (let k = 1; k < lines.length; k++) {
  const line = lines[k]!.trim();
  if (line === '') continue;
  const [a, b] = line.split(',');
  u.push(users.add(a!));
  c.push(courses.add(b!));
}
const all = userItemMatrix({ user: u, item: c });
const test = leaveOneOut(all, { seed: SEED });
const val = leaveOneOut(test.train, { seed: SEED + 1 });
console.log(
  `${path.basename(path.dirname(FILE))}: ${all.indices.length} enrolments, ${all.users} users, ${all.items} courses; ` +
    `test holdout ${test.users.length} users, validation holdout ${val.users.length} users (seed ${SEED})`,
);

const f4 = (x: number) => x.toFixed(4);
const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const better = (a: { hr: number; ndcg: number }, b: { hr: number; ndcg: number } | undefined) =>
  !b || a.hr > b.hr || (a.hr === b.hr && a.ndcg > b.ndcg);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

// ---- tuning on the validation split ----
const tuning: Record<string, unknown> = {};
console.log('\ntuning on the validation split (HR@10 / NDCG@10):');
let knnBest: { neighbours: number; hr: number; ndcg: number } | undefined;
const knnSteps = [];
for (const neighbours of KNN_GRID) {
  const r = evaluateHoldout(fitItemKnn(val.train, { neighbours }), val, { k: K });
  knnSteps.push({ neighbours, hr: r.hr, ndcg: r.ndcg });
  if (better(r, knnBest)) knnBest = { neighbours, hr: r.hr, ndcg: r.ndcg };
}
console.log(`  item-kNN  ${knnSteps.map((s) => `k=${s.neighbours || 'all'} ${f4(s.hr)}`).join('  ')}`);
tuning.itemKnn = knnSteps;

const t0 = performance.now();
const tuned = tuneRecommender(test.train, {
  seed: SEED + 1,
  k: K,
  onStep: (s: TuneStep) => {
    const cfg = Object.entries(s.config)
      .map(([key, v]) => `${key}=${v}`)
      .join(' ');
    console.log(`  ${s.stage.padEnd(8)}  ${cfg.padEnd(90)} ${f4(s.hr)} / ${f4(s.ndcg)}`);
  },
});
const tuneSeconds = seconds(t0);
if (tuned.users !== val.users.length) throw new Error('the tuning split differs from the validation split');
// plain EASE = the EDLAE steps with ρ = 0
let easeBest: TuneStep | undefined;
for (const s of tuned.steps)
  if (s.stage === 'edlae' && s.config.diagonalWeight === 0 && better(s, easeBest)) easeBest = s;
console.log(
  `  chosen: item-kNN neighbours=${knnBest!.neighbours || 'all'}; EASE λ=${easeBest!.config.lambda}; ` +
    `recommender ${JSON.stringify(tuned.config)} (tuning ${tuneSeconds.toFixed(1)} s)`,
);
tuning.recommender = { steps: tuned.steps, chosen: tuned.config, seconds: tuneSeconds };
tuning.chosen = {
  itemKnnNeighbours: knnBest!.neighbours,
  easeLambda: easeBest!.config.lambda,
  recommender: tuned.config,
};

// ---- refit on the whole training part, score once on the test holdout ----
interface Row {
  model: string;
  hyperparameters: Record<string, unknown>;
  hr: number;
  ndcg: number;
  validationHr: number;
  fitSeconds: number;
  recommendMedianMs: number;
  recommendP99Ms: number;
  recommendMaxMs: number;
}
const rows: Row[] = [];
const ranksOf = new Map<string, Int32Array>();
function run(
  name: string,
  hyperparameters: Record<string, unknown>,
  validationHr: number,
  fit: (m: UserItems) => ItemModel,
  split: LeaveOneOutSplit,
) {
  const times: number[] = [];
  let model: ItemModel | undefined;
  for (let r = 0; r < FITS; r++) {
    const t = performance.now();
    model = fit(split.train);
    times.push(seconds(t));
  }
  times.sort((a, b) => a - b);
  evaluateHoldout(model!, split, { k: K }); // warm-up
  const r = evaluateHoldout(model!, split, { k: K, clock: () => performance.now() });
  ranksOf.set(name, r.ranks);
  const sorted = r.timesMs!.sort();
  const row: Row = {
    model: name,
    hyperparameters,
    hr: r.hr,
    ndcg: r.ndcg,
    validationHr,
    fitSeconds: times[Math.floor(times.length / 2)]!,
    recommendMedianMs: quantile(sorted, 0.5),
    recommendP99Ms: quantile(sorted, 0.99),
    recommendMaxMs: sorted[sorted.length - 1]!,
  };
  rows.push(row);
  return row;
}
const popVal = evaluateHoldout(fitPopularity(val.train), val, { k: K }).hr;
const recVal = tuned.steps.filter((s) => s.stage === 'blend').reduce((a, s) => (better(s, a) ? s : a)).hr;
run('popularity', {}, popVal, fitPopularity, test);
run(
  'item-kNN (cosine)',
  { neighbours: knnBest!.neighbours },
  knnBest!.hr,
  (m) => fitItemKnn(m, { neighbours: knnBest!.neighbours }),
  test,
);
run(
  'EASE',
  { lambda: easeBest!.config.lambda },
  easeBest!.hr,
  (m) => fitEase(m, { lambda: easeBest!.config.lambda! }),
  test,
);
run('EDLAE + RP3beta (chosen)', { ...tuned.config }, recVal, (m) => fitRecommender(m, tuned.config), test);

console.log(
  `\ntest holdout: ${test.users.length} users, full ranking over ${all.items} courses, ${os.cpus().length} CPUs`,
);
console.log('model                      HR@10   NDCG@10  val HR@10  fit s   rec median ms  p99 ms  max ms');
for (const r of rows)
  console.log(
    `${r.model.padEnd(26)} ${f4(r.hr)}  ${f4(r.ndcg)}   ${f4(r.validationHr)}     ${r.fitSeconds.toFixed(2).padStart(5)}   ${r.recommendMedianMs.toFixed(3).padStart(8)}     ${r.recommendP99Ms.toFixed(3).padStart(6)}  ${r.recommendMaxMs.toFixed(2).padStart(6)}`,
  );
// paired comparison of the chosen model with EASE on the same test users (sign test on the users
// where exactly one of the two has the held-out course in its top 10)
const rc = ranksOf.get('EDLAE + RP3beta (chosen)')!,
  re = ranksOf.get('EASE')!;
let onlyChosen = 0,
  onlyEase = 0;
for (let q = 0; q < rc.length; q++) {
  if (rc[q]! > 0 && re[q] === 0) onlyChosen++;
  if (re[q]! > 0 && rc[q] === 0) onlyEase++;
}
const z = (onlyChosen - onlyEase) / Math.sqrt(onlyChosen + onlyEase);
const paired = { onlyChosen, onlyEase, z };
console.log(
  `chosen vs EASE, paired: ${onlyChosen} users hit only by the chosen model, ${onlyEase} only by EASE (sign test z = ${z.toFixed(2)})`,
);

// ---- training-size check: only one fold of the test users loses its course at a time ----
function foldSplit(fold: number): LeaveOneOutSplit {
  const users: number[] = [],
    held: number[] = [];
  const drop = new Set<number>();
  for (let q = 0; q < test.users.length; q++)
    if (q % FOLDS === fold) {
      users.push(test.users[q]!);
      held.push(test.heldOut[q]!);
      drop.add(test.users[q]! * all.items + test.heldOut[q]!);
    }
  const pu: number[] = [],
    pi: number[] = [];
  for (let x = 0; x < all.users; x++)
    for (let k = all.offsets[x]!; k < all.offsets[x + 1]!; k++)
      if (!drop.has(x * all.items + all.indices[k]!)) {
        pu.push(x);
        pi.push(all.indices[k]!);
      }
  return {
    train: userItemMatrix({ user: pu, item: pi }, { users: all.users, items: all.items }),
    users: Int32Array.from(users),
    heldOut: Int32Array.from(held),
  };
}
let folds: { folds: number; users: number; trainingEnrolmentsMin: number; ease: number; chosen: number } | undefined;
if (FOLDS > 1) {
  let hitsEase = 0,
    hitsChosen = 0,
    n = 0,
    minTrain = Infinity;
  for (let f = 0; f < FOLDS; f++) {
    const split = foldSplit(f);
    minTrain = Math.min(minTrain, split.train.indices.length);
    const e = evaluateHoldout(fitEase(split.train, { lambda: easeBest!.config.lambda! }), split, { k: K });
    const r = evaluateHoldout(fitRecommender(split.train, tuned.config), split, { k: K });
    hitsEase += e.hr * split.users.length;
    hitsChosen += r.hr * split.users.length;
    n += split.users.length;
  }
  folds = { folds: FOLDS, users: n, trainingEnrolmentsMin: minTrain, ease: hitsEase / n, chosen: hitsChosen / n };
  console.log(
    `training-size check, ${FOLDS} folds (each fit on ≥ ${minTrain} of ${all.indices.length} enrolments, against ` +
      `${test.train.indices.length} above): EASE ${f4(folds.ease)}, chosen ${f4(folds.chosen)} over ${n} test users`,
  );
}
console.log(
  `published (their own held-out courses): popularity ${PUBLISHED.popularity}, item-kNN ${PUBLISHED['item-knn']}, EASE ${PUBLISHED.ease}; target HR@10 ≥ 0.55`,
);

const results = {
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    node: process.version,
    totalMemGiB: os.totalmem() / 2 ** 30,
    date: new Date().toISOString(),
  },
  data: { file: FILE, enrolments: all.indices.length, users: all.users, courses: all.items },
  protocol: {
    seed: SEED,
    k: K,
    testUsers: test.users.length,
    validationUsers: val.users.length,
    minItems: 3,
    fits: FITS,
  },
  tuning,
  test: rows,
  pairedChosenVsEase: paired,
  trainingSizeCheck: folds ?? null,
  published: PUBLISHED,
};
const dir = path.join(here, 'results');
fs.mkdirSync(dir, { recursive: true });
const out = path.join(dir, `recsys-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
