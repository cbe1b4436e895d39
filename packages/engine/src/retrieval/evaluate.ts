/**
 * Ranking metrics for retrieval with (possibly several) relevant documents per query:
 *
 *   recall@k  share of queries with at least one relevant document among the top k ("hit rate");
 *   MRR@k     mean over queries of 1 / rank of the first relevant document (0 beyond k).
 *
 * Queries without any relevant document are the caller's to leave out (they would count as misses).
 */
export interface RankingMetrics {
  queries: number;
  /** recall[k] for each k asked. */
  recall: Record<number, number>;
  mrr: number;
  /** The cut-off of the MRR. */
  mrrAt: number;
}

/** 1-based rank of the first relevant id in a ranking, or 0 when none is there. */
export function firstRelevantRank(ranking: readonly string[], relevant: ReadonlySet<string>): number {
  for (let i = 0; i < ranking.length; i++) if (relevant.has(ranking[i]!)) return i + 1;
  return 0;
}

/** Recall@k for every k of `ks` and MRR@mrrAt over the queries (rankings[q] against relevant[q]). */
export function rankingMetrics(
  rankings: readonly (readonly string[])[],
  relevant: readonly ReadonlySet<string>[],
  ks: readonly number[] = [1, 5, 10],
  mrrAt = 10,
): RankingMetrics {
  if (rankings.length !== relevant.length) throw new Error('rankingMetrics: one ranking per query');
  const n = rankings.length;
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = 0;
  let mrr = 0;
  for (let q = 0; q < n; q++) {
    const r = firstRelevantRank(rankings[q]!, relevant[q]!);
    if (r === 0) continue;
    for (const k of ks) if (r <= k) recall[k]! += 1;
    if (r <= mrrAt) mrr += 1 / r;
  }
  if (n > 0) {
    for (const k of ks) recall[k]! /= n;
    mrr /= n;
  }
  return { queries: n, recall, mrr, mrrAt };
}
