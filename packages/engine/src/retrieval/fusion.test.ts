import { describe, expect, it } from 'vitest';
import { rrf } from './fusion.ts';

describe('rrf', () => {
  it('sums 1 / (k + rank) over the lists', () => {
    const fused = rrf([
      ['a', 'b', 'c'],
      ['b', 'd'],
    ]);
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 15);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 15);
    expect(fused[3]!.score).toBeCloseTo(1 / 63, 15);
  });

  it('takes hit objects, a custom k, weights and a limit', () => {
    const lexical = [{ id: 'x' }, { id: 'y' }];
    const vector = [{ id: 'y' }, { id: 'z' }];
    const fused = rrf([lexical, vector], { k: 0, weights: [1, 3] });
    expect(fused).toEqual([
      { id: 'y', score: 1 / 2 + 3 / 1 },
      { id: 'z', score: 3 / 2 },
      { id: 'x', score: 1 },
    ]);
    expect(rrf([lexical, vector], { limit: 1 }).map((h) => h.id)).toEqual(['y']);
  });

  it('counts an id repeated within a list once, at its best rank', () => {
    expect(rrf([['a', 'a', 'b']])).toEqual([
      { id: 'a', score: 1 / 61 },
      { id: 'b', score: 1 / 63 },
    ]);
  });

  it('breaks ties by first appearance, rank by rank across the lists', () => {
    expect(rrf([['a', 'c'], ['b', 'd']]).map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(rrf([['b', 'd'], ['a', 'c']]).map((h) => h.id)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('handles empty input and rejects bad options', () => {
    expect(rrf([])).toEqual([]);
    expect(rrf([[], []])).toEqual([]);
    expect(() => rrf([['a']], { weights: [1, 2] })).toThrow();
    expect(() => rrf([['a']], { k: -1 })).toThrow();
  });
});
