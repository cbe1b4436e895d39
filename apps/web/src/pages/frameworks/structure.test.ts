import { describe, expect, it } from 'vitest';
import { buildTree, layeredLayout, subtreeIds } from './structure.ts';

const points = [
  { id: 1, parentId: null },
  { id: 2, parentId: 1 },
  { id: 3, parentId: 2 },
  { id: 4, parentId: null },
  { id: 5, parentId: 99 },
];

describe('framework structure helpers', () => {
  it('nests points under their parents in the given order; orphans go to the top', () => {
    const tree = buildTree(points);
    expect(tree.map((n) => n.point.id)).toEqual([1, 4, 5]);
    expect(tree[0]!.children.map((n) => n.point.id)).toEqual([2]);
    expect(tree[0]!.children[0]!.children.map((n) => n.point.id)).toEqual([3]);
  });

  it('finds a subtree', () => {
    expect([...subtreeIds(points, 1)].sort()).toEqual([1, 2, 3]);
    expect([...subtreeIds(points, 4)]).toEqual([4]);
  });

  it('puts each node one layer right of its deepest prerequisite', () => {
    // 1 → 2 → 3, and 1 → 3 directly; 4 is alone; 5 → 6.
    const { at, layers } = layeredLayout(
      [1, 2, 3, 4, 5, 6],
      [
        { fromId: 1, toId: 2 },
        { fromId: 2, toId: 3 },
        { fromId: 1, toId: 3 },
        { fromId: 5, toId: 6 },
      ],
    );
    expect(at.get(1)!.layer).toBe(0);
    expect(at.get(2)!.layer).toBe(1);
    expect(at.get(3)!.layer).toBe(2);
    expect(at.get(4)!.layer).toBe(0);
    expect(at.get(6)!.layer).toBe(1);
    expect(layers.map((l) => l.length)).toEqual([3, 2, 1]);
    // Every node placed once, rows 0..n-1 in each layer.
    for (const l of layers) expect(l.map((id) => at.get(id)!.row)).toEqual(l.map((_, i) => i));
  });

  it('orders a layer by the rows of the prerequisites', () => {
    // Sources 1 (row 0) and 2 (row 1); 3 needs 2 and 4 needs 1, so 4 is drawn above 3.
    const { layers } = layeredLayout(
      [1, 2, 3, 4],
      [
        { fromId: 2, toId: 3 },
        { fromId: 1, toId: 4 },
      ],
    );
    expect(layers[1]).toEqual([4, 3]);
  });

  it('survives a cycle by putting its nodes in a last layer', () => {
    const { at, layers } = layeredLayout(
      [1, 2, 3],
      [
        { fromId: 2, toId: 3 },
        { fromId: 3, toId: 2 },
      ],
    );
    expect(at.get(1)!.layer).toBe(0);
    expect(layers[1]?.sort()).toEqual([2, 3]);
  });
});
