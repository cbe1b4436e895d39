import { describe, expect, it } from 'vitest';
import { auc, ece, evaluatePredictions, logLoss, reliability, rmse, pearson } from './metrics.ts';

// Hand-computed case: positives at 0.9, 0.8, 0.1; negatives at 0.8, 0.3.
const y = [1, 0, 1, 0, 1];
const p = [0.9, 0.8, 0.8, 0.3, 0.1];

describe('metrics', () => {
  it('AUC counts ordered pairs, ties as one half', () => {
    // pairs (pos, neg): (.9,.8) 1, (.9,.3) 1, (.8,.8) ½, (.8,.3) 1, (.1,.8) 0, (.1,.3) 0 → 3.5 / 6
    expect(auc(y, p)).toBeCloseTo(3.5 / 6, 12);
    expect(auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(auc([1, 1], [0.1, 0.2])).toBeNaN();
  });

  it('AUC agrees with the pair count on random data with many ties', () => {
    let seed = 3;
    const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const yy = Array.from({ length: 300 }, () => (r() < 0.4 ? 1 : 0));
    const pp = Array.from({ length: 300 }, () => Math.round(r() * 10) / 10);
    let s = 0,
      n = 0;
    for (let i = 0; i < 300; i++)
      for (let j = 0; j < 300; j++) {
        if (yy[i] === 1 && yy[j] === 0) {
          n++;
          s += pp[i]! > pp[j]! ? 1 : pp[i] === pp[j] ? 0.5 : 0;
        }
      }
    expect(auc(yy, pp)).toBeCloseTo(s / n, 12);
  });

  it('ECE is the count-weighted gap between outcome and prediction per bin', () => {
    // bins: .9 → |1 − .9| ×1; .8 (×2) → |.5 − .8| ×2; .3 → .3; .1 → .9; (0.1 + 0.6 + 0.3 + 0.9) / 5
    expect(ece(y, p)).toBeCloseTo(1.9 / 5, 12);
    const table = reliability(y, p);
    expect(table).toHaveLength(10);
    expect(table[8]).toMatchObject({ count: 2, meanObserved: 0.5 });
    expect(table[8]!.meanPredicted).toBeCloseTo(0.8, 12);
    expect(table[0]!.count).toBe(0);
    expect(reliability([1], [1])[9]!.count).toBe(1); // p = 1 falls in the last bin
    expect(ece([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0);
  });

  it('RMSE and log-loss', () => {
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt((0.01 + 0.64 + 0.04 + 0.09 + 0.81) / 5), 12);
    expect(logLoss(y, p)).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.2) + Math.log(0.8) + Math.log(0.7) + Math.log(0.1)) / 5,
      12,
    );
    // clipped: a confident wrong prediction costs −log(eps), not infinity
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 6);
    const m = evaluatePredictions(y, p);
    expect(m.n).toBe(5);
    expect(m.accuracy).toBeCloseTo(3 / 5, 12); // .9✓ .8✗ .8✓ .3✓ .1✗
  });
});

describe('pearson', () => {
  it('is 1 for a positive linear relation, -1 for a negative one, and matches a hand-computed case', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1,2,3,4; y = 1,3,2,4: sxy = 4, sxx = syy = 5 → 0.8
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
  });
});
