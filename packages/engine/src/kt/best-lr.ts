/**
 * Logistic regression for knowledge tracing with the "Best-LR" features of Gervet et al. 2020
 * ("When is deep learning the best approach to knowledge tracing?", JEDM): item and skill
 * one-hots (difficulties) and, per learner, counts of earlier responses: log(1 + correct) and
 * log(1 + wrong) on the item's skills and overall. Optional extra features; "lr+" uses those
 * that raised the 5-fold cross-validated AUC on both assist09 and statics (docs/BENCHMARKS.md):
 * per-skill slopes of the skill counts (as in PFA), recency on the skill and overall (last
 * outcome, moving average, runs) and a difficulty-adjusted ability. Two more (attempts at the
 * item, gap since the skill was last practised) are available but did not help.
 *
 * Rows are encoded as a sparse CSR matrix (typed arrays), and the L2-regularised log-loss is
 * minimised with L-BFGS (optim.ts). A learner's state is their counters; `update` touches only the
 * counters of the response's skills and item (O(#skills)). Items and skills not seen in training
 * get weight 0 (only the intercept and the count features speak for them).
 */
import { lbfgs, type ObjectiveFn } from '../optim.ts';
import { groupByUser, type KtModel, type Query, type Response } from './types.ts';

export interface LrFeatures {
  /** Item one-hot (item difficulty). */
  item: boolean;
  /** Skill one-hot (skill difficulty). */
  skill: boolean;
  /** log(1 + correct), log(1 + wrong) on the item's skills, shared weights. */
  skillCounts: boolean;
  /** log(1 + correct), log(1 + wrong) over all skills. */
  totalCounts: boolean;
  /** log(1 + correct), log(1 + wrong) on the item's skills with weights per skill (PFA-style). */
  skillSlopes: boolean;
  /** log(1 + earlier attempts at this item) and the outcome of the last one (±1, 0 if none). */
  itemCounts: boolean;
  /** On the item's skills: last outcome (±1), moving average of ±1 outcomes, log(1 + streak) of correct and of wrong. */
  skillRecency: boolean;
  /** Over all skills: last outcome (±1) and moving average of ±1 outcomes. */
  totalRecency: boolean;
  /**
   * Difficulty-adjusted performance: the mean of (outcome − the item's success rate in training)
   * over the learner's earlier responses, overall and on the item's skills (shrunk to 0 for few
   * responses). Training rows use item rates without the learner's own responses.
   */
  ability: boolean;
  /** log(1 + responses since the last one on the item's skills) (0 if none yet). */
  gap: boolean;
}

/** The published Best-LR: item, skill, skill counts, total counts. */
export const BEST_LR_FEATURES: LrFeatures = {
  item: true,
  skill: true,
  skillCounts: true,
  totalCounts: true,
  skillSlopes: false,
  itemCounts: false,
  skillRecency: false,
  totalRecency: false,
  ability: false,
  gap: false,
};

/**
 * "lr+": Best-LR plus the extra features that raised the cross-validated AUC on both data sets
 * (drop-one ablation, docs/BENCHMARKS.md).
 */
export const LR_PLUS_FEATURES: LrFeatures = {
  ...BEST_LR_FEATURES,
  skillSlopes: true,
  skillRecency: true,
  totalRecency: true,
  ability: true,
};

export interface LrOptions {
  name?: string;
  features?: Partial<LrFeatures>;
  /** L2 strength on item weights (objective = Σ log-loss + ½ Σ λ w²). Default 1. */
  l2Item?: number;
  /** On skill weights. Default 1. */
  l2Skill?: number;
  /** On the per-skill count slopes. Default 10 (same CV AUC as 1, steadier on learners with long histories). */
  l2Slope?: number;
  /** L2 strength on the shared count/recency weights (default 1e-2; the intercept is free). */
  l2Dense?: number;
  /** Decay of the moving averages in the recency features (default 0.85). */
  emaDecay?: number;
  maxIter?: number;
  /** Relative objective decrease at which L-BFGS stops (default 1e-8). */
  ftol?: number;
}

/** Learner-level counters. */
const U_C = 0,
  U_W = 1,
  U_LAST = 2,
  U_EMA = 3,
  U_RES = 4,
  U_LEN = 5;
/** Per-skill counters. */
const S_C = 0,
  S_W = 1,
  S_LAST = 2,
  S_EMA = 3,
  S_RUN_C = 4,
  S_RUN_W = 5,
  S_RES = 6,
  S_POS = 7,
  S_LEN = 8;
/** Per-item counters. */
const I_N = 0,
  I_LAST = 1,
  I_LEN = 2;

/** A learner's state: counters overall, per skill and per item (when item features are on). */
export interface LrState {
  u: Float64Array;
  skills: Map<string, Float64Array>;
  items: Map<string, Float64Array>;
}

/** Lengths of the learner and per-skill counter vectors (see LrStateColumns). */
export const LR_LEARNER_STATE = U_LEN;
export const LR_SKILL_STATE = S_LEN;

/**
 * Learner states in columns (row-major): u holds learners × LR_LEARNER_STATE learner counters
 * [correct, wrong, last outcome ±1, moving average of ±1 outcomes, residual sum], and s holds
 * learners × skills × LR_SKILL_STATE per-skill counters [correct, wrong, last outcome, moving
 * average, run of correct, run of wrong, residual sum, learner position after the last response
 * on the skill]; all zero = skill not practised.
 */
export interface LrStateColumns {
  learners: number;
  skills: readonly string[];
  u: ArrayLike<number>;
  s: ArrayLike<number>;
}

/** Sparse rows (compressed sparse row). */
export interface Csr {
  rows: number;
  cols: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * The L2-regularised logistic objective Σ_r [softplus(z_r) − y_r z_r] + ½ Σ_j λ_j w_j², z = X w,
 * and its gradient Xᵀ(σ(z) − y) + λ ∘ w. Labels may be fractional.
 */
export function logisticObjective(X: Csr, y: Float64Array, lambda: Float64Array): ObjectiveFn {
  return (w, g) => {
    let f = 0;
    for (let j = 0; j < w.length; j++) {
      const wj = w[j]!;
      f += 0.5 * lambda[j]! * wj * wj;
      g[j] = lambda[j]! * wj;
    }
    const { ptr, idx, val } = X;
    for (let r = 0; r < X.rows; r++) {
      const a = ptr[r]!,
        b = ptr[r + 1]!;
      let z = 0;
      for (let k = a; k < b; k++) z += w[idx[k]!]! * val[k]!;
      f += softplus(z) - y[r]! * z;
      const res = sigmoid(z) - y[r]!;
      for (let k = a; k < b; k++) g[idx[k]!]! += res * val[k]!;
    }
    return f;
  };
}

interface Layout {
  dense: number;
  oSkillCounts: number;
  oTotalCounts: number;
  oItemCounts: number;
  oSkillRecency: number;
  oTotalRecency: number;
  oAbility: number;
  oGap: number;
  items: number;
  skills: number;
  slopes: number;
  cols: number;
}

export class LrModel implements KtModel<LrState> {
  readonly name: string;
  readonly features: LrFeatures;
  readonly opts: LrOptions;
  itemIndex = new Map<string, number>();
  skillIndex = new Map<string, number>();
  w: Float64Array = new Float64Array(1);
  /** Per skill index: [mean, variance] of the item weights of its items, weighted by training responses. */
  skillItemStats = new Float64Array(0);
  /** The same over all items (for skills not seen in training). */
  globalItemStats: [number, number] = [0, 0];
  /** Training sums of scores and counts per item, and the mean score (for the ability features). */
  itemSum = new Float64Array(0);
  itemN = new Float64Array(0);
  meanRate = 0.5;
  private layout: Layout;
  private readonly decay: number;
  // scratch for encoding
  private dv = new Float64Array(16);
  private eIdx = new Int32Array(64);
  private eVal = new Float64Array(64);
  /** Diagnostics of the last fit. */
  lastFit:
    | { iterations: number; evaluations: number; converged: boolean; objective: number; rows: number; nnz: number }
    | undefined;

  constructor(opts: LrOptions = {}) {
    this.opts = opts;
    this.features = { ...BEST_LR_FEATURES, ...opts.features };
    this.name = opts.name ?? 'lr';
    this.decay = opts.emaDecay ?? 0.85;
    this.layout = this.makeLayout(0, 0);
  }

  private makeLayout(nItems: number, nSkills: number): Layout {
    const f = this.features;
    let d = 1; // intercept at column 0
    const take = (on: boolean, n: number) => {
      if (!on) return -1;
      const o = d;
      d += n;
      return o;
    };
    const oSkillCounts = take(f.skillCounts, 2);
    const oTotalCounts = take(f.totalCounts, 2);
    const oItemCounts = take(f.itemCounts, 2);
    const oSkillRecency = take(f.skillRecency, 4);
    const oTotalRecency = take(f.totalRecency, 2);
    const oAbility = take(f.ability, 2);
    const oGap = take(f.gap, 1);
    const items = d;
    const skills = items + (f.item ? nItems : 0);
    const slopes = skills + (f.skill ? nSkills : 0);
    const cols = slopes + (f.skillSlopes ? 2 * nSkills : 0);
    return {
      dense: d,
      oSkillCounts,
      oTotalCounts,
      oItemCounts,
      oSkillRecency,
      oTotalRecency,
      oAbility,
      oGap,
      items,
      skills,
      slopes,
      cols,
    };
  }

  newLearner(): LrState {
    return { u: new Float64Array(U_LEN), skills: new Map(), items: new Map() };
  }

  update(state: LrState, r: Response): void {
    this.advance(state, r, undefined);
  }

  /**
   * Success rate of an item in training, shrunk to the mean rate. `own` holds the learner's own
   * training responses per item [score sum, count], left out so that a training learner's
   * features, like a new learner's, never depend on their own answers.
   */
  private itemRate(item: string, own: Map<string, [number, number]> | undefined): number {
    const i = this.itemIndex.get(item);
    const a = 5,
      m = this.meanRate;
    if (i === undefined) return m;
    const mine = own?.get(item);
    const sum = this.itemSum[i]! - (mine ? mine[0] : 0),
      n = this.itemN[i]! - (mine ? mine[1] : 0);
    return (sum + a * m) / (n + a);
  }

  private advance(state: LrState, r: Response, own: Map<string, [number, number]> | undefined): void {
    const c = r.correct,
      o = 2 * c - 1,
      d = this.decay;
    const u = state.u;
    const pos = u[U_C]! + u[U_W]!;
    const res = this.features.ability ? c - this.itemRate(r.item, own) : 0;
    u[U_RES]! += res;
    u[U_C]! += c;
    u[U_W]! += 1 - c;
    u[U_LAST] = o;
    u[U_EMA] = d * u[U_EMA]! + (1 - d) * o;
    for (const s of r.skills) {
      let v = state.skills.get(s);
      if (!v) state.skills.set(s, (v = new Float64Array(S_LEN)));
      v[S_C]! += c;
      v[S_W]! += 1 - c;
      v[S_LAST] = o;
      v[S_EMA] = d * v[S_EMA]! + (1 - d) * o;
      v[S_RES]! += res;
      v[S_POS] = pos + 1;
      if (c >= 0.5) {
        v[S_RUN_C]!++;
        v[S_RUN_W] = 0;
      } else {
        v[S_RUN_W]!++;
        v[S_RUN_C] = 0;
      }
    }
    if (this.features.itemCounts) {
      let v = state.items.get(r.item);
      if (!v) state.items.set(r.item, (v = new Float64Array(I_LEN)));
      v[I_N]!++;
      v[I_LAST] = o;
    }
  }

  // reusable views of the skill counters of the query being encoded
  private sBuf: (ArrayLike<number> | undefined)[] = [];
  private sOff: number[] = [];

  /**
   * Writes the sparse features of the next response into eIdx/eVal and returns their number.
   * The learner counters are u[uo …]; the counters of skill i of `skills` are sBuf[i][sOff[i] …]
   * (undefined or all zero = not practised); itemVec/item describe the item, or item undefined
   * for a typical unattempted item (mastery). predict() and masteryBatch() both come here, so
   * training, online prediction and batch mastery use one definition of the features.
   */
  private encodeCore(
    u: ArrayLike<number>,
    uo: number,
    skills: readonly string[],
    item: string | undefined,
    itemVec: ArrayLike<number> | undefined,
  ): number {
    const L = this.layout,
      f = this.features;
    const dv = this.dv;
    const need = L.dense + 4 * skills.length + 2;
    if (need > this.eIdx.length) {
      this.eIdx = new Int32Array(need * 2);
      this.eVal = new Float64Array(need * 2);
    }
    const idx = this.eIdx,
      val = this.eVal;
    dv.fill(0, 0, L.dense);
    dv[0] = 1;
    const total = u[uo + U_C]! + u[uo + U_W]!;
    let k = L.dense; // sparse one-hots go after room for the dense block; compacted below
    for (let i = 0; i < skills.length; i++) {
      const v = this.sBuf[i],
        o = this.sOff[i]!;
      const c = v ? v[o + S_C]! : 0,
        w = v ? v[o + S_W]! : 0;
      const practised = c + w > 0;
      if (L.oSkillCounts >= 0) {
        dv[L.oSkillCounts]! += Math.log1p(c);
        dv[L.oSkillCounts + 1]! += Math.log1p(w);
      }
      if (practised && v) {
        if (L.oAbility >= 0) dv[L.oAbility + 1]! += v[o + S_RES]! / (c + w + 3);
        if (L.oGap >= 0) dv[L.oGap]! += Math.log1p(total - v[o + S_POS]!);
        if (L.oSkillRecency >= 0) {
          dv[L.oSkillRecency]! += v[o + S_LAST]!;
          dv[L.oSkillRecency + 1]! += v[o + S_EMA]!;
          dv[L.oSkillRecency + 2]! += Math.log1p(v[o + S_RUN_C]!);
          dv[L.oSkillRecency + 3]! += Math.log1p(v[o + S_RUN_W]!);
        }
      }
      const si = this.skillIndex.get(skills[i]!);
      if (si !== undefined) {
        if (f.skill) {
          idx[k] = L.skills + si;
          val[k++] = 1;
        }
        if (f.skillSlopes) {
          if (c) {
            idx[k] = L.slopes + 2 * si;
            val[k++] = Math.log1p(c);
          }
          if (w) {
            idx[k] = L.slopes + 2 * si + 1;
            val[k++] = Math.log1p(w);
          }
        }
      }
    }
    if (L.oAbility >= 0) dv[L.oAbility] = u[uo + U_RES]! / (total + 5);
    if (L.oTotalCounts >= 0) {
      dv[L.oTotalCounts] = Math.log1p(u[uo + U_C]!);
      dv[L.oTotalCounts + 1] = Math.log1p(u[uo + U_W]!);
    }
    if (L.oTotalRecency >= 0) {
      dv[L.oTotalRecency] = u[uo + U_LAST]!;
      dv[L.oTotalRecency + 1] = u[uo + U_EMA]!;
    }
    if (item !== undefined) {
      if (L.oItemCounts >= 0 && itemVec) {
        dv[L.oItemCounts] = Math.log1p(itemVec[I_N]!);
        dv[L.oItemCounts + 1] = itemVec[I_LAST]!;
      }
      if (f.item) {
        const ii = this.itemIndex.get(item);
        if (ii !== undefined) {
          idx[k] = L.items + ii;
          val[k++] = 1;
        }
      }
    }
    // compact: dense non-zeros first, then the sparse part
    let m = 0;
    for (let j = 0; j < L.dense; j++) {
      if (dv[j] !== 0) {
        idx[m] = j;
        val[m++] = dv[j]!;
      }
    }
    for (let t = L.dense; t < k; t++) {
      idx[m] = idx[t]!;
      val[m++] = val[t]!;
    }
    return m;
  }

  /** encodeCore for a learner state object; item undefined = typical unattempted item. */
  private encode(state: LrState, skills: readonly string[], item: string | undefined): number {
    for (let i = 0; i < skills.length; i++) {
      this.sBuf[i] = state.skills.get(skills[i]!);
      this.sOff[i] = 0;
    }
    return this.encodeCore(state.u, 0, skills, item, item === undefined ? undefined : state.items.get(item));
  }

  private dotW(n: number): number {
    let z = 0;
    for (let k = 0; k < n; k++) z += this.w[this.eIdx[k]!]! * this.eVal[k]!;
    return z;
  }

  predict(state: LrState, q: Query): number {
    return sigmoid(this.dotW(this.encode(state, q.skills, q.item)));
  }

  /**
   * Mastery = P(correct) of the learner's next response to a typical item of the skill that they
   * have not attempted: the item effect is integrated over the skill's items as practised in
   * training (mean m and variance v of their weights, weighted by responses), using
   * E[σ(z + e)] ≈ σ((z + m) / √(1 + π v / 8)) for e ~ N(m, v) (MacKay 1992).
   */
  mastery(state: LrState, skill: string): number {
    this.oneSkill[0] = skill;
    return this.typicalItem(this.dotW(this.encode(state, this.oneSkill, undefined)), skill);
  }

  private oneSkill: string[] = [''];

  /** σ of the linear score z integrated over the item effects of the skill's items. */
  private typicalItem(z: number, skill: string): number {
    const si = this.skillIndex.get(skill);
    const m = si === undefined ? this.globalItemStats[0] : this.skillItemStats[2 * si]!;
    const v = si === undefined ? this.globalItemStats[1] : this.skillItemStats[2 * si + 1]!;
    return sigmoid((z + m) / Math.sqrt(1 + (Math.PI * v) / 8));
  }

  /**
   * Mastery for many learners × skills at once, from counters stored in columns (as a table of
   * per-learner and per-(learner, skill) state would hold them). Same values as mastery().
   * Returns a learners × skills matrix (row-major).
   */
  masteryBatch(cols: LrStateColumns, out = new Float32Array(cols.learners * cols.skills.length)): Float32Array {
    // The linear score is encodeCore's, unrolled for one skill and no item: per skill constants
    // once, then per learner the learner terms, then per (learner, skill) the skill terms.
    // (The tests check that it equals mastery().)
    const L = this.layout,
      f = this.features,
      w = this.w;
    const nS = cols.skills.length;
    const at = (o: number, k: number) => (o >= 0 ? w[o + k]! : 0);
    const base = new Float64Array(nS),
      scale = new Float64Array(nS),
      slopeC = new Float64Array(nS),
      slopeW = new Float64Array(nS);
    cols.skills.forEach((skill, j) => {
      const si = this.skillIndex.get(skill);
      const m = si === undefined ? this.globalItemStats[0] : this.skillItemStats[2 * si]!;
      const v = si === undefined ? this.globalItemStats[1] : this.skillItemStats[2 * si + 1]!;
      base[j] = w[0]! + m + (si !== undefined && f.skill ? w[L.skills + si]! : 0);
      scale[j] = 1 / Math.sqrt(1 + (Math.PI * v) / 8);
      if (si !== undefined && f.skillSlopes) {
        slopeC[j] = w[L.slopes + 2 * si]!;
        slopeW[j] = w[L.slopes + 2 * si + 1]!;
      }
    });
    const wSc = at(L.oSkillCounts, 0),
      wSw = at(L.oSkillCounts, 1);
    const wTc = at(L.oTotalCounts, 0),
      wTw = at(L.oTotalCounts, 1);
    const wTl = at(L.oTotalRecency, 0),
      wTe = at(L.oTotalRecency, 1);
    const wAb = at(L.oAbility, 0),
      wSab = at(L.oAbility, 1),
      wGap = at(L.oGap, 0);
    const wSl = at(L.oSkillRecency, 0),
      wSe = at(L.oSkillRecency, 1),
      wRc = at(L.oSkillRecency, 2),
      wRw = at(L.oSkillRecency, 3);
    const { u, s } = cols;
    for (let l = 0; l < cols.learners; l++) {
      const uo = l * LR_LEARNER_STATE;
      const total = u[uo + U_C]! + u[uo + U_W]!;
      const zl =
        wTc * Math.log1p(u[uo + U_C]!) +
        wTw * Math.log1p(u[uo + U_W]!) +
        wTl * u[uo + U_LAST]! +
        wTe * u[uo + U_EMA]! +
        wAb * (u[uo + U_RES]! / (total + 5));
      for (let j = 0; j < nS; j++) {
        const o = (l * nS + j) * LR_SKILL_STATE;
        const c = s[o + S_C]!,
          wr = s[o + S_W]!;
        const lc = Math.log1p(c),
          lw = Math.log1p(wr);
        let z = base[j]! + zl + (wSc + slopeC[j]!) * lc + (wSw + slopeW[j]!) * lw;
        if (c + wr > 0) {
          z += wSab * (s[o + S_RES]! / (c + wr + 3)) + wGap * Math.log1p(total - s[o + S_POS]!);
          z +=
            wSl * s[o + S_LAST]! +
            wSe * s[o + S_EMA]! +
            wRc * Math.log1p(s[o + S_RUN_C]!) +
            wRw * Math.log1p(s[o + S_RUN_W]!);
        }
        out[l * nS + j] = sigmoid(z * scale[j]!);
      }
    }
    return out;
  }

  /** Copies learner states into the column layout of masteryBatch (for tests and tools). */
  static toColumns(states: readonly LrState[], skills: readonly string[]): LrStateColumns {
    const u = new Float64Array(states.length * LR_LEARNER_STATE);
    const s = new Float64Array(states.length * skills.length * LR_SKILL_STATE);
    states.forEach((st, l) => {
      u.set(st.u, l * LR_LEARNER_STATE);
      skills.forEach((k, j) => {
        const v = st.skills.get(k);
        if (v) s.set(v, (l * skills.length + j) * LR_SKILL_STATE);
      });
    });
    return { learners: states.length, skills, u, s };
  }

  /** Encodes training rows (each learner from a fresh state, in order) as CSR + labels. */
  encodeTraining(train: readonly Response[]): { X: Csr; y: Float64Array } {
    let cap = Math.max(16, train.length * 8);
    let idx = new Int32Array(cap),
      val = new Float64Array(cap);
    const ptr = new Int32Array(train.length + 1);
    const y = new Float64Array(train.length);
    let nnz = 0,
      r = 0;
    for (const rows of groupByUser(train).values()) {
      const state = this.newLearner();
      const own = new Map<string, [number, number]>();
      if (this.features.ability) {
        for (const i of rows) {
          const r0 = train[i]!;
          const e = own.get(r0.item);
          if (e) {
            e[0] += r0.correct;
            e[1]++;
          } else own.set(r0.item, [r0.correct, 1]);
        }
      }
      for (const i of rows) {
        const resp = train[i]!;
        const n = this.encode(state, resp.skills, resp.item);
        if (nnz + n > cap) {
          cap = Math.max(cap * 2, nnz + n);
          const ni = new Int32Array(cap),
            nv = new Float64Array(cap);
          ni.set(idx.subarray(0, nnz));
          nv.set(val.subarray(0, nnz));
          idx = ni;
          val = nv;
        }
        idx.set(this.eIdx.subarray(0, n), nnz);
        val.set(this.eVal.subarray(0, n), nnz);
        nnz += n;
        y[r] = resp.correct;
        ptr[++r] = nnz;
        this.advance(state, resp, own);
      }
    }
    return { X: { rows: r, cols: this.layout.cols, ptr, idx: idx.slice(0, nnz), val: val.slice(0, nnz) }, y };
  }

  /** Per-column L2 strengths for the current layout. */
  regularisation(): Float64Array {
    const L = this.layout,
      o = this.opts;
    const lam = new Float64Array(L.cols);
    lam.fill(o.l2Dense ?? 1e-2, 1, L.dense);
    lam.fill(o.l2Item ?? 1, L.items, L.skills);
    lam.fill(o.l2Skill ?? 1, L.skills, L.slopes);
    lam.fill(o.l2Slope ?? 10, L.slopes, L.cols);
    return lam;
  }

  fit(train: readonly Response[]): void {
    this.itemIndex = new Map();
    this.skillIndex = new Map();
    for (const r of train) {
      if (!this.itemIndex.has(r.item)) this.itemIndex.set(r.item, this.itemIndex.size);
      for (const s of r.skills) if (!this.skillIndex.has(s)) this.skillIndex.set(s, this.skillIndex.size);
    }
    this.itemSum = new Float64Array(this.itemIndex.size);
    this.itemN = new Float64Array(this.itemIndex.size);
    let total = 0;
    for (const r of train) {
      const i = this.itemIndex.get(r.item)!;
      this.itemSum[i]! += r.correct;
      this.itemN[i]!++;
      total += r.correct;
    }
    this.meanRate = train.length ? total / train.length : 0.5;
    this.layout = this.makeLayout(this.itemIndex.size, this.skillIndex.size);
    this.w = new Float64Array(this.layout.cols);
    const { X, y } = this.encodeTraining(train);
    let mean = 0;
    for (let i = 0; i < y.length; i++) mean += y[i]!;
    mean = y.length ? mean / y.length : 0.5;
    const w0 = new Float64Array(this.layout.cols);
    w0[0] = Math.log(Math.max(1e-3, mean) / Math.max(1e-3, 1 - mean));
    const lam = this.regularisation();
    // preconditioner: inverse of the Hessian diagonal at w0, λ_j + p̄(1 − p̄) Σ_r x_rj²
    const diag = new Float64Array(this.layout.cols);
    const v = Math.max(0.05, mean * (1 - mean));
    for (let k = 0; k < X.idx.length; k++) diag[X.idx[k]!]! += v * X.val[k]! * X.val[k]!;
    for (let j = 0; j < diag.length; j++) diag[j] = 1 / (diag[j]! + lam[j]! + 1e-6);
    const res = lbfgs(logisticObjective(X, y, lam), w0, {
      maxIter: this.opts.maxIter ?? 500,
      ftol: this.opts.ftol ?? 1e-8,
      gtol: 1e-4,
      diag,
    });
    this.w = res.x;
    this.lastFit = {
      iterations: res.iterations,
      evaluations: res.evaluations,
      converged: res.converged,
      objective: res.f,
      rows: X.rows,
      nnz: X.idx.length,
    };
    this.computeItemStats(train);
  }

  private computeItemStats(train: readonly Response[]): void {
    const nS = this.skillIndex.size;
    const sw = new Float64Array(nS),
      s1 = new Float64Array(nS),
      s2 = new Float64Array(nS);
    let gw = 0,
      g1 = 0,
      g2 = 0;
    for (const r of train) {
      const ii = this.itemIndex.get(r.item);
      const e = ii === undefined || !this.features.item ? 0 : this.w[this.layout.items + ii]!;
      gw++;
      g1 += e;
      g2 += e * e;
      for (const s of r.skills) {
        const si = this.skillIndex.get(s)!;
        sw[si]!++;
        s1[si]! += e;
        s2[si]! += e * e;
      }
    }
    this.skillItemStats = new Float64Array(2 * nS);
    for (let s = 0; s < nS; s++) {
      const m = sw[s] ? s1[s]! / sw[s]! : 0;
      this.skillItemStats[2 * s] = m;
      this.skillItemStats[2 * s + 1] = sw[s] ? Math.max(0, s2[s]! / sw[s]! - m * m) : 0;
    }
    const gm = gw ? g1 / gw : 0;
    this.globalItemStats = [gm, gw ? Math.max(0, g2 / gw - gm * gm) : 0];
  }

  /** Named weights of the shared (dense) features, for reports. */
  denseWeights(): Record<string, number> {
    const L = this.layout,
      out: Record<string, number> = { intercept: this.w[0]! };
    const put = (o: number, names: string[]) => {
      if (o >= 0) names.forEach((n, i) => (out[n] = this.w[o + i]!));
    };
    put(L.oSkillCounts, ['skillCorrect', 'skillWrong']);
    put(L.oTotalCounts, ['totalCorrect', 'totalWrong']);
    put(L.oItemCounts, ['itemAttempts', 'itemLast']);
    put(L.oSkillRecency, ['skillLast', 'skillEma', 'skillRunCorrect', 'skillRunWrong']);
    put(L.oTotalRecency, ['totalLast', 'totalEma']);
    put(L.oAbility, ['ability', 'skillAbility']);
    put(L.oGap, ['skillGap']);
    return out;
  }

  toJSON(): unknown {
    return {
      kind: 'lr',
      opts: this.opts,
      items: [...this.itemIndex.keys()],
      skills: [...this.skillIndex.keys()],
      w: Array.from(this.w),
      skillItemStats: Array.from(this.skillItemStats),
      globalItemStats: this.globalItemStats,
      itemSum: Array.from(this.itemSum),
      itemN: Array.from(this.itemN),
      meanRate: this.meanRate,
    };
  }

  static fromJSON(json: unknown): LrModel {
    const j = json as {
      opts: LrOptions;
      items: string[];
      skills: string[];
      w: number[];
      skillItemStats: number[];
      globalItemStats: [number, number];
      itemSum: number[];
      itemN: number[];
      meanRate: number;
    };
    const m = new LrModel(j.opts);
    m.itemIndex = new Map(j.items.map((x, i) => [x, i]));
    m.skillIndex = new Map(j.skills.map((x, i) => [x, i]));
    m.layout = m.makeLayout(m.itemIndex.size, m.skillIndex.size);
    m.w = Float64Array.from(j.w);
    m.skillItemStats = Float64Array.from(j.skillItemStats);
    m.globalItemStats = j.globalItemStats;
    m.itemSum = Float64Array.from(j.itemSum);
    m.itemN = Float64Array.from(j.itemN);
    m.meanRate = j.meanRate;
    return m;
  }

  stateToJSON(state: LrState): unknown {
    const arr = (m: Map<string, Float64Array>) => Object.fromEntries([...m].map(([k, v]) => [k, Array.from(v)]));
    return { u: Array.from(state.u), skills: arr(state.skills), items: arr(state.items) };
  }

  stateFromJSON(json: unknown): LrState {
    const j = json as { u: number[]; skills: Record<string, number[]>; items: Record<string, number[]> };
    const map = (o: Record<string, number[]>) => new Map(Object.entries(o).map(([k, v]) => [k, Float64Array.from(v)]));
    return { u: Float64Array.from(j.u), skills: map(j.skills), items: map(j.items) };
  }
}
