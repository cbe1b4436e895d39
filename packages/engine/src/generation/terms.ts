/**
 * Term extraction (issue 6 §4, ADR 0019). The terms of a set of passages are:
 *
 * 1. Segmenter terms: the runtime's ICU word segmenter cuts every sentence into words. Stop words,
 *    numbers and punctuation break a sentence into runs; within a run, two adjacent words are merged
 *    into one term when they co-occur as a unit — the pair occurs at least twice and at least half as
 *    often as the rarer of its two words (客户 + 信息 → 客户信息; "retrieval" + "augmented" →
 *    "retrieval augmented"). Three rounds, so a term has at most eight words. After merging, a word
 *    counts only where it stands alone. A candidate is at least two Han characters, or a Latin word of
 *    at least three letters, never a stop word or an ordinal (第三条); it must occur at least twice.
 * 2. Marked terms: text in 「」《》『』【】“”"" (2–24 characters, no sentence punctuation inside),
 *    acronyms (RAG, LLM, KYC; a plural "LLMs" counts as "LLM") and English capitalised phrases of two
 *    or more words ("Retrieval Augmented Generation", a leading "The" dropped). They count once each
 *    time they occur, even once.
 * 3. Aliases: "检索增强生成（RAG）", "Retrieval Augmented Generation (RAG)" — a term followed by another
 *    in parentheses makes the two aliases of each other (a cloze accepts both, a distractor is never an
 *    alias of the answer).
 *
 * Score = occurrences × spread (the number of passages it occurs in), × 1.5 for a marked term.
 */
import { foldWidth, isCjk, isStopWord, isWeakWord, sentencesOf, termKey, wordsOf, ZH_WEAK_VERBS, type GenPassage, type GenSentence, type WordToken } from './text.ts';

export type TermKind = 'cjk' | 'latin' | 'acronym';

export interface Term {
  /** As written (the most frequent surface form). */
  text: string;
  /** termKey(text): lower case, width-folded. */
  key: string;
  kind: TermKind;
  count: number;
  /** Number of passages it occurs in. */
  spread: number;
  documentIds: number[];
  chunkIds: number[];
  /** Quoted or bracketed, an acronym or a capitalised phrase. */
  marked: boolean;
  score: number;
  /** Keys of its aliases. */
  aliases: string[];
}

export interface TermOptions {
  /** Occurrences a segmenter term needs (default 2). */
  minCount?: number;
  /** Keep the best this many (default 400). */
  maxTerms?: number;
}

const ORDINAL = /^第[一二三四五六七八九十百千\d]+[条章节款项部分篇]?$/;
const QUOTED = /[「《『【“"]([^「」《》『』【】“”"\n]{2,24})[」》』】”"]/g;
const ACRONYM = /(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,7}(?:s(?![A-Za-z0-9]))?(?![A-Za-z0-9])/g;
const CAP_PHRASE = /(?<![A-Za-z])(?:[A-Z][a-z]+|[A-Z]{2,})(?:(?:\s+(?:of|and|for|to|in|the))?\s+(?:[A-Z][a-z]+|[A-Z]{2,}))+(?![A-Za-z])/g;
const LEADING = /^(?:The|A|An|This|That|These|Those|Each|Every|All|Any|In|On|For|If|When|Our|Your)\s+/;
const INNER_PUNCT = /[，。；：！？,;:!?、]/;
const MAX_CJK = 16;
const MAX_WORDS = 6;

const kindOf = (text: string): TermKind => (isCjk(text) ? 'cjk' : /^[A-Z][A-Z0-9]+$/.test(text) ? 'acronym' : 'latin');
const tooLong = (text: string) => (isCjk(text) ? [...text].length > MAX_CJK : text.trim().split(/\s+/).length > MAX_WORDS);

/**
 * Where a term occurs in a sentence (start offsets in the sentence). `lower` is the sentence after
 * foldWidth and toLowerCase. Latin terms match whole words only.
 */
export function findTerm(lower: string, key: string): number[] {
  const out: number[] = [];
  if (!key) return out;
  const latinEdges = /[a-z0-9]$/.test(key) || /^[a-z0-9]/.test(key);
  for (let i = lower.indexOf(key); i >= 0; i = lower.indexOf(key, i + 1)) {
    if (latinEdges) {
      const before = i > 0 ? lower[i - 1]! : '';
      const after = lower[i + key.length] ?? '';
      if (/^[a-z0-9]/.test(key) && /[a-z0-9]/.test(before)) continue;
      if (/[a-z0-9]$/.test(key) && /[a-z0-9]/.test(after)) continue;
    }
    out.push(i);
  }
  return out;
}

export const lowerOf = (sentence: string) => foldWidth(sentence).toLowerCase();

interface Unit {
  start: number;
  end: number;
  key: string;
  /** Made of several segmenter words. */
  merged?: boolean;
}

/** Splits a sentence's words into runs: stop words, numbers and punctuation between words break a run. */
function runsOf(sentence: string, words: WordToken[]): Unit[][] {
  const runs: Unit[][] = [];
  let cur: Unit[] = [];
  let prev: WordToken | null = null;
  for (const w of words) {
    const breaks = isStopWord(w.key) || /^[\d.,%]+$/.test(w.key);
    let joined = false;
    if (prev && !breaks) {
      const gap = sentence.slice(prev.end, w.start);
      joined = gap === '' || (!prev.cjk && !w.cjk && (gap === ' ' || gap === '-'));
    }
    if (!joined && cur.length) {
      runs.push(cur);
      cur = [];
    }
    if (!breaks) cur.push({ start: w.start, end: w.end, key: w.key });
    prev = breaks ? null : w;
  }
  if (cur.length) runs.push(cur);
  return runs;
}

const PAIR = '\u0001';

/** Merges words that co-occur as a unit (see the file comment); the runs are changed in place. */
function mergeRuns(runs: { sentence: string; units: Unit[] }[]): void {
  for (let round = 0; round < 3; round++) {
    const uni = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const { units } of runs) {
      for (let i = 0; i < units.length; i++) {
        uni.set(units[i]!.key, (uni.get(units[i]!.key) ?? 0) + 1);
        if (i > 0) {
          const k = units[i - 1]!.key + PAIR + units[i]!.key;
          pairs.set(k, (pairs.get(k) ?? 0) + 1);
        }
      }
    }
    const accepted = new Set<string>();
    for (const [k, c] of pairs) {
      const [a, b] = k.split(PAIR) as [string, string];
      if (c >= 2 && c >= 0.5 * Math.min(uni.get(a)!, uni.get(b)!) && !ZH_WEAK_VERBS.has(a)) accepted.add(k);
    }
    if (!accepted.size) return;
    let merged = false;
    for (const run of runs) {
      const out: Unit[] = [];
      for (let i = 0; i < run.units.length; i++) {
        const a = run.units[i]!;
        const b = run.units[i + 1];
        if (b && accepted.has(a.key + PAIR + b.key)) {
          const text = run.sentence.slice(a.start, b.end);
          if (!tooLong(text)) {
            out.push({ start: a.start, end: b.end, key: termKey(text), merged: true });
            i++;
            merged = true;
            continue;
          }
        }
        out.push(a);
      }
      run.units = out;
    }
    if (!merged) return;
  }
}

interface Tally {
  surfaces: Map<string, number>;
  count: number;
  passages: Set<number>;
  docs: Set<number>;
  chunks: Set<number>;
  marked: boolean;
  /** Ever seen as a merge of several words. */
  merged: boolean;
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = { surfaces: new Map(), count: 0, passages: new Set(), docs: new Set(), chunks: new Set(), marked: false, merged: false }));
  return t;
}

function candidateOk(key: string): boolean {
  if (isStopWord(key) || isWeakWord(key) || ORDINAL.test(key)) return false;
  if (isCjk(key)) return [...key.replace(/[^\u3400-\u9fff]/g, '')].length >= 2 || /[a-z]{2,}/.test(key);
  return /[a-z]/.test(key) && key.replace(/[^a-z0-9]/g, '').length >= 3;
}

/** Marked terms in one sentence: quoted or bracketed text, acronyms, capitalised phrases. */
function markedTerms(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(QUOTED)) {
    const t = m[1]!.trim();
    if (t && !INNER_PUNCT.test(t) && !tooLong(t)) out.push(t);
  }
  for (const m of sentence.matchAll(ACRONYM)) {
    let t = m[0];
    if (/^[A-Z0-9]+s$/.test(t)) t = t.slice(0, -1);
    if (/[A-Z].*[A-Z]/.test(t) || /^[A-Z][A-Z0-9]+$/.test(t)) out.push(t);
  }
  for (const m of sentence.matchAll(CAP_PHRASE)) {
    let t = m[0];
    while (LEADING.test(t)) t = t.replace(LEADING, '');
    if (t.split(/\s+/).length >= 2 && !tooLong(t)) out.push(t);
  }
  return out;
}

/** The terms of a set of passages, best first (see the file comment). */
export function extractTerms(passages: readonly GenPassage[], opts: TermOptions = {}): Term[] {
  return extractTermsFromSentences(passages, sentencesOf(passages), opts);
}

/** `extractTerms` on sentences already split (`sentencesOf(passages)`). */
export function extractTermsFromSentences(passages: readonly GenPassage[], sentences: readonly GenSentence[], opts: TermOptions = {}): Term[] {
  const minCount = opts.minCount ?? 2;
  const maxTerms = opts.maxTerms ?? 400;
  const tallies = new Map<string, Tally>();
  const note = (key: string, surface: string, s: GenSentence, n = 1) => {
    const t = tallyOf(tallies, key);
    t.count += n;
    t.surfaces.set(surface, (t.surfaces.get(surface) ?? 0) + n);
    t.passages.add(s.passage);
    t.docs.add(s.documentId);
    t.chunks.add(s.chunkId);
    return t;
  };

  // 1. segmenter terms
  const runs: { sentence: string; s: GenSentence; units: Unit[] }[] = [];
  for (const s of sentences) for (const units of runsOf(s.text, wordsOf(s.text))) runs.push({ sentence: s.text, s, units });
  mergeRuns(runs);
  for (const r of runs)
    for (const u of r.units)
      if (candidateOk(u.key)) {
        const t = note(u.key, r.sentence.slice(u.start, u.end), r.s);
        if (u.merged) t.merged = true;
      }
  for (const [key, t] of tallies) if (t.count < minCount) tallies.delete(key);

  // 2. marked terms: counted by their occurrences in every sentence
  const marked = new Map<string, string>();
  for (const s of sentences) for (const m of markedTerms(s.text)) if (!marked.has(termKey(m)) && candidateOk(termKey(m))) marked.set(termKey(m), m);
  const lowers = sentences.map((s) => lowerOf(s.text));
  for (const [key, surface] of marked) {
    const prior = tallies.get(key);
    if (prior) tallies.delete(key);
    let t: Tally | null = null;
    sentences.forEach((s, i) => {
      const n = findTerm(lowers[i]!, key).length;
      if (n) t = note(key, surface, s, n);
    });
    if (t) (t as Tally).marked = true;
  }

  // 3. aliases: "term（alias）"
  const aliases = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    (aliases.get(a) ?? aliases.set(a, new Set()).get(a)!).add(b);
    (aliases.get(b) ?? aliases.set(b, new Set()).get(b)!).add(a);
  };
  sentences.forEach((s, i) => {
    const lower = lowers[i]!;
    for (const m of lower.matchAll(/[（(]([^（）()]{1,40})[)）]/g)) {
      const inner = termKey(m[1]!);
      if (!tallies.has(inner)) continue;
      const end = lower.slice(0, m.index).trimEnd().length;
      for (let len = Math.min(end, 40); len >= 2; len--) {
        const k = termKey(lower.slice(end - len, end));
        if (tallies.has(k) && findTerm(lower.slice(0, end), k).includes(end - len)) {
          link(k, inner);
          break;
        }
      }
    }
  });

  const terms: Term[] = [];
  const keys = [...tallies.keys()];
  for (const [key, t] of tallies) {
    // a single short word weighs less than a compound or a marked term; a term inside a longer one, less again
    const single = !t.merged && !t.marked && (isCjk(key) ? [...key].length <= 2 : !key.includes(' '));
    const inside = keys.some((k) => k !== key && k.includes(key) && tallies.get(k)!.count * 2 >= t.count);
    let text = [...t.surfaces.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    // an ordinary English word or phrase is shown in lower case (a capital at the start of a sentence is not part of it)
    if (!t.marked && !isCjk(text) && !/[A-Z].*[A-Z]/.test(text)) text = text.toLowerCase();
    terms.push({
      text,
      key,
      kind: kindOf(text),
      count: t.count,
      spread: t.passages.size,
      documentIds: [...t.docs].sort((a, b) => a - b),
      chunkIds: [...t.chunks].sort((a, b) => a - b),
      marked: t.marked,
      score: t.count * t.passages.size * (t.marked ? 1.5 : 1) * (single ? 0.6 : 1) * (inside ? 0.5 : 1),
      aliases: [...(aliases.get(key) ?? [])].sort(),
    });
  }
  terms.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return terms.slice(0, maxTerms);
}

/**
 * The terms that occur in a sentence, best first, with their first free position and number of free
 * occurrences; an occurrence inside a longer term's occurrence (信息 in 客户信息) is not free, and a
 * term with no free occurrence is left out.
 */
export function termsInSentence(sentence: string, terms: readonly Term[]): { term: Term; at: number; occurrences: number }[] {
  const lower = lowerOf(sentence);
  const found: { term: Term; hits: number[] }[] = [];
  for (const term of terms) {
    const hits = findTerm(lower, term.key);
    if (hits.length) found.push({ term, hits });
  }
  const spans = found.flatMap((f) => f.hits.map((h) => ({ start: h, end: h + f.term.key.length, key: f.term.key })));
  const out: { term: Term; at: number; occurrences: number }[] = [];
  for (const f of found) {
    const len = f.term.key.length;
    const free = f.hits.filter((h) => !spans.some((s) => s.key !== f.term.key && s.end - s.start > len && s.start <= h && s.end >= h + len));
    if (free.length) out.push({ term: f.term, at: free[0]!, occurrences: free.length });
  }
  return out;
}
