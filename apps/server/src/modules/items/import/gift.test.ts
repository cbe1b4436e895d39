import { describe, expect, it } from 'vitest';
import type { ItemView } from '@xueli/contracts';
import { escapeGift, parseGift, unescapeGift, writeGift } from './gift.ts';
import { checkCandidates, placeOf } from './plan.ts';

const one = (text: string) => {
  const f = parseGift(text);
  expect(f.errors).toEqual([]);
  expect(f.items).toHaveLength(1);
  return f.items[0]!;
};

describe('GIFT parser', () => {
  it('reads every supported question form, with titles, comments, tags and general feedback', () => {
    const f = parseGift(
      [
        '// a comment line',
        '$CATEGORY: $course$/top/LLM',
        '',
        '// [tag:rag] [tag:基础]',
        '::Q1:: RAG 的含义是？ {',
        '  =检索增强生成 #对',
        '  ~随机生成',
        '  ~重复生成',
        '  ####RAG = Retrieval-Augmented Generation',
        '}',
        '',
        "Who's buried in Grant's tomb? {~%50%Grant ~%50%his wife ~%-100%nobody}",
        '',
        '温度越高输出越随机。{T}',
        '',
        'The sun is cold.{FALSE#wrong#right}',
        '',
        'Pi to two places {#3.14:0.005}',
        '',
        'A number from 1 to 5 {#1..5}',
        '',
        'Name a primary colour. {=red =blue =%50%green}',
        '',
        'Write about your work. {}',
        '',
        'The capital of France is {=Paris} today.',
      ].join('\n'),
    );
    expect(f.errors).toEqual([]);
    const c = f.items.map((i) => i.candidate);
    expect(c[0]).toEqual({
      stem: 'RAG 的含义是？',
      tags: ['rag', '基础'],
      explanation: 'RAG = Retrieval-Augmented Generation',
      type: 'single',
      options: [
        { id: 'A', text: '检索增强生成' },
        { id: 'B', text: '随机生成' },
        { id: 'C', text: '重复生成' },
      ],
      answerKey: { correct: 'A' },
    });
    expect(f.items[0]!.where).toEqual({ kind: 'item', file: null, item: 1, line: 5 });
    expect(c[1]).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'B'], rule: 'partial' } });
    expect(c[2]).toMatchObject({ type: 'true_false', answerKey: { correct: true } });
    expect(c[3]).toMatchObject({ type: 'true_false', answerKey: { correct: false }, stem: 'The sun is cold.' });
    expect(c[4]).toMatchObject({ type: 'fill_blank', answerKey: { blanks: [{ accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.005 } }] }] } });
    expect(c[5]).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'number', value: 3, tolerance: { abs: 2 } }] }] } });
    expect(c[6]).toMatchObject({ type: 'fill_blank', answerKey: { blanks: [{ accepted: [{ kind: 'text', value: 'red' }, { kind: 'text', value: 'blue' }] }] } });
    expect(f.items[6]!.warnings[0]!.message).toMatch(/partial-credit answer 'green'/);
    expect(c[7]).toMatchObject({ type: 'essay', stem: 'Write about your work.' });
    expect(c[8]).toMatchObject({ type: 'fill_blank', stem: 'The capital of France is ____ today.' });
    // every candidate is a valid request body once it has a knowledge point
    expect(checkCandidates(f.items, ['KP']).every((x) => x.body && !x.problems.length)).toBe(true);
  });

  it('resolves escapes, \\n line breaks and [html] text', () => {
    expect(unescapeGift('a\\{b\\}c\\=d\\~e\\#f\\:g\\\\h\\ni')).toBe('a{b}c=d~e#f:g\\h\ni');
    const i = one('[html]<p>1 \\= 2 \\{not\\} <b>true</b></p> {F}');
    expect(i.candidate).toMatchObject({ stem: '1 = 2 {not} true', type: 'true_false' });
    const m = one('Pick one:\\nA or B {=A\\: yes ~B\\~no}');
    expect(m.candidate).toMatchObject({ stem: 'Pick one:\nA or B', options: [{ id: 'A', text: 'A: yes' }, { id: 'B', text: 'B~no' }] });
  });

  it('reads multi-line questions and reports each problem with its item number and line', () => {
    const f = parseGift(
      [
        'Good one {=a ~b}', // item 1, line 1
        '',
        'Never closed { =a', // item 2, line 3
        '',
        '// [tag:x]',
        'Match {=cat -> 猫 =dog -> 狗}', // item 3, line 6
        '',
        'No correct {~a ~b}', // item 4, line 8
        '',
        'Bad number {#abc}', // item 5, line 10
        '',
        'Just a description with no answers', // skipped, line 12
        '',
        'Two blocks {=a} and {=b}', // item 6, line 14
        '',
        'Multi',
        'line {',
        '=yes',
        '~no', // item 7, line 16
        '}',
      ].join('\n'),
    );
    const problems = f.items.flatMap((i) => i.issues.map((p) => `${placeOf(i.where)}: ${p.message}`));
    expect(problems).toEqual([
      expect.stringMatching(/^item 2 \(line 3\): the answer block opened on line 3 is never closed/),
      'item 3 (line 6): matching questions are not supported',
      expect.stringMatching(/^item 4 \(line 8\): no answer is marked correct/),
      expect.stringMatching(/^item 5 \(line 10\): 'abc' is not a number answer/),
      expect.stringMatching(/^item 6 \(line 14\): a question has one answer block/),
    ]);
    expect(f.warnings.map((w) => `${placeOf(w.where)}: ${w.issue.message}`)).toEqual([expect.stringMatching(/^line 12: text with no answer block/)]);
    expect(f.items[6]!.candidate).toMatchObject({ stem: 'Multi\nline', type: 'single' });
    expect(f.items[6]!.where.line).toBe(16);
  });

  it('says when a file has no question at all', () => {
    const f = parseGift('// only comments\n\n');
    expect(f.items).toEqual([]);
    expect(f.errors[0]!.issue.message).toMatch(/no questions/);
  });
});

describe('GIFT writer', () => {
  const base = { explanation: '', difficulty: null, discrimination: null, status: 'draft', version: 1, knowledgePoints: [], createdBy: null, updatedBy: null, createdAt: '', updatedAt: '', rubric: null } as const;
  const item = (over: Partial<ItemView>): ItemView => ({ ...base, id: 1, type: 'single', stem: 's', options: null, answerKey: null, tags: [], ...over }) as ItemView;

  it('writes what the parser reads back, escaping special characters', () => {
    const items = [
      item({ id: 1, stem: 'a {b} = c: d ~ e # f\\g\nsecond line', options: [{ id: 'x', text: '1 = 1' }, { id: 'y', text: '~2' }], answerKey: { type: 'single-choice', options: ['x', 'y'], correct: 'y' }, tags: ['t1'], explanation: '因为 #1' }),
      item({ id: 2, type: 'multiple', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], answerKey: { type: 'multiple-choice', options: ['a', 'b', 'c'], correct: ['a', 'c'], rule: 'partial-with-penalty' } }),
      item({ id: 3, type: 'true_false', answerKey: { type: 'true-false', correct: false } }),
      item({ id: 4, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2.5, tolerance: { abs: 0.1 } }] }] } }),
      item({ id: 5, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: 'a=b' }, { kind: 'text', value: 'c' }] }] } }),
      item({ id: 6, type: 'essay', rubric: {} }),
      item({ id: 7, type: 'short_answer', answerKey: { type: 'short-answer', keywords: [] } }),
      item({ id: 8, type: 'fill_blank', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: 'a' }] }, { accepted: [{ kind: 'text', value: 'b' }] }] } }),
    ];
    const w = writeGift(items);
    expect(w.exported).toBe(6);
    expect(w.skipped.map((s) => s.id)).toEqual([7, 8]);
    const back = parseGift(w.body.toString('utf8'));
    expect(back.errors).toEqual([]);
    const c = back.items.map((i) => i.candidate!);
    expect(c[0]).toMatchObject({ stem: 'a {b} = c: d ~ e # f\\g\nsecond line', options: [{ text: '1 = 1' }, { text: '~2' }], answerKey: { correct: 'B' }, tags: ['t1'], explanation: '因为 #1' });
    expect(c[1]).toMatchObject({ type: 'multiple', answerKey: { correct: ['A', 'C'], rule: 'partial-with-penalty' } });
    expect(c[2]).toMatchObject({ type: 'true_false', answerKey: { correct: false } });
    expect(c[3]).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'number', value: 2.5, tolerance: { abs: 0.1 } }] }] } });
    expect(c[4]).toMatchObject({ answerKey: { blanks: [{ accepted: [{ kind: 'text', value: 'a=b' }, { kind: 'text', value: 'c' }] }] } });
    expect(c[5]).toMatchObject({ type: 'essay' });
    expect(escapeGift('a\nb')).toBe('a\\nb');
  });
});
