import { describe, expect, it } from 'vitest';
import {
  cycleClosedBy,
  dependentsOf,
  findCycle,
  findPath,
  prerequisitesOf,
  reachable,
  successors,
  topologicalOrder,
  type Edge,
} from './dag.ts';

/** Checks that `cycle` is a closed walk along existing edges. */
function expectClosedWalk<K>(cycle: K[] | null, edges: Edge<K>[]) {
  expect(cycle).not.toBeNull();
  const c = cycle!;
  expect(c.length).toBeGreaterThanOrEqual(2);
  expect(c[0]).toBe(c[c.length - 1]);
  for (let i = 0; i + 1 < c.length; i++) {
    expect(edges.some(([a, b]) => a === c[i] && b === c[i + 1]), `${String(c[i])} → ${String(c[i + 1])}`).toBe(true);
  }
}

describe('findPath', () => {
  const edges: Edge<string>[] = [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['a', 'd'],
    ['d', 'e'],
  ];
  const succ = successors(edges);

  it('finds a shortest path, both ends included', () => {
    expect(findPath(succ, 'a', 'e')).toEqual(['a', 'd', 'e']);
    expect(findPath(succ, 'b', 'e')).toEqual(['b', 'c', 'd', 'e']);
    expect(findPath(succ, 'c', 'c')).toEqual(['c']);
  });

  it('returns null when the target cannot be reached, or is unknown', () => {
    expect(findPath(succ, 'e', 'a')).toBeNull();
    expect(findPath(succ, 'a', 'zz')).toBeNull();
    expect(findPath(succ, 'zz', 'a')).toBeNull();
  });
});

describe('cycleClosedBy', () => {
  it('spells out the cycle a new edge would close, starting and ending at its source', () => {
    const edges: Edge<string>[] = [
      ['RAG.1', 'PE.1'],
      ['PE.1', 'PE.2'],
      ['PE.0', 'PE.1'],
    ];
    expect(cycleClosedBy(edges, 'PE.2', 'RAG.1')).toEqual(['PE.2', 'RAG.1', 'PE.1', 'PE.2']);
    expect(cycleClosedBy(edges, 'PE.2', 'PE.1')).toEqual(['PE.2', 'PE.1', 'PE.2']);
  });

  it('is null for an edge that keeps the graph acyclic, including a parallel path', () => {
    const edges: Edge<number>[] = [
      [1, 2],
      [2, 3],
    ];
    expect(cycleClosedBy(edges, 1, 3)).toBeNull();
    expect(cycleClosedBy(edges, 3, 4)).toBeNull();
    expect(cycleClosedBy(edges, 4, 1)).toBeNull();
  });

  it('treats a self-loop as a cycle of one edge', () => {
    expect(cycleClosedBy([], 7, 7)).toEqual([7, 7]);
  });

  it('accepts a prepared successor map', () => {
    const succ = successors<number>([
      [1, 2],
      [2, 3],
    ]);
    expect(cycleClosedBy(succ, 3, 1)).toEqual([3, 1, 2, 3]);
  });
});

describe('findCycle', () => {
  it('is null for a DAG', () => {
    expect(
      findCycle(
        [1, 2, 3, 4],
        [
          [1, 2],
          [1, 3],
          [2, 4],
          [3, 4],
        ],
      ),
    ).toBeNull();
    expect(findCycle([], [])).toBeNull();
    expect(findCycle([1, 2], [])).toBeNull();
  });

  it('reports a cycle as a closed walk along the edges', () => {
    const edges: Edge<string>[] = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'b'],
      ['x', 'a'],
    ];
    const cycle = findCycle(['x', 'a', 'b', 'c', 'd'], edges);
    expect(cycle).toEqual(['b', 'c', 'd', 'b']);
    expectClosedWalk(cycle, edges);
    expect(findCycle(['a'], [['a', 'a']])).toEqual(['a', 'a']);
  });

  it('handles a chain of 100 000 nodes without recursion', () => {
    const n = 100_000;
    const edges: Edge<number>[] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const);
    expect(findCycle([], edges)).toBeNull();
    const cycle = findCycle([], [...edges, [n - 1, 0]]);
    expect(cycle).toHaveLength(n + 1);
  });

  it('finds a cycle in random graphs exactly when a topological order does not exist', () => {
    let seed = 11;
    const rnd = (k: number) => (seed = (seed * 16807) % 2147483647) % k;
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + rnd(12);
      const edges: Edge<number>[] = [];
      for (let e = rnd(2 * n); e > 0; e--) edges.push([rnd(n), rnd(n)]);
      const nodes = Array.from({ length: n }, (_, i) => i);
      const cycle = findCycle(nodes, edges);
      const topo = topologicalOrder(nodes, edges);
      expect(topo.ok).toBe(cycle === null);
      if (cycle) expectClosedWalk(cycle, edges);
      if (!topo.ok) expectClosedWalk(topo.cycle, edges);
      else {
        const at = new Map(topo.order.map((k, i) => [k, i]));
        expect(topo.order).toHaveLength(n);
        for (const [a, b] of edges) expect(at.get(a)!).toBeLessThan(at.get(b)!);
      }
    }
  });
});

describe('topologicalOrder', () => {
  it('puts every edge source first and breaks ties by the given node order', () => {
    const r = topologicalOrder(
      ['d', 'c', 'b', 'a'],
      [
        ['a', 'b'],
        ['c', 'b'],
      ],
    );
    expect(r).toEqual({ ok: true, order: ['d', 'c', 'a', 'b'] });
  });

  it('appends nodes only named by edges after the listed ones', () => {
    expect(topologicalOrder([3], [[1, 2]])).toEqual({ ok: true, order: [3, 1, 2] });
  });

  it('reports a cycle instead of an order', () => {
    const r = topologicalOrder(
      [1, 2, 3],
      [
        [1, 2],
        [2, 3],
        [3, 2],
      ],
    );
    expect(r).toEqual({ ok: false, cycle: [2, 3, 2] });
  });
});

describe('reachability', () => {
  const edges: Edge<string>[] = [
    ['basics', 'prompting'],
    ['prompting', 'rag'],
    ['embeddings', 'rag'],
    ['rag', 'agents'],
  ];

  it('lists transitive prerequisites and dependents', () => {
    expect([...prerequisitesOf(edges, ['rag'])].sort()).toEqual(['basics', 'embeddings', 'prompting']);
    expect([...prerequisitesOf(edges, ['agents', 'prompting'])].sort()).toEqual([
      'basics',
      'embeddings',
      'prompting',
      'rag',
    ]);
    expect([...dependentsOf(edges, ['prompting'])].sort()).toEqual(['agents', 'rag']);
    expect(dependentsOf(edges, ['agents']).size).toBe(0);
  });

  it('includes a start only when it lies on a cycle through itself', () => {
    expect([...reachable(successors<number>([[1, 2], [2, 1]]), [1])].sort()).toEqual([1, 2]);
  });
});
