import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { CatSession, ExposureTracker, selectNextItem, type CatBank, type CatOptions } from './cat.ts';
import { gaussian, info2pl, prob2pl } from './twopl.ts';

function bank(n: number, seed: number): CatBank {
  const rand = mulberry32(seed);
  return {
    a: Float64Array.from({ length: n }, () => Math.exp(0.3 * gaussian(rand)) + 0.3),
    b: Float64Array.from({ length: n }, () => 1.3 * gaussian(rand)),
  };
}

/** Runs adaptive tests on simulated examinees; returns their true and estimated θ, SEs and lengths. */
function simulate(bk: CatBank, examinees: number, o: CatOptions, seed: number) {
  const rand = mulberry32(seed);
  const out: { theta: number; est: number; se: number; length: number; reason: string | null }[] = [];
  for (let e = 0; e < examinees; e++) {
    const theta = gaussian(rand);
    const s = new CatSession(bk, { ...o, seed: seed * 1000 + e });
    for (let i = s.next(); i !== null; i = s.next()) {
      s.record(i, rand() < prob2pl(theta, bk.a[i]!, bk.b[i]!) ? 1 : 0);
    }
    out.push({ theta, est: s.theta, se: s.se, length: s.items.length, reason: s.stopReason });
  }
  return out;
}

describe('CAT', () => {
  it('selects the most informative eligible item', () => {
    const bk: CatBank = { a: Float64Array.of(1, 2, 1, 0.5), b: Float64Array.of(0, 0.1, 2, 0) };
    expect(selectNextItem(bk, 0)).toBe(1);
    expect(selectNextItem(bk, 0, { used: [0, 1, 0, 0] })).toBe(0);
    expect(selectNextItem(bk, 2, { used: [0, 1, 0, 0] })).toBe(2);
    expect(selectNextItem(bk, 0, { eligible: (i) => i >= 2 })).toBe(3 - (info2pl(0, 1, 2) > info2pl(0, 0.5, 0) ? 1 : 0));
    expect(selectNextItem(bk, 0, { used: [1, 1, 1, 1] })).toBe(-1);
    const picks = new Set<number>();
    const rand = mulberry32(2);
    for (let t = 0; t < 50; t++) picks.add(selectNextItem(bk, 0, { topK: 2, rand }));
    expect([...picks].sort()).toEqual([0, 1]);
  });

  it('reaches the SE threshold and estimates θ within tolerance on simulated examinees', () => {
    const bk = bank(500, 11);
    const res = simulate(bk, 300, { seThreshold: 0.3, minItems: 5, maxItems: 60, topK: 3 }, 4);
    const reachedSe = res.filter((r) => r.reason === 'se');
    expect(reachedSe.length / res.length).toBeGreaterThan(0.95);
    for (const r of reachedSe) expect(r.se).toBeLessThanOrEqual(0.3);
    const rmse = Math.sqrt(res.reduce((s, r) => s + (r.est - r.theta) ** 2, 0) / res.length);
    const bias = res.reduce((s, r) => s + (r.est - r.theta), 0) / res.length;
    const meanLen = res.reduce((s, r) => s + r.length, 0) / res.length;
    expect(rmse).toBeLessThan(0.4);
    expect(Math.abs(bias)).toBeLessThan(0.1);
    expect(meanLen).toBeLessThan(30);
    expect(Math.min(...res.map((r) => r.length))).toBeGreaterThanOrEqual(5);
  });

  it('stops at the maximum length', () => {
    const bk = bank(100, 3);
    const res = simulate(bk, 20, { seThreshold: 0.01, maxItems: 8 }, 9);
    for (const r of res) {
      expect(r.length).toBe(8);
      expect(r.reason).toBe('max-items');
    }
  });

  it('exposure control caps the most used item', () => {
    const bk = bank(300, 5);
    const maxRate = (o: CatOptions) => {
      const exposure = new ExposureTracker(300);
      simulate(bk, 200, { seThreshold: 0.35, maxItems: 20, ...o, exposure }, 6);
      return Math.max(...exposure.counts) / exposure.examinees;
    };
    const none = maxRate({ topK: 1 });
    const capped = maxRate({ topK: 1, maxExposure: 0.25 });
    const randomesque = maxRate({ topK: 8 });
    expect(none).toBeGreaterThan(0.9); // the first item is always the same
    expect(capped).toBeLessThanOrEqual(0.25 + 1 / 200);
    expect(randomesque).toBeLessThan(0.7); // top-8 randomesque spreads the first items
  });

  it('respects a content-constraint hook', () => {
    const bk = bank(200, 8);
    const s = new CatSession(bk, { maxItems: 10, eligible: (i) => i % 2 === 0 });
    for (let i = s.next(); i !== null; i = s.next()) s.record(i, 1);
    expect(s.items.every((i) => i % 2 === 0)).toBe(true);
  });

  it('selects the next item in a bank of 1,000 in well under 5 ms', () => {
    const bk = bank(1000, 12);
    const used = new Uint8Array(1000);
    for (let i = 0; i < 1000; i += 37) used[i] = 1;
    const rand = mulberry32(1);
    const t0 = performance.now();
    for (let t = 0; t < 1000; t++) selectNextItem(bk, gaussian(rand), { used, topK: 5, rand });
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
  });
});
