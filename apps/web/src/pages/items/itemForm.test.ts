import { createItemBody, ITEM_TYPES, type ItemTypeName, type ItemView } from '@xueli/contracts';
import { MULTIPLE_CHOICE_RULES as ENGINE_RULES, validateObjectiveKey } from '@xueli/engine';
import { describe, expect, it } from 'vitest';
import {
  candidateView,
  emptyForm,
  filterFromParams,
  filterToParams,
  formFromItem,
  formProblems,
  humanPath,
  isDirty,
  itemBody,
  moveRow,
  MULTIPLE_CHOICE_RULES,
  nextId,
  parseTests,
  reletter,
  serverProblems,
  stemExcerpt,
  updateBody,
  type ItemFormValues,
} from './itemForm.ts';

const ENGINE_TYPE: Record<string, string> = {
  single: 'single-choice',
  multiple: 'multiple-choice',
  true_false: 'true-false',
  fill_blank: 'fill-blank',
  short_answer: 'short-answer',
};

/** A filled-in editor state of each type, as an author would leave it. */
function filled(type: ItemTypeName): ItemFormValues {
  const v = {
    ...emptyForm(type),
    stem: `**${type}** 题干`,
    knowledgePoints: [7],
    tags: ['rag', ' rag ', ''],
    explanation: ' 解析 ',
  };
  v.options = v.options.map((o, i) => ({ ...o, text: `选项${i}`, correct: type === 'single' ? i === 2 : i < 2 }));
  v.trueFalse = false;
  v.rule = 'partial-with-penalty';
  v.blanks = [
    {
      weight: 2,
      accepted: [
        { ...v.blanks[0]!.accepted[0]!, text: ' 北京 ', concept: 'cap' },
        { ...v.blanks[0]!.accepted[0]!, kind: 'regex', pattern: '北京市?', flags: 'i' },
      ],
    },
    { weight: null, accepted: [{ ...v.blanks[0]!.accepted[0]!, kind: 'number', value: 3.14, abs: 0.01, rel: null }] },
  ];
  v.order = 'free';
  v.keywords = [
    { id: 'k1', terms: ['检索', ' retrieval '], weight: 2, required: true },
    { id: 'k2', terms: ['生成'], weight: null, required: false },
  ];
  v.negative = [{ id: 'n1', terms: ['微调'], cap: 0.3 }];
  v.passScore = 0.5;
  v.reviewLow = 0.2;
  v.reviewHigh = 0.7;
  v.criteria = [
    {
      id: 'c1',
      name: '论点',
      description: '',
      weight: 2,
      levels: [
        { label: '弱', score: 0, description: '' },
        { label: '强', score: 4, description: '清楚' },
      ],
    },
  ];
  v.useRubric = type === 'short_answer';
  v.functionName = 'add';
  v.starterCode = 'function add(a, b) {}';
  v.testsJson = '[{"args":[1,2],"expected":3,"sample":true},{"args":[-1,1],"expected":0,"weight":2}]';
  v.tolerance = 0.001;
  return v;
}

/** The server's answer for a created body: keys get `type` (and options), like checkItem. */
function saved(body: Record<string, unknown>, extra: Partial<ItemView> = {}): ItemView {
  const type = body.type as ItemTypeName;
  const options = (body.options as { id: string; text: string }[] | undefined) ?? null;
  const key = body.answerKey as Record<string, unknown> | undefined;
  return {
    id: 5,
    type,
    stem: body.stem as string,
    options,
    answerKey: key
      ? { ...key, type: ENGINE_TYPE[type] ?? 'programming', ...(options && { options: options.map((o) => o.id) }) }
      : null,
    rubric: (body.rubric as Record<string, unknown> | undefined) ?? null,
    explanation: body.explanation as string,
    difficulty: null,
    discrimination: null,
    tags: body.tags as string[],
    status: 'draft',
    version: 1,
    knowledgePoints: (body.knowledgePoints as number[]).map((id) => ({
      id,
      code: `KP${id}`,
      name: `点${id}`,
      frameworkId: 1,
    })),
    createdBy: '培训师',
    updatedBy: '培训师',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('item editor state → API body', () => {
  it.each(ITEM_TYPES)('a filled-in %s item makes a body the contract accepts (and the engine, for its key)', (type) => {
    const body = itemBody(filled(type));
    const parsed = createItemBody.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(body).toMatchObject({
      type,
      stem: `**${type}** 题干`,
      knowledgePoints: [7],
      tags: ['rag'],
      explanation: '解析',
    });
    const engineType = ENGINE_TYPE[type];
    if (engineType) {
      const key = {
        ...(body.answerKey as object),
        type: engineType,
        ...(body.options ? { options: (body.options as { id: string }[]).map((o) => o.id) } : {}),
      };
      expect(validateObjectiveKey(key)).toEqual([]);
    }
  });

  it('maps each type to its key shape', () => {
    expect(itemBody(filled('single'))).toMatchObject({
      options: [{ id: 'A', text: '选项0' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
      answerKey: { correct: 'C' },
    });
    expect(itemBody(filled('multiple')).answerKey).toEqual({ correct: ['A', 'B'], rule: 'partial-with-penalty' });
    expect(itemBody(filled('true_false')).answerKey).toEqual({ correct: false });
    expect(itemBody(filled('fill_blank')).answerKey).toEqual({
      order: 'free',
      blanks: [
        {
          weight: 2,
          accepted: [
            { kind: 'text', value: '北京', concept: 'cap' },
            { kind: 'regex', pattern: '北京市?', flags: 'i' },
          ],
        },
        { accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] },
      ],
    });
    expect(itemBody(filled('short_answer'))).toMatchObject({
      answerKey: {
        keywords: [
          { id: 'k1', terms: ['检索', 'retrieval'], weight: 2, required: true },
          { id: 'k2', terms: ['生成'] },
        ],
        negative: [{ id: 'n1', terms: ['微调'], cap: 0.3 }],
        passScore: 0.5,
        review: { low: 0.2, high: 0.7 },
      },
      rubric: {
        criteria: [
          {
            id: 'c1',
            name: '论点',
            weight: 2,
            levels: [
              { label: '弱', score: 0 },
              { label: '强', score: 4, description: '清楚' },
            ],
          },
        ],
      },
    });
    const essay = itemBody(filled('essay'));
    expect(essay.answerKey).toBeUndefined();
    expect(essay.options).toBeUndefined();
    expect(itemBody(filled('programming')).answerKey).toEqual({
      language: 'js',
      functionName: 'add',
      starterCode: 'function add(a, b) {}',
      tests: [
        { args: [1, 2], expected: 3, sample: true },
        { args: [-1, 1], expected: 0, weight: 2 },
      ],
      tolerance: 0.001,
      limits: { cpuMs: 1000, memoryMb: 64, wallMs: 3000 },
    });
  });

  it('leaves parts of other types out when the type is switched while creating', () => {
    const v = { ...filled('single'), type: 'true_false' as const };
    const body = itemBody(v);
    expect(body.options).toBeUndefined();
    expect(body.rubric).toBeUndefined();
    expect(body.answerKey).toEqual({ correct: false });
  });
});

describe('saved item → editor state → PATCH body', () => {
  it.each(ITEM_TYPES)('loads a saved %s item into the same state it was made from', (type) => {
    const v = filled(type);
    const back = formFromItem(saved(itemBody(v)));
    expect(itemBody(back)).toEqual(itemBody(v));
  });

  it('sends nothing for an untouched item and only the changed fields otherwise', () => {
    const item = saved(itemBody(filled('multiple')));
    const v = formFromItem(item);
    expect(updateBody(v, item)).toBeNull();
    expect(updateBody({ ...v, note: '只写了说明' }, item)).toBeNull();
    expect(updateBody({ ...v, stem: '新题干', note: ' 修正措辞 ' }, item)).toEqual({
      stem: '新题干',
      note: '修正措辞',
    });
    const swapped = { ...v, options: v.options.map((o) => ({ ...o, correct: !o.correct })) };
    expect(updateBody(swapped, item)).toEqual({ answerKey: { correct: ['C', 'D'], rule: 'partial-with-penalty' } });
    expect(updateBody({ ...v, knowledgePoints: [7, 8], difficulty: 1.5 }, item)).toEqual({
      knowledgePoints: [7, 8],
      difficulty: 1.5,
    });
  });

  it('removes a short answer rubric that was switched off', () => {
    const item = saved(itemBody(filled('short_answer')));
    expect(updateBody({ ...formFromItem(item), useRubric: false }, item)).toEqual({ rubric: null });
  });

  it('keeps key settings the editor does not show', () => {
    const base = saved(itemBody(filled('fill_blank')));
    const item = { ...base, answerKey: { ...base.answerKey, normalize: { stripPunctuation: true } } };
    const v = formFromItem(item);
    expect(updateBody(v, item)).toBeNull();
    const body = updateBody({ ...v, order: 'sensitive' }, item);
    expect(body?.answerKey).toMatchObject({ order: 'sensitive', normalize: { stripPunctuation: true } });
    expect(body?.answerKey).not.toHaveProperty('type');
    expect(body?.answerKey).not.toHaveProperty('options');
  });

  it('keeps the ids of loaded options until the list changes', () => {
    const item = saved({
      ...itemBody(filled('single')),
      options: [
        { id: 'x', text: '甲' },
        { id: 'y', text: '乙' },
      ],
      answerKey: { correct: 'y' },
    });
    const v = formFromItem(item);
    expect(v.options.map((o) => [o.id, o.correct])).toEqual([
      ['x', false],
      ['y', true],
    ]);
    expect(updateBody(v, item)).toBeNull();
  });

  it('notices unsaved changes', () => {
    const v = filled('single');
    expect(isDirty(v, filled('single'))).toBe(false);
    expect(isDirty({ ...v, stem: 'x' }, v)).toBe(true);
  });
});

describe('rows', () => {
  it('re-letters options after a move, and the correct mark moves with its option', () => {
    const v = filled('single');
    const moved = reletter(moveRow(v.options, 2, -1));
    expect(moved.map((o) => `${o.id}:${o.text}:${o.correct}`)).toEqual([
      'A:选项0:false',
      'B:选项2:true',
      'C:选项1:false',
      'D:选项3:false',
    ]);
    expect(moveRow(v.options, 0, -1)).toEqual(v.options);
    expect(reletter(v.options.filter((_, i) => i !== 0)).map((o) => o.id)).toEqual(['A', 'B', 'C']);
  });

  it('finds a free id', () => {
    expect(nextId('k', [{ id: 'k1' }, { id: 'k3' }])).toBe('k2');
    expect(nextId('c', [])).toBe('c1');
  });

  it('has the engine’s partial-credit rules', () => {
    expect([...MULTIPLE_CHOICE_RULES]).toEqual([...ENGINE_RULES]);
  });
});

describe("the editor's checks", () => {
  it('passes a filled-in item of every type', () => {
    for (const type of ITEM_TYPES) expect(formProblems(filled(type)), type).toEqual([]);
  });

  it('names what is missing', () => {
    const fields = (v: ItemFormValues) => formProblems(v).map((p) => p.field);
    expect(fields(emptyForm('single'))).toEqual([
      'stem',
      'knowledgePoints',
      'options.0',
      'options.1',
      'options.2',
      'options.3',
      'correct',
    ]);
    const multi = { ...filled('multiple'), options: filled('multiple').options.map((o) => ({ ...o, correct: false })) };
    expect(fields(multi)).toEqual(['correct']);
    expect(fields({ ...filled('true_false'), trueFalse: null })).toEqual(['trueFalse']);
    const blank = filled('fill_blank');
    blank.blanks[1]!.accepted[0]!.value = null;
    blank.blanks.push({ weight: null, accepted: [] });
    expect(fields(blank)).toEqual(['blanks.1.accepted.0', 'blanks.2']);
    expect(fields({ ...filled('short_answer'), reviewLow: 0.9, reviewHigh: 0.1 })).toEqual(['review']);
    expect(fields({ ...filled('short_answer'), reviewLow: null })).toEqual(['review']);
    const essay = filled('essay');
    essay.criteria[0]!.levels = [{ label: '', score: null, description: '' }];
    expect(fields(essay)).toEqual(['criteria.0.levels', 'criteria.0.levels.0.label', 'criteria.0.levels.0.score']);
    expect(fields({ ...filled('programming'), functionName: '1add', testsJson: '[{' })).toEqual([
      'functionName',
      'testsJson',
    ]);
  });

  it('reads the test cases as the contract does', () => {
    expect(parseTests('[{"args":[1],"expected":1}]')).toEqual({ ok: true, tests: [{ args: [1], expected: 1 }] });
    expect(parseTests('[{"args":1,"expected":1}]')).toMatchObject({
      ok: false,
      reason: 'shape',
      detail: expect.stringContaining('1 › args'),
    });
    expect(parseTests('[]')).toMatchObject({ ok: false, reason: 'shape' });
    expect(parseTests('{oops')).toMatchObject({ ok: false, reason: 'json' });
  });
});

describe("the server's problems", () => {
  it('sorts the item check problems by part, with readable positions', () => {
    expect(
      serverProblems({
        detail: 'The item has 3 problems: …',
        problems: [
          'answerKey: blank 1, answer 1: a quantified group may not contain a quantifier or an alternation',
          'knowledgePoints: knowledge point 999 does not exist',
          'answerKey.tests.0.args: expected array',
          'something odd',
        ],
      }),
    ).toEqual([
      {
        section: 'answerKey',
        message: 'blank 1, answer 1: a quantified group may not contain a quantifier or an alternation',
      },
      { section: 'knowledgePoints', message: 'knowledge point 999 does not exist' },
      { section: 'answerKey', message: 'tests 1 › args: expected array' },
      { section: 'other', message: 'something odd' },
    ]);
  });

  it('reads request check errors and falls back to the detail', () => {
    expect(
      serverProblems({
        detail: 'The body is invalid',
        errors: [
          { path: 'stem', message: 'Too small' },
          { path: 'options.2.text', message: 'Too small' },
          { path: '(root)', message: 'Change at least one field' },
        ],
      }),
    ).toEqual([
      { section: 'stem', message: 'Too small' },
      { section: 'options', message: '3 › text: Too small' },
      { section: 'other', message: 'Change at least one field' },
    ]);
    expect(serverProblems({ detail: 'An item cannot go from draft to active' })).toEqual([
      { section: 'other', message: 'An item cannot go from draft to active' },
    ]);
    expect(humanPath(['blanks', '0', 'accepted', '1'])).toBe('blanks 1 › accepted 2');
  });
});

describe('the candidate view', () => {
  it('shows the stem, options, blanks and function to write, never a key, rubric or explanation', () => {
    for (const type of ITEM_TYPES) {
      const view = candidateView(itemBody(filled(type)), { id: 3, version: 2 });
      const text = JSON.stringify(view);
      expect(view).not.toHaveProperty('answerKey');
      expect(view).not.toHaveProperty('rubric');
      expect(text).not.toContain('解析');
      expect(text).not.toContain('correct');
      expect(text).not.toContain('expected');
      expect(text).not.toContain('检索');
    }
    expect(candidateView(itemBody(filled('single')))).toMatchObject({
      options: [{ id: 'A', text: '选项0' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
    });
    expect(candidateView(itemBody(filled('fill_blank'))).blanks).toBe(2);
    expect(candidateView(itemBody(filled('programming'))).programming).toEqual({
      language: 'js',
      functionName: 'add',
      starterCode: 'function add(a, b) {}',
    });
    expect(candidateView(itemBody(filled('essay'))).options).toBeNull();
  });
});

describe('the list', () => {
  it('makes a one-line excerpt of a Markdown stem', () => {
    expect(stemExcerpt('## 标题\n\n**粗体** 和 [链接](http://x) `code`')).toBe('标题 粗体 和 链接 code');
    expect(stemExcerpt('一二三四五六', 4)).toBe('一二三四…');
  });

  it('keeps the filters in the URL and ignores bad values', () => {
    const f = {
      type: 'single' as const,
      status: 'active' as const,
      kpId: 12,
      tag: 'rag',
      search: '提示词',
      page: 3,
      pageSize: 50,
    };
    expect(filterFromParams(filterToParams(f))).toEqual(f);
    expect(filterToParams({ page: 1, pageSize: 20 }).toString()).toBe('');
    expect(filterFromParams(new URLSearchParams('type=bogus&status=x&kp=-1&page=0&size=7&q=%20'))).toEqual({
      type: undefined,
      status: undefined,
      kpId: undefined,
      tag: undefined,
      search: undefined,
      page: 1,
      pageSize: 20,
    });
  });
});
