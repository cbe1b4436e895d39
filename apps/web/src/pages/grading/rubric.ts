/**
 * The grading view's rubric maths, the same as the server's (modules/exams/grading.ts): each
 * criterion scores its chosen level over its best level, weighted; the response scores
 * Σ weight × (level / best) / Σ weight in [0, 1], times the item's points.
 */
import type { Rubric } from '@xueli/contracts';

export type RubricCriterion = Rubric['criteria'][number];

/** The task's rubric if it has the rubric shape (criteria with at least one level), else null. */
export function readRubric(raw: unknown): Rubric | null {
  if (!raw || typeof raw !== 'object') return null;
  const criteria = (raw as { criteria?: unknown }).criteria;
  if (!Array.isArray(criteria) || criteria.length === 0) return null;
  const ok = criteria.every(
    (c: unknown) =>
      !!c &&
      typeof c === 'object' &&
      typeof (c as RubricCriterion).id === 'string' &&
      typeof (c as RubricCriterion).name === 'string' &&
      Array.isArray((c as RubricCriterion).levels) &&
      (c as RubricCriterion).levels.length > 0 &&
      (c as RubricCriterion).levels.every((l) => l && typeof l.label === 'string' && typeof l.score === 'number'),
  );
  return ok ? (raw as Rubric) : null;
}

export interface RubricTotal {
  /** In [0, 1] over the criteria given so far (missing ones count 0). */
  fraction: number;
  /** Raw rubric points: chosen level scores and the sum of the best levels. */
  earned: number;
  possible: number;
  /** Criteria still without a level. */
  missing: string[];
}

export function rubricTotal(rubric: Rubric, levels: Record<string, number | undefined>): RubricTotal {
  let sum = 0;
  let weights = 0;
  let earned = 0;
  let possible = 0;
  const missing: string[] = [];
  for (const c of rubric.criteria) {
    const w = c.weight ?? 1;
    const best = Math.max(...c.levels.map((l) => l.score));
    weights += w;
    possible += best;
    const i = levels[c.id];
    const chosen = i === undefined ? undefined : c.levels[i];
    if (!chosen) {
      missing.push(c.id);
      continue;
    }
    earned += chosen.score;
    sum += w * (best > 0 ? chosen.score / best : 0);
  }
  return { fraction: weights > 0 ? sum / weights : 0, earned, possible, missing };
}

/** Points on the item's scale, to two decimals. */
export const scaledPoints = (fraction: number, points: number) => Math.round(fraction * points * 100) / 100;
