/**
 * The question navigator's state: each question is answered or not, flagged for review or
 * not, locked (practice: checked) or not, and one is current. Local edits that have not come
 * back from the server yet count, so the navigator follows the candidate's typing.
 */
import { isAnswered } from './responseForm.ts';

export interface NavInput {
  itemId: number;
  response: unknown;
  flagged: boolean;
  locked?: boolean;
}

export interface LocalAnswer {
  response: unknown;
  flagged: boolean;
}

export interface NavCell {
  index: number;
  itemId: number;
  answered: boolean;
  flagged: boolean;
  locked: boolean;
  current: boolean;
}

/** The server's items with the local (unsaved or just saved) answers laid over them. */
export function mergeLocal(items: NavInput[], local: ReadonlyMap<number, LocalAnswer>): NavInput[] {
  return items.map((it) => {
    const l = local.get(it.itemId);
    return l ? { ...it, response: l.response, flagged: l.flagged } : it;
  });
}

export function navCells(items: NavInput[], current: number): NavCell[] {
  return items.map((it, index) => ({
    index,
    itemId: it.itemId,
    answered: isAnswered(it.response),
    flagged: it.flagged,
    locked: it.locked ?? false,
    current: index === current,
  }));
}

/** What the submit confirmation lists. */
export function submitSummary(items: NavInput[]): {
  total: number;
  answered: number;
  unanswered: number;
  flagged: number;
} {
  const answered = items.filter((it) => isAnswered(it.response)).length;
  return {
    total: items.length,
    answered,
    unanswered: items.length - answered,
    flagged: items.filter((it) => it.flagged).length,
  };
}

/** The next question after `from` (wrapping round) that is unanswered, or null when all are answered. */
export function nextUnanswered(items: NavInput[], from: number): number | null {
  for (let k = 1; k <= items.length; k++) {
    const i = (from + k) % items.length;
    if (!isAnswered(items[i]?.response)) return i;
  }
  return null;
}

/** Keeps the current index inside the list (items can grow in an adaptive test, never shrink). */
export const clampIndex = (index: number, length: number) =>
  length === 0 ? 0 : Math.min(Math.max(0, index), length - 1);
