// Graders for the objective item types, and gradeObjective(key, response), the dispatcher
// that validates an untrusted response before grading. Pure functions, no I/O.
import { normalizeText, parseNumber, withinTolerance } from './normalize.ts';
import { compileSafeRegex, safeRegexMatch } from './regex.ts';
import {
  MULTIPLE_CHOICE_RULES,
  type AcceptedAnswer,
  type BlankDetail,
  type FillBlankKey,
  type GradeOutcome,
  type GradeResult,
  type MultipleChoiceKey,
  type MultipleChoiceRule,
  type NormalizeOptions,
  type NumberFormatOptions,
  type ObjectiveKey,
  type ShortAnswerKey,
  type SingleChoiceKey,
  type TrueFalseKey,
} from './types.ts';

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export function gradeSingleChoice(key: SingleChoiceKey, chosen: string | null): GradeResult {
  const correct = chosen !== null && chosen === key.correct;
  return {
    score: correct ? 1 : 0,
    correct,
    needsReview: false,
    unanswered: chosen === null,
    detail: { type: 'single-choice', chosen, expected: key.correct },
  };
}

export function gradeTrueFalse(key: TrueFalseKey, chosen: boolean | null): GradeResult {
  const correct = chosen !== null && chosen === key.correct;
  return {
    score: correct ? 1 : 0,
    correct,
    needsReview: false,
    unanswered: chosen === null,
    detail: { type: 'true-false', chosen, expected: key.correct },
  };
}

/**
 * Scores a multiple-choice response under key.rule (formulas on MultipleChoiceRule in
 * types.ts). Duplicate option ids in the response count once; ids that are not options of
 * the item count as wrong choices (the dispatcher refuses them before this point).
 */
export function multipleChoiceScore(rule: MultipleChoiceRule, n: number, k: number, c: number, w: number): number {
  const r = c + (n - k - w); // options decided correctly
  switch (rule) {
    case 'all-or-nothing':
      return c === k && w === 0 ? 1 : 0;
    case 'partial':
      return w > 0 || k === 0 ? 0 : c / k;
    case 'partial-with-penalty':
      return k === 0 ? 0 : clamp01((c - w) / k);
    case 'per-option':
      return n === 0 ? 0 : clamp01(r / n);
    case 'right-minus-wrong':
      return n === 0 ? 0 : clamp01((r - (n - r)) / n);
  }
}

export function gradeMultipleChoice(key: MultipleChoiceKey, chosen: string[] | null): GradeResult {
  const picked = [...new Set(chosen ?? [])];
  const correctSet = new Set(key.correct);
  const correctChosen = picked.filter((o) => correctSet.has(o));
  const wrongChosen = picked.filter((o) => !correctSet.has(o));
  const missed = key.correct.filter((o) => !picked.includes(o));
  const n = new Set(key.options).size;
  const score = multipleChoiceScore(key.rule, n, correctSet.size, correctChosen.length, wrongChosen.length);
  return {
    score,
    correct: missed.length === 0 && wrongChosen.length === 0,
    needsReview: false,
    unanswered: chosen === null,
    detail: { type: 'multiple-choice', rule: key.rule, chosen: picked, correctChosen, wrongChosen, missed },
  };
}

// ---------------------------------------------------------------------------
// Fill in the blank

const regexCache = new Map<string, ReturnType<typeof compileSafeRegex>>();
function cachedRegex(pattern: string, flags: string): ReturnType<typeof compileSafeRegex> {
  const id = `${flags}/${pattern}`;
  let r = regexCache.get(id);
  if (!r) {
    if (regexCache.size >= 1000) regexCache.clear();
    r = compileSafeRegex(pattern, flags);
    regexCache.set(id, r);
  }
  return r;
}

interface Match {
  entry: number;
  /** What makes two responses "the same answer" in order-free blanks. */
  identity: string;
}

function matchAccepted(
  raw: string,
  normalized: string,
  accepted: AcceptedAnswer[],
  norm: NormalizeOptions,
  numberFormat: NumberFormatOptions,
): Match | null {
  let parsed: ReturnType<typeof parseNumber> | undefined;
  for (let e = 0; e < accepted.length; e++) {
    const a = accepted[e]!;
    let hit = false;
    let identity = `t:${normalized}`;
    if (a.kind === 'text') hit = normalized !== '' && normalizeText(a.value, norm) === normalized;
    else if (a.kind === 'number') {
      parsed ??= parseNumber(raw, numberFormat);
      hit = parsed.ok && withinTolerance(parsed.value, a.value, a.tolerance);
      if (parsed.ok) identity = `n:${parsed.value}`;
    } else {
      const compiled = cachedRegex(a.pattern, a.flags ?? '');
      hit = compiled.ok && normalized !== '' && safeRegexMatch(compiled.regex, normalized);
    }
    if (hit) return { entry: e, identity: a.concept !== undefined ? `c:${a.concept}` : identity };
  }
  return null;
}

/**
 * Score = Σ weight of correct blanks / Σ weight of all blanks.
 * Order 'free': responses are first reduced to distinct answers (a repeat of an answer already
 * given is listed in detail.duplicates and earns nothing), then assigned to blanks by a maximum
 * weight matching (blanks taken heaviest first, each placed along an augmenting path — optimal
 * because the weights sit on one side of the bipartite graph).
 */
export function gradeFillBlank(key: FillBlankKey, responses: (string | null)[] | null): GradeResult {
  const norm = key.normalize ?? {};
  const numberFormat = key.numberFormat ?? {};
  const answers = responses ?? [];
  const normalized = answers.map((r) => (r === null ? '' : normalizeText(r, norm)));
  const weights = key.blanks.map((b) => (b.weight === undefined || !(b.weight >= 0) ? 1 : b.weight));
  const total = weights.reduce((a, b) => a + b, 0);
  const blanks: BlankDetail[] = key.blanks.map((_, i) => ({ responseIndex: null, correct: false, weight: weights[i]!, matched: null }));
  const duplicates: number[] = [];

  if (key.order === 'sensitive') {
    key.blanks.forEach((blank, i) => {
      const raw = answers[i] ?? null;
      const d = blanks[i]!;
      d.responseIndex = raw === null ? null : i;
      if (raw === null) return;
      const m = matchAccepted(raw, normalized[i]!, blank.accepted, norm, numberFormat);
      if (m) {
        d.correct = true;
        d.matched = m.entry;
      }
    });
  } else {
    // edges[r][b] = matching accepted entry of blank b for response r
    const edges: (Match | null)[][] = answers.map((raw, r) =>
      key.blanks.map((blank) => (raw === null ? null : matchAccepted(raw, normalized[r]!, blank.accepted, norm, numberFormat))),
    );
    // Distinct answers: a response whose identity (first match found) repeats an earlier one is dropped.
    const seen = new Set<string>();
    const usable: boolean[] = answers.map((_, r) => {
      const first = edges[r]!.find((m) => m !== null);
      if (!first) return false;
      if (seen.has(first.identity)) {
        duplicates.push(r);
        return false;
      }
      seen.add(first.identity);
      return true;
    });
    const responseOf: (number | null)[] = key.blanks.map(() => null);
    const blankOf: (number | null)[] = answers.map(() => null);
    const tryAssign = (b: number, visited: Set<number>): boolean => {
      for (let r = 0; r < answers.length; r++) {
        if (!usable[r] || !edges[r]![b] || visited.has(r)) continue;
        visited.add(r);
        const other = blankOf[r] ?? null;
        if (other === null || tryAssign(other, visited)) {
          blankOf[r] = b;
          responseOf[b] = r;
          return true;
        }
      }
      return false;
    };
    const byWeight = key.blanks.map((_, b) => b).sort((a, b) => weights[b]! - weights[a]! || a - b);
    for (const b of byWeight) if (weights[b]! > 0) tryAssign(b, new Set());
    responseOf.forEach((r, b) => {
      if (r === null) return;
      const d = blanks[b]!;
      d.responseIndex = r;
      d.correct = true;
      d.matched = edges[r]![b]!.entry;
    });
  }

  const earned = blanks.reduce((s, d) => s + (d.correct ? d.weight : 0), 0);
  const score = total > 0 ? clamp01(earned / total) : 0;
  return {
    score,
    correct: blanks.every((d) => d.correct),
    needsReview: false,
    unanswered: answers.every((a) => a === null || a.trim() === ''),
    detail: { type: 'fill-blank', blanks, duplicates, normalized },
  };
}

// ---------------------------------------------------------------------------
// Short answer by rubric keywords (offline grader)

const WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Whether a normalized term occurs in a normalized text. Terms written in a script with spaces
 * between words must stand as whole words ("cat" does not match "category"); Chinese, Japanese
 * and Korean characters at a term's edge match anywhere, as those texts have no word spaces.
 */
export function containsTerm(text: string, term: string): boolean {
  if (term === '') return false;
  const first = term[0]!;
  const last = term[term.length - 1]!;
  const needStart = WORD_CHAR.test(first) && !CJK.test(first);
  const needEnd = WORD_CHAR.test(last) && !CJK.test(last);
  let from = 0;
  for (;;) {
    const at = text.indexOf(term, from);
    if (at < 0) return false;
    const before = at > 0 ? text[at - 1]! : '';
    const after = text[at + term.length] ?? '';
    const okStart = !needStart || before === '' || !WORD_CHAR.test(before) || CJK.test(before);
    const okEnd = !needEnd || after === '' || !WORD_CHAR.test(after) || CJK.test(after);
    if (okStart && okEnd) return true;
    from = at + 1;
  }
}

/**
 * Score = Σ weight of matched keyword groups / Σ weight of all groups, then capped at
 * requiredMissingCap (default 0) when a required group is missing, and at the smallest `cap`
 * of any negative keyword present. needsReview when low < score < high (default 0.3, 0.8) or
 * when a negative keyword lowered the score — keyword matching cannot read negation or context.
 */
export function gradeShortAnswer(key: ShortAnswerKey, response: string | null): GradeResult {
  const norm = key.normalize ?? {};
  const text = response === null ? '' : normalizeText(response, norm);
  const matched: { id: string; term: string; weight: number; required: boolean }[] = [];
  const missing: { id: string; weight: number; required: boolean }[] = [];
  let total = 0;
  let earned = 0;
  let requiredMissing = false;
  for (const g of key.keywords) {
    const weight = g.weight === undefined || !(g.weight >= 0) ? 1 : g.weight;
    const required = g.required ?? false;
    total += weight;
    const term = g.terms.find((t) => containsTerm(text, normalizeText(t, norm)));
    if (term !== undefined) {
      earned += weight;
      matched.push({ id: g.id, term, weight, required });
    } else {
      missing.push({ id: g.id, weight, required });
      if (required) requiredMissing = true;
    }
  }
  const raw = total > 0 ? earned / total : 0;
  let score = raw;
  if (requiredMissing) score = Math.min(score, key.requiredMissingCap ?? 0);
  const negative: { id: string; term: string; cap: number }[] = [];
  for (const nk of key.negative ?? []) {
    const term = nk.terms.find((t) => containsTerm(text, normalizeText(t, norm)));
    if (term !== undefined) {
      negative.push({ id: nk.id, term, cap: nk.cap });
      score = Math.min(score, nk.cap);
    }
  }
  score = clamp01(score);
  const low = key.review?.low ?? 0.3;
  const high = key.review?.high ?? 0.8;
  let reviewReason: string | null = null;
  if (text !== '') {
    if (score > low && score < high) reviewReason = `score ${score.toFixed(2)} is between ${low} and ${high}`;
    else if (negative.length > 0 && score < raw) reviewReason = `negative keyword ${negative.map((n) => `"${n.term}"`).join(', ')} lowered the score`;
  }
  return {
    score,
    correct: score >= (key.passScore ?? 0.6),
    needsReview: reviewReason !== null,
    unanswered: text === '',
    detail: { type: 'short-answer', normalized: text, matched, missing, negative, reviewReason },
  };
}

// ---------------------------------------------------------------------------
// Key validation, for the item bank to run when an item is saved or imported.

/** Problems with an answer key, one message each; empty when the key is usable. */
export function validateObjectiveKey(key: unknown): string[] {
  if (typeof key !== 'object' || key === null) return ['answer key must be an object'];
  const k = key as Record<string, unknown>;
  const problems: string[] = [];
  const options = (): string[] | null => {
    if (!isStringArray(k.options) || k.options.length === 0) {
      problems.push('options must be a non-empty array of option ids');
      return null;
    }
    if (new Set(k.options).size !== k.options.length) problems.push('option ids must be distinct');
    return k.options;
  };
  const weightOk = (w: unknown): boolean => w === undefined || (typeof w === 'number' && Number.isFinite(w) && w >= 0);
  switch (k.type) {
    case 'single-choice': {
      const o = options();
      if (typeof k.correct !== 'string') problems.push('correct must be an option id');
      else if (o && !o.includes(k.correct)) problems.push(`correct "${k.correct}" is not an option`);
      break;
    }
    case 'true-false':
      if (typeof k.correct !== 'boolean') problems.push('correct must be true or false');
      break;
    case 'multiple-choice': {
      const o = options();
      if (!MULTIPLE_CHOICE_RULES.includes(k.rule as MultipleChoiceRule)) problems.push(`rule must be one of ${MULTIPLE_CHOICE_RULES.join(', ')}`);
      if (!isStringArray(k.correct) || k.correct.length === 0) problems.push('correct must be a non-empty array of option ids');
      else if (o) for (const c of k.correct) if (!o.includes(c)) problems.push(`correct "${c}" is not an option`);
      break;
    }
    case 'fill-blank': {
      if (k.order !== 'sensitive' && k.order !== 'free') problems.push("order must be 'sensitive' or 'free'");
      if (!Array.isArray(k.blanks) || k.blanks.length === 0) {
        problems.push('blanks must be a non-empty array');
        break;
      }
      (k.blanks as unknown[]).forEach((b, i) => {
        const blank = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
        if (!weightOk(blank.weight)) problems.push(`blank ${i + 1}: weight must be a non-negative number`);
        if (!Array.isArray(blank.accepted) || blank.accepted.length === 0) {
          problems.push(`blank ${i + 1}: needs at least one accepted answer`);
          return;
        }
        (blank.accepted as unknown[]).forEach((a, j) => {
          const ans = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
          const where = `blank ${i + 1}, answer ${j + 1}`;
          if (ans.kind === 'text') {
            if (typeof ans.value !== 'string' || ans.value.trim() === '') problems.push(`${where}: text must be a non-empty string`);
          } else if (ans.kind === 'number') {
            if (typeof ans.value !== 'number' || !Number.isFinite(ans.value)) problems.push(`${where}: value must be a finite number`);
            const t = (ans.tolerance ?? {}) as Record<string, unknown>;
            if (!weightOk(t.abs) || !weightOk(t.rel)) problems.push(`${where}: tolerance must be non-negative numbers`);
          } else if (ans.kind === 'regex') {
            const r = typeof ans.pattern === 'string' ? compileSafeRegex(ans.pattern, typeof ans.flags === 'string' ? ans.flags : '') : { ok: false as const, reason: 'pattern must be a string' };
            if (!r.ok) problems.push(`${where}: ${r.reason}`);
          } else problems.push(`${where}: kind must be text, number or regex`);
        });
      });
      break;
    }
    case 'short-answer': {
      if (!Array.isArray(k.keywords) || k.keywords.length === 0) problems.push('keywords must be a non-empty array');
      else
        (k.keywords as unknown[]).forEach((g, i) => {
          const group = (typeof g === 'object' && g !== null ? g : {}) as Record<string, unknown>;
          if (typeof group.id !== 'string') problems.push(`keyword group ${i + 1}: id must be a string`);
          if (!isStringArray(group.terms) || group.terms.length === 0 || group.terms.some((t) => t.trim() === '')) problems.push(`keyword group ${i + 1}: terms must be non-empty strings`);
          if (!weightOk(group.weight)) problems.push(`keyword group ${i + 1}: weight must be a non-negative number`);
        });
      const review = k.review as { low?: unknown; high?: unknown } | undefined;
      if (review !== undefined && !(typeof review.low === 'number' && typeof review.high === 'number' && review.low <= review.high)) {
        problems.push('review must be { low, high } with low ≤ high');
      }
      break;
    }
    default:
      problems.push(`type "${String(k.type)}" is not an objective item type`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Dispatcher: validates the key's discriminant and the untrusted response shape.

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Limits on what a response may contain, so a hostile client cannot make grading slow. */
export const RESPONSE_LIMITS = { maxTextLength: 10_000, maxBlanks: 50 };

/**
 * Grades `response` against `key`. The response is untrusted input (it comes from the browser):
 * a wrong shape yields { ok: false, error } and never throws. null/undefined means unanswered
 * and is graded 0.
 */
export function gradeObjective(key: ObjectiveKey, response: unknown): GradeOutcome {
  const k = key as { type?: unknown };
  if (typeof key !== 'object' || key === null) return { ok: false, error: 'answer key is missing' };
  const unanswered = response === null || response === undefined;
  try {
    switch (key.type) {
      case 'single-choice': {
        if (unanswered) return { ok: true, result: gradeSingleChoice(key, null) };
        if (typeof response !== 'string') return { ok: false, error: `single-choice response must be an option id string, got ${describe(response)}` };
        if (!key.options.includes(response)) return { ok: false, error: `"${response.slice(0, 50)}" is not an option of this item` };
        return { ok: true, result: gradeSingleChoice(key, response) };
      }
      case 'true-false': {
        if (unanswered) return { ok: true, result: gradeTrueFalse(key, null) };
        if (typeof response !== 'boolean') return { ok: false, error: `true-false response must be a boolean, got ${describe(response)}` };
        return { ok: true, result: gradeTrueFalse(key, response) };
      }
      case 'multiple-choice': {
        if (!MULTIPLE_CHOICE_RULES.includes(key.rule)) return { ok: false, error: `unknown partial-credit rule "${String(key.rule)}"` };
        if (unanswered) return { ok: true, result: gradeMultipleChoice(key, null) };
        if (!isStringArray(response)) return { ok: false, error: `multiple-choice response must be an array of option ids, got ${describe(response)}` };
        const unknown = response.find((o) => !key.options.includes(o));
        if (unknown !== undefined) return { ok: false, error: `"${unknown.slice(0, 50)}" is not an option of this item` };
        return { ok: true, result: gradeMultipleChoice(key, response) };
      }
      case 'fill-blank': {
        if (key.order !== 'sensitive' && key.order !== 'free') return { ok: false, error: `unknown blank order "${String(key.order)}"` };
        if (unanswered) return { ok: true, result: gradeFillBlank(key, null) };
        if (!Array.isArray(response) || !response.every((x) => typeof x === 'string' || x === null)) {
          return { ok: false, error: `fill-blank response must be an array of strings (one per blank), got ${describe(response)}` };
        }
        const answers = response as (string | null)[];
        if (answers.length > key.blanks.length || answers.length > RESPONSE_LIMITS.maxBlanks) {
          return { ok: false, error: `fill-blank response has ${answers.length} answers, the item has ${key.blanks.length} blanks` };
        }
        if (answers.some((a) => a !== null && a.length > RESPONSE_LIMITS.maxTextLength)) return { ok: false, error: 'a blank answer is too long' };
        return { ok: true, result: gradeFillBlank(key, answers) };
      }
      case 'short-answer': {
        if (unanswered) return { ok: true, result: gradeShortAnswer(key, null) };
        if (typeof response !== 'string') return { ok: false, error: `short-answer response must be a string, got ${describe(response)}` };
        if (response.length > RESPONSE_LIMITS.maxTextLength) return { ok: false, error: 'short answer is too long' };
        return { ok: true, result: gradeShortAnswer(key, response) };
      }
      default:
        return { ok: false, error: `item type "${String(k.type)}" is not auto-gradable` };
    }
  } catch (e) {
    // A malformed key (e.g. stored JSON missing a field) must not crash grading.
    return { ok: false, error: `answer key is malformed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
