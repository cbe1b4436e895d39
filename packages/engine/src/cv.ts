/**
 * Cross-validation by learner: every learner's rows go to exactly one fold (deterministic seeded
 * shuffle of the learners), the model is fitted on the other folds and predicts each held-out
 * learner's rows from that learner's earlier rows only.
 */
import { evaluatePredictions, type Metrics } from './metrics.ts';
import { mulberry32, shuffleInPlace } from './random.ts';
import { groupByUser, type AnyKtModel, type Response } from './kt/types.ts';

/** Assigns each user to one of k folds: users shuffled with the seed, then dealt round-robin. */
export function userFolds(rows: readonly Pick<Response, 'user'>[], k: number, seed = 1): Map<string, number> {
  if (!(k >= 2)) throw new Error('cross-validation needs at least 2 folds');
  const users = shuffleInPlace([...groupByUser(rows).keys()], mulberry32(seed));
  return new Map(users.map((u, i) => [u, i % k]));
}

/** Splits rows into (train, held-out) by user; about `fraction` of the users are held out. */
export function splitByUser(
  rows: readonly Response[],
  fraction: number,
  seed = 1,
): { train: Response[]; test: Response[] } {
  const users = shuffleInPlace([...groupByUser(rows).keys()], mulberry32(seed));
  const held = new Set(users.slice(0, Math.max(1, Math.round(users.length * fraction))));
  const train: Response[] = [],
    test: Response[] = [];
  for (const r of rows) (held.has(r.user) ? test : train).push(r);
  return { train, test };
}

export interface HeldOutPredictions {
  /** Outcomes and P(correct) per held-out row, in the order of the held-out rows. */
  y: Float64Array;
  p: Float64Array;
  /** Mastery of the row's skills (mean over them) just before the row, when asked for. */
  mastery?: Float64Array;
}

/** Predicts held-out rows (each learner from a fresh state, earlier rows only). */
export function predictHeldOut(model: AnyKtModel, test: readonly Response[], withMastery = false): HeldOutPredictions {
  const y = new Float64Array(test.length),
    p = new Float64Array(test.length);
  const mastery = withMastery ? new Float64Array(test.length) : undefined;
  for (const idx of groupByUser(test).values()) {
    const state: unknown = model.newLearner();
    for (const i of idx) {
      const r = test[i]!;
      y[i] = r.correct;
      p[i] = model.predict(state, r);
      if (mastery) {
        let s = 0;
        for (const k of r.skills) s += model.mastery(state, k);
        mastery[i] = s / r.skills.length;
      }
      model.update(state, r);
    }
  }
  return mastery ? { y, p, mastery } : { y, p };
}

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  testUsers: number;
  fitMs: number;
  predictMs: number;
  metrics: Metrics;
  masteryMetrics?: Metrics;
}

export interface CvResult {
  model: string;
  folds: FoldResult[];
  /** Metrics over all held-out predictions pooled. */
  pooled: Metrics;
  /** Mean of the per-fold metrics. */
  mean: Metrics;
  /** Pooled metrics of mastery (typical-item P(correct)) against the actual next response. */
  mastery?: Metrics;
}

export interface CvOptions {
  folds?: number;
  seed?: number;
  /** Also score mastery(state, skill) as a prediction of the next response (calibration of K). */
  mastery?: boolean;
  onFold?: (f: FoldResult) => void;
}

const now = () => Date.now();

export function crossValidate(rows: readonly Response[], factory: () => AnyKtModel, opts: CvOptions = {}): CvResult {
  const k = opts.folds ?? 5;
  const fold = userFolds(rows, k, opts.seed ?? 1);
  const folds: FoldResult[] = [];
  const allY: number[] = [],
    allP: number[] = [],
    allM: number[] = [];
  let name = '';
  for (let f = 0; f < k; f++) {
    const train: Response[] = [],
      test: Response[] = [];
    for (const r of rows) (fold.get(r.user) === f ? test : train).push(r);
    const model = factory();
    name = model.name;
    const t0 = now();
    model.fit(train);
    const t1 = now();
    const pr = predictHeldOut(model, test, opts.mastery);
    const t2 = now();
    const res: FoldResult = {
      fold: f,
      trainRows: train.length,
      testRows: test.length,
      testUsers: new Set(test.map((r) => r.user)).size,
      fitMs: t1 - t0,
      predictMs: t2 - t1,
      metrics: evaluatePredictions(pr.y, pr.p),
    };
    if (pr.mastery) res.masteryMetrics = evaluatePredictions(pr.y, pr.mastery);
    folds.push(res);
    opts.onFold?.(res);
    for (let i = 0; i < pr.y.length; i++) {
      allY.push(pr.y[i]!);
      allP.push(pr.p[i]!);
      if (pr.mastery) allM.push(pr.mastery[i]!);
    }
  }
  const mean = { n: 0, auc: 0, rmse: 0, logLoss: 0, ece: 0, accuracy: 0 };
  for (const f of folds)
    for (const key of Object.keys(mean) as (keyof Metrics)[])
      mean[key] += f.metrics[key] / (key === 'n' ? 1 : folds.length);
  const out: CvResult = { model: name, folds, pooled: evaluatePredictions(allY, allP), mean };
  if (opts.mastery) out.mastery = evaluatePredictions(allY, allM);
  return out;
}
