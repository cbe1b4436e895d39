import { describe, expect, it } from 'vitest';
import { draftSummary, fromForm, toForm } from './draftForm.ts';

describe('draft form', () => {
  it('round-trips a single-choice item and applies edits', () => {
    const c = {
      type: 'single',
      stem: '选择：____',
      options: [
        { id: 'a', text: '甲' },
        { id: 'b', text: '乙' },
      ],
      answerKey: { type: 'single-choice', options: ['a', 'b'], correct: 'b' },
      explanation: '因为',
      tags: ['generated'],
    };
    const f = toForm('item', c);
    expect(f).toMatchObject({ kind: 'item', type: 'single', correct: 'b', stem: '选择：____' });
    expect(fromForm(f, c)).toEqual(c);
    if (f.kind !== 'item') throw new Error('item');
    const edited = fromForm({ ...f, stem: '新题干', correct: 'a', options: [...f.options, { id: 'c', text: ' ' }] }, c);
    expect(edited).toMatchObject({ stem: '新题干', tags: ['generated'], answerKey: { correct: 'a', options: ['a', 'b'] } });
    expect((edited.options as unknown[]).length).toBe(2);
  });

  it('true/false and fill-in-the-blank keys', () => {
    const tf = toForm('item', { type: 'true_false', stem: 's', answerKey: { type: 'true-false', correct: false } });
    expect(tf).toMatchObject({ correct: 'false' });
    expect(fromForm({ ...tf, correct: 'true' } as never, { type: 'true_false' })).toMatchObject({ answerKey: { correct: true } });
    const fb = { type: 'fill_blank', stem: '__', answerKey: { type: 'fill-blank', order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '五' }] }] } };
    const f = toForm('item', fb);
    expect(f).toMatchObject({ blanks: [['五']] });
    expect(fromForm({ ...(f as never as object), blanks: [['五', '5', '']] } as never, fb)).toMatchObject({
      answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '五' }, { kind: 'text', value: '5' }] }] },
    });
  });

  it('outline objectives are one per line; a case keeps its rubric', () => {
    const o = { title: 'T', modules: [{ title: 'M', objectives: ['a', 'b'], sourceChunkIds: [1] }] };
    const f = toForm('outline', o);
    expect(f).toMatchObject({ modules: [{ objectives: 'a\nb' }] });
    expect(fromForm({ ...(f as never as object), modules: [{ title: 'M2', summary: '', objectives: 'x\n\n y ' }] } as never, o)).toEqual({
      title: 'T',
      description: '',
      modules: [{ title: 'M2', objectives: ['x', 'y'], sourceChunkIds: [1] }],
    });
    const cs = { title: 'C', scenario: 'S', questions: ['q1'], rubric: { criteria: [] } };
    expect(fromForm({ ...(toForm('case', cs) as never as object), questions: 'q1\nq2' } as never, cs)).toEqual({ ...cs, questions: ['q1', 'q2'] });
    expect(draftSummary('item', { stem: 'x'.repeat(200) })).toHaveLength(121);
  });
});
