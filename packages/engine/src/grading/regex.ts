// Accepted-answer patterns, restricted so that matching cannot backtrack catastrophically.
//
// JavaScript regexes backtrack, and a pattern such as (a+)+$ takes exponential time on
// "aaaa…!". An item author's pattern is therefore checked before use and refused when it has:
// - a quantified group that itself contains a quantifier or an alternation ((a+)+, (a|ab)*,
//   (x{1,3}){2,}) — the source of exponential blow-up;
// - backreferences or lookaround (\1, \k<n>, (?=, (?!, (?<=, (?<!);
// - quantifiers and alternatives that together allow more than MAX_PATHS ways to split a
//   failing input: with no nested quantifiers, backtracking tries at most P · C(MAX_INPUT + u, u)
//   paths, where P is the product of the bounded quantifiers' ranges (? has 2, {2,5} has 4) and
//   of the alternations' branch counts, and u the number of unbounded quantifiers (*, +, {n,},
//   or a range ≥ MAX_INPUT). This allows three unbounded quantifiers, not four, and bounds
//   \d*\d*\d*…, a?a?a?… and (?:a|aa)(?:a|aa)… on a failing input (≤ 50 ms measured);
// - more than MAX_PATTERN characters, or flags other than i, m, s.
// The pattern always matches the whole (normalized) response, and responses longer than
// MAX_INPUT characters are not tested against patterns at all.

export const MAX_PATTERN = 200;
export const MAX_INPUT = 100;
export const MAX_PATHS = 2_000_000;

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

export type SafeRegex = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface Frame {
  risky: boolean; // contains a quantifier or an alternation
  branches: number;
}

const QUANT_BRACE = /^\{(\d+)(,(\d*))?\}/u;

export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  if (pattern.length > MAX_PATTERN) return { ok: false, reason: `pattern longer than ${MAX_PATTERN} characters` };
  if (!/^[ims]*$/u.test(flags) || new Set(flags).size !== flags.length) return { ok: false, reason: `flags "${flags}" not allowed (use i, m, s)` };
  const stack: Frame[] = [{ risky: false, branches: 1 }];
  let bounded = 1;
  let unbounded = 0;
  const tooMany = (): boolean => bounded * binomial(MAX_INPUT + unbounded, unbounded) > MAX_PATHS;
  const TOO_MANY = 'too many quantifiers or alternatives (at most three unbounded quantifiers, fewer with bounded ones)';
  // Whether the previous token can take a quantifier, and whether it was a closed risky group.
  let lastAtom: 'none' | 'atom' | 'risky-group' = 'none';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return { ok: false, reason: 'pattern ends with a backslash' };
      if (/[1-9]/u.test(next) || next === 'k') return { ok: false, reason: 'backreferences are not allowed' };
      i += 2;
      // \p{…}, \u{…}, \xHH, \uHHHH: the remaining characters are ordinary atoms and harmless to skip.
      lastAtom = 'atom';
      continue;
    }
    if (c === '[') {
      // Character class: skip to the closing bracket, honouring escapes.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return { ok: false, reason: 'unterminated character class' };
      i = j + 1;
      lastAtom = 'atom';
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i) || pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i)) {
        return { ok: false, reason: 'lookaround is not allowed' };
      }
      stack.push({ risky: false, branches: 1 });
      if (pattern.startsWith('(?:', i)) i += 3;
      else if (pattern.startsWith('(?<', i)) {
        const close = pattern.indexOf('>', i);
        if (close < 0) return { ok: false, reason: 'unterminated group name' };
        i = close + 1;
      } else i += 1;
      lastAtom = 'none';
      continue;
    }
    if (c === ')') {
      if (stack.length < 2) return { ok: false, reason: 'unbalanced parenthesis' };
      const frame = stack.pop()!;
      if (frame.risky) stack[stack.length - 1]!.risky = true;
      bounded *= frame.branches;
      if (tooMany()) return { ok: false, reason: TOO_MANY };
      lastAtom = frame.risky ? 'risky-group' : 'atom';
      i += 1;
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.risky = true;
      stack[stack.length - 1]!.branches++;
      lastAtom = 'none';
      i += 1;
      continue;
    }
    let quant: { choices: number; length: number } | null = null;
    if (c === '*' || c === '+') quant = { choices: Infinity, length: 1 };
    else if (c === '?') quant = { choices: 2, length: 1 };
    else if (c === '{') {
      const m = QUANT_BRACE.exec(pattern.slice(i));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) return { ok: false, reason: 'quantifier range out of order' };
        quant = { choices: max - min + 1, length: m[0].length };
      }
    }
    if (quant) {
      if (lastAtom === 'none') return { ok: false, reason: 'quantifier without a target' };
      if (lastAtom === 'risky-group') return { ok: false, reason: 'a quantified group may not contain a quantifier or an alternation' };
      if (quant.choices >= MAX_INPUT) unbounded++;
      else bounded *= quant.choices;
      if (tooMany()) return { ok: false, reason: TOO_MANY };
      stack[stack.length - 1]!.risky = true;
      i += quant.length;
      if (pattern[i] === '?') i += 1; // lazy modifier
      lastAtom = 'none';
      continue;
    }
    lastAtom = c === '^' || c === '$' ? 'none' : 'atom';
    i += 1;
  }
  if (stack.length !== 1) return { ok: false, reason: 'unbalanced parenthesis' };
  bounded *= stack[0]!.branches;
  if (tooMany()) return { ok: false, reason: TOO_MANY };
  try {
    return { ok: true, regex: new RegExp(`^(?:${pattern})$`, `${flags}u`) };
  } catch (e) {
    return { ok: false, reason: `invalid pattern: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Whole-string test of an already normalized response; false for responses over MAX_INPUT characters. */
export function safeRegexMatch(regex: RegExp, input: string): boolean {
  if (input.length > MAX_INPUT) return false;
  return regex.test(input);
}
