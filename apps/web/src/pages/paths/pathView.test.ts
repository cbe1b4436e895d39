import type { PathStep } from '@xueli/contracts';
import { describe, expect, it } from 'vitest';
import {
  followsOrder,
  formatGap,
  gapReduction,
  localText,
  movedOrder,
  movableSteps,
  pickTargets,
  stepCounts,
} from './pathView.ts';

const step = (moduleId: number | null, status: PathStep['status']): PathStep => ({
  kind: moduleId === null ? 'assessment' : 'module',
  moduleId,
  examId: moduleId === null ? 9 : null,
  title: `m${moduleId}`,
  titleEn: null,
  courseId: 1,
  courseTitle: 'c',
  courseTitleEn: null,
  enrollmentId: null,
  hours: 1,
  status,
  pinned: false,
  reason: { zh: '原因', en: 'why' },
  moves: [],
  week: null,
  completedAt: null,
});

describe('localText', () => {
  it('picks the UI language, falling back to Chinese when the English text is empty', () => {
    expect(localText({ zh: '中', en: 'en' }, 'en-US')).toBe('en');
    expect(localText({ zh: '中', en: 'en' }, 'zh-CN')).toBe('中');
    expect(localText({ zh: '中', en: '' }, 'en-US')).toBe('中');
  });
});

describe('gapReduction', () => {
  it('is the share of the gap closed, in whole percent, clamped to 0..100', () => {
    expect(gapReduction(0.4, 0.1)).toBe(75);
    expect(gapReduction(0.3, 0)).toBe(100);
    expect(gapReduction(0.2, 0.3)).toBe(0);
    expect(gapReduction(0, 0)).toBe(0);
  });

  it('formats a gap without a negative zero', () => {
    expect(formatGap(0.12345)).toBe('0.123');
    expect(formatGap(-0.0001)).toBe('0');
  });
});

describe('reordering steps', () => {
  const steps = [step(1, 'done'), step(2, 'next'), step(null, 'planned'), step(3, 'planned'), step(4, 'planned')];

  it('moves only modules not done yet, assessments left out', () => {
    expect(movableSteps(steps).map((s) => s.moduleId)).toEqual([2, 3, 4]);
  });

  it('swaps a module with its neighbour among the movable ones', () => {
    expect(movedOrder(steps, 3, -1)).toEqual([3, 2, 4]);
    expect(movedOrder(steps, 3, 1)).toEqual([2, 4, 3]);
  });

  it('refuses moves past either end and of done modules', () => {
    expect(movedOrder(steps, 2, -1)).toBeNull();
    expect(movedOrder(steps, 4, 1)).toBeNull();
    expect(movedOrder(steps, 1, 1)).toBeNull();
  });

  it('tells whether a re-planned path kept the wished order', () => {
    expect(followsOrder(steps, [2, 3, 4])).toBe(true);
    expect(followsOrder(steps, [2, 4])).toBe(true);
    expect(followsOrder(steps, [3, 2])).toBe(false);
    expect(followsOrder(steps, [2, 7])).toBe(false);
  });

  it('counts done and total steps', () => {
    expect(stepCounts({ steps })).toEqual({ done: 1, total: 5 });
  });
});

describe('pickTargets', () => {
  it('keeps edited rows, adds new points with defaults and drops unpicked ones, in picker order', () => {
    const rows = [
      { kpId: 1, target: 0.6, weight: 2 },
      { kpId: 2, target: 0.9, weight: 1 },
    ];
    expect(pickTargets(rows, [3, 1])).toEqual([
      { kpId: 3, target: 0.8, weight: 1 },
      { kpId: 1, target: 0.6, weight: 2 },
    ]);
  });
});
