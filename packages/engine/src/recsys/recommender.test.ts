import { describe, expect, it } from 'vitest';
import { itemsOf, userItemMatrix, type UserItems } from './data.ts';
import { evaluateHoldout, leaveOneOut } from './evaluate.ts';
import { fitEase, fitPopularity, fitRp3beta } from './models.ts';
import {
  blendEdlaeRp3,
  DEFAULT_RECOMMENDER_CONFIG,
  fitRecommender,
  meanAbsWeight,
  tuneRecommender,
} from './recommender.ts';
import { mulberry32 } from '../random.ts';

/** Users in four taste groups of eight items each, with some noise. */
function groups(users: number, seed: number): UserItems {
  const rand = mulberry32(seed);
  const user: number[] = [],
    item: number[] = [];
  for (let u = 0; u < users; u++) {
    const g = u % 4;
    const n = 2 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      user.push(u);
      item.push(rand() < 0.85 ? g * 8 + Math.floor(rand() * 8) : Math.floor(rand() * 32));
    }
  }
  return userItemMatrix({ user, item }, { users, items: 32 });
}

describe('leaveOneOut and evaluateHoldout', () => {
  it('holds out one item of each user with ≥ 3 items, reproducibly by seed', () => {
    const m = groups(200, 1);
    const a = leaveOneOut(m, { seed: 5 });
    const b = leaveOneOut(m, { seed: 5 });
    expect(a).toEqual(b);
    expect(leaveOneOut(m, { seed: 6 }).heldOut).not.toEqual(a.heldOut);
    let eligible = 0;
    for (let u = 0; u < m.users; u++) {
      const all = itemsOf(m, u);
      const train = itemsOf(a.train, u);
      const q = a.users.indexOf(u);
      if (all.length >= 3) {
        eligible++;
        expect(q).toBeGreaterThanOrEqual(0);
        expect(train.length).toBe(all.length - 1);
        expect(Array.from(all)).toContain(a.heldOut[q]);
        expect(Array.from(train)).not.toContain(a.heldOut[q]);
      } else {
        expect(q).toBe(-1);
        expect(Array.from(train)).toEqual(Array.from(all));
      }
    }
    expect(a.users.length).toBe(eligible);
  });

  it('HR@k and NDCG@k: a held-out item at rank r counts 1 and 1/log2(1 + r)', () => {
    // two users; popularity ranks item 0 first, then 1, 2, …
    const m = userItemMatrix({ user: [0, 0, 0, 1, 1, 1, 2, 3, 4, 2], item: [5, 6, 0, 5, 6, 1, 0, 0, 1, 2] });
    const pop = fitPopularity(m);
    const split = { train: m, users: Int32Array.from([0, 1]), heldOut: Int32Array.from([1, 4]) };
    // user 0 holds 0, 5, 6: ranking 1, 2, 3, 4 → item 1 at rank 1; user 1 holds 1, 5, 6: 0, 2, 3, 4 → item 4 at rank 4
    const r = evaluateHoldout(pop, split, { k: 3, clock: () => 0 });
    expect(r.hr).toBe(0.5);
    expect(r.ndcg).toBeCloseTo(0.5);
    expect(evaluateHoldout(pop, split, { k: 4 }).ndcg).toBeCloseTo((1 + 1 / Math.log2(5)) / 2);
    expect(r.timesMs).toHaveLength(2);
    expect(Array.from(r.ranks)).toEqual([1, 0]);
  });
});

describe('the product recommender', () => {
  it('blends EDLAE and RP3beta scaled to a mean |W| of 1', () => {
    const m = groups(400, 2);
    const e = fitEase(m, { lambda: 10, diagonalWeight: 0.5 });
    const r = fitRp3beta(m, { alpha: 0.5, beta: 0.2, neighbours: 0 });
    const b = blendEdlaeRp3(e, r, 2);
    const k = 5 * 32 + 7;
    expect(b.weights![k]).toBeCloseTo(e.weights![k]! / meanAbsWeight(e) + (2 * r.weights![k]!) / meanAbsWeight(r));
    const f = fitRecommender(m, { lambda: 10, diagonalWeight: 0.5, rp3Alpha: 0.5, rp3Beta: 0.2, rp3Weight: 2 });
    expect(Array.from(f.weights!)).toEqual(Array.from(b.weights!));
    expect(f.name).toBe('edlae+rp3beta');
    expect(fitRecommender(m, { ...DEFAULT_RECOMMENDER_CONFIG, rp3Weight: 0 }).name).toBe('edlae');
  });

  it('learns the taste groups: far better than popularity on held-out items', () => {
    const m = groups(2000, 3);
    const split = leaveOneOut(m, { seed: 1 });
    const rec = evaluateHoldout(fitRecommender(split.train, { ...DEFAULT_RECOMMENDER_CONFIG, lambda: 10 }), split, {
      k: 5,
    });
    const pop = evaluateHoldout(fitPopularity(split.train), split, { k: 5 });
    expect(rec.hr).toBeGreaterThan(pop.hr + 0.2);
  });

  it('tunes on a validation split of the data it is given, deterministically, from the grid', () => {
    const m = groups(600, 4);
    const grid = { lambda: [5, 50], diagonalWeight: [0, 0.5], rp3Alpha: [1], rp3Beta: [0, 0.3], rp3Weight: [0, 1] };
    const steps: string[] = [];
    const a = tuneRecommender(m, { grid, seed: 9, onStep: (s) => steps.push(s.stage) });
    const b = tuneRecommender(m, { grid, seed: 9 });
    expect(a).toEqual(b);
    expect(steps).toEqual(['edlae', 'edlae', 'edlae', 'edlae', 'rp3beta', 'rp3beta', 'blend', 'blend']);
    expect(grid.lambda).toContain(a.config.lambda);
    expect(grid.rp3Weight).toContain(a.config.rp3Weight);
    const best = Math.max(...a.steps.filter((s) => s.stage === 'blend').map((s) => s.hr));
    expect(a.steps.find((s) => s.stage === 'blend' && s.config.rp3Weight === a.config.rp3Weight)!.hr).toBe(best);
    expect(a.users).toBe(leaveOneOut(m, { seed: 9 }).users.length);
  });
});
