/**
 * Item-based recommenders for implicit feedback (enrolments, completions), all of one shape: a
 * user's score for item i is
 *
 *     s(i) = Σ_{j ∈ user's items} W[j][i]  +  γ · pop(i) / max pop
 *
 * with an n × n item–item weight matrix W (zero diagonal) and an optional popularity term. Because
 * the score is a sum over the user's items, every recommendation can name the held item j with the
 * largest W[j][i] ("colleagues who took X also took Y"), and models mix linearly (`blendModels`).
 *
 * - popularity: W = 0, γ = 1 — the baseline, and the cold start for a user with no items.
 * - item-kNN (cosine): W[j][i] = C[j][i] / (√c_j·√c_i + shrink), C the co-occurrence counts XᵀX,
 *   c_j = C[j][j]; each row keeps its `neighbours` largest entries.
 * - EASE (Steck 2019, "Embarrassingly shallow autoencoders for sparse data"): the ridge regression
 *   of X on itself with a zero diagonal, min ‖X − XW‖² + Σ_j λ_j‖W_j‖² s.t. diag(W) = 0, whose
 *   closed form is W = I − P·diag(1/diag(P)), P = (XᵀX + Λ)⁻¹. With Λ = λI this is EASE; with
 *   λ_j = λ + ρ·C[j][j] it is the full-rank EDLAE of Steck 2020 ("Autoencoders that don't overfit
 *   towards the identity"; ρ = p/(1−p) for emphasised dropout probability p), which regularises
 *   popular items more.
 * - RP3beta (Paudel et al. 2017): a three-step random walk item → user → item, W[j][i] =
 *   (Σ_u X[u][j]·X[u][i] / (c_j·n_u))^α / c_i^β, each row keeping its `neighbours` largest entries.
 *
 * Users may be weighted in the Gram matrix (`userWeight`: a user holding n items counts n^−userWeight),
 * so that users with many items do not dominate the co-occurrences (on xuetangx it did not help: off
 * by default).
 */
import { itemCounts, itemsOf, type UserItems } from './data.ts';
import { invertSpd } from './linalg.ts';

export interface Recommendation {
  item: number;
  score: number;
}

export interface RecommendOptions {
  /** Items never to return (besides the user's own items, which are always left out). */
  exclude?: Iterable<number>;
  /**
   * A per-item score added to the model's (e.g. gap-based content matching), multiplied by
   * `extraWeight` (default 1). Its length must be the number of items; NaN counts as 0.
   */
  extraScores?: ArrayLike<number>;
  extraWeight?: number;
  /**
   * The scores for a user with no items (cold start), e.g. the popularity among the user's
   * position or department peers; default: the model's popularity over all users.
   */
  coldStart?: ArrayLike<number>;
}

/** Why an item is recommended: the user's held item that contributed most to its score. */
export interface Explanation {
  /** The user's item j with the largest W[j][item]. */
  because: number;
  /** Its contribution W[j][item]. */
  contribution: number;
  /** Its share of the summed positive contributions of the user's items (0…1). */
  share: number;
}

export interface ItemModelParts {
  name: string;
  items: number;
  /** Row-major n × n weights (W[j][i] at j·n + i), or null for none (popularity only). */
  weights: Float64Array | null;
  /** Number of training users holding each item. */
  popularity: Float64Array;
  /** Weight γ of the normalised popularity pop(i) / max pop in every score (default 0). */
  popularityWeight?: number;
}

/** A fitted recommender (see the file comment for the scoring rule). Immutable after fitting. */
export class ItemModel {
  readonly name: string;
  readonly items: number;
  readonly weights: Float64Array | null;
  readonly popularity: Float64Array;
  readonly popularityWeight: number;
  /** popularityWeight · pop(i) / max pop, precomputed (null when the weight is 0). */
  private readonly popTerm: Float64Array | null;

  constructor(p: ItemModelParts) {
    if (p.weights && p.weights.length !== p.items * p.items)
      throw new Error(`ItemModel: expected ${p.items}² weights, got ${p.weights.length}`);
    if (p.popularity.length !== p.items) throw new Error('ItemModel: popularity has the wrong length');
    this.name = p.name;
    this.items = p.items;
    this.weights = p.weights;
    this.popularity = p.popularity;
    this.popularityWeight = p.popularityWeight ?? 0;
    this.popTerm = this.popularityWeight !== 0 ? scaleToMax(p.popularity, this.popularityWeight) : null;
  }

  /**
   * The model's score of every item for a user holding `userItems` (item indices; out-of-range
   * indices are ignored), written into `out` (allocated when not given). The user's own items get
   * scores too; `recommend` leaves them out.
   */
  scores(userItems: ArrayLike<number>, out: Float64Array = new Float64Array(this.items)): Float64Array {
    const n = this.items;
    if (this.popTerm) out.set(this.popTerm);
    else out.fill(0);
    const w = this.weights;
    if (!w) return out;
    for (let k = 0; k < userItems.length; k++) {
      const j = userItems[k]!;
      if (!(j >= 0 && j < n)) continue;
      const o = j * n;
      for (let i = 0; i < n; i++) out[i]! += w[o + i]!;
    }
    return out;
  }

  /**
   * The k best items for a user holding `userItems`, best first: never one of the user's items
   * nor an excluded one. A user with no (known) items gets `coldStart` (default: popularity).
   * Ties go to the more popular item, then to the lower index, so results are deterministic.
   */
  recommend(userItems: ArrayLike<number>, k: number, opts: RecommendOptions = {}): Recommendation[] {
    const n = this.items;
    let known = 0;
    for (let q = 0; q < userItems.length; q++) if (userItems[q]! >= 0 && userItems[q]! < n) known++;
    let s: Float64Array;
    if (known === 0) {
      const cold = opts.coldStart ?? this.popularity;
      if (cold.length !== n) throw new Error(`recommend: coldStart has ${cold.length} entries, expected ${n}`);
      s = Float64Array.from(cold);
    } else s = this.scores(userItems);
    const extra = opts.extraScores;
    if (extra) {
      if (extra.length !== n) throw new Error(`recommend: extraScores has ${extra.length} entries, expected ${n}`);
      const wx = opts.extraWeight ?? 1;
      for (let i = 0; i < n; i++) {
        const e = extra[i]!;
        if (e === e) s[i]! += wx * e;
      }
    }
    for (let q = 0; q < userItems.length; q++) {
      const j = userItems[q]!;
      if (j >= 0 && j < n) s[j] = -Infinity;
    }
    if (opts.exclude) for (const j of opts.exclude) if (j >= 0 && j < n) s[j] = -Infinity;
    return topK(s, k, this.popularity);
  }

  /**
   * The user's item that contributed most to `item`'s score (largest W[j][item] > 0), or null when
   * none contributed positively (popularity, cold start, or no co-occurrence).
   */
  explain(userItems: ArrayLike<number>, item: number): Explanation | null {
    const w = this.weights;
    const n = this.items;
    if (!w || !(item >= 0 && item < n)) return null;
    let best = -1,
      bestW = 0,
      total = 0;
    for (let q = 0; q < userItems.length; q++) {
      const j = userItems[q]!;
      if (!(j >= 0 && j < n) || j === item) continue;
      const x = w[j * n + item]!;
      if (x > 0) total += x;
      if (x > bestW || (x === bestW && x > 0 && j < best)) {
        best = j;
        bestW = x;
      }
    }
    return best < 0 ? null : { because: best, contribution: bestW, share: bestW / total };
  }
}

/**
 * The k largest entries of s, best first; −Infinity and NaN are never returned. Ties go to the
 * larger `tieBreak` value (e.g. popularity, so that items a model cannot tell apart come in order of
 * popularity), then to the lower index.
 */
export function topK(s: ArrayLike<number>, k: number, tieBreak?: ArrayLike<number>): Recommendation[] {
  const n = s.length;
  k = Math.max(0, Math.min(k, n));
  // a sorted buffer of the best k so far
  const idx = new Int32Array(k);
  const val = new Float64Array(k);
  const tie = new Float64Array(k);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = s[i]!;
    if (!(v > -Infinity)) continue;
    const t = tieBreak ? tieBreak[i]! : 0;
    // i comes after every entry with the same (score, tie), as its index is larger
    if (m === k && !(v > val[k - 1]! || (v === val[k - 1]! && t > tie[k - 1]!))) continue;
    let p = m < k ? m++ : k - 1;
    while (p > 0 && (val[p - 1]! < v || (val[p - 1]! === v && tie[p - 1]! < t))) {
      val[p] = val[p - 1]!;
      tie[p] = tie[p - 1]!;
      idx[p] = idx[p - 1]!;
      p--;
    }
    val[p] = v;
    tie[p] = t;
    idx[p] = i;
  }
  const out: Recommendation[] = [];
  for (let q = 0; q < m; q++) out.push({ item: idx[q]!, score: val[q]! });
  return out;
}

function scaleToMax(x: Float64Array, weight: number): Float64Array {
  let max = 0;
  for (let i = 0; i < x.length; i++) if (x[i]! > max) max = x[i]!;
  const out = new Float64Array(x.length);
  if (max > 0) for (let i = 0; i < x.length; i++) out[i] = (weight * x[i]!) / max;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fitting

export interface GramOptions {
  /** Weight of a user holding n items in the Gram matrix: n^−userWeight (default 0: every user 1). */
  userWeight?: number;
}

/**
 * The (weighted) co-occurrence matrix G = Xᵀ·D·X, n × n row-major, D = diag(n_u^−userWeight):
 * G[j][i] = Σ_u d_u·X[u][j]·X[u][i]; the diagonal holds the (weighted) item counts.
 */
export function gramMatrix(m: UserItems, opts: GramOptions = {}): Float64Array {
  const n = m.items;
  const g = new Float64Array(n * n);
  const power = opts.userWeight ?? 0;
  for (let u = 0; u < m.users; u++) {
    const row = itemsOf(m, u);
    const len = row.length;
    if (len === 0) continue;
    const d = power === 0 ? 1 : Math.pow(len, -power);
    for (let a = 0; a < len; a++) {
      const o = row[a]! * n;
      for (let b = 0; b < len; b++) g[o + row[b]!]! += d;
    }
  }
  return g;
}

/** Popularity: the number of users holding each item. */
export function fitPopularity(m: UserItems): ItemModel {
  return new ItemModel({
    name: 'popularity',
    items: m.items,
    weights: null,
    popularity: itemCounts(m),
    popularityWeight: 1,
  });
}

export interface ItemKnnOptions extends GramOptions {
  /** Neighbours kept per item (default 100; 0 = all). */
  neighbours?: number;
  /** Shrinkage added to the cosine's denominator (default 0). */
  shrink?: number;
}

/** Item-kNN with cosine similarity on the co-occurrences (see the file comment). */
export function fitItemKnn(m: UserItems, opts: ItemKnnOptions = {}): ItemModel {
  const n = m.items;
  const g = gramMatrix(m, opts);
  const shrink = opts.shrink ?? 0;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) norm[i] = Math.sqrt(g[i * n + i]!);
  for (let j = 0; j < n; j++) {
    const o = j * n;
    for (let i = 0; i < n; i++) {
      const den = norm[j]! * norm[i]! + shrink;
      g[o + i] = i === j || den === 0 ? 0 : g[o + i]! / den;
    }
  }
  keepTopPerRow(g, n, opts.neighbours ?? 100);
  return new ItemModel({ name: 'item-knn', items: n, weights: g, popularity: itemCounts(m) });
}

export interface EaseOptions extends GramOptions {
  /** The L2 regularisation λ added to every item's diagonal (default 100). */
  lambda?: number;
  /** ρ: adds ρ · G[j][j] to item j's diagonal (EDLAE's emphasised dropout, ρ = p/(1−p); default 0). */
  diagonalWeight?: number;
}

/** EASE / full-rank EDLAE (see the file comment): W = I − P·diag(1/diag(P)), P = (G + Λ)⁻¹. */
export function fitEase(m: UserItems, opts: EaseOptions = {}): ItemModel {
  const n = m.items;
  const p = gramMatrix(m, opts);
  const lambda = opts.lambda ?? 100;
  const rho = opts.diagonalWeight ?? 0;
  if (!(lambda > 0)) throw new Error('fitEase: lambda must be positive');
  for (let i = 0; i < n; i++) p[i * n + i] = p[i * n + i]! * (1 + rho) + lambda;
  invertSpd(p, n);
  // W[j][i] = −P[j][i] / P[i][i] for i ≠ j, 0 on the diagonal
  const dinv = new Float64Array(n);
  for (let i = 0; i < n; i++) dinv[i] = 1 / p[i * n + i]!;
  for (let j = 0; j < n; j++) {
    const o = j * n;
    for (let i = 0; i < n; i++) p[o + i] = i === j ? 0 : -p[o + i]! * dinv[i]!;
  }
  return new ItemModel({ name: rho > 0 ? 'edlae' : 'ease', items: n, weights: p, popularity: itemCounts(m) });
}

export interface Rp3betaOptions {
  /** Exponent α of the transition probabilities (default 1). */
  alpha?: number;
  /** Popularity penalty β: divides by c_i^β (default 0.5). */
  beta?: number;
  /** Neighbours kept per item (default 100; 0 = all). */
  neighbours?: number;
}

/** RP3beta (see the file comment). */
export function fitRp3beta(m: UserItems, opts: Rp3betaOptions = {}): ItemModel {
  const n = m.items;
  const w = gramMatrix(m, { userWeight: 1 }); // Σ_u X[u][j]·X[u][i] / n_u
  const pop = itemCounts(m);
  const alpha = opts.alpha ?? 1,
    beta = opts.beta ?? 0.5;
  for (let j = 0; j < n; j++) {
    const o = j * n;
    for (let i = 0; i < n; i++) {
      if (i === j || pop[j] === 0 || pop[i] === 0) {
        w[o + i] = 0;
        continue;
      }
      const t = w[o + i]! / pop[j]!;
      w[o + i] = (alpha === 1 ? t : Math.pow(t, alpha)) / Math.pow(pop[i]!, beta);
    }
  }
  keepTopPerRow(w, n, opts.neighbours ?? 100);
  return new ItemModel({ name: 'rp3beta', items: n, weights: w, popularity: pop });
}

/** Zeroes all but the `keep` largest entries of every row (0 = keep all). */
function keepTopPerRow(w: Float64Array, n: number, keep: number): void {
  if (keep <= 0 || keep >= n) return;
  const buf = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const row = w.subarray(j * n, (j + 1) * n);
    buf.set(row);
    buf.sort();
    const threshold = buf[n - keep]!; // the keep-th largest
    let ties = 0;
    for (let i = n - keep; i < n && buf[i] === threshold; i++) ties++; // how many ties fit in
    for (let i = 0; i < n; i++) {
      const x = row[i]!;
      if (x < threshold) row[i] = 0;
      else if (x === threshold) {
        if (ties > 0) ties--;
        else row[i] = 0;
      }
    }
  }
}

export interface BlendPart {
  model: ItemModel;
  weight: number;
}

/**
 * The linear blend Σ weight·model: weights and popularity terms add up. Every part must have the
 * same number of items; the popularity vector is the first part's.
 */
export function blendModels(parts: readonly BlendPart[], name = 'blend'): ItemModel {
  if (parts.length === 0) throw new Error('blendModels: nothing to blend');
  const n = parts[0]!.model.items;
  let w: Float64Array | null = null;
  let gamma = 0;
  for (const { model, weight } of parts) {
    if (model.items !== n) throw new Error('blendModels: the models differ in their number of items');
    gamma += weight * model.popularityWeight;
    if (!model.weights || weight === 0) continue;
    w ??= new Float64Array(n * n);
    const mw = model.weights;
    for (let k = 0; k < mw.length; k++) w[k]! += weight * mw[k]!;
  }
  return new ItemModel({ name, items: n, weights: w, popularity: parts[0]!.model.popularity, popularityWeight: gamma });
}
