/**
 * The knowledge-point hierarchy as the UI, the CSV export and the CASE export walk it: depth
 * first, parents before children, siblings by position then code. Pure.
 */

export interface TreeNode {
  id: number;
  code: string;
  parentId: number | null;
  position: number;
}

const bySiblingOrder = (a: TreeNode, b: TreeNode) =>
  a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Every node once, depth first, with its depth (0 at the top). A node whose parent is missing
 * counts as top level; nodes caught in a loop written by direct SQL come last rather than
 * vanish.
 */
export function depthFirst<T extends TreeNode>(nodes: readonly T[]): { node: T; depth: number }[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<number | null, T[]>();
  for (const n of nodes) {
    const key = n.parentId != null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(key);
    if (list) list.push(n);
    else children.set(key, [n]);
  }
  for (const list of children.values()) list.sort(bySiblingOrder);

  const out: { node: T; depth: number }[] = [];
  const listed = new Set<number>();
  const walk = (rootKey: number | null, rootDepth: number) => {
    const stack: { node: T; depth: number }[] = [...(children.get(rootKey) ?? [])]
      .reverse()
      .map((node) => ({ node, depth: rootDepth }));
    while (stack.length) {
      const top = stack.pop()!;
      if (listed.has(top.node.id)) continue;
      listed.add(top.node.id);
      out.push(top);
      const kids = children.get(top.node.id) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, depth: top.depth + 1 });
    }
  };
  walk(null, 0);
  for (const n of [...nodes].sort(bySiblingOrder)) {
    if (listed.has(n.id)) continue;
    listed.add(n.id);
    out.push({ node: n, depth: 0 });
    walk(n.id, 1);
  }
  return out;
}

/** `a → b → c`, the way cycles are spelled out in messages. */
export const arrowPath = (codes: readonly string[]) => codes.join(' → ');
