/**
 * The AI tutor's offline answer (issue 6 §3, ADR 0018): from the passages retrieval returned (best
 * first), decide whether the knowledge base supports an answer at all, and if it does, quote the most
 * relevant sentences of the best one to three passages with their citation numbers and the character
 * ranges of the question's terms in them (highlights).
 *
 * The support rule. The question is analysed as the retriever analyses it (`analyzeQuery`:
 * normalised, interrogatives dropped); for a passage, `rerankFeatures` (the re-ranker's features)
 * gives
 *   - `coverage`: the idf-weighted share of the question's distinct content units (characters,
 *     English words, numbers) found in the passage, and
 *   - `bigramCoverage`: the share of the question's distinct bigrams found in it;
 * the passage's support is
 *
 *     support = α · coverage + (1 − α) · bigramCoverage
 *
 * (a question with no CJK bigram — English — uses its coverage in place of the bigram coverage: an
 * English word already carries what a Chinese bigram does, and word order varies more), and the
 * knowledge base supports an answer when the best passage's support reaches the threshold
 * θ. The idf comes from the caller's index (`opts.idf`, e.g. `Retriever.unitIdf`); without one,
 * `commonUnitIdf` (every unit 1, the commonest function characters and English stop words 0.2). α and
 * θ were chosen on the tuning half of CMRC 2018 (questions against their own passage = supported,
 * against the most similar passage of another article = not supported; bench/tutor-threshold.ts):
 * `DEFAULT_SUPPORT` with the index's idf, `FALLBACK_SUPPORT` with `commonUnitIdf`; the held-out
 * half's accuracy is in ADR 0018.
 *
 * Nothing here does I/O.
 */
import { analyzeQuery, normalizeForRetrieval, textUnits, joinUnits, type AnalyzedQuery } from '../retrieval/analyze.ts';
import { prepareRerank, rerankFeatures, type PreparedQuery } from '../retrieval/rerank.ts';

/** A retrieved passage, as the tutor needs it. */
export interface TutorPassage {
  text: string;
  /** The retriever's score (best first); informational. */
  score?: number;
}

export interface SupportRule {
  /** Weight of the idf-weighted unit coverage; 1 − alpha goes to the bigram coverage. */
  alpha: number;
  /** The best passage's support must reach this. */
  threshold: number;
}

/** With the index's idf: chosen on the tuning half of CMRC 2018 (bench/tutor-threshold.ts, ADR 0018). */
export const DEFAULT_SUPPORT: Readonly<SupportRule> = Object.freeze({ alpha: 0.5, threshold: 0.58 });
/** With `commonUnitIdf` (no index idf): chosen the same way. */
export const FALLBACK_SUPPORT: Readonly<SupportRule> = Object.freeze({ alpha: 0.25, threshold: 0.48 });

export interface ExtractiveOptions {
  /** idf of a unit (the retriever's character field); default `commonUnitIdf`. */
  idf?: (unit: string) => number;
  /** Default: `DEFAULT_SUPPORT` with an `idf`, `FALLBACK_SUPPORT` without. */
  rule?: SupportRule;
  /** At most this many passages are quoted (default 3). */
  maxPassages?: number;
  /** At most this many sentences per quoted passage (default 2). */
  maxSentences?: number;
}

/** A character range [start, end) (UTF-16 offsets). */
export type TextRange = [number, number];

/** One quoted piece of the answer: sentences of passage `n` (1-based, the retrieval order). */
export interface AnswerSegment {
  n: number;
  text: string;
  /** Where `text` lies in the passage. */
  start: number;
  end: number;
  /** Matched question terms, relative to `text`. */
  highlights: TextRange[];
}

export interface ExtractiveAnswer {
  supported: boolean;
  /** The best passage's support (0–1) and which passage it is (1-based; 0 when there is none). */
  support: number;
  best: number;
  /** Empty when not supported. */
  segments: AnswerSegment[];
  /** Per input passage: the question's terms in its whole text (for showing the passage). */
  passageHighlights: TextRange[][];
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const COMMON = new Set(
  [
    ...'的了是在和有与及或也就都而且但并等这那个之其为以于对把被从到上下中不没很更最能会要可一',
    ...['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'by', 'with', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'do', 'doe', 'did', 'it', 'this', 'that', 'i', 'you', 'we', 'can', 'should', 'my', 'our', 'your'],
  ],
);
/** The fallback idf: 1 for every unit, 0.2 for the commonest function characters and English stop words. */
export const commonUnitIdf = (unit: string): number => (COMMON.has(unit) ? 0.2 : 1);

/** A question prepared once for support scoring and highlighting. */
export interface PreparedQuestion {
  query: AnalyzedQuery;
  rerank: PreparedQuery;
  idf: (unit: string) => number;
  /** Whether the question has a bigram with a CJK character. */
  cjkBigrams: boolean;
}

export function prepareQuestion(question: string, idf: (unit: string) => number = commonUnitIdf): PreparedQuestion {
  const query = analyzeQuery(question);
  return { query, rerank: prepareRerank(query, idf), idf, cjkBigrams: query.bigram.some((b) => CJK_CHAR.test(b)) };
}

/** The support of one text for a prepared question (see the file comment). */
export function supportOf(q: PreparedQuestion, text: string, rule: SupportRule = DEFAULT_SUPPORT): number {
  if (q.rerank.contentCount === 0) return 0;
  const f = rerankFeatures(q.rerank, normalizeForRetrieval(text));
  // Bigrams matter where a word is written as several characters; a question with no CJK bigram
  // (English, a single character) is judged by its unit coverage alone.
  const bigram = q.cjkBigrams ? f.bigramCoverage : f.coverage;
  return rule.alpha * f.coverage + (1 - rule.alpha) * bigram;
}

/**
 * Normalises text character by character, remembering where each normalised UTF-16 index came from
 * (NFKC and lower-casing may change lengths), so that ranges found in the normalised text map back.
 */
function normalizeWithMap(text: string): { norm: string; from: number[] } {
  let norm = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const piece = normalizeForRetrieval(text.slice(i, i + len));
    for (let j = 0; j < piece.length; j++) from.push(i);
    norm += piece;
    i += len;
  }
  from.push(text.length);
  return { norm, from };
}

/**
 * Ranges of the question's terms in a text: every run of units that matches one of the question's
 * bigrams (so a lone common character is not lit up), and every non-CJK unit (English word, number)
 * of the question that is not a stop word. Adjacent ranges separated only by spaces are merged.
 */
export function highlightRanges(q: PreparedQuestion, text: string): TextRange[] {
  const { norm, from } = normalizeWithMap(text);
  const u = textUnits(norm);
  const n = u.units.length;
  const lit = new Uint8Array(n);
  const content = new Set<string>();
  q.query.units.units.forEach((unit, i) => q.query.content[i] && content.add(unit));
  for (let j = 0; j < n; j++) {
    const unit = u.units[j]!;
    if (j > 0 && !u.runStart[j] && q.rerank.bigrams.has(joinUnits(u.units[j - 1]!, unit))) lit[j - 1] = lit[j] = 1;
    if (content.has(unit) && !CJK_CHAR.test(unit) && !COMMON.has(unit)) lit[j] = 1;
    // a one-character question (no bigrams) still lights its character
    if (q.rerank.bigrams.size === 0 && content.has(unit)) lit[j] = 1;
  }
  const out: TextRange[] = [];
  for (let j = 0; j < n; j++) {
    if (!lit[j]) continue;
    const s = from[u.starts[j]!]!,
      e = from[u.ends[j]!]!;
    const last = out[out.length - 1];
    if (last && /^\s*$/.test(text.slice(last[1], s))) last[1] = e;
    else out.push([s, e]);
  }
  return out;
}

/** Sentences of a passage as [start, end) ranges (split after 。！？；!?; and line breaks, ". "). */
export function sentenceRanges(text: string): TextRange[] {
  const out: TextRange[] = [];
  const re = /[。！？；!?;]+[”’」』）)]*|\n+|\.(?=\s)/g;
  let start = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push([s, e]);
  };
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return out;
}

/**
 * The offline answer (see the file comment). Passages are numbered 1…n in the given order; the answer
 * quotes, from the passages whose support is at least the threshold and at least half the best one's
 * (at most `maxPassages`, best support first), the `maxSentences` sentences that cover the question
 * best, in document order, each run as one segment.
 */
export function extractiveAnswer(question: string, passages: readonly TutorPassage[], opts: ExtractiveOptions = {}): ExtractiveAnswer {
  const rule = opts.rule ?? (opts.idf ? DEFAULT_SUPPORT : FALLBACK_SUPPORT);
  const q = prepareQuestion(question, opts.idf);
  const supports = passages.map((p) => supportOf(q, p.text, rule));
  const passageHighlights = passages.map((p) => highlightRanges(q, p.text));
  let best = -1;
  supports.forEach((s, i) => {
    if (best < 0 || s > supports[best]!) best = i;
  });
  const top = best >= 0 ? supports[best]! : 0;
  if (best < 0 || top < rule.threshold) return { supported: false, support: top, best: best + 1, segments: [], passageHighlights };

  const chosen = supports
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s >= rule.threshold && x.s >= top / 2)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, opts.maxPassages ?? 3);
  const segments: AnswerSegment[] = [];
  for (const { i } of chosen) {
    const text = passages[i]!.text;
    const sentences = sentenceRanges(text);
    const scored = sentences.map(([s, e], k) => ({ k, s, e, score: supportOf(q, text.slice(s, e), rule) }));
    const picked = scored
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.k - b.k)
      .slice(0, opts.maxSentences ?? 2)
      .sort((a, b) => a.k - b.k);
    if (picked.length === 0) continue;
    // consecutive sentences form one segment
    let run: typeof picked = [];
    const flush = () => {
      if (!run.length) return;
      const start = run[0]!.s,
        end = run[run.length - 1]!.e;
      const highlights = passageHighlights[i]!
        .filter(([a, b]) => a < end && b > start)
        .map(([a, b]): TextRange => [Math.max(a, start) - start, Math.min(b, end) - start]);
      segments.push({ n: i + 1, text: text.slice(start, end), start, end, highlights });
      run = [];
    };
    for (const p of picked) {
      if (run.length && run[run.length - 1]!.k !== p.k - 1) flush();
      run.push(p);
    }
    flush();
  }
  return { supported: segments.length > 0, support: top, best: best + 1, segments, passageHighlights };
}

/** The answer as one text: each segment followed by its citation, one per line. */
export function extractiveAnswerText(answer: ExtractiveAnswer): string {
  return answer.segments.map((s) => `${s.text} [${s.n}]`).join('\n');
}
