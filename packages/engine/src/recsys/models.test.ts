import { describe, expect, it } from 'vitest';
import { userItemMatrix, type UserItems } from './data.ts';
import { blendModels, fitEase, fitItemKnn, fitPopularity, fitRp3beta, gramMatrix, ItemModel, topK } from './models.ts';
import { mulberry32 } from '../random.ts';

/** Users given as item lists. */
function matrix(rows: number[][], items?: number): UserItems {
  const user: number[] = [],
    item: number[] = [];
  rows.forEach((r, u) => r.forEach((i) => (user.push(u), item.push(i))));
  return userItemMatrix({ user, item }, { users: rows.length, ...(items ? { items } : {}) });
}

/**
 * Six items: 0 and 1 always go together, 2 and 3 mostly, 4 is popular with everyone, 5 is rare.
 */
const DATA = matrix([[0, 1, 4], [0, 1], [0, 1, 4], [0, 1, 5], [2, 3, 4], [2, 3], [2, 3, 4], [2, 4], [4], [4, 5]]);

/** Random users, for properties. */
function randomData(users: number, items: number, seed: number): UserItems {
  const rand = mulberry32(seed);
  const rows: number[][] = [];
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(rand() * 6);
    const r = new Set<number>();
    const group = Math.floor(rand() * 3); // three taste groups make co-occurrence informative
    while (r.size < n) r.add(rand() < 0.7 ? (group * 7 + Math.floor(rand() * 7)) % items : Math.floor(rand() * items));
    rows.push([...r]);
  }
  return matrix(rows, items);
}

const MODELS: [string, (m: UserItems) => ItemModel][] = [
  ['popularity', fitPopularity],
  ['item-kNN', (m) => fitItemKnn(m)],
  ['EASE', (m) => fitEase(m, { lambda: 1 })],
  ['EDLAE', (m) => fitEase(m, { lambda: 1, diagonalWeight: 0.5 })],
  ['RP3beta', (m) => fitRp3beta(m)],
];

describe('gramMatrix', () => {
  it('counts co-occurrences, item counts on the diagonal, optionally weighting users', () => {
    const m = matrix([[0, 1], [0, 1, 2], [2]]);
    expect(Array.from(gramMatrix(m))).toEqual([2, 2, 1, 2, 2, 1, 1, 1, 2]);
    const w = gramMatrix(m, { userWeight: 1 });
    expect(w[0 * 3 + 1]).toBeCloseTo(1 / 2 + 1 / 3);
    expect(w[2 * 3 + 2]).toBeCloseTo(1 / 3 + 1);
  });
});

describe('EASE', () => {
  it('has a zero diagonal and solves its closed form: for every j, (G + λI)·W_col = G_col on the other rows', () => {
    const lambda = 2;
    const model = fitEase(DATA, { lambda });
    const n = DATA.items;
    const w = model.weights!;
    for (let i = 0; i < n; i++) expect(w[i * n + i]).toBe(0);
    // the stationarity condition of min ‖X − XW‖² + λ‖W‖² with W_ii = 0: for k ≠ i,
    // Σ_j (G + λI)[k][j]·W[j][i] = G[k][i]
    const g = gramMatrix(DATA);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        if (k === i) continue;
        let s = 0;
        for (let j = 0; j < n; j++) s += (g[k * n + j]! + (k === j ? lambda : 0)) * w[j * n + i]!;
        expect(s).toBeCloseTo(g[k * n + i]!, 9);
      }
  });

  it('EDLAE regularises popular items more: the same as EASE with λ_j = λ + ρ·count_j', () => {
    const a = fitEase(DATA, { lambda: 1, diagonalWeight: 1 });
    const b = fitEase(DATA, { lambda: 1 });
    expect(a.name).toBe('edlae');
    expect(b.name).toBe('ease');
    expect(Array.from(a.weights!)).not.toEqual(Array.from(b.weights!));
  });

  it('refuses a non-positive λ', () => {
    expect(() => fitEase(DATA, { lambda: 0 })).toThrow(/lambda/);
  });
});

describe('item-kNN and RP3beta', () => {
  it('item-kNN is the cosine of co-occurrence counts, keeping the top neighbours per item', () => {
    const m = fitItemKnn(DATA, { neighbours: 0 });
    const n = DATA.items;
    // items 0 and 1: 4 together, 4 users each → 1; items 2 and 4: 3 together, 4 and 7 users
    expect(m.weights![0 * n + 1]).toBeCloseTo(1);
    expect(m.weights![2 * n + 4]).toBeCloseTo(3 / Math.sqrt(4 * 7));
    expect(m.weights![0]).toBe(0);
    const top1 = fitItemKnn(DATA, { neighbours: 1 });
    for (let j = 0; j < n; j++)
      expect(Array.from(top1.weights!.subarray(j * n, (j + 1) * n)).filter((x) => x !== 0).length).toBeLessThanOrEqual(
        1,
      );
  });

  it('RP3beta with α = 1, β = 0 is the two-step transition probability item → user → item', () => {
    const m = fitRp3beta(DATA, { alpha: 1, beta: 0, neighbours: 0 });
    const n = DATA.items;
    // from item 5 (users 3 and 9): user 3 → {0, 1, 5}, user 9 → {4, 5}: P(5 → 4) = ½·½
    expect(m.weights![5 * n + 4]).toBeCloseTo(0.25);
    expect(m.weights![5 * n + 0]).toBeCloseTo(1 / 6);
  });
});

describe.each(MODELS)('%s', (_name, fit) => {
  it('never recommends the user’s items or excluded ones, and returns at most k, best first', () => {
    const data = randomData(300, 25, 7);
    const model = fit(data);
    const rand = mulberry32(3);
    for (let t = 0; t < 50; t++) {
      const held = [...new Set([0, 1, 2].map(() => Math.floor(rand() * 25)))];
      const exclude = [Math.floor(rand() * 25), Math.floor(rand() * 25)];
      const recs = model.recommend(held, 10, { exclude });
      expect(recs.length).toBe(10);
      for (const r of recs) {
        expect(held).not.toContain(r.item);
        expect(exclude).not.toContain(r.item);
      }
      for (let q = 1; q < recs.length; q++) expect(recs[q]!.score).toBeLessThanOrEqual(recs[q - 1]!.score);
      expect(new Set(recs.map((r) => r.item)).size).toBe(recs.length);
    }
    expect(model.recommend([0], 100).length).toBe(24); // all but the user's one item
  });

  it('is deterministic', () => {
    const a = fit(randomData(200, 20, 11)).recommend([1, 2], 8);
    const b = fit(randomData(200, 20, 11)).recommend([1, 2], 8);
    expect(a).toEqual(b);
  });

  it('gives a user with no items the cold-start scores (default: popularity)', () => {
    const model = fit(DATA);
    expect(model.recommend([], 2).map((r) => r.item)).toEqual([4, 0]); // 7 users, then 4 (0 before 1, 2)
    const peers = [0, 0, 0, 0, 0, 9];
    expect(model.recommend([], 1, { coldStart: peers })[0]).toEqual({ item: 5, score: 9 });
    expect(model.recommend([99], 1, { coldStart: peers })[0]!.item).toBe(5); // unknown items only
    expect(() => model.recommend([], 1, { coldStart: [1] })).toThrow(/coldStart/);
  });

  it('adds extra per-item scores (content matching) with their weight', () => {
    const model = fit(DATA);
    const extra = [0, 0, 0, 0, 0, 1e6];
    expect(model.recommend([0], 1, { extraScores: extra })[0]!.item).toBe(5);
    expect(model.recommend([0], 1, { extraScores: extra, extraWeight: 0 })[0]!.item).not.toBe(5);
    expect(() => model.recommend([0], 1, { extraScores: [1, 2] })).toThrow(/extraScores/);
  });
});

describe('recommendations on known co-occurrences', () => {
  it.each(MODELS.filter(([name]) => name !== 'popularity'))(
    '%s: item 0 brings item 1, item 3 brings item 2',
    (_n, fit) => {
      const model = fit(DATA);
      expect(model.recommend([0], 1)[0]!.item).toBe(1);
      expect(model.recommend([3], 1)[0]!.item).toBe(2);
    },
  );

  it('explain names the held item that contributed most', () => {
    for (const [, fit] of MODELS.slice(1)) {
      const model = fit(DATA);
      const e = model.explain([0, 3], 1)!;
      expect(e.because).toBe(0);
      expect(e.contribution).toBeGreaterThan(0);
      expect(e.share).toBeGreaterThan(0);
      expect(e.share).toBeLessThanOrEqual(1);
      expect(model.explain([3, 0], 2)!.because).toBe(3);
    }
    expect(fitPopularity(DATA).explain([0], 1)).toBeNull();
    expect(fitEase(DATA, { lambda: 1 }).explain([], 1)).toBeNull();
    expect(fitEase(DATA, { lambda: 1 }).explain([0], 99)).toBeNull();
  });
});

describe('blendModels and topK', () => {
  it('blends weights and popularity terms linearly', () => {
    const a = fitItemKnn(DATA, { neighbours: 0 });
    const b = fitEase(DATA, { lambda: 1 });
    const blend = blendModels([
      { model: a, weight: 2 },
      { model: b, weight: 0.5 },
      { model: fitPopularity(DATA), weight: 0.1 },
    ]);
    const s = blend.scores([0, 3]);
    const sa = a.scores([0, 3]),
      sb = b.scores([0, 3]);
    for (let i = 0; i < DATA.items; i++)
      expect(s[i]).toBeCloseTo(2 * sa[i]! + 0.5 * sb[i]! + (0.1 * blend.popularity[i]!) / 7);
    expect(blend.popularityWeight).toBeCloseTo(0.1);
  });

  it('topK breaks ties by the tie-break values, then by the lower index, and skips −∞ and NaN', () => {
    expect(topK([1, 3, 3, NaN, -Infinity, 2], 3).map((r) => r.item)).toEqual([1, 2, 5]);
    expect(topK([1, 1, 1, 1], 2, [0, 5, 5, 9]).map((r) => r.item)).toEqual([3, 1]);
    expect(topK([1, 2], 5)).toHaveLength(2);
    expect(topK([1, 2], 0)).toEqual([]);
  });

  it('ItemModel checks its parts', () => {
    expect(
      () => new ItemModel({ name: 'x', items: 2, weights: new Float64Array(3), popularity: new Float64Array(2) }),
    ).toThrow(/weights/);
    expect(() => new ItemModel({ name: 'x', items: 2, weights: null, popularity: new Float64Array(1) })).toThrow(
      /popularity/,
    );
  });
});
