import { fitRecommender, mulberry32, userItemMatrix } from '@xueli/engine';
import { describe, expect, it } from 'vitest';
import { fitRecommenderOffThread } from './recommend.worker.ts';

describe('the recommender fit on a worker thread', () => {
  it('returns the same model as the fit on this thread, and leaves the caller its matrix', async () => {
    // 300 people over 40 courses: each took a run of 2–5 neighbouring courses
    const user: number[] = [],
      item: number[] = [];
    const rand = mulberry32(7);
    for (let u = 0; u < 300; u++) {
      const start = Math.floor(rand() * 36);
      const n = 2 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) {
        user.push(u);
        item.push((start + k) % 40);
      }
    }
    const m = userItemMatrix({ user, item }, { users: 300, items: 40 });
    const here = fitRecommender(m);
    const nnz = m.indices.length;
    const there = await fitRecommenderOffThread(m, { fallback: false, offThreadFrom: 0 });
    expect(there.name).toBe(here.name);
    expect(there.items).toBe(40);
    expect(Array.from(there.weights!)).toEqual(Array.from(here.weights!));
    expect(Array.from(there.popularity)).toEqual(Array.from(here.popularity));
    expect(there.recommend([3, 4], 5)).toEqual(here.recommend([3, 4], 5));
    // the caller's matrix was copied, not moved (a transferred buffer would be empty here)
    expect(m.indices.length).toBe(nnz);
    expect(m.offsets.length).toBe(301);
  });
});
