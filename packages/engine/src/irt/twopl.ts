/**
 * Two-parameter logistic (2PL) item response theory, logistic metric (no 1.7 constant):
 *
 *   P(correct | θ, a, b) = 1 / (1 + exp(−a(θ − b)))
 *
 * Calibration is marginal maximum likelihood by EM (Bock & Aitkin) over a fixed quadrature grid with
 * a standard normal prior on θ (which fixes the scale), and weak priors on the item parameters
 * (by default log a ~ N(0, 0.5²) and b ~ N(0, 3²), a MAP estimate) so that items answered all correctly
 * or all wrongly still get finite estimates. Ability is estimated by EAP (posterior mean, with the
 * posterior SD as its standard error) or by maximum likelihood.
 */
import { mulberry32 } from '../random.ts';

export interface ItemParams {
  /** Discrimination (slope), > 0. */
  a: number;
  /** Difficulty (location): the θ at which P(correct) = 0.5. */
  b: number;
}

/** P(correct) under the 2PL model. */
export function prob2pl(theta: number, a: number, b: number): number {
  return 1 / (1 + Math.exp(-a * (theta - b)));
}

/** Fisher information of a 2PL item at θ: a² P (1 − P). */
export function info2pl(theta: number, a: number, b: number): number {
  const p = prob2pl(theta, a, b);
  return a * a * p * (1 - p);
}

/** A fixed quadrature grid: equally spaced points and normalized N(0, 1) weights. */
export interface Quadrature {
  points: Float64Array;
  weights: Float64Array;
}

/** `n` equally spaced points on [lo, hi] with weights ∝ the standard normal density (sum 1). */
export function normalQuadrature(n = 41, lo = -4, hi = 4): Quadrature {
  if (!Number.isInteger(n) || n < 2) throw new RangeError('quadrature needs at least 2 points');
  const points = new Float64Array(n);
  const weights = new Float64Array(n);
  let s = 0;
  for (let q = 0; q < n; q++) {
    const x = lo + ((hi - lo) * q) / (n - 1);
    points[q] = x;
    weights[q] = Math.exp(-0.5 * x * x);
    s += weights[q]!;
  }
  for (let q = 0; q < n; q++) weights[q]! /= s;
  return { points, weights };
}

/**
 * Responses as parallel arrays of indexes: response k is person `person[k]` (0 … persons − 1)
 * answering item `item[k]` (0 … items − 1) with score `score[k]` (0 or 1).
 */
export interface IndexedResponses {
  persons: number;
  items: number;
  person: Int32Array;
  item: Int32Array;
  score: Uint8Array;
}

export interface CalibrateOptions {
  /** Quadrature points on [−4, 4] (default 41). */
  quadraturePoints?: number;
  /** EM iterations at most (default 500). */
  maxIterations?: number;
  /** Stop when no a or b moves more than this in one EM iteration (default 1e-4). */
  tolerance?: number;
  /** Prior on log a: normal with this mean and SD (default 0 and 0.5, i.e. a around 1). */
  logAMean?: number;
  logASd?: number;
  /** Prior on b: normal with this mean and SD (default 0 and 3). */
  bMean?: number;
  bSd?: number;
}

export interface CalibrationResult {
  /** Discrimination per item index. */
  a: Float64Array;
  /** Difficulty per item index. */
  b: Float64Array;
  iterations: number;
  converged: boolean;
  /** Marginal log-likelihood of the data at the last E-step (without the item priors). */
  logLikelihood: number;
}

const A_MIN = 0.02;
const A_MAX = 20;
const B_LIMIT = 20;

/**
 * 2PL calibration by marginal maximum likelihood (EM over a fixed grid, N(0, 1) on θ) with weak
 * priors on a and b (a MAP estimate for the item parameters). Each M-step takes a few Fisher-scoring
 * steps per item on the expected counts of the E-step. Items without responses get the prior's
 * centre (a = exp(logAMean), b = bMean).
 */
export function calibrate2pl(data: IndexedResponses, o: CalibrateOptions = {}): CalibrationResult {
  const { persons: nP, items: nI, person, item, score } = data;
  const n = person.length;
  if (item.length !== n || score.length !== n) throw new RangeError('person, item and score must have one entry per response');
  const quad = normalQuadrature(o.quadraturePoints ?? 41);
  const Q = quad.points.length;
  const theta = quad.points;
  const logW = quad.weights.map(Math.log);
  const maxIter = o.maxIterations ?? 500;
  const tol = o.tolerance ?? 1e-4;
  const muA = o.logAMean ?? 0;
  const sdA = o.logASd ?? 0.5;
  const muB = o.bMean ?? 0;
  const sdB = o.bSd ?? 3;

  // Responses grouped by person (CSR), item index and score packed together.
  const start = new Int32Array(nP + 1);
  for (let k = 0; k < n; k++) {
    const p = person[k]!;
    const i = item[k]!;
    if (p < 0 || p >= nP || !Number.isInteger(p)) throw new RangeError(`response ${k}: person index ${p} out of range`);
    if (i < 0 || i >= nI || !Number.isInteger(i)) throw new RangeError(`response ${k}: item index ${i} out of range`);
    const s = score[k]!;
    if (s !== 0 && s !== 1) throw new RangeError(`response ${k}: score must be 0 or 1`);
    start[p + 1]!++;
  }
  for (let p = 0; p < nP; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, nP);
  const packed = new Int32Array(n); // item * 2 + score
  for (let k = 0; k < n; k++) packed[fill[person[k]!]!++] = item[k]! * 2 + score[k]!;

  const a = new Float64Array(nI).fill(Math.exp(muA));
  const b = new Float64Array(nI);
  // Start b from the observed proportion correct (logit, shrunk).
  const cnt = new Float64Array(nI);
  const cor = new Float64Array(nI);
  for (let k = 0; k < n; k++) {
    cnt[item[k]!]!++;
    cor[item[k]!]! += score[k]!;
  }
  for (let i = 0; i < nI; i++) {
    const pc = (cor[i]! + 0.5) / (cnt[i]! + 1);
    b[i] = cnt[i]! > 0 ? Math.max(-4, Math.min(4, -Math.log(pc / (1 - pc)) / a[i]!)) : muB;
  }

  // logP[i*2*Q + s*Q + q] = log P(score s | θ_q) for item i.
  const logP = new Float64Array(nI * 2 * Q);
  // post[(i*2 + s)*Q + q]: expected number of persons at θ_q answering item i with score s.
  const post = new Float64Array(nI * 2 * Q);
  const L = new Float64Array(Q);
  let ll = -Infinity;
  let iterations = 0;
  let converged = false;

  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    // Log-probabilities per item and grid point.
    for (let i = 0; i < nI; i++) {
      const ai = a[i]!;
      const bi = b[i]!;
      const base = i * 2 * Q;
      for (let q = 0; q < Q; q++) {
        const z = ai * (theta[q]! - bi);
        // log σ(z) and log σ(−z), stable.
        const l1 = z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
        logP[base + Q + q] = l1;
        logP[base + q] = l1 - z;
      }
    }
    // E-step.
    post.fill(0);
    ll = 0;
    for (let p = 0; p < nP; p++) {
      const s0 = start[p]!;
      const s1 = start[p + 1]!;
      if (s0 === s1) continue;
      L.set(logW);
      for (let k = s0; k < s1; k++) {
        const v = packed[k]!;
        const off = (v >> 1) * 2 * Q + (v & 1) * Q;
        for (let q = 0; q < Q; q++) L[q]! += logP[off + q]!;
      }
      let m = -Infinity;
      for (let q = 0; q < Q; q++) if (L[q]! > m) m = L[q]!;
      let s = 0;
      for (let q = 0; q < Q; q++) {
        const e = Math.exp(L[q]! - m);
        L[q] = e;
        s += e;
      }
      ll += m + Math.log(s);
      const inv = 1 / s;
      for (let q = 0; q < Q; q++) L[q]! *= inv;
      for (let k = s0; k < s1; k++) {
        const off = packed[k]! * Q;
        for (let q = 0; q < Q; q++) post[off + q]! += L[q]!;
      }
    }
    // M-step: Fisher scoring per item on the expected counts, with the priors.
    let maxDelta = 0;
    for (let i = 0; i < nI; i++) {
      const off = i * 2 * Q;
      let ai = a[i]!;
      let bi = b[i]!;
      const a0 = ai;
      const b0 = bi;
      for (let step = 0; step < 4; step++) {
        let gA = 0;
        let gB = 0;
        let iAA = 0;
        let iBB = 0;
        let iAB = 0;
        for (let q = 0; q < Q; q++) {
          const rq = post[off + Q + q]!;
          const nq = post[off + q]! + rq;
          if (nq === 0) continue;
          const d = theta[q]! - bi;
          const pr = 1 / (1 + Math.exp(-ai * d));
          const res = rq - nq * pr;
          const w = nq * pr * (1 - pr);
          gA += res * d;
          gB += res;
          iAA += w * d * d;
          iBB += w;
          iAB += w * d;
        }
        gB *= -ai;
        iBB *= ai * ai;
        iAB *= -ai;
        // Priors: log a ~ N(muA, sdA²), b ~ N(muB, sdB²).
        const la = Math.log(ai);
        gA += -(la - muA) / (sdA * sdA * ai);
        iAA += 1 / (sdA * sdA * ai * ai);
        gB += -(bi - muB) / (sdB * sdB);
        iBB += 1 / (sdB * sdB);
        const det = iAA * iBB - iAB * iAB;
        if (!(det > 0)) break;
        let dA = (iBB * gA - iAB * gB) / det;
        let dB = (iAA * gB - iAB * gA) / det;
        // Damp large steps.
        const big = Math.max(Math.abs(dA) / 0.5, Math.abs(dB) / 1);
        if (big > 1) {
          dA /= big;
          dB /= big;
        }
        ai = Math.min(A_MAX, Math.max(A_MIN, ai + dA));
        bi = Math.min(B_LIMIT, Math.max(-B_LIMIT, bi + dB));
        if (Math.abs(dA) < 1e-7 && Math.abs(dB) < 1e-7) break;
      }
      a[i] = ai;
      b[i] = bi;
      const dm = Math.max(Math.abs(ai - a0), Math.abs(bi - b0));
      if (dm > maxDelta) maxDelta = dm;
    }
    if (maxDelta < tol) {
      converged = true;
      break;
    }
  }
  return { a, b, iterations, converged, logLikelihood: ll };
}

/** One response with identifiers, as in a `person,item,score` file. */
export interface IrtResponse {
  person: string;
  item: string;
  score: 0 | 1;
}

export interface CalibratedItem extends ItemParams {
  item: string;
  /** Number of responses to the item. */
  n: number;
  /** Proportion correct. */
  p: number;
}

/**
 * Calibrates from identified responses; the items come back in order of first appearance.
 * Returns also the EM diagnostics.
 */
export function calibrateResponses(
  responses: readonly IrtResponse[],
  o: CalibrateOptions = {},
): { items: CalibratedItem[]; persons: number; iterations: number; converged: boolean; logLikelihood: number } {
  const personIx = new Map<string, number>();
  const itemIx = new Map<string, number>();
  const n = responses.length;
  const person = new Int32Array(n);
  const item = new Int32Array(n);
  const score = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const r = responses[k]!;
    let p = personIx.get(r.person);
    if (p === undefined) personIx.set(r.person, (p = personIx.size));
    let i = itemIx.get(r.item);
    if (i === undefined) itemIx.set(r.item, (i = itemIx.size));
    person[k] = p;
    item[k] = i;
    score[k] = r.score;
  }
  const fit = calibrate2pl({ persons: personIx.size, items: itemIx.size, person, item, score }, o);
  const cnt = new Float64Array(itemIx.size);
  const cor = new Float64Array(itemIx.size);
  for (let k = 0; k < n; k++) {
    cnt[item[k]!]!++;
    cor[item[k]!]! += score[k]!;
  }
  const items = [...itemIx.keys()].map((id, i) => ({
    item: id,
    a: fit.a[i]!,
    b: fit.b[i]!,
    n: cnt[i]!,
    p: cnt[i]! > 0 ? cor[i]! / cnt[i]! : NaN,
  }));
  return {
    items,
    persons: personIx.size,
    iterations: fit.iterations,
    converged: fit.converged,
    logLikelihood: fit.logLikelihood,
  };
}

export interface ThetaEstimate {
  theta: number;
  /** Standard error: the posterior SD (EAP) or 1/√information at the estimate (MLE). */
  se: number;
}

const EAP_GRID = normalQuadrature(81, -5, 5);

/**
 * Expected a posteriori ability with a N(priorMean, priorSd²) prior, on an 81-point grid over
 * [−5, 5] shifted and scaled by the prior; the SE is the posterior SD.
 */
export function eapTheta(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  scores: ArrayLike<number>,
  priorMean = 0,
  priorSd = 1,
): ThetaEstimate {
  const Q = EAP_GRID.points.length;
  const L = new Float64Array(Q);
  let m = -Infinity;
  for (let q = 0; q < Q; q++) {
    const t = priorMean + priorSd * EAP_GRID.points[q]!;
    let l = Math.log(EAP_GRID.weights[q]!);
    for (let k = 0; k < scores.length; k++) {
      const z = a[k]! * (t - b[k]!);
      const l1 = z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
      l += scores[k]! ? l1 : l1 - z;
    }
    L[q] = l;
    if (l > m) m = l;
  }
  let s = 0;
  let s1 = 0;
  let s2 = 0;
  for (let q = 0; q < Q; q++) {
    const t = priorMean + priorSd * EAP_GRID.points[q]!;
    const w = Math.exp(L[q]! - m);
    s += w;
    s1 += w * t;
    s2 += w * t * t;
  }
  const mean = s1 / s;
  return { theta: mean, se: Math.sqrt(Math.max(0, s2 / s - mean * mean)) };
}

/**
 * Maximum-likelihood ability by Newton–Raphson, bounded to [−bound, bound] (default 5): for all
 * correct or all wrong responses the MLE does not exist and the bound is returned. SE = 1/√I(θ̂).
 */
export function mleTheta(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  scores: ArrayLike<number>,
  bound = 5,
): ThetaEstimate {
  let t = 0;
  for (let it = 0; it < 50; it++) {
    let g = 0;
    let h = 0;
    for (let k = 0; k < scores.length; k++) {
      const p = prob2pl(t, a[k]!, b[k]!);
      g += a[k]! * (scores[k]! - p);
      h += a[k]! * a[k]! * p * (1 - p);
    }
    if (h <= 0) break;
    const step = Math.max(-1, Math.min(1, g / h));
    const nt = Math.max(-bound, Math.min(bound, t + step));
    const done = Math.abs(nt - t) < 1e-8;
    t = nt;
    if (done) break;
  }
  let info = 0;
  for (let k = 0; k < scores.length; k++) info += info2pl(t, a[k]!, b[k]!);
  return { theta: t, se: info > 0 ? 1 / Math.sqrt(info) : Infinity };
}

export interface Simulate2plOptions {
  persons: number;
  items: number;
  /** Responses per person, each to a distinct random item (default: every item). */
  perPerson?: number;
  seed?: number;
  /** Item parameters; default a ~ lognormal(0, 0.3), b ~ N(0, 1). */
  a?: Float64Array;
  b?: Float64Array;
}

/** Standard normal deviate from a uniform generator (Box–Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Simulated 2PL responses (θ ~ N(0, 1)) for tests and benchmarks. */
export function simulate2pl(o: Simulate2plOptions): IndexedResponses & { a: Float64Array; b: Float64Array; theta: Float64Array } {
  const rand = mulberry32(o.seed ?? 1);
  const a = o.a ?? Float64Array.from({ length: o.items }, () => Math.exp(0.3 * gaussian(rand)));
  const b = o.b ?? Float64Array.from({ length: o.items }, () => gaussian(rand));
  const theta = Float64Array.from({ length: o.persons }, () => gaussian(rand));
  const per = Math.min(o.items, o.perPerson ?? o.items);
  const n = o.persons * per;
  const person = new Int32Array(n);
  const item = new Int32Array(n);
  const score = new Uint8Array(n);
  const order = Int32Array.from({ length: o.items }, (_, i) => i);
  let k = 0;
  for (let p = 0; p < o.persons; p++) {
    // Partial Fisher–Yates: the first `per` entries are a random subset.
    for (let j = 0; j < per; j++) {
      const r = j + Math.floor(rand() * (o.items - j));
      const x = order[j]!;
      order[j] = order[r]!;
      order[r] = x;
      const i = order[j]!;
      person[k] = p;
      item[k] = i;
      score[k] = rand() < prob2pl(theta[p]!, a[i]!, b[i]!) ? 1 : 0;
      k++;
    }
  }
  return { persons: o.persons, items: o.items, person, item, score, a, b, theta };
}
