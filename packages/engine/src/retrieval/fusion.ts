/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): merges ranked lists from different
 * retrievers (lexical, vector, …) without looking at their incomparable scores,
 *
 *     rrf(d) = Σ_lists weight_l / (k + rank_l(d))        (rank 1-based; absent = no term)
 *
 * with k = 60 by default (the paper's value; it damps the influence of the very top ranks). An id
 * repeated within one list counts at its best rank only. Ties go to the id that appears first when
 * the lists are read rank by rank (list 0 rank 1, list 1 rank 1, …, list 0 rank 2, …), so the result
 * is deterministic.
 */
export interface FusedHit {
  id: string;
  score: number;
}

export interface RrfOptions {
  /** The rank constant (default 60). */
  k?: number;
  /** One weight per list (default 1 each). */
  weights?: readonly number[];
  /** Keep only the best `limit` ids (default: all). */
  limit?: number;
}

export function rrf(lists: readonly (readonly (string | { id: string })[])[], opts: RrfOptions = {}): FusedHit[] {
  const k = opts.k ?? 60;
  if (!(k >= 0)) throw new Error('rrf: k must be ≥ 0');
  if (opts.weights && opts.weights.length !== lists.length) throw new Error('rrf: one weight per list');
  const score = new Map<string, number>();
  const first = new Map<string, number>();
  const seen = lists.map(() => new Set<string>());
  const depth = lists.reduce((m, l) => Math.max(m, l.length), 0);
  let order = 0;
  for (let r = 0; r < depth; r++)
    for (let l = 0; l < lists.length; l++) {
      const x = lists[l]![r];
      if (x === undefined) continue;
      const id = typeof x === 'string' ? x : x.id;
      if (seen[l]!.has(id)) continue;
      seen[l]!.add(id);
      const w = opts.weights?.[l] ?? 1;
      score.set(id, (score.get(id) ?? 0) + w / (k + r + 1));
      if (!first.has(id)) first.set(id, order++);
    }
  const out = [...score].map(([id, s]) => ({ id, score: s }));
  out.sort((a, b) => b.score - a.score || first.get(a.id)! - first.get(b.id)!);
  return opts.limit === undefined ? out : out.slice(0, Math.max(0, opts.limit));
}
