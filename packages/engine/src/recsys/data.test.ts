import { describe, expect, it } from 'vitest';
import { IdIndex, itemCounts, itemsOf, userItemMatrix } from './data.ts';

describe('userItemMatrix', () => {
  it('sorts each user’s items and counts a repeated pair once', () => {
    const m = userItemMatrix({ user: [1, 0, 1, 1, 0, 1], item: [3, 2, 0, 3, 0, 1] });
    expect(m.users).toBe(2);
    expect(m.items).toBe(4);
    expect(Array.from(itemsOf(m, 0))).toEqual([0, 2]);
    expect(Array.from(itemsOf(m, 1))).toEqual([0, 1, 3]);
    expect(Array.from(itemCounts(m))).toEqual([2, 1, 1, 1]);
  });

  it('keeps users and items without pairs when sizes are given', () => {
    const m = userItemMatrix({ user: [1], item: [0] }, { users: 3, items: 5 });
    expect(m.users).toBe(3);
    expect(m.items).toBe(5);
    expect(itemsOf(m, 0)).toHaveLength(0);
    expect(itemsOf(m, 2)).toHaveLength(0);
  });

  it('rejects bad indices', () => {
    expect(() => userItemMatrix({ user: [0, -1], item: [0, 0] })).toThrow(/pair 1/);
    expect(() => userItemMatrix({ user: [0.5], item: [0] })).toThrow(/pair 0/);
    expect(() => userItemMatrix({ user: [0], item: [0, 1] })).toThrow(/differ in length/);
    expect(() => userItemMatrix({ user: [0], item: [4] }, { items: 3 })).toThrow(/exceeds/);
  });
});

describe('IdIndex', () => {
  it('numbers ids in order of first appearance', () => {
    const ix = new IdIndex();
    expect(['b', 'a', 'b', 'c'].map((id) => ix.add(id))).toEqual([0, 1, 0, 2]);
    expect(ix.get('c')).toBe(2);
    expect(ix.get('z')).toBeUndefined();
    expect(ix.ids).toEqual(['b', 'a', 'c']);
    expect(ix.size).toBe(3);
  });
});
