/**
 * Metrics for probabilistic predictions of binary outcomes. Labels may be partial scores in [0, 1]:
 * RMSE, log-loss and calibration use them as they are; AUC counts a label ≥ 0.5 as positive.
 */

/**
 * Area under the ROC curve by ranks (Mann–Whitney U); tied predictions get their average rank.
 * NaN when only one class is present.
 */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  if (p.length !== n) throw new Error('auc: y and p differ in length');
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const pp = Float64Array.from(p);
  order.sort((a, b) => pp[a]! - pp[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && pp[order[j]!] === pp[order[i]!]) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1 … j
    for (let k = i; k < j; k++) {
      if (y[order[k]!]! >= 0.5) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function rmse(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i]! - p[i]!;
    s += d * d;
  }
  return Math.sqrt(s / y.length);
}

/** Mean negative log-likelihood (natural log), predictions clipped to [eps, 1 − eps]. */
/** Pearson correlation of two equally long series (NaN when either is constant or empty). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]! / n;
    my += y[i]! / n;
  }
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = 1e-7): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    const t = y[i]!;
    s -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
  }
  return s / y.length;
}

export interface ReliabilityBin {
  /** Bin bounds [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  /** Mean prediction and mean outcome in the bin (NaN when empty). */
  meanPredicted: number;
  meanObserved: number;
}

/** Reliability table with `bins` equal-width bins over [0, 1]. */
export function reliability(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const q = p[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(q * bins)));
    count[b]!++;
    sp[b]! += q;
    sy[b]! += y[i]!;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: count[b]!,
    meanPredicted: count[b] ? sp[b]! / count[b] : NaN,
    meanObserved: count[b] ? sy[b]! / count[b] : NaN,
  }));
}

/** Expected calibration error: Σ_b (n_b / N) · |mean outcome_b − mean prediction_b| over equal-width bins. */
export function ece(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): number {
  let s = 0;
  for (const b of reliability(y, p, bins)) if (b.count) s += b.count * Math.abs(b.meanObserved - b.meanPredicted);
  return s / y.length;
}

export interface Metrics {
  n: number;
  auc: number;
  rmse: number;
  logLoss: number;
  ece: number;
  /** Accuracy at threshold 0.5. */
  accuracy: number;
}

export function evaluatePredictions(y: ArrayLike<number>, p: ArrayLike<number>): Metrics {
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (p[i]! >= 0.5 === y[i]! >= 0.5) hit++;
  return {
    n: y.length,
    auc: auc(y, p),
    rmse: rmse(y, p),
    logLoss: logLoss(y, p),
    ece: ece(y, p),
    accuracy: y.length ? hit / y.length : NaN,
  };
}
