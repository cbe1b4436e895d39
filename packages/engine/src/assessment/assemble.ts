/**
 * Test assembly from a blueprint: counts of items per (knowledge points × difficulty band × item
 * type) row, drawn afresh for each candidate so that neighbours see different forms, yet every
 * form has (nearly) the same difficulty.
 *
 * Equal difficulty: for each row the target is count × (mean IRT b of the row's eligible items),
 * i.e. what the row contributes on average. Among `tries` random draws of the row, the one whose
 * summed b is closest to the target wins (ties: the first). With 64 tries the spread of a form's
 * mean difficulty across candidates falls by an order of magnitude against a single random draw
 * (see assemble.test.ts), while each item's exposure stays close to count / eligible.
 *
 * Rows are filled in order and an item is used at most once per form; `blueprintShortfalls`
 * reports rows that cannot be filled with the items left by the rows before them.
 */
import { shuffleInPlace } from '../random.ts';

export type DifficultyBand = 'easy' | 'medium' | 'hard' | 'any';

export interface PoolItem {
  id: number;
  /** IRT difficulty b; null = uncalibrated (treated as medium, b = 0). */
  b: number | null;
  kpIds: readonly number[];
  type: string;
}

export interface BlueprintSpec {
  kpIds: readonly number[];
  difficulty: DifficultyBand;
  type?: string | undefined;
  count: number;
  points: number;
}

/** easy: b < −0.5; medium: −0.5 ≤ b ≤ 0.5; hard: b > 0.5 (uncalibrated items count as medium). */
export function bandOf(b: number | null): Exclude<DifficultyBand, 'any'> {
  const x = b ?? 0;
  if (x < -0.5) return 'easy';
  if (x > 0.5) return 'hard';
  return 'medium';
}

export function matchesRow(item: PoolItem, row: BlueprintSpec): boolean {
  if (row.type !== undefined && item.type !== row.type) return false;
  if (row.difficulty !== 'any' && bandOf(item.b) !== row.difficulty) return false;
  return item.kpIds.some((k) => row.kpIds.includes(k));
}

export interface Shortfall {
  /** Index of the row (0-based). */
  row: number;
  needed: number;
  /** Items matching the row at all. */
  matching: number;
  /** Items matching the row that earlier rows do not need. */
  available: number;
}

/**
 * Rows that cannot be filled. Rows are served in order and each takes only the items it needs,
 * preferring items no later row could use — a greedy check that is exact when rows do not overlap
 * and conservative otherwise.
 */
export function blueprintShortfalls(pool: readonly PoolItem[], rows: readonly BlueprintSpec[]): Shortfall[] {
  const taken = new Set<number>();
  const out: Shortfall[] = [];
  rows.forEach((row, r) => {
    const matching = pool.filter((it) => matchesRow(it, row));
    const free = matching.filter((it) => !taken.has(it.id));
    // Prefer items that later rows cannot use.
    const laterUse = (it: PoolItem) => rows.slice(r + 1).filter((later) => matchesRow(it, later)).length;
    free.sort((x, y) => laterUse(x) - laterUse(y) || x.id - y.id);
    for (const it of free.slice(0, row.count)) taken.add(it.id);
    if (free.length < row.count) out.push({ row: r, needed: row.count, matching: matching.length, available: free.length });
  });
  return out;
}

export interface DrawnEntry {
  itemId: number;
  points: number;
  /** Index of the blueprint row that drew it. */
  row: number;
}

/**
 * Draws one form. Throws when a row cannot be filled (check `blueprintShortfalls` first).
 * `rand` in [0, 1) — seed it per candidate to make the draw reproducible.
 */
export function drawBlueprintForm(pool: readonly PoolItem[], rows: readonly BlueprintSpec[], rand: () => number, tries = 64): DrawnEntry[] {
  const used = new Set<number>();
  const form: DrawnEntry[] = [];
  rows.forEach((row, r) => {
    const eligible = pool.filter((it) => matchesRow(it, row) && !used.has(it.id));
    if (eligible.length < row.count) throw new RangeError(`blueprint row ${r + 1} needs ${row.count} items, ${eligible.length} available`);
    const bOf = (it: PoolItem) => it.b ?? 0;
    const target = (row.count * eligible.reduce((s, it) => s + bOf(it), 0)) / eligible.length;
    let best: PoolItem[] = [];
    let bestGap = Infinity;
    const attempts = eligible.length === row.count ? 1 : tries;
    for (let t = 0; t < attempts; t++) {
      const pick = partialShuffle([...eligible], row.count, rand);
      const gap = Math.abs(pick.reduce((s, it) => s + bOf(it), 0) - target);
      if (gap < bestGap - 1e-12) {
        bestGap = gap;
        best = pick;
      }
    }
    for (const it of best) {
      used.add(it.id);
      form.push({ itemId: it.id, points: row.points, row: r });
    }
  });
  return form;
}

/** The first k of a uniformly random permutation (Fisher–Yates, stopped after k steps). */
function partialShuffle<T>(a: T[], k: number, rand: () => number): T[] {
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
  return a.slice(0, k);
}

/** A per-candidate order of items (or options): a seeded shuffle of a copy. */
export function shuffled<T>(values: readonly T[], rand: () => number): T[] {
  return shuffleInPlace([...values], rand);
}

/** A 32-bit seed from integers (attempt id, exam id, …), for reproducible per-candidate draws. */
export function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= (p / 4294967296) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
