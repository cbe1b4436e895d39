import { describe, expect, it } from 'vitest';
import { describeAnswer, isAnswered, isTyped, toResponse, toWidgetValue } from './responseForm.ts';

const single = { type: 'single' as const };
const multiple = { type: 'multiple' as const };
const tf = { type: 'true_false' as const };
const fill = { type: 'fill_blank' as const, blanks: 3 };
const essay = { type: 'essay' as const };
const code = {
  type: 'programming' as const,
  programming: { language: 'js' as const, functionName: 'f', starterCode: 'function f() {}' },
};

describe('response ↔ widget value', () => {
  it('reads stored responses into widget values, ignoring shapes of the wrong type', () => {
    expect(toWidgetValue(single, 'B')).toBe('B');
    expect(toWidgetValue(single, ['B'])).toBeNull();
    expect(toWidgetValue(multiple, ['A', 3, 'C'])).toEqual(['A', 'C']);
    expect(toWidgetValue(multiple, null)).toEqual([]);
    expect(toWidgetValue(tf, false)).toBe(false);
    expect(toWidgetValue(tf, 'false')).toBeNull();
    expect(toWidgetValue(essay, null)).toBe('');
  });

  it('gives a fill-in item one input per blank, keeping saved blanks in place', () => {
    expect(toWidgetValue(fill, null)).toEqual(['', '', '']);
    expect(toWidgetValue(fill, ['x', null, 'z'])).toEqual(['x', '', 'z']);
    expect(toWidgetValue(fill, ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c']);
    // Without a blank count: as many as saved, at least one.
    expect(toWidgetValue({ type: 'fill_blank' }, null)).toEqual(['']);
    expect(toWidgetValue({ type: 'fill_blank' }, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('starts a programming item from its starter code, and keeps the saved code after a reload', () => {
    expect(toWidgetValue(code, null)).toBe('function f() {}');
    expect(toWidgetValue(code, 'function f() { return 1; }')).toBe('function f() { return 1; }');
  });

  it('sends empty answers as null', () => {
    expect(toResponse(single, null)).toBeNull();
    expect(toResponse(single, 'A')).toBe('A');
    expect(toResponse(multiple, [])).toBeNull();
    expect(toResponse(multiple, ['A', 'C'])).toEqual(['A', 'C']);
    expect(toResponse(tf, false)).toBe(false);
    expect(toResponse(tf, null)).toBeNull();
    expect(toResponse(fill, ['', ' ', ''])).toBeNull();
    expect(toResponse(fill, ['', '42', ''])).toEqual(['', '42', '']);
    expect(toResponse(essay, '   ')).toBeNull();
    expect(toResponse(essay, ' text ')).toBe(' text ');
    expect(toResponse(code, 'function f() {}')).toBeNull();
    expect(toResponse(code, 'function f() { return 2; }')).toBe('function f() { return 2; }');
  });

  it('round-trips every answered widget value', () => {
    const cases = [
      [single, 'C'],
      [multiple, ['B', 'D']],
      [tf, true],
      [fill, ['a', '', 'c']],
      [essay, 'an essay'],
      [code, 'return 1'],
    ] as const;
    for (const [item, value] of cases) expect(toWidgetValue(item, toResponse(item, value as never))).toEqual(value);
  });
});

describe('isAnswered', () => {
  it('counts false and any non-blank text as answers, empty things not', () => {
    expect(isAnswered(false)).toBe(true);
    expect(isAnswered('A')).toBe(true);
    expect(isAnswered(['', 'x'])).toBe(true);
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered(undefined)).toBe(false);
    expect(isAnswered('  ')).toBe(false);
    expect(isAnswered([])).toBe(false);
    expect(isAnswered(['', ' '])).toBe(false);
  });

  it('debounces only typed answers', () => {
    expect(isTyped('essay')).toBe(true);
    expect(isTyped('fill_blank')).toBe(true);
    expect(isTyped('programming')).toBe(true);
    expect(isTyped('single')).toBe(false);
    expect(isTyped('true_false')).toBe(false);
  });
});

describe('describeAnswer', () => {
  const labels = { yes: 'True', no: 'False', blank: (n: number) => `Blank ${n}` };
  const options = [
    { id: 'A', text: 'Apple' },
    { id: 'B', text: 'Banana' },
  ];
  it('names options and booleans', () => {
    expect(describeAnswer('B', { type: 'single', options }, labels)).toBe('B. Banana');
    expect(describeAnswer('Z', { type: 'single', options }, labels)).toBe('Z');
    expect(describeAnswer(['A', 'B'], { type: 'multiple', options }, labels)).toBe('A. Apple；B. Banana');
    expect(describeAnswer(true, { type: 'true_false' }, labels)).toBe('True');
    expect(describeAnswer(false, { type: 'true_false' }, labels)).toBe('False');
    expect(describeAnswer(null, { type: 'single', options }, labels)).toBe('—');
  });

  it('lists blanks with their accepted alternatives, and short-answer keywords', () => {
    expect(describeAnswer(['x', ''], { type: 'fill_blank' }, labels)).toBe('Blank 1: x；Blank 2: —');
    expect(describeAnswer(['only'], { type: 'fill_blank' }, labels)).toBe('only');
    expect(describeAnswer([['3.14', '3.1416'], ['2']], { type: 'fill_blank' }, labels)).toBe(
      'Blank 1: 3.14 / 3.1416；Blank 2: 2',
    );
    expect(describeAnswer(['风险', '合规'], { type: 'short_answer' }, labels)).toBe('风险、合规');
    expect(describeAnswer('free text', { type: 'essay' }, labels)).toBe('free text');
    expect(describeAnswer({ keywords: 1 }, { type: 'essay' }, labels)).toBe('{"keywords":1}');
  });
});
