import { describe, expect, it } from 'vitest';
import { containsTerm, gradeFillBlank, gradeMultipleChoice, gradeObjective, gradeShortAnswer, multipleChoiceScore, validateObjectiveKey } from './objective.ts';
import type { FillBlankKey, GradeResult, MultipleChoiceKey, MultipleChoiceRule, ObjectiveKey, ShortAnswerKey } from './types.ts';

const grade = (key: ObjectiveKey, response: unknown): GradeResult => {
  const out = gradeObjective(key, response);
  if (!out.ok) throw new Error(out.error);
  return out.result;
};

describe('single choice and true/false', () => {
  const sc: ObjectiveKey = { type: 'single-choice', options: ['A', 'B', 'C', 'D'], correct: 'B' };
  const tf: ObjectiveKey = { type: 'true-false', correct: false };

  it('exact option id', () => {
    expect(grade(sc, 'B')).toMatchObject({ score: 1, correct: true, unanswered: false });
    expect(grade(sc, 'C')).toMatchObject({ score: 0, correct: false });
    expect(grade(sc, null)).toMatchObject({ score: 0, correct: false, unanswered: true });
    expect(grade(sc, undefined)).toMatchObject({ score: 0, unanswered: true });
  });

  it('true/false', () => {
    expect(grade(tf, false)).toMatchObject({ score: 1, correct: true });
    expect(grade(tf, true)).toMatchObject({ score: 0, correct: false });
    expect(grade(tf, null)).toMatchObject({ score: 0, unanswered: true });
  });

  it('malformed responses give a clear error, never a throw', () => {
    expect(gradeObjective(sc, 'b')).toEqual({ ok: false, error: '"b" is not an option of this item' });
    expect(gradeObjective(sc, ['B'])).toMatchObject({ ok: false, error: expect.stringMatching(/option id string, got array/) });
    expect(gradeObjective(sc, 1)).toMatchObject({ ok: false });
    expect(gradeObjective(tf, 'false')).toMatchObject({ ok: false, error: expect.stringMatching(/boolean, got string/) });
    expect(gradeObjective(tf, 0)).toMatchObject({ ok: false });
  });
});

describe('multiple choice partial-credit rules', () => {
  // n = 5 options, k = 2 correct (A, C)
  const key = (rule: MultipleChoiceRule): MultipleChoiceKey => ({ type: 'multiple-choice', options: ['A', 'B', 'C', 'D', 'E'], correct: ['A', 'C'], rule });
  const s = (rule: MultipleChoiceRule, chosen: string[] | null) => gradeMultipleChoice(key(rule), chosen).score;

  it('all-or-nothing', () => {
    expect(s('all-or-nothing', ['A', 'C'])).toBe(1);
    expect(s('all-or-nothing', ['C', 'A'])).toBe(1); // order irrelevant
    expect(s('all-or-nothing', ['A'])).toBe(0);
    expect(s('all-or-nothing', ['A', 'C', 'D'])).toBe(0);
    expect(s('all-or-nothing', [])).toBe(0);
    expect(s('all-or-nothing', ['A', 'B', 'C', 'D', 'E'])).toBe(0);
  });

  it('partial: C/k, any wrong option → 0', () => {
    expect(s('partial', ['A', 'C'])).toBe(1);
    expect(s('partial', ['A'])).toBe(0.5);
    expect(s('partial', ['A', 'B'])).toBe(0);
    expect(s('partial', [])).toBe(0);
    expect(s('partial', ['A', 'B', 'C', 'D', 'E'])).toBe(0);
  });

  it('partial-with-penalty: max(0, (C − W)/k)', () => {
    expect(s('partial-with-penalty', ['A', 'C'])).toBe(1);
    expect(s('partial-with-penalty', ['A'])).toBe(0.5);
    expect(s('partial-with-penalty', ['A', 'C', 'B'])).toBe(0.5);
    expect(s('partial-with-penalty', ['A', 'B'])).toBe(0);
    expect(s('partial-with-penalty', ['A', 'B', 'D'])).toBe(0); // floor at 0, not −0.5
    expect(s('partial-with-penalty', [])).toBe(0);
    expect(s('partial-with-penalty', ['A', 'B', 'C', 'D', 'E'])).toBe(0); // (2 − 3)/2 → 0
  });

  it('per-option: options decided correctly / n', () => {
    expect(s('per-option', ['A', 'C'])).toBe(1);
    expect(s('per-option', ['A'])).toBe(4 / 5);
    expect(s('per-option', ['A', 'B'])).toBe(3 / 5);
    expect(s('per-option', [])).toBe(3 / 5); // the three wrong options were rightly left out
    expect(s('per-option', ['A', 'B', 'C', 'D', 'E'])).toBe(2 / 5);
    expect(s('per-option', ['B', 'D', 'E'])).toBe(0);
  });

  it('right-minus-wrong: max(0, (R − (n − R))/n)', () => {
    expect(s('right-minus-wrong', ['A', 'C'])).toBe(1);
    expect(s('right-minus-wrong', ['A'])).toBeCloseTo(3 / 5, 15); // R = 4: (4 − 1)/5
    expect(s('right-minus-wrong', [])).toBeCloseTo(1 / 5, 15); // R = 3: (3 − 2)/5
    expect(s('right-minus-wrong', ['A', 'B', 'C', 'D', 'E'])).toBe(0); // R = 2: (2 − 3)/5 → 0
  });

  it('duplicates in the response count once', () => {
    for (const rule of ['all-or-nothing', 'partial', 'partial-with-penalty', 'per-option', 'right-minus-wrong'] as const) {
      expect(s(rule, ['A', 'A', 'C', 'C'])).toBe(1);
    }
    expect(s('partial', ['A', 'A'])).toBe(0.5);
    expect(s('partial-with-penalty', ['A', 'B', 'B'])).toBe(0);
    expect(gradeMultipleChoice(key('partial'), ['A', 'A']).detail).toMatchObject({ chosen: ['A'], correctChosen: ['A'], missed: ['C'] });
  });

  it('correct flag and detail', () => {
    const r = gradeMultipleChoice(key('partial-with-penalty'), ['A', 'B']);
    expect(r.correct).toBe(false);
    expect(r.detail).toEqual({ type: 'multiple-choice', rule: 'partial-with-penalty', chosen: ['A', 'B'], correctChosen: ['A'], wrongChosen: ['B'], missed: ['C'] });
    expect(gradeMultipleChoice(key('partial'), ['C', 'A']).correct).toBe(true);
  });

  it('degenerate counts stay in [0, 1]', () => {
    for (const rule of ['all-or-nothing', 'partial', 'partial-with-penalty', 'per-option', 'right-minus-wrong'] as const) {
      for (const [n, k, c, w] of [[0, 0, 0, 0], [3, 0, 0, 1], [3, 3, 3, 0], [4, 1, 0, 3]] as const) {
        const v = multipleChoiceScore(rule, n, k, c, w);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('dispatcher validates option ids and shape', () => {
    expect(grade(key('partial'), ['A'])).toMatchObject({ score: 0.5 });
    expect(grade(key('partial'), null)).toMatchObject({ score: 0, unanswered: true });
    expect(gradeObjective(key('partial'), ['A', 'Z'])).toEqual({ ok: false, error: '"Z" is not an option of this item' });
    expect(gradeObjective(key('partial'), 'A')).toMatchObject({ ok: false, error: expect.stringMatching(/array of option ids, got string/) });
    expect(gradeObjective(key('partial'), [1, 2])).toMatchObject({ ok: false });
    expect(gradeObjective({ ...key('partial'), rule: 'bogus' as MultipleChoiceRule }, ['A'])).toMatchObject({ ok: false, error: expect.stringMatching(/unknown partial-credit rule/) });
  });
});

describe('fill in the blank', () => {
  const capitals: FillBlankKey = {
    type: 'fill-blank',
    order: 'sensitive',
    blanks: [
      { accepted: [{ kind: 'text', value: '北京' }, { kind: 'text', value: 'Beijing' }], weight: 2 },
      { accepted: [{ kind: 'number', value: 1949 }] },
      { accepted: [{ kind: 'number', value: 9.8, tolerance: { abs: 0.05 } }] },
    ],
  };

  it('order-sensitive, weighted share of correct blanks', () => {
    expect(gradeFillBlank(capitals, ['北京', '1949', '9.8'])).toMatchObject({ score: 1, correct: true });
    expect(gradeFillBlank(capitals, ['BEIJING', '１９４９', '9.85'])).toMatchObject({ score: 1, correct: true });
    expect(gradeFillBlank(capitals, ['上海', '1949', '9.8']).score).toBeCloseTo(2 / 4, 15);
    expect(gradeFillBlank(capitals, ['北京', '1950', '9.86']).score).toBeCloseTo(2 / 4, 15);
    expect(gradeFillBlank(capitals, ['1949', '北京', '9.8']).score).toBeCloseTo(1 / 4, 15); // order matters
    expect(gradeFillBlank(capitals, null)).toMatchObject({ score: 0, unanswered: true });
  });

  it('numeric tolerance boundaries in a blank', () => {
    const b = (x: string) => gradeFillBlank(capitals, ['', '', x]).detail;
    expect(b('9.75')).toMatchObject({ blanks: [{}, {}, { correct: true }] });
    expect(b('9.85')).toMatchObject({ blanks: [{}, {}, { correct: true }] });
    expect(b('9.851')).toMatchObject({ blanks: [{}, {}, { correct: false }] });
    expect(b('9,8')).toMatchObject({ blanks: [{}, {}, { correct: false }] }); // ambiguous decimal comma refused
  });

  it('full-width input and ideographic spaces are normalized', () => {
    const key: FillBlankKey = { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: 'TCP/IP 协议' }] }] };
    expect(gradeFillBlank(key, ['\u3000ｔｃｐ／ｉｐ\u3000\u3000协议\u3000']).score).toBe(1);
    const strict: FillBlankKey = { ...key, normalize: { nfkc: false, caseFold: false } };
    expect(gradeFillBlank(strict, ['ｔｃｐ／ｉｐ 协议']).score).toBe(0);
    const noPunct: FillBlankKey = { type: 'fill-blank', order: 'sensitive', normalize: { stripPunctuation: true }, blanks: [{ accepted: [{ kind: 'text', value: '光合作用' }] }] };
    expect(gradeFillBlank(noPunct, ['「光合作用」。']).score).toBe(1);
    expect(gradeFillBlank(key, ['「光合作用」。']).score).toBe(0);
  });

  it('percent answers when the item allows them', () => {
    const key: FillBlankKey = { type: 'fill-blank', order: 'sensitive', numberFormat: { percent: true }, blanks: [{ accepted: [{ kind: 'number', value: 0.25, tolerance: { rel: 0.01 } }] }] };
    expect(gradeFillBlank(key, ['25%']).score).toBe(1);
    expect(gradeFillBlank(key, ['０．２５']).score).toBe(1);
    expect(gradeFillBlank({ ...key, numberFormat: {} }, ['25%']).score).toBe(0);
  });

  it('regex accepted answers; an unsafe pattern never matches', () => {
    const key: FillBlankKey = {
      type: 'fill-blank',
      order: 'sensitive',
      blanks: [{ accepted: [{ kind: 'regex', pattern: 'colou?r' }] }, { accepted: [{ kind: 'regex', pattern: '(a+)+b' }] }],
    };
    const r = gradeFillBlank(key, ['COLOUR', 'aaab']);
    expect(r.detail).toMatchObject({ blanks: [{ correct: true }, { correct: false }] });
  });

  const anyTwo: FillBlankKey = {
    type: 'fill-blank',
    order: 'free',
    blanks: [0, 1].map(() => ({
      accepted: [
        { kind: 'text', value: '长江', concept: 'yangtze' },
        { kind: 'text', value: '扬子江', concept: 'yangtze' },
        { kind: 'text', value: '黄河' },
        { kind: 'text', value: '珠江' },
      ],
    })),
  };

  it('order-free: any order, each answer counts once', () => {
    expect(gradeFillBlank(anyTwo, ['黄河', '长江'])).toMatchObject({ score: 1, correct: true });
    expect(gradeFillBlank(anyTwo, ['珠江', '黄河'])).toMatchObject({ score: 1 });
    expect(gradeFillBlank(anyTwo, ['黄河', '淮河']).score).toBe(0.5);
    expect(gradeFillBlank(anyTwo, ['淮河', '黄河']).score).toBe(0.5);
  });

  it('order-free with duplicates: the same answer does not count twice', () => {
    const same = gradeFillBlank(anyTwo, ['黄河', '黄河']);
    expect(same.score).toBe(0.5);
    expect(same.detail).toMatchObject({ duplicates: [1] });
    expect(gradeFillBlank(anyTwo, ['黄河', ' 黄河\u3000']).score).toBe(0.5); // equal after normalization
    expect(gradeFillBlank(anyTwo, ['长江', '扬子江']).score).toBe(0.5); // synonyms share a concept
    const numbers: FillBlankKey = {
      type: 'fill-blank',
      order: 'free',
      blanks: [0, 1].map(() => ({ accepted: [{ kind: 'number', value: 2 }, { kind: 'number', value: 3 }] })),
    };
    expect(gradeFillBlank(numbers, ['2', '２.0']).score).toBe(0.5); // same number, written differently
    expect(gradeFillBlank(numbers, ['3', '2']).score).toBe(1);
  });

  it('order-free uses a maximum matching, heaviest blanks first', () => {
    // Blank 0 accepts only X; blank 1 accepts X or Y. Greedy "first response to first blank it fits"
    // would give X to blank 1 in some orders; the matching must find X→0, Y→1.
    const key: FillBlankKey = {
      type: 'fill-blank',
      order: 'free',
      blanks: [{ accepted: [{ kind: 'text', value: 'x' }] }, { accepted: [{ kind: 'text', value: 'x' }, { kind: 'text', value: 'y' }] }],
    };
    expect(gradeFillBlank(key, ['x', 'y']).score).toBe(1);
    expect(gradeFillBlank(key, ['y', 'x']).score).toBe(1);
    const weighted: FillBlankKey = {
      type: 'fill-blank',
      order: 'free',
      blanks: [{ accepted: [{ kind: 'text', value: 'x' }], weight: 1 }, { accepted: [{ kind: 'text', value: 'x' }], weight: 3 }],
    };
    expect(gradeFillBlank(weighted, ['x']).score).toBe(0.75);
  });

  it('dispatcher validates the blank array', () => {
    expect(grade(anyTwo, ['黄河'])).toMatchObject({ score: 0.5 });
    expect(grade(anyTwo, ['黄河', null])).toMatchObject({ score: 0.5 });
    expect(gradeObjective(anyTwo, '黄河')).toMatchObject({ ok: false, error: expect.stringMatching(/array of strings/) });
    expect(gradeObjective(anyTwo, [1])).toMatchObject({ ok: false });
    expect(gradeObjective(anyTwo, ['a', 'b', 'c'])).toMatchObject({ ok: false, error: expect.stringMatching(/3 answers, the item has 2 blanks/) });
    expect(gradeObjective(anyTwo, ['x'.repeat(20_000)])).toMatchObject({ ok: false });
  });
});

describe('short answer by rubric keywords', () => {
  const key: ShortAnswerKey = {
    type: 'short-answer',
    keywords: [
      { id: 'light', terms: ['光照', '阳光', 'light'], weight: 1, required: true },
      { id: 'co2', terms: ['二氧化碳', 'CO2'], weight: 1 },
      { id: 'o2', terms: ['氧气', 'O2'], weight: 1 },
      { id: 'chl', terms: ['叶绿体', 'chloroplast'], weight: 1 },
    ],
    negative: [{ id: 'resp', terms: ['呼吸作用'], cap: 0.5 }],
  };

  it('all keyword groups matched, with synonyms and full-width input', () => {
    const r = gradeShortAnswer(key, '植物在阳光下，于叶绿体中把ＣＯ２和水转化为有机物并释放氧气。');
    expect(r).toMatchObject({ score: 1, correct: true, needsReview: false });
    expect(r.detail).toMatchObject({ matched: [{ id: 'light', term: '阳光' }, { id: 'co2', term: 'CO2' }, { id: 'o2', term: '氧气' }, { id: 'chl', term: '叶绿体' }] });
  });

  it('weighted share of optional groups; the uncertain band goes to a person', () => {
    const r = gradeShortAnswer(key, '需要光照和二氧化碳');
    expect(r.score).toBe(0.5);
    expect(r.correct).toBe(false);
    expect(r.needsReview).toBe(true);
    expect(r.detail).toMatchObject({ missing: [{ id: 'o2' }, { id: 'chl' }], reviewReason: expect.stringMatching(/between/) });
    expect(gradeShortAnswer(key, '光照、二氧化碳、氧气').score).toBe(0.75);
  });

  it('a missing required group caps the score', () => {
    expect(gradeShortAnswer(key, '二氧化碳、氧气、叶绿体').score).toBe(0);
    expect(gradeShortAnswer({ ...key, requiredMissingCap: 0.4 }, '二氧化碳、氧气、叶绿体').score).toBe(0.4);
  });

  it('negative keywords cap the score and flag review', () => {
    const r = gradeShortAnswer(key, '光照、二氧化碳、氧气、叶绿体，这就是呼吸作用');
    expect(r.score).toBe(0.5);
    expect(r.needsReview).toBe(true);
    expect(r.detail).toMatchObject({ negative: [{ id: 'resp', term: '呼吸作用', cap: 0.5 }] });
  });

  it('custom thresholds and pass score; empty answers are not sent for review', () => {
    const k2: ShortAnswerKey = { ...key, review: { low: 0.6, high: 0.9 }, passScore: 0.75 };
    expect(gradeShortAnswer(k2, '光照、二氧化碳、氧气')).toMatchObject({ score: 0.75, correct: true, needsReview: true });
    expect(gradeShortAnswer(k2, '光照、二氧化碳')).toMatchObject({ score: 0.5, correct: false, needsReview: false });
    expect(gradeShortAnswer(key, null)).toMatchObject({ score: 0, unanswered: true, needsReview: false });
    expect(gradeShortAnswer(key, '\u3000 ')).toMatchObject({ score: 0, unanswered: true });
  });

  it('latin terms match whole words, Chinese terms match anywhere', () => {
    expect(containsTerm('the category', 'cat')).toBe(false);
    expect(containsTerm('a cat.', 'cat')).toBe(true);
    expect(containsTerm('co2和o2', 'co2')).toBe(true);
    expect(containsTerm('co2和o2', 'o2')).toBe(true);
    expect(containsTerm('需要光照', '光照')).toBe(true);
    expect(gradeShortAnswer(key, 'enough LIGHT').detail).toMatchObject({ matched: [{ id: 'light' }] });
    expect(gradeShortAnswer(key, 'enlightenment').detail).toMatchObject({ matched: [] });
  });

  it('dispatcher', () => {
    expect(grade(key, '光照')).toMatchObject({ score: 0.25 });
    expect(gradeObjective(key, { text: '光照' })).toMatchObject({ ok: false, error: expect.stringMatching(/must be a string, got object/) });
  });
});

describe('gradeObjective with malformed keys', () => {
  it('never throws', () => {
    expect(gradeObjective({ type: 'essay' } as unknown as ObjectiveKey, 'x')).toMatchObject({ ok: false, error: expect.stringMatching(/not auto-gradable/) });
    expect(gradeObjective(null as unknown as ObjectiveKey, 'x')).toMatchObject({ ok: false });
    expect(gradeObjective({ type: 'single-choice' } as unknown as ObjectiveKey, 'A')).toMatchObject({ ok: false, error: expect.stringMatching(/malformed/) });
    expect(gradeObjective({ type: 'fill-blank', order: 'free' } as unknown as ObjectiveKey, ['a'])).toMatchObject({ ok: false });
  });

  it('keys round-trip through JSON', () => {
    const key: ObjectiveKey = { type: 'multiple-choice', options: ['A', 'B', 'C'], correct: ['A'], rule: 'partial' };
    const stored = JSON.parse(JSON.stringify(key)) as ObjectiveKey;
    expect(grade(stored, ['A'])).toMatchObject({ score: 1 });
  });
});

describe('validateObjectiveKey', () => {
  it('accepts good keys', () => {
    expect(validateObjectiveKey({ type: 'single-choice', options: ['A', 'B'], correct: 'A' })).toEqual([]);
    expect(validateObjectiveKey({ type: 'true-false', correct: true })).toEqual([]);
    expect(validateObjectiveKey({ type: 'multiple-choice', options: ['A', 'B'], correct: ['A'], rule: 'per-option' })).toEqual([]);
    expect(
      validateObjectiveKey({
        type: 'fill-blank',
        order: 'free',
        blanks: [{ accepted: [{ kind: 'text', value: 'x' }, { kind: 'number', value: 1, tolerance: { abs: 0.1 } }, { kind: 'regex', pattern: 'ab?c' }] }],
      }),
    ).toEqual([]);
    expect(validateObjectiveKey({ type: 'short-answer', keywords: [{ id: 'a', terms: ['光'] }], review: { low: 0.2, high: 0.7 } })).toEqual([]);
  });

  it('reports each problem', () => {
    expect(validateObjectiveKey(null)).toEqual(['answer key must be an object']);
    expect(validateObjectiveKey({ type: 'single-choice', options: ['A', 'A'], correct: 'C' })).toEqual(['option ids must be distinct', 'correct "C" is not an option']);
    expect(validateObjectiveKey({ type: 'multiple-choice', options: ['A'], correct: [], rule: 'x' })).toHaveLength(2);
    expect(validateObjectiveKey({ type: 'fill-blank', order: 'free', blanks: [{ accepted: [{ kind: 'regex', pattern: '(a+)+' }] }] })).toEqual([
      'blank 1, answer 1: a quantified group may not contain a quantifier or an alternation',
    ]);
    expect(validateObjectiveKey({ type: 'fill-blank', order: 'x', blanks: [{ accepted: [] }, { accepted: [{ kind: 'number', value: 'a' }], weight: -1 }] })).toEqual([
      "order must be 'sensitive' or 'free'",
      'blank 1: needs at least one accepted answer',
      'blank 2: weight must be a non-negative number',
      'blank 2, answer 1: value must be a finite number',
    ]);
    expect(validateObjectiveKey({ type: 'short-answer', keywords: [{ id: 1, terms: [''] }], review: { low: 0.9, high: 0.1 } })).toHaveLength(3);
    expect(validateObjectiveKey({ type: 'essay' })).toEqual(['type "essay" is not an objective item type']);
  });
});
