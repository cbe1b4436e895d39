import { describe, expect, it } from 'vitest';
import { classicalItemStats } from './classical.ts';

describe('classical item statistics', () => {
  // 6 persons × 3 items; totals 3, 2, 2, 1, 1, 0.
  const scores = [
    [1, 1, 1],
    [1, 1, 0],
    [0, 1, 1],
    [1, 0, 0],
    [0, 0, 1],
    [0, 0, 0],
  ];
  const choices = [
    ['A', null, 'B'],
    ['A', null, 'A'],
    ['C', null, 'B'],
    ['A', null, 'A'],
    ['B', null, 'B'],
    ['B', null, null],
  ];
  const items = [{ options: ['A', 'B', 'C', 'D'], key: 'A' }, undefined, { options: ['A', 'B'], key: 'B' }];
  const stats = classicalItemStats({ scores, choices, items }, { minGroup: 2, minResponses: 1 });

  it('p-values and point-biserials (item vs rest score) match the hand computation', () => {
    expect(stats.map((s) => s.pValue)).toEqual([0.5, 0.5, 0.5]);
    expect(stats.map((s) => s.n)).toEqual([6, 6, 6]);
    // item 1: x = 1,1,1,0,0,0; rest = 2,1,1,1,1,0 → cov 1, Σ(x−x̄)² = 1.5, Σ(y−ȳ)² = 2 → 1/√3.
    expect(stats[1]!.pointBiserial).toBeCloseTo(1 / Math.sqrt(3), 12);
    // items 0 and 2: rest = 2,1,2,0,1,0 and 2,2,1,1,0,0 → covariance 0.
    expect(stats[0]!.pointBiserial).toBeCloseTo(0, 12);
    expect(stats[2]!.pointBiserial).toBeCloseTo(0, 12);
  });

  it('distractor analysis: overall, top 27% and bottom 27% (2 persons each) shares', () => {
    // top = persons 0 and 1 (totals 3, 2; tie with person 2 broken by order); bottom = persons 5 and 4.
    expect(stats[0]!.options).toEqual([
      { option: 'A', key: true, share: 3 / 6, top: 1, bottom: 0 },
      { option: 'B', key: false, share: 2 / 6, top: 0, bottom: 1 },
      { option: 'C', key: false, share: 1 / 6, top: 0, bottom: 0 },
      { option: 'D', key: false, share: 0, top: 0, bottom: 0 },
    ]);
    expect(stats[1]!.options).toBeUndefined();
    expect(stats[2]!.options).toEqual([
      { option: 'A', key: false, share: 2 / 6, top: 0.5, bottom: 0 },
      { option: 'B', key: true, share: 3 / 6, top: 0.5, bottom: 0.5 },
    ]);
  });

  it('flags bad items', () => {
    expect(stats[0]!.flags).toEqual(['low-discrimination']);
    expect(stats[1]!.flags).toEqual([]);
    expect(stats[2]!.flags).toEqual(['low-discrimination', 'distractor-attracts-top']);
    const easyHard = classicalItemStats({
      scores: Array.from({ length: 40 }, (_, p) => [1, p < 2 ? 1 : 0, p < 20 ? 1 : 0, p === 3 ? null : 1, p < 22 ? 1 : 0]),
    });
    expect(easyHard[0]!.flags).toEqual(['too-easy', 'low-discrimination']);
    expect(easyHard[1]!.flags).toContain('too-hard');
    expect(easyHard[2]!.flags).toEqual([]);
    expect(easyHard[3]!.n).toBe(39);
    expect(easyHard[3]!.pValue).toBe(1);
    expect(classicalItemStats({ scores: [[1], [0]] })[0]!.flags).toContain('too-few-responses');
  });
});
