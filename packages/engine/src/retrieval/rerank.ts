/**
 * Second-stage re-ranking of the first stage's best candidates (issue 6). Multi-field BM25 scores
 * each query token independently; the features here look at how the question's wording sits in the
 * passage as a whole, which is what tells the sentence that states the answer from sentences that
 * merely share vocabulary:
 *
 * - `lcs`: the longest common substring of the question and the passage, in units (see
 *   analyze.ts; interrogatives break it), divided by the question's content units. A question is
 *   often the answering sentence with the answer replaced by an interrogative, so long verbatim runs
 *   are strong evidence.
 * - `lcsIdf`: the same with every unit weighted by its idf (the common substring of greatest idf
 *   mass, over the question's total), so that a long run of function characters counts little.
 * - `coverage`: the idf-weighted share of the question's distinct content units found anywhere in
 *   the passage (a soft AND).
 * - `bigramCoverage`: the share of the question's distinct bigrams found in the passage.
 * - `number`: 1 when the question asks for a number or a date (几, 多少, 哪一年, when, …) and the
 *   passage contains a digit, else 0.
 *
 * The re-ranked score is a linear combination, with the BM25 score divided by the best candidate's
 * BM25 score so that the weights mean the same for every query:
 *
 *     score = w_bm25 · bm25 / max bm25 + w_lcs · lcs + w_lcsIdf · lcsIdf + w_cov · coverage
 *             + w_bicov · bigramCoverage + w_num · number
 *
 * Query-term coverage diversification (`diversify`). Many questions name an entity ("黄鳍紫鱼") and
 * ask about one of its attributes ("体长"); the entity's rare characters dominate BM25, so every
 * sentence that merely names the entity outranks the one that states the attribute, which often
 * does not repeat the entity ("体长可达50公分。"). The list is therefore built greedily: at each
 * position the candidate with the best
 *
 *     w_bm25 · Σ_t s(t, d) · γ^{c(t)} / max bm25  +  Σ_feature w · feature(d)
 *
 * is taken, where s(t, d) is query term t's BM25 contribution to d and c(t) the number of documents
 * already placed that contain t. With γ < 1 a term already covered above counts less, so the
 * sentences that match the rest of the question (the attribute) move up; γ = 1 is the plain
 * weighted sum. (In the spirit of xQuAD / explicit query-aspect diversification, with query terms as
 * the aspects.)
 *
 * The weights and γ were chosen on the tuning half of the CMRC 2018 benchmark (bench/retrieval.ts).
 */
import { joinUnits, textUnits, type AnalyzedQuery } from './analyze.ts';

export interface RerankWeights {
  bm25: number;
  lcs: number;
  lcsIdf: number;
  coverage: number;
  bigramCoverage: number;
  number: number;
}

export interface RerankFeatures {
  lcs: number;
  lcsIdf: number;
  coverage: number;
  bigramCoverage: number;
  number: number;
}

/** Per-query data the features need, computed once per query (`prepareRerank`). */
export interface PreparedQuery {
  /** Query units as ids (−1 = interrogative, never matches). */
  seq: Int32Array;
  /** idf of each query unit id. */
  idf: Float64Array;
  /** Distinct content unit ids → index. */
  ids: Map<string, number>;
  contentCount: number;
  idfTotal: number;
  bigrams: Set<string>;
  expectsNumber: boolean;
}

/** Turns an analysed query into what `rerankFeatures` needs; `idf(unit)` from the index. */
export function prepareRerank(q: AnalyzedQuery, idf: (unit: string) => number): PreparedQuery {
  const ids = new Map<string, number>();
  const idfs: number[] = [];
  const units = q.units.units;
  const seq = new Int32Array(units.length);
  let contentCount = 0;
  for (let i = 0; i < units.length; i++) {
    if (!q.content[i]) {
      seq[i] = -1;
      continue;
    }
    contentCount++;
    let id = ids.get(units[i]!);
    if (id === undefined) {
      id = idfs.length;
      ids.set(units[i]!, id);
      idfs.push(idf(units[i]!));
    }
    seq[i] = id;
  }
  const idfArr = Float64Array.from(idfs);
  let idfTotal = 0;
  for (let i = 0; i < seq.length; i++) if (seq[i]! >= 0) idfTotal += idfArr[seq[i]!]!;
  return { seq, idf: idfArr, ids, contentCount, idfTotal, bigrams: new Set(q.bigram), expectsNumber: q.expectsNumber };
}

/** The features of one candidate passage, given as normalised text (see the file comment). */
export function rerankFeatures(p: PreparedQuery, docText: string): RerankFeatures {
  const du = textUnits(docText);
  const units = du.units;
  const m = p.seq.length,
    n = units.length;
  // doc units as query unit ids (−2 = not in the query)
  const dseq = new Int32Array(n);
  const present = new Uint8Array(p.idf.length);
  for (let j = 0; j < n; j++) {
    const id = p.ids.get(units[j]!);
    dseq[j] = id ?? -2;
    if (id !== undefined) present[id] = 1;
  }
  // longest common substring, by length and by idf mass (rolling rows)
  let prevLen = new Int32Array(n + 1),
    curLen = new Int32Array(n + 1);
  let prevW = new Float64Array(n + 1),
    curW = new Float64Array(n + 1);
  let best = 0,
    bestW = 0;
  for (let i = 1; i <= m; i++) {
    const qi = p.seq[i - 1]!;
    const w = qi >= 0 ? p.idf[qi]! : 0;
    for (let j = 1; j <= n; j++) {
      if (qi >= 0 && dseq[j - 1] === qi) {
        const l = prevLen[j - 1]! + 1,
          lw = prevW[j - 1]! + w;
        curLen[j] = l;
        curW[j] = lw;
        if (l > best) best = l;
        if (lw > bestW) bestW = lw;
      } else {
        curLen[j] = 0;
        curW[j] = 0;
      }
    }
    [prevLen, curLen] = [curLen, prevLen];
    [prevW, curW] = [curW, prevW];
  }
  let covered = 0,
    total = 0;
  for (let id = 0; id < p.idf.length; id++) {
    total += p.idf[id]!;
    if (present[id]) covered += p.idf[id]!;
  }
  let bigramHits = 0;
  if (p.bigrams.size > 0) {
    const found = new Set<string>();
    for (let j = 1; j < n; j++)
      if (!du.runStart[j] && dseq[j] !== -2 && dseq[j - 1] !== -2) {
        const b = joinUnits(units[j - 1]!, units[j]!);
        if (p.bigrams.has(b)) found.add(b);
      }
    bigramHits = found.size / p.bigrams.size;
  }
  return {
    lcs: p.contentCount > 0 ? best / p.contentCount : 0,
    lcsIdf: p.idfTotal > 0 ? bestW / p.idfTotal : 0,
    coverage: total > 0 ? covered / total : 0,
    bigramCoverage: bigramHits,
    number: p.expectsNumber && /\d/.test(docText) ? 1 : 0,
  };
}

/** The re-ranked score of a candidate (see the file comment); `bm25Share` is bm25 / max bm25. */
export function rerankScore(w: RerankWeights, bm25Share: number, f: RerankFeatures): number {
  return (
    w.bm25 * bm25Share +
    w.lcs * f.lcs +
    w.lcsIdf * f.lcsIdf +
    w.coverage * f.coverage +
    w.bigramCoverage * f.bigramCoverage +
    w.number * f.number
  );
}

/**
 * Greedy coverage-discounted ordering (see the file comment). `termScores[j][t]` is term t's BM25
 * contribution to candidate j, `staticScores[j]` the candidate's feature part, `scale` multiplies
 * the BM25 part (w_bm25 / max bm25), `gamma` ∈ (0, 1] the discount per covering document placed
 * above. Returns the indices of the best `k` candidates in order; ties go to the lower index (the
 * first stage's order).
 */
export function diversify(
  termScores: readonly Float64Array[],
  staticScores: ArrayLike<number>,
  scale: number,
  gamma: number,
  k: number,
): number[] {
  const n = termScores.length;
  const T = n > 0 ? termScores[0]!.length : 0;
  const factor = new Float64Array(T).fill(1);
  const used = new Uint8Array(n);
  const out: number[] = [];
  const limit = Math.min(k, n);
  while (out.length < limit) {
    let best = -1,
      bestScore = -Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const row = termScores[j]!;
      let s = 0;
      for (let t = 0; t < T; t++) s += row[t]! * factor[t]!;
      s = scale * s + staticScores[j]!;
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    used[best] = 1;
    out.push(best);
    if (gamma !== 1) {
      const row = termScores[best]!;
      for (let t = 0; t < T; t++) if (row[t]! > 0) factor[t]! *= gamma;
    }
  }
  return out;
}

/**
 * Neighbour context for a chunk read in its document's order. `own[t]` is query term t's BM25
 * contribution to the chunk, `neighbours` the same rows of the chunks `distance` places before or
 * after it. A term the chunk has keeps its own score; a term it lacks (or has weakly) counts at
 *
 *     max over neighbours of  borrow · decay^(distance − 1) · s(t, neighbour)
 *
 * so a sentence that states an attribute ("体长可达50公分。") also matches the entity named one or two
 * sentences before it, while a sentence that merely sits next to the answer gains only a discounted
 * copy of the terms it lacks. The maximum (not a sum) keeps a term from counting twice. Returns a new
 * row; `own` is not changed. Parameters chosen on the tuning half of CMRC 2018 (bench/retrieval.ts).
 */
export function borrowFromNeighbours(
  own: Float64Array,
  neighbours: readonly { row: Float64Array; distance: number }[],
  borrow: number,
  decay: number,
): Float64Array {
  const out = Float64Array.from(own);
  for (const n of neighbours) {
    const f = borrow * decay ** (n.distance - 1);
    if (!(f > 0)) continue;
    for (let t = 0; t < out.length; t++) {
      const v = f * n.row[t]!;
      if (v > out[t]!) out[t] = v;
    }
  }
  return out;
}
