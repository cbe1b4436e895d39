/**
 * Pure helpers for the framework editor: the point hierarchy as nested nodes, the subtree of a
 * point (a point cannot move below itself), and a layered drawing of the prerequisite DAG
 * (layer = longest prerequisite chain leading to the point; order inside a layer by the mean
 * row of the point's prerequisites, which keeps most arrows short and uncrossed).
 */

export interface PointLike {
  id: number;
  parentId: number | null;
}

export interface Edge {
  fromId: number;
  toId: number;
}

export interface TreeNode<P> {
  point: P;
  children: TreeNode<P>[];
}

/**
 * Nests `points` (any order) under their parents, keeping the given order among siblings; a
 * point whose parent is missing is put at the top level.
 */
export function buildTree<P extends PointLike>(points: readonly P[]): TreeNode<P>[] {
  const nodes = new Map(points.map((p) => [p.id, { point: p, children: [] as TreeNode<P>[] }]));
  const roots: TreeNode<P>[] = [];
  for (const p of points) {
    const node = nodes.get(p.id)!;
    const parent = p.parentId === null ? undefined : nodes.get(p.parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** `id` and every point below it. */
export function subtreeIds(points: readonly PointLike[], id: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of points) {
    if (p.parentId === null) continue;
    children.set(p.parentId, [...(children.get(p.parentId) ?? []), p.id]);
  }
  const out = new Set<number>([id]);
  const stack = [id];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!out.has(c)) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}

export interface LayeredLayout {
  /** Layer (0 = no prerequisites) and row inside the layer, per node id. */
  at: Map<number, { layer: number; row: number }>;
  /** The nodes of each layer, top to bottom. */
  layers: number[][];
}

/**
 * Layers the nodes `ids` (in their preferred order) of the DAG `edges` from left to right:
 * a node sits one layer right of its deepest prerequisite. Edges touching other nodes are
 * ignored; should the edges contain a cycle, its nodes go to one extra layer at the end.
 */
export function layeredLayout(ids: readonly number[], edges: readonly Edge[]): LayeredLayout {
  const known = new Set(ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  const preds = new Map<number, number[]>(ids.map((id) => [id, []]));
  const succs = new Map<number, number[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!known.has(e.fromId) || !known.has(e.toId) || e.fromId === e.toId) continue;
    preds.get(e.toId)!.push(e.fromId);
    succs.get(e.fromId)!.push(e.toId);
  }
  // Kahn's algorithm in the preferred order; the layer is the longest path from a source.
  const indegree = new Map(ids.map((id) => [id, preds.get(id)!.length]));
  const layerOf = new Map<number, number>();
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (const id of queue) layerOf.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const s of succs.get(id)!) {
      layerOf.set(s, Math.max(layerOf.get(s) ?? 0, layerOf.get(id)! + 1));
      const d = indegree.get(s)! - 1;
      indegree.set(s, d);
      if (d === 0) queue.push(s);
    }
  }
  const deepest = Math.max(-1, ...layerOf.values());
  for (const id of ids) if (indegree.get(id)! > 0) layerOf.set(id, deepest + 1);

  const layerCount = Math.max(0, ...[...layerOf.values()].map((l) => l + 1));
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (const id of ids) layers[layerOf.get(id)!]!.push(id);
  const at = new Map<number, { layer: number; row: number }>();
  layers.forEach((nodes, layer) => {
    if (layer > 0) {
      // Barycentre of the already placed prerequisites; ties and sources keep the preferred order.
      const score = (id: number) => {
        const rows = preds
          .get(id)!
          .map((p) => at.get(p))
          .filter((p) => p !== undefined)
          .map((p) => p.row / Math.max(1, layers[p.layer]!.length - 1));
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
      };
      const scored = new Map(nodes.map((id) => [id, score(id)]));
      nodes.sort((a, b) => scored.get(a)! - scored.get(b)! || order.get(a)! - order.get(b)!);
    }
    nodes.forEach((id, row) => at.set(id, { layer, row }));
  });
  return { at, layers };
}

/** A fixed palette for domains, in order of first appearance. */
export const DOMAIN_COLORS = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#eb2f96',
  '#13c2c2',
  '#722ed1',
  '#faad14',
  '#2f54eb',
  '#a0d911',
  '#f5222d',
];

/** Distinct domains in order of first appearance ('' for points without one). */
export function domainsOf(points: readonly { domain: string }[]): string[] {
  return [...new Set(points.map((p) => p.domain))];
}
