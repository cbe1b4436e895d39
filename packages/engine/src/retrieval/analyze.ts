/**
 * Text analysis for lexical retrieval (issue 6), Chinese and English alike, with no dictionary to
 * download: the word segmenter is the runtime's ICU one (`Intl.Segmenter('zh', { granularity:
 * 'word' })`, dictionary-based, built into Node ≥ 16 and every current browser).
 *
 * 1. Normalisation (`normalizeForRetrieval`): Unicode NFKC, which folds full-width forms to half-width
 *    (ＡＢＣ１２３ → ABC123, the ideographic space → a space) and compatibility characters, then
 *    lower case.
 * 2. Units (`textUnits`): the text read as a sequence of units — every CJK character (Han, kana,
 *    Hangul) is one unit; every other run of letters and digits is one unit (an English word,
 *    lightly stemmed by `stemEnglish`, or a number: "3.5" and "1,000" stay one unit, "1,000" as
 *    "1000"). Punctuation and symbols are not units; they end a *run*, whitespace does not.
 * 3. Token fields (`analyzeText`), each indexed as its own BM25 field (see retriever.ts):
 *    - `word`: the ICU segmenter's words (CJK words as they are, other words as their units);
 *    - `char`: the units (Chinese character unigrams, English words, numbers);
 *    - `bigram`: pairs of adjacent units within a run ("主教", "1963年", "new york");
 *    - `trigram`: triples of adjacent units within a run.
 * 4. Questions (`analyzeQuery`): the same fields, without the interrogative words (什么, 哪, 谁, 几,
 *    多少, 如何, … what, which, who, …): they never occur in the passage that answers the question
 *    and only add noise (什么 is rare in passages, so its bigram would even weigh a lot). A character
 *    of an interrogative is dropped from `char`, from every n-gram that contains it and from every
 *    word that overlaps it; it also breaks the run. The query also says whether the question asks
 *    for a number or a date (几, 多少, 哪一年, 何时, how many, when, …), a cue for the re-ranker.
 *
 * Everything is deterministic; nothing here does I/O.
 */

/** The fields `analyzeText` produces, in this order. */
export const TOKEN_FIELDS = ['word', 'char', 'bigram', 'trigram'] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];
export type TokenFields = Record<TokenField, string[]>;

/** NFKC (full-width → half-width, compatibility forms folded), then lower case. */
export function normalizeForRetrieval(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** CJK scripts, read one character per unit. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Letters, digits and combining marks (parts of a non-CJK word). */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const WHITESPACE = /\s/u;
const DIGIT = /\d/;

const isAsciiAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const WORD = 0,
  CJK_UNIT = 1,
  SPACE = 2,
  OTHER = 3;
/** Frequent CJK punctuation left by NFKC (、。《》「」『』【】 — “ ” ‘ ’ … ·), for the fast path. */
const CJK_PUNCT = new Set([0x3001, 0x3002, 0x300a, 0x300b, 0x300c, 0x300d, 0x300e, 0x300f, 0x3010, 0x3011, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0xb7]);
/**
 * The class of a character: part of a word, a CJK unit, whitespace or other (punctuation, symbols).
 * ASCII, the main CJK blocks and common CJK punctuation take a fast path; everything else asks the
 * Unicode property regexes.
 */
function charClass(cp: number, ch: string): number {
  if (cp < 128) return isAsciiAlnum(cp) || (cp >= 65 && cp <= 90) ? WORD : cp === 32 || (cp >= 9 && cp <= 13) ? SPACE : OTHER;
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) return CJK_UNIT;
  if (CJK_PUNCT.has(cp)) return OTHER;
  if (CJK.test(ch)) return CJK_UNIT;
  if (WORD_CHAR.test(ch)) return WORD;
  return WHITESPACE.test(ch) ? SPACE : OTHER;
}

/**
 * A light English stemmer: possessive 's, plurals (-ies → -y, -sses → -ss, -s except -ss/-us/-is),
 * -ing and -ed when at least three letters remain (a doubled final consonant is undone: running →
 * run), and -ly. Conflates the common inflections without Porter's over-stemming; only words of
 * ASCII letters are touched.
 */
export function stemEnglish(word: string): string {
  let w = word;
  if (!/^[a-z][a-z']*$/.test(w)) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  w = w.replace(/'/g, '');
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  let cut = 0;
  if (w.length > 5 && w.endsWith('ing')) cut = 3;
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) cut = 2;
  else if (w.length > 5 && w.endsWith('ly')) cut = 2;
  if (cut > 0) {
    const stem = w.slice(0, -cut);
    if (/[aeiouy]/.test(stem) && stem.length >= 3) {
      w = stem;
      // running → run, stopped → stop (but not fall, miss, buzz)
      const n = w.length;
      if (n >= 3 && w[n - 1] === w[n - 2] && !/[aeiouylsz]/.test(w[n - 1]!)) w = w.slice(0, -1);
    }
  }
  return w;
}

/** The units of a text (see the file comment) and where runs break. */
export interface Units {
  /** Units in text order. */
  units: string[];
  /** Start offset of each unit in the (normalised) text. */
  starts: number[];
  /** End offset (exclusive) of each unit. */
  ends: number[];
  /** runStart[i] is true when unit i begins a new run (a punctuation mark or symbol precedes it). */
  runStart: boolean[];
}

/**
 * Splits already normalised text into units. Offsets are UTF-16 indices into `text`. A "'" between
 * letters, a "." between digits and a "," between digits (dropped) stay inside a unit.
 */
export function textUnits(text: string): Units {
  const units: string[] = [],
    starts: number[] = [],
    ends: number[] = [],
    runStart: boolean[] = [];
  let broken = true; // the next unit starts a run
  let word = '';
  let wordStart = 0;
  let ascii = true; // the word holds only [a-z0-9'.]
  const flush = (end: number) => {
    if (word === '') return;
    units.push(ascii ? stemEnglish(word) : word);
    starts.push(wordStart);
    ends.push(end);
    runStart.push(broken);
    broken = false;
    word = '';
  };
  const n = text.length;
  for (let i = 0; i < n; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = len === 2 ? text.slice(i, i + 2) : text[i]!;
    const cls = charClass(cp, ch);
    if (cls === WORD) {
      if (word === '') {
        wordStart = i;
        ascii = true;
      }
      if (cp >= 128 || (cp >= 65 && cp <= 90)) ascii = false;
      word += ch;
    } else if (
      word !== '' &&
      (ch === "'" || ch === '’' || ch === '.' || ch === ',') &&
      i + 1 < n &&
      (ch === "'" || ch === '’'
        ? /[a-z]/.test(text[i + 1]!) && /[a-z]$/.test(word)
        : DIGIT.test(text[i + 1]!) && /^\d[\d.]*$/.test(word) && !(ch === '.' && word.includes('.')))
    ) {
      if (ch !== ',') word += ch === '’' ? "'" : ch;
    } else {
      flush(i);
      if (cls === CJK_UNIT) {
        units.push(ch);
        starts.push(i);
        ends.push(i + len);
        runStart.push(broken);
        broken = false;
      } else if (cls !== SPACE) broken = true;
    }
    i += len;
  }
  flush(n);
  return { units, starts, ends, runStart };
}

/** Joins adjacent units into an n-gram: CJK units are concatenated, two non-CJK ones get a space. */
export function joinUnits(a: string, b: string): string {
  const ca = a.codePointAt(a.length - 1)!,
    cb = b.codePointAt(0)!;
  const aWord = charClass(ca, String.fromCodePoint(ca)) !== CJK_UNIT;
  const bWord = charClass(cb, String.fromCodePoint(cb)) !== CJK_UNIT;
  return aWord && bWord ? a + ' ' + b : a + b;
}

let segmenter: Intl.Segmenter | undefined;
/** The shared ICU word segmenter (created on first use). */
function wordSegmenter(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
}

/** Options of `analyzeText`: which fields to produce (all by default). */
export type AnalyzeFields = Partial<Record<TokenField, boolean>>;

/**
 * Analyses a text into token fields. `keep(i)` (query side) says whether unit i counts; a dropped
 * unit leaves no unigram, breaks every n-gram through it, and removes every word overlapping it.
 */
function analyzeUnits(text: string, u: Units, fields: AnalyzeFields, keep?: (i: number) => boolean): TokenFields {
  const out: TokenFields = { word: [], char: [], bigram: [], trigram: [] };
  const { units, runStart } = u;
  const n = units.length;
  const ok = (i: number) => keep === undefined || keep(i);
  if (fields.char !== false) for (let i = 0; i < n; i++) if (ok(i)) out.char.push(units[i]!);
  if (fields.bigram !== false)
    for (let i = 1; i < n; i++) if (!runStart[i] && ok(i - 1) && ok(i)) out.bigram.push(joinUnits(units[i - 1]!, units[i]!));
  if (fields.trigram !== false)
    for (let i = 2; i < n; i++)
      if (!runStart[i] && !runStart[i - 1] && ok(i - 2) && ok(i - 1) && ok(i))
        out.trigram.push(joinUnits(joinUnits(units[i - 2]!, units[i - 1]!), units[i]!));
  if (fields.word !== false && n > 0) {
    // ICU words; a word that contains non-CJK units contributes those units (stemmed) instead
    let j = 0; // first unit not before the current segment
    for (const s of wordSegmenter().segment(text)) {
      if (!s.isWordLike) continue;
      const a = s.index,
        b = s.index + s.segment.length;
      while (j < n && u.ends[j]! <= a) j++;
      let allCjk = true,
        dropped = false,
        k = j;
      for (; k < n && u.starts[k]! < b; k++) {
        if (!ok(k)) dropped = true;
        if (u.ends[k]! - u.starts[k]! > 2 || !CJK.test(units[k]!)) allCjk = false;
      }
      if (dropped || k === j) continue;
      if (allCjk && u.starts[j]! >= a && u.ends[k - 1]! <= b) out.word.push(text.slice(u.starts[j], u.ends[k - 1]));
      else for (let q = j; q < k; q++) out.word.push(units[q]!);
    }
  }
  return out;
}

/** Normalises a text and produces its token fields (see the file comment). */
export function analyzeText(text: string, fields: AnalyzeFields = {}): TokenFields {
  const norm = normalizeForRetrieval(text);
  return analyzeUnits(norm, textUnits(norm), fields);
}

/**
 * Chinese interrogatives, longest first where one contains another. "为什么" is left to "什么" so
 * that its 为 (often part of the passage's wording, "算为") survives.
 */
const ZH_QUESTION =
  /什么|什麼|哪一|哪个|哪些|哪里|哪儿|哪位|哪种|哪|谁|多少|多久|多大|多长|多高|多远|多重|几|怎么样|怎么|怎样|如何|为何|何时|何地|何处|何人|何种|吗|呢|啥/g;
/** English interrogatives (whole units). */
const EN_QUESTION = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
/** Questions asking for a number, an amount or a date. */
const NUMBER_CUE =
  /几|多少|哪一?年|哪一?天|哪一?月|何年|何时|什么时候|多久|多大|多长|多高|多远|多重|年份|日期|\bhow (many|much|long|old|far)\b|\bwhen\b|\bwhat (year|date|day|month)\b/;

/** A question analysed for retrieval. */
export interface AnalyzedQuery extends TokenFields {
  /** The normalised question. */
  text: string;
  /** Its units; `content[i]` is false for the units of interrogatives. */
  units: Units;
  content: boolean[];
  /** The question asks for a number, an amount or a date. */
  expectsNumber: boolean;
}

/** Analyses a question: the token fields without interrogatives, plus the cues (file comment). */
export function analyzeQuery(text: string, fields: AnalyzeFields = {}, dropQuestionWords = true): AnalyzedQuery {
  const norm = normalizeForRetrieval(text);
  const u = textUnits(norm);
  const content = u.units.map(() => true);
  if (dropQuestionWords) {
    const marked = new Uint8Array(norm.length);
    for (const m of norm.matchAll(ZH_QUESTION)) marked.fill(1, m.index, m.index + m[0].length);
    for (let i = 0; i < u.units.length; i++) {
      if (EN_QUESTION.has(u.units[i]!)) content[i] = false;
      else for (let c = u.starts[i]!; c < u.ends[i]!; c++) if (marked[c]) content[i] = false;
    }
  }
  const tokens = analyzeUnits(norm, u, fields, (i) => content[i]!);
  return { ...tokens, text: norm, units: u, content, expectsNumber: NUMBER_CUE.test(norm) };
}
