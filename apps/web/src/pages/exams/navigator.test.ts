import { describe, expect, it } from 'vitest';
import { clampIndex, mergeLocal, navCells, nextUnanswered, submitSummary, type LocalAnswer } from './navigator.ts';

const items = [
  { itemId: 11, response: 'A', flagged: false },
  { itemId: 12, response: null, flagged: true },
  { itemId: 13, response: ['', ''], flagged: false, locked: true },
  { itemId: 14, response: false, flagged: false },
];

describe('question navigator', () => {
  it('marks each question answered, flagged, locked and current', () => {
    const cells = navCells(items, 1);
    expect(cells.map((c) => [c.itemId, c.answered, c.flagged, c.locked, c.current])).toEqual([
      [11, true, false, false, false],
      [12, false, true, false, true],
      [13, false, false, true, false],
      [14, true, false, false, false],
    ]);
  });

  it('lets local edits override the server state', () => {
    const local = new Map<number, LocalAnswer>([
      [12, { response: 'text', flagged: false }],
      [11, { response: null, flagged: true }],
    ]);
    const merged = mergeLocal(items, local);
    expect(navCells(merged, 0).map((c) => [c.answered, c.flagged])).toEqual([
      [false, true],
      [true, false],
      [false, false],
      [true, false],
    ]);
    // The originals are untouched.
    expect(items[0]!.response).toBe('A');
  });

  it('counts unanswered and flagged questions for the submit confirmation', () => {
    expect(submitSummary(items)).toEqual({ total: 4, answered: 2, unanswered: 2, flagged: 1 });
    expect(submitSummary([])).toEqual({ total: 0, answered: 0, unanswered: 0, flagged: 0 });
  });

  it('finds the next unanswered question, wrapping round', () => {
    expect(nextUnanswered(items, 0)).toBe(1);
    expect(nextUnanswered(items, 1)).toBe(2);
    expect(nextUnanswered(items, 2)).toBe(1);
    expect(nextUnanswered([{ itemId: 1, response: 'x', flagged: false }], 0)).toBeNull();
  });

  it('keeps the current index in range', () => {
    expect(clampIndex(5, 3)).toBe(2);
    expect(clampIndex(-1, 3)).toBe(0);
    expect(clampIndex(1, 0)).toBe(0);
  });
});
