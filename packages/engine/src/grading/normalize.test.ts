import { describe, expect, it } from 'vitest';
import { normalizeText, parseNumber, withinTolerance } from './normalize.ts';
import { compileSafeRegex, safeRegexMatch } from './regex.ts';

const only = { nfkc: false, whitespace: 'keep', caseFold: false, stripPunctuation: false } as const;

describe('normalizeText', () => {
  it('NFKC turns full-width letters, digits and punctuation half-width', () => {
    expect(normalizeText('ＡＢＣ１２３，', { ...only, nfkc: true })).toBe('ABC123,');
    expect(normalizeText('（ｘ＋ｙ）；', { ...only, nfkc: true })).toBe('(x+y);');
    expect(normalizeText('ＡＢＣ', only)).toBe('ＡＢＣ'); // rule off
  });

  it('NFKC leaves Chinese characters and CJK punctuation without a half-width form alone', () => {
    expect(normalizeText('牛顿第一定律。', { ...only, nfkc: true })).toBe('牛顿第一定律。');
  });

  it('collapse trims and collapses whitespace, the ideographic space included', () => {
    expect(normalizeText('\u3000 北京 \u3000\t上海\n', { ...only, whitespace: 'collapse' })).toBe('北京 上海');
    expect(normalizeText('a\u3000\u3000b', { ...only, whitespace: 'collapse' })).toBe('a b'); // without NFKC too
    expect(normalizeText(' a \u00a0 b ', { ...only, whitespace: 'collapse' })).toBe('a b');
    expect(normalizeText(' a  b ', only)).toBe(' a  b ');
  });

  it('remove deletes all whitespace', () => {
    expect(normalizeText(' 北 京\u3000市 ', { ...only, whitespace: 'remove' })).toBe('北京市');
  });

  it('case folding', () => {
    expect(normalizeText('HeLLo', { ...only, caseFold: true })).toBe('hello');
    expect(normalizeText('STRASSE', { ...only, caseFold: true })).toBe(normalizeText('straße', { ...only, caseFold: true }));
    expect(normalizeText('HeLLo', only)).toBe('HeLLo');
    expect(normalizeText('ＨＥＬＬＯ')).toBe('hello'); // defaults: NFKC + fold
  });

  it('punctuation removal covers Chinese and ASCII punctuation, off by default', () => {
    const o = { ...only, stripPunctuation: true };
    expect(normalizeText('「你好」，『世界』（测试）。；：！？', o)).toBe('你好世界测试');
    expect(normalizeText(`a.b,c;d:e!f?g'h"i(j)k[l]m{n}-_/`, o)).toBe('abcdefghijklmn');
    expect(normalizeText('你好，世界。')).toBe('你好,世界。'); // default keeps punctuation (NFKC only maps the comma)
  });

  it('defaults combine: full-width, ideographic spaces, case', () => {
    expect(normalizeText('\u3000Ｈｅｌｌｏ\u3000\u3000Ｗｏｒｌｄ\u3000')).toBe('hello world');
    expect(normalizeText('')).toBe('');
  });
});

describe('parseNumber', () => {
  const ok = (s: string, o = {}) => {
    const r = parseNumber(s, o);
    if (!r.ok) throw new Error(`${s}: ${r.reason}`);
    return r.value;
  };
  const refused = (s: string, o = {}) => parseNumber(s, o).ok === false;

  it('plain, signed, decimal and scientific', () => {
    expect(ok('42')).toBe(42);
    expect(ok(' -3.25 ')).toBe(-3.25);
    expect(ok('+7')).toBe(7);
    expect(ok('.5')).toBe(0.5);
    expect(ok('2.5e-3')).toBe(0.0025);
    expect(ok('6.02E23')).toBe(6.02e23);
    expect(ok('\u22123')).toBe(-3); // U+2212 minus sign
  });

  it('full-width digits and point', () => {
    expect(ok('１．５')).toBe(1.5);
    expect(ok('－１２')).toBe(-12);
    expect(ok('\u3000１２\u3000')).toBe(12);
  });

  it('thousands separators: comma or space, groups of three, one separator', () => {
    expect(ok('1,000')).toBe(1000);
    expect(ok('1 000')).toBe(1000);
    expect(ok('1\u3000000')).toBe(1000);
    expect(ok('12,345,678.9')).toBe(12345678.9);
    expect(ok('１，０００')).toBe(1000);
    expect(refused('1,000', { thousands: false })).toBe(true);
  });

  it('refuses ambiguous or malformed input with a reason', () => {
    for (const s of ['1,5', '1,00', '1,5000', '1.000,5', '1,000 000', '0,500', '12,34,567', '1.2.3', '', '   ', '.', 'e5', '1e', '--1', 'abc', '0x10', 'Infinity', 'NaN', '1/2', '1e999']) {
      const r = parseNumber(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }
    const amb = parseNumber('1,5');
    expect(amb.ok === false && amb.reason).toMatch(/ambiguous/);
  });

  it('percent only when configured', () => {
    expect(ok('50%', { percent: true })).toBe(0.5);
    expect(ok('１２．５％', { percent: true })).toBeCloseTo(0.125, 15);
    expect(ok('50 %', { percent: true })).toBe(0.5);
    expect(refused('50%')).toBe(true);
    expect(refused('%', { percent: true })).toBe(true);
  });
});

describe('withinTolerance', () => {
  it('exact without tolerance', () => {
    expect(withinTolerance(3, 3)).toBe(true);
    expect(withinTolerance(3.0001, 3)).toBe(false);
    expect(withinTolerance(0.1 + 0.2, 0.3)).toBe(true); // a few ulps of slack
  });

  it('absolute tolerance, boundary inclusive', () => {
    expect(withinTolerance(10.5, 10, { abs: 0.5 })).toBe(true);
    expect(withinTolerance(9.5, 10, { abs: 0.5 })).toBe(true);
    expect(withinTolerance(10.51, 10, { abs: 0.5 })).toBe(false);
    expect(withinTolerance(9.49, 10, { abs: 0.5 })).toBe(false);
  });

  it('relative tolerance, boundary inclusive, scales with the target', () => {
    expect(withinTolerance(101, 100, { rel: 0.01 })).toBe(true);
    expect(withinTolerance(101.01, 100, { rel: 0.01 })).toBe(false);
    expect(withinTolerance(-99, -100, { rel: 0.01 })).toBe(true);
    expect(withinTolerance(0.001, 0, { rel: 0.5 })).toBe(false); // relative to zero is exact
  });

  it('either tolerance suffices when both are given', () => {
    expect(withinTolerance(0.05, 0, { abs: 0.1, rel: 0.01 })).toBe(true);
    expect(withinTolerance(1005, 1000, { abs: 0.1, rel: 0.01 })).toBe(true);
    expect(withinTolerance(1011, 1000, { abs: 0.1, rel: 0.01 })).toBe(false);
  });

  it('non-finite never matches', () => {
    expect(withinTolerance(NaN, NaN, { abs: 1 })).toBe(false);
    expect(withinTolerance(Infinity, Infinity)).toBe(false);
  });
});

describe('compileSafeRegex', () => {
  it('accepts simple patterns and matches the whole string', () => {
    const r = compileSafeRegex('colou?r', 'i');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(safeRegexMatch(r.regex, 'Color')).toBe(true);
    expect(safeRegexMatch(r.regex, 'colors')).toBe(false); // anchored
    const cn = compileSafeRegex('(北京|北平)市?');
    expect(cn.ok && safeRegexMatch(cn.regex, '北平市')).toBe(true);
    const cls = compileSafeRegex('[a-z]+\\d{2}(?:kg)?');
    expect(cls.ok && safeRegexMatch(cls.regex, 'abc12kg')).toBe(true);
  });

  it('refuses patterns that can backtrack catastrophically', () => {
    for (const p of ['(a+)+', '(a*)*b', '(a|aa)+', '(?:x{1,3}){2,}', '(\\d+\\s?)*', '((ab)+)?c', '(a|b)*']) {
      expect(compileSafeRegex(p).ok, p).toBe(false);
    }
  });

  it('refuses backreferences, lookaround, too many unbounded quantifiers, bad flags and syntax', () => {
    for (const [p, f] of [
      ['(a)\\1', ''],
      ['(?<x>a)\\k<x>', ''],
      ['a(?=b)', ''],
      ['(?<!a)b', ''],
      ['a*b*c*d*', ''],
      ['a?'.repeat(24), ''],
      ['a{5,2}', ''],
      ['a{1,100}b{1,100}c{1,100}d{1,100}', ''],
      ['abc', 'g'],
      ['abc', 'ii'],
      ['(abc', ''],
      ['abc)', ''],
      ['[abc', ''],
      ['*a', ''],
      ['a\\', ''],
      ['x'.repeat(201), ''],
    ] as const) {
      expect(compileSafeRegex(p, f).ok, `${p} /${f}`).toBe(false);
    }
  });

  it('allows up to three unbounded quantifiers; the worst case stays fast', () => {
    const r = compileSafeRegex('a*a*a*b');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t0 = performance.now();
    expect(safeRegexMatch(r.regex, 'a'.repeat(100))).toBe(false);
    const q = compileSafeRegex('a?'.repeat(20) + 'b');
    expect(q.ok && safeRegexMatch(q.regex, 'a'.repeat(100))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(compileSafeRegex('a?'.repeat(21) + 'b').ok).toBe(false);
    expect(compileSafeRegex('(?:a|aa)'.repeat(21) + 'b').ok).toBe(false);
    expect(compileSafeRegex('a*a*a*a*b').ok).toBe(false);
    expect(compileSafeRegex('\\s*[a-z]{2,5}\\s*\\d+').ok).toBe(true);
  });

  it('a refused classic exponential pattern would have been slow; a safe one on a long input is fast', () => {
    const r = compileSafeRegex('a+b?a*c');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t0 = performance.now();
    expect(safeRegexMatch(r.regex, 'a'.repeat(99) + '!')).toBe(false);
    expect(safeRegexMatch(r.regex, 'a'.repeat(1000) + 'c')).toBe(false); // over MAX_INPUT: not tested
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
