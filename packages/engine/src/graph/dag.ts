/**
 * Directed-graph algorithms for skill frameworks: the knowledge-point hierarchy (child → parent)
 * and the prerequisite DAG (prerequisite → dependent). Pure functions over node keys of any
 * type compared with `===` (ids or codes); no recursion, so graphs of any depth are safe.
 *
 * Determinism: wherever a choice exists (which cycle to report, which of several valid
 * topological orders), the order in which nodes and edges were given decides it, so the same
 * input always yields the same answer (error messages and tests rely on it).
 */

/** A directed edge `[from, to]`. */
export type Edge<K> = readonly [from: K, to: K];

/** Successor lists, in edge order; every endpoint is a key (possibly with no successors). */
export function successors<K>(edges: Iterable<Edge<K>>, nodes: Iterable<K> = []): Map<K, K[]> {
  const out = new Map<K, K[]>();
  for (const n of nodes) if (!out.has(n)) out.set(n, []);
  for (const [from, to] of edges) {
    const list = out.get(from);
    if (list) list.push(to);
    else out.set(from, [to]);
    if (!out.has(to)) out.set(to, []);
  }
  return out;
}

/** The same edges pointing the other way. */
export const reversed = <K>(edges: Iterable<Edge<K>>): Edge<K>[] => Array.from(edges, ([a, b]) => [b, a] as const);

/**
 * A shortest path (fewest edges) from `from` to `to`, both included, or null when `to` cannot
 * be reached. `findPath(s, a, a)` is `[a]`.
 */
export function findPath<K>(succ: ReadonlyMap<K, readonly K[]>, from: K, to: K): K[] | null {
  if (from === to) return [from];
  const previous = new Map<K, K>();
  const seen = new Set<K>([from]);
  const queue: K[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of succ.get(node) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, node);
      if (next === to) {
        const path = [to];
        for (let p = node; ; p = previous.get(p)!) {
          path.push(p);
          if (p === from) break;
        }
        return path.reverse();
      }
      queue.push(next);
    }
  }
  return null;
}

/**
 * The cycle that adding the edge `from → to` to an acyclic graph would close, written as a
 * closed walk that starts and ends with `from`: `[from, to, …, from]` (the shortest such
 * cycle). Null when the edge keeps the graph acyclic. A self-loop gives `[from, from]`.
 *
 * Example: with RAG.1 → PE.1 → PE.2, adding PE.2 → RAG.1 gives [PE.2, RAG.1, PE.1, PE.2].
 */
export function cycleClosedBy<K>(edges: Iterable<Edge<K>> | ReadonlyMap<K, readonly K[]>, from: K, to: K): K[] | null {
  if (from === to) return [from, from];
  const succ = edges instanceof Map ? (edges as ReadonlyMap<K, readonly K[]>) : successors(edges as Iterable<Edge<K>>);
  const back = findPath(succ, to, from);
  return back ? [from, ...back] : null;
}

/**
 * Some cycle of the graph as a closed walk `[a, b, …, a]`, or null when the graph is acyclic.
 * Depth-first from each node in `nodes` order (then any node only named by an edge).
 */
export function findCycle<K>(nodes: Iterable<K>, edges: Iterable<Edge<K>>): K[] | null {
  const succ = successors(edges, nodes);
  const state = new Map<K, 1 | 2>(); // 1: on the current path, 2: finished
  for (const root of succ.keys()) {
    if (state.has(root)) continue;
    // Explicit stack of (node, index of the next successor to try).
    const path: K[] = [root];
    const next: number[] = [0];
    state.set(root, 1);
    while (path.length) {
      const top = path.length - 1;
      const node = path[top]!;
      const list = succ.get(node)!;
      const i = next[top]!;
      if (i >= list.length) {
        state.set(node, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const child = list[i]!;
      const s = state.get(child);
      if (s === 1) return [...path.slice(path.indexOf(child)), child];
      if (s === 2) continue;
      state.set(child, 1);
      path.push(child);
      next.push(0);
    }
  }
  return null;
}

/** A tiny binary min-heap of non-negative integers. */
class IntHeap {
  private readonly a: number[] = [];
  get size() {
    return this.a.length;
  }
  push(x: number) {
    const a = this.a;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export type TopologicalResult<K> = { ok: true; order: K[] } | { ok: false; cycle: K[] };

/**
 * A topological order (every edge's `from` before its `to`), choosing among the nodes that are
 * ready the one listed first in `nodes` (Kahn's algorithm with a heap: O((V + E) log V)). Nodes
 * only named by edges come after the listed ones. With a cycle, reports one instead.
 */
export function topologicalOrder<K>(nodes: Iterable<K>, edges: Iterable<Edge<K>>): TopologicalResult<K> {
  const edgeList = Array.from(edges);
  const succ = successors(edgeList, nodes);
  const keys = [...succ.keys()];
  const index = new Map(keys.map((k, i) => [k, i]));
  const indegree = new Array<number>(keys.length).fill(0);
  for (const [, to] of edgeList) indegree[index.get(to)!]!++;
  const ready = new IntHeap();
  indegree.forEach((d, i) => d === 0 && ready.push(i));
  const order: K[] = [];
  while (ready.size) {
    const node = keys[ready.pop()]!;
    order.push(node);
    for (const next of succ.get(node)!) {
      const j = index.get(next)!;
      if (--indegree[j]! === 0) ready.push(j);
    }
  }
  if (order.length === keys.length) return { ok: true, order };
  return { ok: false, cycle: findCycle(keys, edgeList)! };
}

/** Every node reachable from `starts` by one or more edges (a start is included only when on a cycle through it). */
export function reachable<K>(succ: ReadonlyMap<K, readonly K[]>, starts: Iterable<K>): Set<K> {
  const seen = new Set<K>();
  const stack: K[] = [];
  for (const s of starts) for (const n of succ.get(s) ?? []) stack.push(n);
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of succ.get(n) ?? []) if (!seen.has(m)) stack.push(m);
  }
  return seen;
}

/**
 * Everything that must come before `targets` in a prerequisite DAG (edges prerequisite →
 * dependent): their transitive prerequisites, excluding the targets themselves unless a target
 * is a prerequisite of another.
 */
export const prerequisitesOf = <K>(edges: Iterable<Edge<K>>, targets: Iterable<K>): Set<K> =>
  reachable(successors(reversed(edges)), targets);

/** Everything that depends on `sources`, directly or transitively (edges prerequisite → dependent). */
export const dependentsOf = <K>(edges: Iterable<Edge<K>>, sources: Iterable<K>): Set<K> =>
  reachable(successors(edges), sources);
