/**
 * Grading one response: objective types by the engine's rules, programming items in the sandbox,
 * essays (and short answers in the engine's uncertain band) routed to a person with the rubric.
 * Nothing the candidate sent is trusted beyond its shape: the key always comes from the bank.
 */
import type { Rubric } from '@xueli/contracts';
import { gradeObjective, type ObjectiveKey } from '@xueli/engine';
import type { ResponseStatus } from '../../db/schema/index.ts';

export interface GradableItem {
  id: number;
  type: string;
  answerKey: Record<string, unknown> | null;
  rubric: Record<string, unknown> | null;
}

export interface Graded {
  /** null: a person must grade it. */
  score: number | null;
  /** The machine's score or suggestion (kept when a person grades). */
  autoScore: number | null;
  status: Extract<ResponseStatus, 'auto_graded' | 'needs_review'>;
  detail: unknown;
}

/** Runs a programming item's hidden tests on the candidate's code (the sandbox). */
export type ProgrammingGrader = (key: Record<string, unknown>, code: string) => Promise<{ score: number; detail: unknown }>;

const isBlank = (response: unknown) =>
  response == null || (typeof response === 'string' && response.trim() === '') || (Array.isArray(response) && response.every((r) => typeof r !== 'string' || r.trim() === ''));

export async function gradeResponse(item: GradableItem, response: unknown, programming: ProgrammingGrader): Promise<Graded> {
  if (item.type === 'essay') {
    if (isBlank(response)) return { score: 0, autoScore: 0, status: 'auto_graded', detail: { unanswered: true } };
    return { score: null, autoScore: null, status: 'needs_review', detail: { reason: 'graded by people with the rubric' } };
  }
  if (item.type === 'programming') {
    if (typeof response !== 'string' || response.trim() === '') return { score: 0, autoScore: 0, status: 'auto_graded', detail: { unanswered: true } };
    const r = await programming(item.answerKey ?? {}, response);
    return { score: r.score, autoScore: r.score, status: 'auto_graded', detail: r.detail };
  }
  const outcome = gradeObjective(item.answerKey as unknown as ObjectiveKey, response);
  if (!outcome.ok) return { score: 0, autoScore: 0, status: 'auto_graded', detail: { error: outcome.error } };
  const r = outcome.result;
  if (r.needsReview) return { score: null, autoScore: r.score, status: 'needs_review', detail: r.detail };
  return { score: r.score, autoScore: r.score, status: 'auto_graded', detail: r.detail };
}

/**
 * A person's rubric grade: Σ weight × (level score / best level score) / Σ weight, in [0, 1].
 * Every criterion must be given a level that exists; every problem is listed.
 */
export function rubricScore(rubric: Rubric, levels: Record<string, number>): { score: number; problems: string[] } {
  const problems: string[] = [];
  const ids = new Set(rubric.criteria.map((c) => c.id));
  for (const id of Object.keys(levels)) if (!ids.has(id)) problems.push(`rubricLevels.${id}: the rubric has no criterion "${id}"`);
  let sum = 0;
  let weights = 0;
  for (const c of rubric.criteria) {
    const w = c.weight ?? 1;
    weights += w;
    const level = levels[c.id];
    if (level === undefined) {
      problems.push(`rubricLevels.${c.id}: choose a level for "${c.name}"`);
      continue;
    }
    const chosen = c.levels[level];
    if (!chosen) {
      problems.push(`rubricLevels.${c.id}: level ${level} does not exist (0–${c.levels.length - 1})`);
      continue;
    }
    const best = Math.max(...c.levels.map((l) => l.score));
    sum += w * (best > 0 ? chosen.score / best : 0);
  }
  return { score: weights > 0 ? sum / weights : 0, problems };
}

/** The correct answer in the candidate's response shape, for feedback (null when there is none to show). */
export function correctAnswer(item: GradableItem): unknown {
  const k = item.answerKey;
  if (!k) return null;
  switch (k.type) {
    case 'single-choice':
    case 'true-false':
    case 'multiple-choice':
      return k.correct;
    case 'fill-blank':
      return (k.blanks as { accepted: { kind: string; value?: unknown; pattern?: string }[] }[]).map((b) =>
        b.accepted.map((a) => (a.kind === 'regex' ? a.pattern : String(a.value))),
      );
    case 'short-answer':
      return (k.keywords as { terms: string[] }[]).map((g) => g.terms[0]);
    default:
      return null;
  }
}

/** Whether a response has the shape its item type takes (checked on autosave). */
export function responseFits(type: string, response: unknown): boolean {
  if (response === null) return true;
  switch (type) {
    case 'single':
    case 'short_answer':
    case 'essay':
    case 'programming':
      return typeof response === 'string';
    case 'true_false':
      return typeof response === 'boolean';
    case 'multiple':
    case 'fill_blank':
      return Array.isArray(response);
    default:
      return false;
  }
}
