import { describe, expect, it } from 'vitest';
import { pearson as corr, rmse } from '../metrics.ts';
import { calibrate2pl, calibrateResponses, eapTheta, mleTheta, prob2pl, simulate2pl } from './twopl.ts';


describe('2PL', () => {
  it('P(correct) is the logistic of a(θ − b) without the 1.7 constant', () => {
    expect(prob2pl(1, 1, 1)).toBe(0.5);
    expect(prob2pl(1, 2, 0)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
  });

  it('calibration recovers simulated item parameters (200 items, 2,000 persons × 100 items each)', () => {
    const sim = simulate2pl({ persons: 2000, items: 200, perPerson: 100, seed: 7 });
    const fit = calibrate2pl(sim);
    const cb = corr(sim.b, fit.b);
    const ca = corr(sim.a, fit.a);
    expect(fit.converged).toBe(true);
    expect(cb).toBeGreaterThan(0.95);
    expect(ca).toBeGreaterThan(0.8);
    expect(rmse(sim.b, fit.b)).toBeLessThan(0.2);
    expect(rmse(sim.a, fit.a)).toBeLessThan(0.15);
  });

  it('keeps estimates finite for items answered all correctly or all wrongly', () => {
    const responses = [];
    for (let p = 0; p < 50; p++) {
      responses.push({ person: `p${p}`, item: 'easy', score: 1 as const });
      responses.push({ person: `p${p}`, item: 'hard', score: 0 as const });
      responses.push({ person: `p${p}`, item: 'mid', score: (p % 2) as 0 | 1 });
    }
    const r = calibrateResponses(responses);
    expect(r.items.map((i) => i.item)).toEqual(['easy', 'hard', 'mid']);
    for (const it of r.items) {
      expect(Number.isFinite(it.a) && it.a > 0).toBe(true);
      expect(Number.isFinite(it.b)).toBe(true);
    }
    expect(r.items[0]!.b).toBeLessThan(-1);
    expect(r.items[1]!.b).toBeGreaterThan(1);
  });

  it('EAP and MLE estimate θ from many responses', () => {
    const sim = simulate2pl({ persons: 1, items: 400, seed: 3, a: new Float64Array(400).fill(1.5) });
    const sc = new Float64Array(400);
    const a = new Float64Array(400);
    const b = new Float64Array(400);
    for (let k = 0; k < 400; k++) {
      const i = sim.item[k]!;
      sc[k] = sim.score[k]!;
      a[k] = sim.a[i]!;
      b[k] = sim.b[i]!;
    }
    const eap = eapTheta(a, b, sc);
    const mle = mleTheta(a, b, sc);
    expect(Math.abs(eap.theta - sim.theta[0]!)).toBeLessThan(3 * eap.se);
    expect(Math.abs(mle.theta - sim.theta[0]!)).toBeLessThan(3 * mle.se);
    expect(eap.se).toBeLessThan(0.15);
    expect(eapTheta([], [], []).se).toBeCloseTo(1, 2);
  });
});
