/**
 * Are these chunks in reading order? (issue 6) A file of chunks — `xueli retrieval search --docs` —
 * may list the sentences of each document one after another, or in no particular order. In reading
 * order, neighbouring chunks talk about the same thing: they share rare words far more often than
 * two chunks taken at random. `readingOrderEvidence` measures exactly that, so that neighbour context
 * (`Retriever`'s `prev` links) is used only when the order means something.
 *
 * Statistic: the idf-weighted overlap of two chunks' bigram sets (Σ idf over the bigrams both
 * contain), averaged over adjacent pairs (i, i+1), against the same average over non-adjacent pairs:
 * all of them for up to `exhaustive` chunks, otherwise `partners` pairs (i, j) per position with j
 * drawn at random (mulberry32, fixed seed, so the answer is deterministic). At most `sample`
 * positions, spread evenly, are looked at; idf comes from the chunks looked at. The order is called
 * reading order when there are at least `minPairs` pairs and the ratio is at least `minRatio`.
 */
import { analyzeText } from './analyze.ts';
import { mulberry32 } from '../random.ts';

export interface ReadingOrderEvidence {
  /** Adjacent pairs looked at. */
  pairs: number;
  /** Mean idf-weighted bigram overlap of adjacent chunks, and of chunks paired at random. */
  adjacent: number;
  random: number;
  /** adjacent / random (Infinity when random pairs share nothing and adjacent ones do). */
  ratio: number;
  ordered: boolean;
}

export interface ReadingOrderOptions {
  /** Positions sampled (default 2,000). */
  sample?: number;
  /** Adjacent pairs needed to call anything reading order (default 10). */
  minPairs?: number;
  /** Ratio needed (default 2; a shuffled file's expected ratio is 1). */
  minRatio?: number;
  /** Up to this many chunks, the random baseline is every non-adjacent pair (default 300). */
  exhaustive?: number;
  /** Otherwise, random partners per position (default 4). */
  partners?: number;
}

export function readingOrderEvidence(texts: readonly string[], opts: ReadingOrderOptions = {}): ReadingOrderEvidence {
  const n = texts.length;
  const sample = Math.max(1, opts.sample ?? 2000);
  const minPairs = opts.minPairs ?? 10;
  const minRatio = opts.minRatio ?? 2;
  const pairs = Math.max(0, Math.min(n - 1, sample));
  if (pairs === 0 || n < 3) return { pairs, adjacent: 0, random: 0, ratio: 0, ordered: false };
  const rnd = mulberry32(0x5eed);
  const adjacentPairs: [number, number][] = [];
  const randomPairs: [number, number][] = [];
  for (let s = 0; s < pairs; s++) {
    const i = Math.floor((s * (n - 1)) / pairs);
    adjacentPairs.push([i, i + 1]);
  }
  if (n <= (opts.exhaustive ?? 300)) {
    for (let i = 0; i < n; i++) for (let j = i + 2; j < n; j++) randomPairs.push([i, j]);
  } else {
    const partners = Math.max(1, opts.partners ?? 4);
    for (const [i] of adjacentPairs)
      for (let p = 0; p < partners; p++) {
        // a random partner other than i and its neighbours
        let j = Math.floor(rnd() * n);
        if (Math.abs(j - i) <= 1) j = (i + 2 + Math.floor(rnd() * (n - 3))) % n;
        randomPairs.push([i, j]);
      }
  }
  const sets = new Map<number, Set<string>>();
  const setOf = (i: number) => {
    let s = sets.get(i);
    if (!s) sets.set(i, (s = new Set(analyzeText(texts[i]!, { word: false, trigram: false }).bigram)));
    return s;
  };
  for (const p of [...adjacentPairs, ...randomPairs]) for (const i of p) setOf(i);
  const df = new Map<string, number>();
  for (const s of sets.values()) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  const m = sets.size;
  const idf = (t: string) => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (m - d + 0.5) / (d + 0.5));
  };
  const overlap = (a: number, b: number) => {
    const x = setOf(a),
      y = setOf(b);
    const [small, large] = x.size <= y.size ? [x, y] : [y, x];
    let sum = 0;
    for (const t of small) if (large.has(t)) sum += idf(t);
    return sum;
  };
  let adjacent = 0,
    random = 0;
  for (const [i, j] of adjacentPairs) adjacent += overlap(i, j);
  for (const [i, j] of randomPairs) random += overlap(i, j);
  adjacent /= adjacentPairs.length;
  random /= randomPairs.length;
  const ratio = random > 0 ? adjacent / random : adjacent > 0 ? Infinity : 0;
  return { pairs, adjacent, random, ratio, ordered: pairs >= minPairs && ratio >= minRatio };
}
