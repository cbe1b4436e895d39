import { createExamBody, updateExamBody, type ExamView } from '@xueli/contracts';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client.ts';
import { defaultValues, fromExam, moveRow, problemsByRow, problemsOf, toCreateBody, toUpdateBody } from './examForm.ts';

const exam: ExamView = {
  id: 7,
  title: '合规考试',
  titleEn: 'Compliance exam',
  description: 'desc',
  courseId: 3,
  courseTitle: 'Course',
  mode: 'blueprint',
  purpose: 'exam',
  status: 'draft',
  timeLimitMinutes: 45,
  opensAt: '2026-03-01T01:00:00.000Z',
  closesAt: null,
  maxAttempts: 2,
  shuffleItems: true,
  shuffleOptions: false,
  feedback: 'after_close',
  passPercent: 70,
  items: [],
  blueprint: [
    { knowledgePoints: [4, 5], difficulty: 'easy', type: 'single', count: 3, points: 2, available: 10 },
    { knowledgePoints: [6], difficulty: 'any', count: 1, points: 10, available: 0 },
  ],
  adaptive: null,
  attempts: 0,
  createdBy: 'trainer',
  createdAt: '2026-02-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
};

describe('exam builder form ↔ API bodies', () => {
  it('builds a create body the contract accepts, for each mode', () => {
    const fixed = {
      ...defaultValues('fixed'),
      title: ' 考试 ',
      items: [{ itemId: 9, points: 2, stem: 's', type: 'single' as const }],
    };
    const body = toCreateBody(fixed);
    expect(body).toMatchObject({
      mode: 'fixed',
      title: '考试',
      items: [{ itemId: 9, points: 2 }],
      maxAttempts: 1,
      timeLimitMinutes: 30,
    });
    expect(body).not.toHaveProperty('titleEn'); // empty optional text is left out
    expect(createExamBody.safeParse(body).success).toBe(true);

    const bp = toCreateBody({
      ...defaultValues('blueprint'),
      title: 'B',
      blueprint: [{ knowledgePoints: [1], difficulty: 'hard', type: null, count: 2, points: 1 }],
    });
    expect(bp).toMatchObject({
      mode: 'blueprint',
      blueprint: [{ knowledgePoints: [1], difficulty: 'hard', count: 2, points: 1 }],
    });
    expect((bp as { blueprint: object[] }).blueprint[0]).not.toHaveProperty('type');
    expect(createExamBody.safeParse(bp).success).toBe(true);

    const ad = toCreateBody({
      ...defaultValues('adaptive', 'practice'),
      title: 'A',
      adaptive: { ...defaultValues().adaptive, knowledgePoints: [2, 3] },
    });
    expect(ad).toMatchObject({
      mode: 'adaptive',
      purpose: 'practice',
      feedback: 'immediate',
      maxAttempts: null,
      adaptive: { knowledgePoints: [2, 3], seThreshold: 0.35 },
    });
    expect(createExamBody.safeParse(ad).success).toBe(true);
  });

  it('round-trips an exam through the form into an update body', () => {
    const v = fromExam(exam);
    expect(v.opensAt?.toISOString()).toBe('2026-03-01T01:00:00.000Z');
    expect(v.blueprint[1]).toEqual({ knowledgePoints: [6], difficulty: 'any', type: null, count: 1, points: 10 });
    const body = toUpdateBody(v, exam);
    expect(body).toMatchObject({
      title: '合规考试',
      titleEn: 'Compliance exam',
      courseId: 3,
      timeLimitMinutes: 45,
      opensAt: '2026-03-01T01:00:00.000Z',
      closesAt: null,
      maxAttempts: 2,
      shuffleOptions: false,
      feedback: 'after_close',
      passPercent: 70,
      blueprint: [
        { knowledgePoints: [4, 5], difficulty: 'easy', type: 'single', count: 3, points: 2 },
        { knowledgePoints: [6], difficulty: 'any', count: 1, points: 10 },
      ],
    });
    expect(body).not.toHaveProperty('items');
    expect(body).not.toHaveProperty('adaptive');
    expect(updateExamBody.safeParse(body).success).toBe(true);
  });

  it('sends only the live fields for a published exam', () => {
    const v = { ...fromExam(exam), closesAt: dayjs('2026-04-01T00:00:00Z'), timeLimitMinutes: 90 };
    const body = toUpdateBody(v, { ...exam, status: 'published' });
    expect(Object.keys(body).sort()).toEqual([
      'closesAt',
      'description',
      'feedback',
      'maxAttempts',
      'opensAt',
      'title',
      'titleEn',
    ]);
    expect(body.closesAt).toBe('2026-04-01T00:00:00.000Z');
    expect(updateExamBody.safeParse(body).success).toBe(true);
  });

  it('clears the English title with an empty string (the contract has no null for it)', () => {
    const body = toUpdateBody({ ...fromExam(exam), titleEn: '  ' }, exam);
    expect(body.titleEn).toBe('');
    expect(updateExamBody.safeParse(body).success).toBe(true);
  });
});

describe('server problems', () => {
  const err = (extra: Record<string, unknown>) =>
    new ApiError({
      type: 'urn:xueli:problem:validation',
      title: 'Invalid',
      status: 400,
      detail: 'The exam has 2 problems',
      ...extra,
    });

  it('lists the problems, the field errors or the detail', () => {
    expect(problemsOf(err({ problems: ['a', 'b'] }))).toEqual(['a', 'b']);
    expect(problemsOf(err({ errors: [{ path: 'title', message: 'Required' }] }))).toEqual(['title: Required']);
    expect(problemsOf(err({}))).toEqual(['The exam has 2 problems']);
    expect(problemsOf(new Error('boom'))).toEqual(['boom']);
  });

  it('attaches row problems to their rows', () => {
    const rows = problemsByRow(
      [
        'blueprint[1]: needs 1 active items, 0 available (0 match the row)',
        'blueprint[0].knowledgePoints: knowledge point X does not exist',
        'items[2]: item 5 is retired',
        'closesAt: must be after opensAt',
      ],
      'blueprint',
    );
    expect([...rows.keys()].sort()).toEqual([0, 1]);
    expect(rows.get(1)).toEqual(['needs 1 active items, 0 available (0 match the row)']);
    expect(rows.get(0)).toEqual(['knowledge point X does not exist']);
    expect(problemsByRow(['items[2]: item 5 is retired'], 'items').get(2)).toEqual(['item 5 is retired']);
  });

  it('moves rows up and down within bounds', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
