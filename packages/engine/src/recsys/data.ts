/**
 * Implicit feedback as a sparse binary user × item matrix X (X[u][i] = 1 when user u holds item i:
 * enrolled, completed, rated), stored row-wise (CSR) over dense integer indices. Ids of the outside
 * world (strings) are mapped to indices by the caller, e.g. with `IdIndex`.
 */

/** The users' item sets: user u holds indices[offsets[u] … offsets[u+1]), sorted ascending, no repeats. */
export interface UserItems {
  users: number;
  items: number;
  offsets: Int32Array;
  indices: Int32Array;
}

/** (user, item) pairs over dense indices; repeated pairs count once. */
export interface Interactions {
  user: ArrayLike<number>;
  item: ArrayLike<number>;
}

/**
 * Builds the CSR matrix from pairs. `users` / `items` default to 1 + the largest index seen
 * (pass them to keep users or items without any pair). Throws on negative or non-integer indices.
 */
export function userItemMatrix(pairs: Interactions, size: { users?: number; items?: number } = {}): UserItems {
  const n = pairs.user.length;
  if (pairs.item.length !== n) throw new Error('userItemMatrix: user and item differ in length');
  let maxU = -1,
    maxI = -1;
  for (let k = 0; k < n; k++) {
    const u = pairs.user[k]!,
      i = pairs.item[k]!;
    if (!Number.isInteger(u) || !Number.isInteger(i) || u < 0 || i < 0)
      throw new Error(`userItemMatrix: pair ${k} is not a pair of non-negative integers (${u}, ${i})`);
    if (u > maxU) maxU = u;
    if (i > maxI) maxI = i;
  }
  const users = size.users ?? maxU + 1;
  const items = size.items ?? maxI + 1;
  if (maxU >= users || maxI >= items) throw new Error('userItemMatrix: an index exceeds the given size');
  const counts = new Int32Array(users + 1);
  for (let k = 0; k < n; k++) counts[pairs.user[k]! + 1]!++;
  for (let u = 0; u < users; u++) counts[u + 1]! += counts[u]!;
  const fill = counts.slice(0, users);
  const raw = new Int32Array(n);
  for (let k = 0; k < n; k++) raw[fill[pairs.user[k]!]!++] = pairs.item[k]!;
  // sort each row and drop repeats
  const offsets = new Int32Array(users + 1);
  let w = 0;
  for (let u = 0; u < users; u++) {
    const row = raw.subarray(counts[u], counts[u + 1]).sort();
    offsets[u] = w;
    for (let k = 0; k < row.length; k++) if (k === 0 || row[k] !== row[k - 1]) raw[w++] = row[k]!;
  }
  offsets[users] = w;
  return { users, items, offsets, indices: raw.slice(0, w) };
}

/** The items of user u (a view, sorted ascending). */
export function itemsOf(m: UserItems, u: number): Int32Array {
  return m.indices.subarray(m.offsets[u], m.offsets[u + 1]);
}

/** Number of users holding each item. */
export function itemCounts(m: UserItems): Float64Array {
  const c = new Float64Array(m.items);
  for (let k = 0; k < m.indices.length; k++) c[m.indices[k]!]!++;
  return c;
}

/** Maps string ids to dense indices 0, 1, 2, … in order of first appearance. */
export class IdIndex {
  private readonly map = new Map<string, number>();
  readonly ids: string[] = [];

  /** The index of id, adding it when new. */
  add(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.map.set(id, i);
      this.ids.push(id);
    }
    return i;
  }

  /** The index of id, or undefined when unknown. */
  get(id: string): number | undefined {
    return this.map.get(id);
  }

  get size(): number {
    return this.ids.length;
  }
}
