// Text and number normalization for fill-in-the-blank and short answers.
// Rules run in a fixed order: NFKC → case folding → punctuation removal → whitespace.
import type { NormalizeOptions, NumberFormatOptions, Tolerance } from './types.ts';

export const DEFAULT_NORMALIZE: Required<NormalizeOptions> = {
  nfkc: true,
  whitespace: 'collapse',
  caseFold: true,
  stripPunctuation: false,
};

// \s in JavaScript covers U+3000 (ideographic space), NBSP and the other Unicode spaces;
// U+3000 is listed explicitly to make the intent visible.
const WHITESPACE_RUN = /[\s\u3000]+/gu;
const PUNCTUATION = /\p{P}/gu;

export function normalizeText(input: string, options: NormalizeOptions = {}): string {
  const o = { ...DEFAULT_NORMALIZE, ...options };
  let s = input;
  if (o.nfkc) s = s.normalize('NFKC');
  // Upper then lower folds ß → SS → ss and ﬁ-style ligatures, close to Unicode full case folding.
  if (o.caseFold) s = s.toUpperCase().toLowerCase();
  if (o.stripPunctuation) s = s.replace(PUNCTUATION, '');
  if (o.whitespace === 'collapse') s = s.replace(WHITESPACE_RUN, ' ').trim();
  else if (o.whitespace === 'remove') s = s.replace(WHITESPACE_RUN, '');
  return s;
}

export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: string };

// Sign, then either plain digits or digits grouped by threes with one consistent
// separator, then an optional fraction and exponent.
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/u;
const GROUPED = /^[+-]?\d{1,3}(?<sep>[, ])\d{3}(?:\k<sep>\d{3})*(?:\.\d+)?(?:e[+-]?\d+)?$/u;

/**
 * Parses a number as a learner may type it: "1,000", "1 000", "１．５", "−3", "2.5e-3",
 * and "50%" (→ 0.5) when `percent` is set. Refuses (never guesses) anything ambiguous:
 * "1,5" and "1.000,5" (decimal comma?), "1,00", mixed separators, "1.2.3", empty, ±Infinity, hex.
 */
export function parseNumber(input: string, options: NumberFormatOptions = {}): ParsedNumber {
  const percentAllowed = options.percent ?? false;
  const thousands = options.thousands ?? true;
  let s = input
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\uFE63]/gu, '-') // minus sign and dashes used as minus
    .replace(/[\s\u3000]+/gu, ' ')
    .trim()
    .toLowerCase();
  if (s === '') return { ok: false, reason: 'empty' };
  let scale = 1;
  if (s.endsWith('%')) {
    if (!percentAllowed) return { ok: false, reason: 'percent sign not accepted for this answer' };
    s = s.slice(0, -1).trimEnd();
    scale = 0.01;
  }
  let digits: string;
  if (PLAIN.test(s)) digits = s;
  else if (GROUPED.test(s)) {
    if (!thousands) return { ok: false, reason: 'thousands separators not accepted for this answer' };
    if (/^[+-]?0[, ]/u.test(s)) return { ok: false, reason: 'ambiguous: a leading zero group is not a thousands group' };
    digits = s.replace(/[, ]/gu, '');
  } else if (/^[+-]?\d+,\d{1,2}$|^[+-]?\d+,\d{4,}$|\d\.\d{3},|\d,\d{3}\.\d{3}/u.test(s)) {
    return { ok: false, reason: 'ambiguous: comma may be a decimal separator' };
  } else return { ok: false, reason: 'not a number' };
  const value = Number(digits) * scale;
  if (!Number.isFinite(value)) return { ok: false, reason: 'out of range' };
  return { ok: true, value };
}

/**
 * |x − target| ≤ abs, or |x − target| ≤ rel·|target|; both bounds inclusive, with a few ulps
 * of slack so that 10.5 against 10 ± 0.5 passes despite binary rounding. No tolerance: exact.
 */
export function withinTolerance(x: number, target: number, tolerance: Tolerance = {}): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(target)) return false;
  const diff = Math.abs(x - target);
  const slack = 4 * Number.EPSILON * Math.max(Math.abs(x), Math.abs(target));
  const abs = tolerance.abs ?? 0;
  const rel = tolerance.rel ?? 0;
  if (diff <= abs + slack) return true;
  return diff <= rel * Math.abs(target) + slack;
}
