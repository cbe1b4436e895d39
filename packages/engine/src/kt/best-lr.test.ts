import { describe, expect, it } from 'vitest';
import { lbfgs } from '../optim.ts';
import { mulberry32 } from '../random.ts';
import { LR_PLUS_FEATURES, LrModel, logisticObjective, type Csr } from './best-lr.ts';
import { simulateLearners } from './simulate.ts';
import { predictAll } from './types.ts';
import { auc } from '../metrics.ts';

function randomProblem(seed: number, rows = 60, cols = 12) {
  const r = mulberry32(seed);
  const ptr = [0],
    idx: number[] = [],
    val: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (j === 0 || r() < 0.3) {
        idx.push(j);
        val.push(j === 0 ? 1 : r() * 4 - 2);
      }
    }
    ptr.push(idx.length);
  }
  const X: Csr = { rows, cols, ptr: Int32Array.from(ptr), idx: Int32Array.from(idx), val: Float64Array.from(val) };
  const y = Float64Array.from({ length: rows }, () => (r() < 0.5 ? 1 : r() < 0.5 ? 0 : 0.3));
  const lambda = Float64Array.from({ length: cols }, (_, j) => (j === 0 ? 0 : 0.5 + j / 10));
  const w = Float64Array.from({ length: cols }, () => r() * 2 - 1);
  return { X, y, lambda, w };
}

const sim = () =>
  simulateLearners({
    learners: 150,
    steps: 40,
    skills: [
      { pL0: 0.2, pT: 0.15, pS: 0.1, pG: 0.2, pF: 0 },
      { pL0: 0.5, pT: 0.05, pS: 0.05, pG: 0.25, pF: 0 },
      { pL0: 0.1, pT: 0.3, pS: 0.15, pG: 0.1, pF: 0 },
    ],
    itemSpread: 1,
    seed: 9,
  });

describe('logistic regression (Best-LR)', () => {
  it('gradient of the regularised log-loss matches central finite differences', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y, lambda, w } = randomProblem(seed);
      const fg = logisticObjective(X, y, lambda);
      const g = new Float64Array(w.length);
      fg(w, g);
      const h = 1e-6,
        tmp = new Float64Array(w.length);
      for (let j = 0; j < w.length; j++) {
        const wp = Float64Array.from(w),
          wm = Float64Array.from(w);
        wp[j]! += h;
        wm[j]! -= h;
        const fd = (fg(wp, tmp) - fg(wm, tmp)) / (2 * h);
        expect(Math.abs(fd - g[j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('L-BFGS reaches a stationary point (with and without a preconditioner)', () => {
    const { X, y, lambda } = randomProblem(4, 200, 15);
    const fg = logisticObjective(X, y, lambda);
    const a = lbfgs(fg, new Float64Array(15), { gtol: 1e-8, ftol: 0 });
    const b = lbfgs(fg, new Float64Array(15), { gtol: 1e-8, ftol: 0, diag: new Float64Array(15).fill(0.1) });
    expect(a.converged && b.converged).toBe(true);
    for (let j = 0; j < 15; j++) expect(a.x[j]).toBeCloseTo(b.x[j]!, 5);
  });

  it('fits simulated learners, handles unseen items and skills, and round-trips through JSON', () => {
    const rows = sim();
    const train = rows.filter((r) => Number(r.user.slice(1)) < 100);
    const test = rows.filter((r) => Number(r.user.slice(1)) >= 100);
    for (const features of [{}, LR_PLUS_FEATURES]) {
      const m = new LrModel({ features });
      m.fit(train);
      const p = predictAll(m, test);
      expect(
        auc(
          test.map((r) => r.correct),
          p,
        ),
      ).toBeGreaterThan(0.7);
      const s = m.newLearner();
      expect(m.predict(s, { item: 'new-item', skills: ['new-skill'] })).toBeGreaterThan(0);
      m.update(s, { user: 'x', item: 'new-item', skills: ['new-skill'], correct: 1, t: 0 });
      m.update(s, { user: 'x', item: 's0-i1', skills: ['s0'], correct: 0, t: 0 });
      const back = LrModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      const s2 = back.stateFromJSON(JSON.parse(JSON.stringify(m.stateToJSON(s))));
      for (const q of [
        { item: 's0-i1', skills: ['s0'] },
        { item: 's1-i2', skills: ['s1', 's2'] },
        { item: 'zz', skills: ['new-skill'] },
      ]) {
        expect(back.predict(s2, q)).toBeCloseTo(m.predict(s, q), 12);
      }
      expect(back.mastery(s2, 's1')).toBeCloseTo(m.mastery(s, 's1'), 12);
    }
  });

  it.each([
    ['Best-LR', {}],
    ['lr+', LR_PLUS_FEATURES],
  ])('batch mastery from stored columns equals mastery() of each learner (%s)', (_name, features) => {
    const rows = sim();
    const m = new LrModel({ features });
    m.fit(rows.filter((r) => Number(r.user.slice(1)) < 100));
    const learners = ['u100', 'u101', 'u102'].map((u) => {
      const s = m.newLearner();
      for (const r of rows) if (r.user === u) m.update(s, r);
      return s;
    });
    learners.push(m.newLearner());
    const skills = ['s0', 's1', 's2', 'unknown'];
    const K = m.masteryBatch(LrModel.toColumns(learners, skills));
    learners.forEach((s, l) =>
      skills.forEach((k, j) => expect(K[l * skills.length + j]).toBeCloseTo(m.mastery(s, k), 5)),
    );
    // more practice with correct answers raises mastery
    const s = m.newLearner();
    const m0 = m.mastery(s, 's0');
    for (let i = 0; i < 5; i++) m.update(s, { user: 'x', item: `s0-i${i}`, skills: ['s0'], correct: 1, t: 0 });
    expect(m.mastery(s, 's0')).toBeGreaterThan(m0);
  });

  it('an update touches only the counters of the response’s skills and item', () => {
    const m = new LrModel({ features: { ...LR_PLUS_FEATURES, itemCounts: true, gap: true } });
    m.fit(sim());
    const s = m.newLearner();
    m.update(s, { user: 'x', item: 's1-i0', skills: ['s1'], correct: 1, t: 0 });
    const before = Array.from(s.skills.get('s1')!);
    m.update(s, { user: 'x', item: 's0-i0', skills: ['s0'], correct: 0, t: 0 });
    expect(Array.from(s.skills.get('s1')!)).toEqual(before);
    expect([...s.skills.keys()].sort()).toEqual(['s0', 's1']);
    expect([...s.items.keys()].sort()).toEqual(['s0-i0', 's1-i0']);
  });
});
