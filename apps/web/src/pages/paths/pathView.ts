/**
 * Pure helpers of the learning-path views (no React, no DOM), unit-tested in pathView.test.ts:
 * the server's bilingual texts, the gap reduction, the steps a learner may reorder and the
 * order after a move, and the rows of a target editor.
 */
import type { Bilingual, PathStep, PathView } from '@xueli/contracts';
import { currentLocale, type AppLocale } from '../../i18n/index.ts';

/** The server's text ({zh, en}) in the UI language (Chinese when the English one is empty). */
export const localText = (b: Bilingual, locale: AppLocale = currentLocale()) =>
  locale === 'en-US' && b.en ? b.en : b.zh;

/** How much smaller the expected gap gets, in whole percent of the gap now (0 without a gap). */
export function gapReduction(gapNow: number, gapAfter: number): number {
  if (!(gapNow > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round(((gapNow - gapAfter) / gapNow) * 100)));
}

/** A gap for display: three significant decimals, never `-0`. */
export const formatGap = (x: number) => (Math.abs(x) < 0.0005 ? '0' : x.toFixed(3));

/** Hours for display: at most one decimal. */
export const formatHours = (h: number) => String(Math.round(h * 10) / 10);

/** The steps the learner may reorder: modules not done yet, in path order. */
export const movableSteps = (steps: PathStep[]) =>
  steps.filter((s): s is PathStep & { moduleId: number } => s.status !== 'done' && s.moduleId !== null);

/**
 * The module order to send after moving `moduleId` by `delta` places among the movable steps,
 * or null when it cannot move that way (first up, last down, not movable).
 */
export function movedOrder(steps: PathStep[], moduleId: number, delta: -1 | 1): number[] | null {
  const ids = movableSteps(steps).map((s) => s.moduleId);
  const i = ids.indexOf(moduleId);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return ids;
}

/** Whether a re-planned path keeps the modules of `ids` in that relative order (prerequisites may veto it). */
export function followsOrder(steps: PathStep[], ids: number[]): boolean {
  const wanted = new Set(ids);
  const got = movableSteps(steps)
    .map((s) => s.moduleId)
    .filter((id) => wanted.has(id));
  return got.length === ids.length && got.every((id, i) => id === ids[i]);
}

/** Done and total steps of a path. */
export function stepCounts(view: Pick<PathView, 'steps'>) {
  return { done: view.steps.filter((s) => s.status === 'done').length, total: view.steps.length };
}

/** A knowledge point with its target mastery and weight, as goals and curated paths hold them. */
export interface TargetRow {
  kpId: number;
  target: number;
  weight: number;
}

export const DEFAULT_TARGET = 0.8;
export const DEFAULT_WEIGHT = 1;

/**
 * The rows after the picker chose `kpIds`: rows kept in the picker's order, new points with the
 * default target and weight, unpicked points removed.
 */
export function pickTargets(rows: TargetRow[], kpIds: number[]): TargetRow[] {
  const byId = new Map(rows.map((r) => [r.kpId, r]));
  return kpIds.map((kpId) => byId.get(kpId) ?? { kpId, target: DEFAULT_TARGET, weight: DEFAULT_WEIGHT });
}
