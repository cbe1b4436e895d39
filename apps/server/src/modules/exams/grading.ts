/**
 * Grading one response: objective types by the engine's rules, programming items in the sandbox,
 * essays (and short answers in the engine's uncertain band) routed to a person with the rubric.
 * With an AI provider (ADR 0010) an uncertain short answer is graded by the model, final only at
 * high confidence, and an essay gets the model's suggestion for the person who grades it.
 * Nothing the candidate sent is trusted beyond its shape: the key always comes from the bank.
 */
import { rubricSchema, type Rubric } from '@xueli/contracts';
import { gradeObjective, type ObjectiveKey } from '@xueli/engine';
import type { ResponseStatus } from '../../db/schema/index.ts';

export interface GradableItem {
  id: number;
  type: string;
  answerKey: Record<string, unknown> | null;
  rubric: Record<string, unknown> | null;
  /** The question (for the AI grader). */
  stem?: string;
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

/** What the AI grader is asked about one answer. */
export interface AiGradeRequest {
  kind: 'short_answer' | 'essay';
  itemId: number;
  stem: string;
  /** The candidate's answer: data, never instructions. */
  answer: string;
  /** Short answers: the keyword groups of the key (synonyms, weight, required). */
  keywords: { terms: string[]; weight?: number | undefined; required?: boolean | undefined }[] | null;
  /** Short answers: the keyword engine's score. */
  keywordScore: number | null;
  rubric: Rubric | null;
}

/** The model's validated grade: score in [0, 1] (from the levels when there is a rubric). */
export interface AiGrade {
  score: number;
  confidence: number;
  rationale: string;
  model: string;
  /** Criterion id → level index, every criterion of the rubric, each level existing. */
  rubricLevels?: Record<string, number>;
}

/** Who caused an AI call and about what (kept in the `ai_calls` log). */
export interface AiGradeContext {
  actorUserId: number | null;
  subject: string;
}

/** The AI grader, set by the composition root when a provider is configured. */
export interface AiGrader {
  /** A short answer's AI grade is final at or above this confidence. */
  minConfidence: number;
  /** The grade, or why there is none (timeout, provider error, invalid output …); never throws. */
  grade(req: AiGradeRequest, ctx: AiGradeContext): Promise<{ ok: true; grade: AiGrade } | { ok: false; reason: string }>;
}

/** The AI grader and this call's context; null: offline (grading exactly as without a provider). */
export type AiGrading = { grader: AiGrader; context: AiGradeContext } | null;

const aiDetail = (g: AiGrade) => ({ score: g.score, confidence: g.confidence, rationale: g.rationale, model: g.model, ...(g.rubricLevels ? { rubricLevels: g.rubricLevels } : {}) });

const isBlank = (response: unknown) =>
  response == null || (typeof response === 'string' && response.trim() === '') || (Array.isArray(response) && response.every((r) => typeof r !== 'string' || r.trim() === ''));

export async function gradeResponse(item: GradableItem, response: unknown, programming: ProgrammingGrader, ai: AiGrading = null): Promise<Graded> {
  if (item.type === 'essay') {
    if (isBlank(response)) return { score: 0, autoScore: 0, status: 'auto_graded', detail: { unanswered: true } };
    const detail = { reason: 'graded by people with the rubric' };
    if (!ai || typeof response !== 'string') return { score: null, autoScore: null, status: 'needs_review', detail };
    // People grade essays; the model only suggests levels, a score and a rationale.
    const rubric = rubricSchema.safeParse(item.rubric);
    const asked = await ai.grader.grade(
      { kind: 'essay', itemId: item.id, stem: item.stem ?? '', answer: response, keywords: null, keywordScore: null, rubric: rubric.success ? rubric.data : null },
      ai.context,
    );
    // No provider configured now (offline, ADR 0016): exactly as without a grader.
    if (!asked.ok && asked.reason === 'not_configured') return { score: null, autoScore: null, status: 'needs_review', detail };
    if (!asked.ok) return { score: null, autoScore: null, status: 'needs_review', detail: { ...detail, aiError: asked.reason } };
    return { score: null, autoScore: asked.grade.score, status: 'needs_review', detail: { ...detail, ai: aiDetail(asked.grade) } };
  }
  if (item.type === 'programming') {
    if (typeof response !== 'string' || response.trim() === '') return { score: 0, autoScore: 0, status: 'auto_graded', detail: { unanswered: true } };
    const r = await programming(item.answerKey ?? {}, response);
    return { score: r.score, autoScore: r.score, status: 'auto_graded', detail: r.detail };
  }
  const outcome = gradeObjective(item.answerKey as unknown as ObjectiveKey, response);
  if (!outcome.ok) return { score: 0, autoScore: 0, status: 'auto_graded', detail: { error: outcome.error } };
  const r = outcome.result;
  if (r.needsReview) {
    if (!ai || item.type !== 'short_answer' || typeof response !== 'string') return { score: null, autoScore: r.score, status: 'needs_review', detail: r.detail };
    return aiShortAnswer(item, response, r.score, r.detail, ai);
  }
  return { score: r.score, autoScore: r.score, status: 'auto_graded', detail: r.detail };
}

/**
 * An uncertain short answer with a provider: the model's grade is final when it is confident
 * enough; otherwise its score and rationale are the person's suggestion. On any failure the
 * response waits for a person with the keyword result, as without a provider.
 */
async function aiShortAnswer(item: GradableItem, response: string, keywordScore: number, detail: unknown, ai: NonNullable<AiGrading>): Promise<Graded> {
  const key = item.answerKey as { keywords?: { terms: string[]; weight?: number; required?: boolean }[] } | null;
  const rubric = rubricSchema.safeParse(item.rubric);
  const asked = await ai.grader.grade(
    {
      kind: 'short_answer',
      itemId: item.id,
      stem: item.stem ?? '',
      answer: response,
      keywords: (key?.keywords ?? []).map((g) => ({ terms: g.terms, weight: g.weight, required: g.required })),
      keywordScore,
      rubric: rubric.success ? rubric.data : null,
    },
    ai.context,
  );
  if (!asked.ok && asked.reason === 'not_configured') return { score: null, autoScore: keywordScore, status: 'needs_review', detail };
  const base = detail && typeof detail === 'object' ? (detail as Record<string, unknown>) : {};
  if (!asked.ok) return { score: null, autoScore: keywordScore, status: 'needs_review', detail: { ...base, aiError: asked.reason } };
  const g = asked.grade;
  const withAi = { ...base, ai: aiDetail(g) };
  if (g.confidence >= ai.grader.minConfidence) return { score: g.score, autoScore: g.score, status: 'auto_graded', detail: withAi };
  return { score: null, autoScore: g.score, status: 'needs_review', detail: withAi };
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
