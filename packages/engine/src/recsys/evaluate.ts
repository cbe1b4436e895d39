/**
 * Offline evaluation of recommenders by leave-one-out: for every user with at least `minItems`
 * items one item, drawn with a seeded generator, is held out; the model is trained on the rest and
 * must rank it among ALL items the user does not hold (full ranking, no sampled negatives).
 *
 *   HR@k   share of users whose held-out item is among the top k;
 *   NDCG@k mean of 1 / log2(1 + rank) over users whose item is ranked 1 … k (0 otherwise).
 *
 * Applying `leaveOneOut` again to the training part gives a validation split for tuning, so that
 * the test holdout is scored once and never tuned on.
 */
import { itemsOf, type UserItems } from './data.ts';
import { mulberry32 } from '../random.ts';
import type { ItemModel } from './models.ts';

export interface LeaveOneOutSplit {
  /** The matrix without the held-out items. */
  train: UserItems;
  /** The users with a held-out item, ascending. */
  users: Int32Array;
  /** heldOut[q] is the item held out for users[q]. */
  heldOut: Int32Array;
}

/** Holds out one item per user with ≥ minItems items (default 3), chosen by mulberry32(seed). */
export function leaveOneOut(m: UserItems, opts: { minItems?: number; seed?: number } = {}): LeaveOneOutSplit {
  const minItems = opts.minItems ?? 3;
  const rand = mulberry32(opts.seed ?? 1);
  const users: number[] = [];
  const held: number[] = [];
  const offsets = new Int32Array(m.users + 1);
  const indices = new Int32Array(m.indices.length);
  let w = 0;
  for (let u = 0; u < m.users; u++) {
    const row = itemsOf(m, u);
    offsets[u] = w;
    let skip = -1;
    if (row.length >= minItems) {
      skip = Math.floor(rand() * row.length);
      users.push(u);
      held.push(row[skip]!);
    }
    for (let k = 0; k < row.length; k++) if (k !== skip) indices[w++] = row[k]!;
  }
  offsets[m.users] = w;
  return {
    train: { users: m.users, items: m.items, offsets, indices: indices.slice(0, w) },
    users: Int32Array.from(users),
    heldOut: Int32Array.from(held),
  };
}

export interface HoldoutMetrics {
  users: number;
  k: number;
  hr: number;
  ndcg: number;
  /** Per user (in split order): the held-out item's rank 1 … k, or 0 when it is not in the top k. */
  ranks: Int32Array;
  /** Per-user recommend time in ms (only when a clock was given), in user order. */
  timesMs?: Float64Array;
}

/**
 * Scores a model on a leave-one-out split: `model.recommend(train items of u, k)` for every user
 * with a held-out item. `clock` (e.g. `() => performance.now()`, in ms) times each call.
 */
export function evaluateHoldout(
  model: ItemModel,
  split: LeaveOneOutSplit,
  opts: { k?: number; clock?: () => number } = {},
): HoldoutMetrics {
  const k = opts.k ?? 10;
  const clock = opts.clock;
  const times = clock ? new Float64Array(split.users.length) : undefined;
  let hits = 0,
    dcg = 0;
  const ranks = new Int32Array(split.users.length);
  for (let q = 0; q < split.users.length; q++) {
    const items = itemsOf(split.train, split.users[q]!);
    const t0 = clock?.() ?? 0;
    const recs = model.recommend(items, k);
    if (times) times[q] = clock!() - t0;
    const target = split.heldOut[q]!;
    for (let r = 0; r < recs.length; r++) {
      if (recs[r]!.item === target) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
        ranks[q] = r + 1;
        break;
      }
    }
  }
  const n = split.users.length;
  return { users: n, k, hr: n ? hits / n : NaN, ndcg: n ? dcg / n : NaN, ranks, ...(times ? { timesMs: times } : {}) };
}
