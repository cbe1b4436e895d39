/**
 * The product's course recommender (issue 5, ADR 0011): a blend of full-rank EDLAE (EASE with
 * popularity-scaled regularisation) and RP3beta, both scaled to a mean absolute weight of 1,
 *
 *     W = W_edlae / mean|W_edlae|  +  rp3Weight · W_rp3beta / mean|W_rp3beta|
 *
 * so that the blend weight means the same on any data. EDLAE captures which courses predict which
 * (negative weights included); RP3beta adds a random-walk similarity that favours less popular
 * courses a little (its β). On the xuetangx validation split it was the best of everything measured
 * (EASE, EDLAE, RP3beta, item-kNN, and blends with user-kNN, pairwise co-occurrences, iALS and
 * popularity; docs/BENCHMARKS.md), though only about 1% better than EASE.
 *
 * `tuneRecommender` chooses the hyperparameters on a validation split carved out of the data it is
 * given (leave-one-out again), coordinate-wise: EDLAE (λ, ρ), then RP3beta (α, β), then the blend
 * weight; the product's refit job and the benchmark use it the same way.
 */
import type { UserItems } from './data.ts';
import { evaluateHoldout, leaveOneOut } from './evaluate.ts';
import { fitEase, fitRp3beta, ItemModel } from './models.ts';

export interface RecommenderConfig {
  /** EDLAE's λ (added to every item's diagonal). */
  lambda: number;
  /** EDLAE's ρ (adds ρ · item count to the item's diagonal; 0 = plain EASE). */
  diagonalWeight: number;
  rp3Alpha: number;
  rp3Beta: number;
  /** Weight of RP3beta against EDLAE, both scaled to mean |W| = 1 (0 = EDLAE alone). */
  rp3Weight: number;
}

/**
 * Chosen on the xuetangx validation split by `npm run bench:recsys` (docs/BENCHMARKS.md, ADR 0011).
 * λ is in units of (weighted) enrolment counts: on much smaller data re-tune with `tuneRecommender`.
 */
export const DEFAULT_RECOMMENDER_CONFIG: Readonly<RecommenderConfig> = Object.freeze({
  lambda: 100,
  diagonalWeight: 0.5,
  rp3Alpha: 0.5,
  rp3Beta: 0.2,
  rp3Weight: 1,
});

/** Mean absolute entry of a model's weights (0 when it has none). */
export function meanAbsWeight(model: ItemModel): number {
  const w = model.weights;
  if (!w || w.length === 0) return 0;
  let s = 0;
  for (let k = 0; k < w.length; k++) s += Math.abs(w[k]!);
  return s / w.length;
}

/** Blends fitted EDLAE and RP3beta models as in the file comment. */
export function blendEdlaeRp3(edlae: ItemModel, rp3: ItemModel, rp3Weight: number): ItemModel {
  const n = edlae.items;
  if (rp3.items !== n) throw new Error('blendEdlaeRp3: the models differ in their number of items');
  const a = meanAbsWeight(edlae),
    b = meanAbsWeight(rp3);
  const ca = a > 0 ? 1 / a : 0,
    cb = b > 0 ? rp3Weight / b : 0;
  const we = edlae.weights!,
    wr = rp3.weights!;
  const w = new Float64Array(n * n);
  for (let k = 0; k < w.length; k++) w[k] = ca * we[k]! + cb * wr[k]!;
  return new ItemModel({ name: 'edlae+rp3beta', items: n, weights: w, popularity: edlae.popularity });
}

/** Fits the product's recommender (see the file comment). About 1–2 s for 1,200 courses. */
export function fitRecommender(
  m: UserItems,
  config: Readonly<RecommenderConfig> = DEFAULT_RECOMMENDER_CONFIG,
): ItemModel {
  const edlae = fitEase(m, { lambda: config.lambda, diagonalWeight: config.diagonalWeight });
  if (config.rp3Weight === 0) return edlae;
  const rp3 = fitRp3beta(m, { alpha: config.rp3Alpha, beta: config.rp3Beta, neighbours: 0 });
  return blendEdlaeRp3(edlae, rp3, config.rp3Weight);
}

export interface TuneGrid {
  lambda: number[];
  diagonalWeight: number[];
  rp3Alpha: number[];
  rp3Beta: number[];
  rp3Weight: number[];
}

export const DEFAULT_TUNE_GRID: Readonly<TuneGrid> = Object.freeze({
  lambda: [25, 50, 100, 200, 400],
  diagonalWeight: [0, 0.25, 0.5, 1],
  rp3Alpha: [0.5, 0.75, 1],
  rp3Beta: [0, 0.1, 0.2, 0.3],
  rp3Weight: [0, 0.25, 0.5, 1, 2, 4],
});

export interface TuneStep {
  stage: 'edlae' | 'rp3beta' | 'blend';
  config: Partial<RecommenderConfig>;
  hr: number;
  ndcg: number;
}

export interface TuneOptions {
  /** Seed of the validation holdout (default 2). */
  seed?: number;
  /** Users with at least this many items get a validation item (default 3). */
  minItems?: number;
  /** Cut-off of the hit rate that is maximised (default 10; ties go to the higher NDCG@k). */
  k?: number;
  grid?: Partial<TuneGrid>;
  /** Called after every evaluated setting (progress, logging). */
  onStep?: (step: TuneStep) => void;
}

export interface TuneResult {
  config: RecommenderConfig;
  steps: TuneStep[];
  /** Validation users (with a held-out item). */
  users: number;
}

/**
 * Chooses the configuration on a validation split of `m` (one item per user with ≥ minItems held
 * out): the best (λ, ρ) of EDLAE alone, then the best (α, β) of RP3beta alone, then the best blend
 * weight of the two winners — by HR@k, ties to NDCG@k, then to the earlier grid entry.
 */
export function tuneRecommender(m: UserItems, opts: TuneOptions = {}): TuneResult {
  const grid: TuneGrid = { ...DEFAULT_TUNE_GRID, ...opts.grid };
  const k = opts.k ?? 10;
  const split = leaveOneOut(m, { seed: opts.seed ?? 2, minItems: opts.minItems ?? 3 });
  const steps: TuneStep[] = [];
  const score = (stage: TuneStep['stage'], config: Partial<RecommenderConfig>, model: ItemModel): TuneStep => {
    const r = evaluateHoldout(model, split, { k });
    const step = { stage, config, hr: r.hr, ndcg: r.ndcg };
    steps.push(step);
    opts.onStep?.(step);
    return step;
  };
  const better = (a: TuneStep, b: TuneStep | undefined) => !b || a.hr > b.hr || (a.hr === b.hr && a.ndcg > b.ndcg);

  let bestE: { step: TuneStep; model: ItemModel } | undefined;
  for (const lambda of grid.lambda)
    for (const diagonalWeight of grid.diagonalWeight) {
      const model = fitEase(split.train, { lambda, diagonalWeight });
      const step = score('edlae', { lambda, diagonalWeight }, model);
      if (better(step, bestE?.step)) bestE = { step, model };
    }
  let bestR: { step: TuneStep; model: ItemModel } | undefined;
  for (const rp3Alpha of grid.rp3Alpha)
    for (const rp3Beta of grid.rp3Beta) {
      const model = fitRp3beta(split.train, { alpha: rp3Alpha, beta: rp3Beta, neighbours: 0 });
      const step = score('rp3beta', { rp3Alpha, rp3Beta }, model);
      if (better(step, bestR?.step)) bestR = { step, model };
    }
  if (!bestE || !bestR) throw new Error('tuneRecommender: empty grid');
  let bestB: TuneStep | undefined;
  for (const rp3Weight of grid.rp3Weight) {
    const model = rp3Weight === 0 ? bestE.model : blendEdlaeRp3(bestE.model, bestR.model, rp3Weight);
    const step = score('blend', { ...bestE.step.config, ...bestR.step.config, rp3Weight }, model);
    if (better(step, bestB)) bestB = step;
  }
  return { config: bestB!.config as RecommenderConfig, steps, users: split.users.length };
}
