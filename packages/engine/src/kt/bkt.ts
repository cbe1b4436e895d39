/**
 * Bayesian Knowledge Tracing (Corbett & Anderson 1995), one hidden binary state per (learner,
 * skill): known or not. Parameters per skill: pL0 (known before the first response), pT (learns
 * between two responses), pS (slip: wrong although known), pG (guess: right although not known),
 * and with `forgetting` pF (known → not known between two responses; 0 in classic BKT).
 *
 * Fitting: expectation–maximisation (Baum–Welch, scaled forward–backward) per skill over the
 * learners' sequences of that skill, from a few starting points, keeping the best likelihood.
 * The M-step adds weak Beta pseudo-counts (MAP-EM) so skills with little data stay sensible, and
 * caps guess and slip below 0.5 (by default 0.3 and 0.3) so that "known" keeps its meaning
 * (without it EM may swap the two states or explain everything by guessing).
 *
 * Online: a learner's state is P(known) per skill, updated in O(1) per skill of a response.
 */
import type { KtModel, Query, Response } from './types.ts';

export interface BktParams {
  pL0: number;
  pT: number;
  pS: number;
  pG: number;
  pF: number;
}

export interface BktOptions {
  /** Learn a forgetting probability pF (default false: pF = 0). */
  forgetting?: boolean;
  /** Upper bounds for guess and slip (default 0.3 each; must be < 0.5). */
  maxGuess?: number;
  maxSlip?: number;
  /** Weight of the Beta pseudo-counts in the M-step (default 2 responses' worth). */
  priorStrength?: number;
  maxIter?: number;
  /** Stop when the log-likelihood improves by less than tol × number of responses (default 1e-6). */
  tol?: number;
  /** Starting points for EM (default: three spread-out points). */
  starts?: BktParams[];
}

/** P(known) per skill; skills not yet practised are absent (their pL0 applies). */
export type BktState = Map<string, number>;

const PRIOR_MEAN: BktParams = { pL0: 0.5, pT: 0.1, pS: 0.1, pG: 0.2, pF: 0.02 };
const DEFAULT_STARTS: BktParams[] = [
  { pL0: 0.5, pT: 0.1, pS: 0.1, pG: 0.2, pF: 0.01 },
  { pL0: 0.2, pT: 0.3, pS: 0.2, pG: 0.1, pF: 0.05 },
  { pL0: 0.8, pT: 0.05, pS: 0.05, pG: 0.25, pF: 0.02 },
];
const EPS = 1e-4;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Sequences of one skill packed: obs[starts[k] … starts[k+1]) is the k-th learner's sequence. */
export interface PackedSequences {
  obs: Float64Array;
  starts: Int32Array;
}

/** Emission probability of score c (0…1) given known (1) / not known (0). */
function emit(known: boolean, c: number, p: BktParams): number {
  if (known) return c === 1 ? 1 - p.pS : c === 0 ? p.pS : Math.pow(1 - p.pS, c) * Math.pow(p.pS, 1 - c);
  return c === 1 ? p.pG : c === 0 ? 1 - p.pG : Math.pow(p.pG, c) * Math.pow(1 - p.pG, 1 - c);
}

/**
 * EM for one skill from one starting point. Returns the fitted parameters and the final
 * log-likelihood of the data.
 */
export function bktEm(
  seqs: PackedSequences,
  start: BktParams,
  opts: BktOptions = {},
): { params: BktParams; logLik: number; iterations: number } {
  const { obs, starts } = seqs;
  const n = obs.length;
  const maxG = opts.maxGuess ?? 0.3;
  const maxS = opts.maxSlip ?? 0.3;
  const k = opts.priorStrength ?? 2;
  const maxIter = opts.maxIter ?? 200;
  const tol = (opts.tol ?? 1e-6) * Math.max(1, n);
  const forgetting = opts.forgetting ?? false;
  let p: BktParams = { ...start, pF: forgetting ? start.pF : 0 };
  let maxLen = 0;
  for (let s = 0; s + 1 < starts.length; s++) maxLen = Math.max(maxLen, starts[s + 1]! - starts[s]!);
  const a0 = new Float64Array(maxLen),
    a1 = new Float64Array(maxLen),
    sc = new Float64Array(maxLen);
  const e0 = new Float64Array(maxLen),
    e1 = new Float64Array(maxLen);
  let prevLL = -Infinity;
  let ll = 0;
  let it = 0;
  for (; it < maxIter; it++) {
    ll = 0;
    let sumL0 = 0,
      nSeq = 0,
      den0 = 0,
      num01 = 0,
      den1 = 0,
      num10 = 0,
      g0 = 0,
      g0c = 0,
      g1 = 0,
      g1w = 0;
    for (let s = 0; s + 1 < starts.length; s++) {
      const from = starts[s]!,
        T = starts[s + 1]! - from;
      if (T === 0) continue;
      nSeq++;
      for (let t = 0; t < T; t++) {
        const c = obs[from + t]!;
        e1[t] = emit(true, c, p);
        e0[t] = emit(false, c, p);
      }
      // forward (normalised)
      let f1 = p.pL0 * e1[0]!,
        f0 = (1 - p.pL0) * e0[0]!;
      let z = f0 + f1;
      a1[0] = f1 / z;
      a0[0] = f0 / z;
      sc[0] = z;
      ll += Math.log(z);
      for (let t = 1; t < T; t++) {
        const prior1 = a1[t - 1]! * (1 - p.pF) + a0[t - 1]! * p.pT;
        f1 = prior1 * e1[t]!;
        f0 = (1 - prior1) * e0[t]!;
        z = f0 + f1;
        a1[t] = f1 / z;
        a0[t] = f0 / z;
        sc[t] = z;
        ll += Math.log(z);
      }
      // backward, accumulating expected counts on the fly
      let b1 = 1,
        b0 = 1;
      for (let t = T - 1; t >= 0; t--) {
        const c = obs[from + t]!;
        const ga1 = a1[t]! * b1,
          ga0 = a0[t]! * b0;
        g1 += ga1;
        g1w += ga1 * (1 - c);
        g0 += ga0;
        g0c += ga0 * c;
        if (t === 0) sumL0 += ga1;
        if (t > 0) {
          // transitions t-1 → t, using b at t
          const w1 = (e1[t]! * b1) / sc[t]!,
            w0 = (e0[t]! * b0) / sc[t]!;
          const x01 = a0[t - 1]! * p.pT * w1;
          const x10 = a1[t - 1]! * p.pF * w0;
          const ga0prev = a0[t - 1]! * (p.pT * w1 + (1 - p.pT) * w0);
          const ga1prev = a1[t - 1]! * ((1 - p.pF) * w1 + p.pF * w0);
          den0 += ga0prev;
          num01 += x01;
          den1 += ga1prev;
          num10 += x10;
          b1 = (1 - p.pF) * w1 + p.pF * w0;
          b0 = p.pT * w1 + (1 - p.pT) * w0;
        }
      }
    }
    p = {
      pL0: clamp((sumL0 + k * PRIOR_MEAN.pL0) / (nSeq + k), EPS, 1 - EPS),
      pT: clamp((num01 + k * PRIOR_MEAN.pT) / (den0 + k), EPS, 1 - EPS),
      pF: forgetting ? clamp((num10 + k * PRIOR_MEAN.pF) / (den1 + k), EPS, 0.5) : 0,
      pG: clamp((g0c + k * PRIOR_MEAN.pG) / (g0 + k), EPS, maxG),
      pS: clamp((g1w + k * PRIOR_MEAN.pS) / (g1 + k), EPS, maxS),
    };
    if (ll - prevLL < tol) break;
    prevLL = ll;
  }
  return { params: p, logLik: ll, iterations: it + 1 };
}

/** Log-likelihood of packed sequences under given parameters (forward pass only). */
export function bktLogLik(seqs: PackedSequences, p: BktParams): number {
  let ll = 0;
  for (let s = 0; s + 1 < seqs.starts.length; s++) {
    let pl = p.pL0;
    for (let t = seqs.starts[s]!; t < seqs.starts[s + 1]!; t++) {
      const c = seqs.obs[t]!;
      const f1 = pl * emit(true, c, p),
        f0 = (1 - pl) * emit(false, c, p);
      ll += Math.log(f0 + f1);
      const post = f1 / (f0 + f1);
      pl = post * (1 - p.pF) + (1 - post) * p.pT;
    }
  }
  return ll;
}

/** Fits one skill: EM from each starting point, best log-likelihood wins. */
export function fitBktSkill(seqs: PackedSequences, opts: BktOptions = {}): BktParams {
  let best: { params: BktParams; logLik: number } | undefined;
  for (const s of opts.starts ?? DEFAULT_STARTS) {
    const r = bktEm(seqs, s, opts);
    if (!best || r.logLik > best.logLik) best = r;
  }
  return best!.params;
}

export class BktModel implements KtModel<BktState> {
  readonly name: string;
  params = new Map<string, BktParams>();
  /** Parameters for skills not seen in training: the response-weighted mean of the fitted ones. */
  fallback: BktParams = { ...PRIOR_MEAN, pF: 0 };

  constructor(readonly opts: BktOptions = {}) {
    this.name = opts.forgetting ? 'bkt-f' : 'bkt';
  }

  fit(train: readonly Response[]): void {
    // skill → user → observations in order
    const bySkill = new Map<string, Map<string, number[]>>();
    for (const r of train) {
      for (const s of r.skills) {
        let users = bySkill.get(s);
        if (!users) bySkill.set(s, (users = new Map<string, number[]>()));
        let seq = users.get(r.user);
        if (!seq) users.set(r.user, (seq = []));
        seq.push(r.correct);
      }
    }
    this.params.clear();
    const acc: BktParams = { pL0: 0, pT: 0, pS: 0, pG: 0, pF: 0 };
    let total = 0;
    for (const [skill, users] of bySkill) {
      let n = 0;
      for (const seq of users.values()) n += seq.length;
      const obs = new Float64Array(n),
        starts = new Int32Array(users.size + 1);
      let o = 0,
        u = 0;
      for (const seq of users.values()) {
        starts[u++] = o;
        for (const c of seq) obs[o++] = c;
      }
      starts[u] = o;
      const p = fitBktSkill({ obs, starts }, this.opts);
      this.params.set(skill, p);
      for (const key of ['pL0', 'pT', 'pS', 'pG', 'pF'] as const) acc[key] += p[key] * n;
      total += n;
    }
    if (total) for (const key of ['pL0', 'pT', 'pS', 'pG', 'pF'] as const) acc[key] /= total;
    if (total) this.fallback = acc;
  }

  paramsOf(skill: string): BktParams {
    return this.params.get(skill) ?? this.fallback;
  }

  newLearner(): BktState {
    return new Map();
  }

  /** P(known) of a skill for the learner now. */
  knowledge(state: BktState, skill: string): number {
    return state.get(skill) ?? this.paramsOf(skill).pL0;
  }

  /** Mean over the item's skills of P(correct) = P(L)(1 − pS) + (1 − P(L)) pG. */
  predict(state: BktState, q: Query): number {
    let s = 0;
    for (const skill of q.skills) s += this.mastery(state, skill);
    return q.skills.length
      ? s / q.skills.length
      : this.fallback.pL0 * (1 - this.fallback.pS) + (1 - this.fallback.pL0) * this.fallback.pG;
  }

  update(state: BktState, r: Response): void {
    for (const skill of r.skills) {
      const p = this.paramsOf(skill);
      const pl = state.get(skill) ?? p.pL0;
      const f1 = pl * emit(true, r.correct, p),
        f0 = (1 - pl) * emit(false, r.correct, p);
      const post = f1 / (f0 + f1);
      state.set(skill, post * (1 - p.pF) + (1 - post) * p.pT);
    }
  }

  /**
   * Mastery = P(correct) on the next response to an item of the skill (BKT has no item effects, so
   * every item of the skill is "typical"): P(L)(1 − pS) + (1 − P(L)) pG. `knowledge()` gives P(L).
   */
  mastery(state: BktState, skill: string): number {
    const p = this.paramsOf(skill);
    const pl = state.get(skill) ?? p.pL0;
    return pl * (1 - p.pS) + (1 - pl) * p.pG;
  }

  /**
   * Mastery for many learners × skills from stored P(known) (row-major learners × skills; NaN =
   * not practised yet, pL0 applies). Same values as mastery().
   */
  masteryBatch(
    skills: readonly string[],
    pKnown: ArrayLike<number>,
    out = new Float32Array(pKnown.length),
  ): Float32Array {
    const nS = skills.length;
    const ps = skills.map((k) => this.paramsOf(k));
    for (let i = 0; i < pKnown.length; i++) {
      const p = ps[i % nS]!;
      const v = pKnown[i]!;
      const pl = v === v ? v : p.pL0;
      out[i] = pl * (1 - p.pS) + (1 - pl) * p.pG;
    }
    return out;
  }

  toJSON(): unknown {
    return {
      kind: 'bkt',
      opts: { ...this.opts, starts: undefined },
      fallback: this.fallback,
      params: Object.fromEntries(this.params),
    };
  }

  static fromJSON(json: unknown): BktModel {
    const j = json as { opts: BktOptions; fallback: BktParams; params: Record<string, BktParams> };
    const m = new BktModel(j.opts);
    m.fallback = j.fallback;
    m.params = new Map(Object.entries(j.params));
    return m;
  }

  stateToJSON(state: BktState): unknown {
    return Object.fromEntries(state);
  }

  stateFromJSON(json: unknown): BktState {
    return new Map(Object.entries(json as Record<string, number>));
  }
}
