import { describe, expect, it } from 'vitest';
import { readRubric, rubricTotal, scaledPoints } from './rubric.ts';

const rubric = {
  criteria: [
    {
      id: 'content',
      name: 'Content',
      weight: 2,
      levels: [
        { label: 'Poor', score: 0 },
        { label: 'Fair', score: 2 },
        { label: 'Good', score: 4 },
      ],
    },
    {
      id: 'style',
      name: 'Style',
      levels: [
        { label: 'Weak', score: 0 },
        { label: 'Strong', score: 1 },
      ],
    },
  ],
};

describe('rubric grading maths', () => {
  it('weights each criterion by level over best level', () => {
    // content 2/4 at weight 2, style 1/1 at weight 1 → (2·0.5 + 1·1) / 3
    const t = rubricTotal(rubric, { content: 1, style: 1 });
    expect(t.fraction).toBeCloseTo(2 / 3, 10);
    expect(t.earned).toBe(3);
    expect(t.possible).toBe(5);
    expect(t.missing).toEqual([]);
    expect(rubricTotal(rubric, { content: 2, style: 1 }).fraction).toBe(1);
    expect(rubricTotal(rubric, { content: 0, style: 0 }).fraction).toBe(0);
  });

  it('counts a criterion without a level (or with a level that does not exist) as missing', () => {
    const t = rubricTotal(rubric, { content: 2 });
    expect(t.missing).toEqual(['style']);
    expect(t.fraction).toBeCloseTo(2 / 3, 10);
    expect(rubricTotal(rubric, { content: 2, style: 7 }).missing).toEqual(['style']);
  });

  it('scales to the item points', () => {
    expect(scaledPoints(2 / 3, 10)).toBe(6.67);
    expect(scaledPoints(1, 5)).toBe(5);
  });

  it('accepts only the rubric shape', () => {
    expect(readRubric(rubric)).toBe(rubric);
    expect(readRubric(null)).toBeNull();
    expect(readRubric({ criteria: [] })).toBeNull();
    expect(readRubric({ criteria: [{ id: 'x', name: 'X', levels: [{ label: 'a' }] }] })).toBeNull();
    expect(readRubric({ keywords: [] })).toBeNull();
  });
});
