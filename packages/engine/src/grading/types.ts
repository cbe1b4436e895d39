// Answer keys and results for the objective (machine-gradable) item types.
// Every key is plain JSON (no functions, no RegExp objects, no Dates), a
// discriminated union on `type`, so the item bank can store it in a jsonb column
// and send it back here unchanged.

/** Text normalization, each rule separately switchable (see normalize.ts). */
export interface NormalizeOptions {
  /** Unicode NFKC: full-width letters/digits/punctuation → half-width, ideographic space → space. Default true. */
  nfkc?: boolean;
  /** 'collapse' trims and turns every run of whitespace (U+3000 included) into one space; 'remove' deletes all whitespace; 'keep' leaves it. Default 'collapse'. */
  whitespace?: 'keep' | 'collapse' | 'remove';
  /** Case folding (ß and SS compare equal). Default true. */
  caseFold?: boolean;
  /** Remove punctuation (Unicode category P: Chinese 。，；：！？「」『』（） and ASCII .,;:!?'"()[]{}-_/ …). Default false. */
  stripPunctuation?: boolean;
}

/** How numeric answers may be written (see parseNumber in normalize.ts). */
export interface NumberFormatOptions {
  /** Accept "50%" as 0.5. Default false: a percent sign is refused. */
  percent?: boolean;
  /** Accept thousands separators "1,000" and "1 000" (groups of exactly three digits). Default true. */
  thousands?: boolean;
}

/** A number is accepted when |x − value| ≤ abs, or |x − value| ≤ rel·|value| (either suffices; bounds inclusive). Neither given: exact. */
export interface Tolerance {
  abs?: number;
  rel?: number;
}

/** One accepted answer for a blank. */
export type AcceptedAnswer =
  | { kind: 'text'; value: string; concept?: string }
  | { kind: 'number'; value: number; tolerance?: Tolerance; concept?: string }
  /** Whole-string match of the normalized response against a restricted, backtracking-safe pattern (see regex.ts). */
  | { kind: 'regex'; pattern: string; flags?: string; concept?: string };

export interface Blank {
  accepted: AcceptedAnswer[];
  /** Relative weight of this blank; default 1. */
  weight?: number;
}

/**
 * Multiple-choice partial-credit rules. With k = number of correct options, n = number of
 * options, C = correct options chosen, W = wrong options chosen, R = options decided
 * correctly (correct and chosen, or wrong and not chosen) = C + (n − k − W):
 * - 'all-or-nothing':       1 if the chosen set equals the correct set, else 0
 * - 'partial':              W > 0 ? 0 : C / k
 * - 'partial-with-penalty': max(0, (C − W) / k)
 * - 'per-option':           R / n                      (each option is a true/false decision)
 * - 'right-minus-wrong':    max(0, (R − (n − R)) / n)  (right decisions minus wrong decisions, over options)
 */
export type MultipleChoiceRule = 'all-or-nothing' | 'partial' | 'partial-with-penalty' | 'per-option' | 'right-minus-wrong';

export const MULTIPLE_CHOICE_RULES: readonly MultipleChoiceRule[] = ['all-or-nothing', 'partial', 'partial-with-penalty', 'per-option', 'right-minus-wrong'];

export interface SingleChoiceKey {
  type: 'single-choice';
  /** Option ids in display order. */
  options: string[];
  correct: string;
}

export interface TrueFalseKey {
  type: 'true-false';
  correct: boolean;
}

export interface MultipleChoiceKey {
  type: 'multiple-choice';
  options: string[];
  correct: string[];
  rule: MultipleChoiceRule;
}

export interface FillBlankKey {
  type: 'fill-blank';
  blanks: Blank[];
  /**
   * 'sensitive': response i is graded against blank i.
   * 'free': responses may come in any order ("name any two of …"); each response fills at most
   * one blank, and the same answer never counts twice — two responses are the same answer when
   * they match entries with the same `concept`, or, without a concept, when their normalized
   * text (or parsed number) is equal.
   */
  order: 'sensitive' | 'free';
  normalize?: NormalizeOptions;
  numberFormat?: NumberFormatOptions;
}

export interface KeywordGroup {
  id: string;
  /** Synonyms; any one of them present counts the group as matched. */
  terms: string[];
  /** Default 1. */
  weight?: number;
  /** A missing required group caps the score at `requiredMissingCap`. */
  required?: boolean;
}

export interface NegativeKeyword {
  id: string;
  terms: string[];
  /** When present, the score is at most this. */
  cap: number;
}

export interface ShortAnswerKey {
  type: 'short-answer';
  keywords: KeywordGroup[];
  negative?: NegativeKeyword[];
  normalize?: NormalizeOptions;
  /** Score cap when any required group is missing; default 0. */
  requiredMissingCap?: number;
  /** `correct` is score ≥ passScore; default 0.6. */
  passScore?: number;
  /** Scores strictly between low and high go to a person (needsReview); default { low: 0.3, high: 0.8 }. */
  review?: { low: number; high: number };
}

export type ObjectiveKey = SingleChoiceKey | TrueFalseKey | MultipleChoiceKey | FillBlankKey | ShortAnswerKey;
export type ObjectiveType = ObjectiveKey['type'];

/**
 * Response shape per type (null or undefined = not answered, graded 0):
 * single-choice: option id string; true-false: boolean; multiple-choice: string[] of option ids;
 * fill-blank: string[] (one per blank); short-answer: string.
 */
export type ObjectiveResponse = string | boolean | string[] | null | undefined;

export interface BlankDetail {
  /** Index of the response that filled this blank (order 'free'), or the blank's own index. */
  responseIndex: number | null;
  correct: boolean;
  weight: number;
  /** Index in `accepted` of the matching entry. */
  matched: number | null;
}

export type GradeDetail =
  | { type: 'single-choice'; chosen: string | null; expected: string }
  | { type: 'true-false'; chosen: boolean | null; expected: boolean }
  | {
      type: 'multiple-choice';
      rule: MultipleChoiceRule;
      chosen: string[];
      correctChosen: string[];
      wrongChosen: string[];
      missed: string[];
    }
  | {
      type: 'fill-blank';
      blanks: BlankDetail[];
      /** Response indices ignored because they repeat an answer already counted (order 'free'). */
      duplicates: number[];
      normalized: string[];
    }
  | {
      type: 'short-answer';
      normalized: string;
      matched: { id: string; term: string; weight: number; required: boolean }[];
      missing: { id: string; weight: number; required: boolean }[];
      negative: { id: string; term: string; cap: number }[];
      reviewReason: string | null;
    };

export interface GradeResult {
  /** In [0, 1]. */
  score: number;
  correct: boolean;
  /** True when a person should check this grade (short answers in the uncertain band). */
  needsReview: boolean;
  unanswered: boolean;
  detail: GradeDetail;
}

export type GradeOutcome = { ok: true; result: GradeResult } | { ok: false; error: string };
