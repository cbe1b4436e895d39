/** The AI tutor (issue 6 §3, ADR 0018): questions, grounded answers with citations, ratings, content gaps. */
import { z } from 'zod';
import { isoDate, page, pageQuery } from './common.ts';

export const TUTOR_LANGS = ['zh-CN', 'en-US'] as const;

export const tutorAskBody = z.strictObject({
  question: z.string().trim().min(1, 'ask a question').max(1000),
  /** Asked on this course's page: its collections are searched first. */
  courseId: z.number().int().positive().max(2147483647).optional(),
  /** The asker's language for the model's answer and its "no answer" sentence; default: guessed from the question. */
  lang: z.enum(TUTOR_LANGS).optional(),
});
export type TutorAskBody = z.infer<typeof tutorAskBody>;

/** A character range [start, end) of a text. */
export const tutorRange = z.object({ start: z.number().int(), end: z.number().int() });
export type TutorRange = z.infer<typeof tutorRange>;

/** A passage the answer may cite as [n]. */
export const tutorCitation = z.object({
  n: z.number().int(),
  chunkId: z.number().int(),
  documentId: z.number().int(),
  documentTitle: z.string(),
  headingPath: z.array(z.string()),
  text: z.string(),
  /** The question's terms in `text`. */
  highlights: z.array(tutorRange),
});
export type TutorCitation = z.infer<typeof tutorCitation>;

/** A quoted piece of an offline answer: sentences of passage n with the question's terms highlighted. */
export const tutorSegment = z.object({ n: z.number().int(), text: z.string(), highlights: z.array(tutorRange) });
export type TutorSegment = z.infer<typeof tutorSegment>;

export const TUTOR_MODES = ['extractive', 'model'] as const;
/**
 * Why an answer is extractive: no chat model is configured, or the model failed before its first
 * token (timeout, rate_limited, budget_exhausted, error); null for model answers and for questions
 * the knowledge base does not support (the model is not called then).
 */
export const TUTOR_FALLBACK_REASONS = ['not_configured', 'timeout', 'rate_limited', 'budget_exhausted', 'model_error'] as const;
export type TutorFallbackReason = (typeof TUTOR_FALLBACK_REASONS)[number];

export const tutorAnswer = z.object({
  id: z.number().int(),
  question: z.string(),
  courseId: z.number().int().nullable(),
  mode: z.enum(TUTOR_MODES),
  /** False: the knowledge base has nothing that supports an answer (and `answer` is empty). */
  supported: z.boolean(),
  /** The answer with its citations as [n]. */
  answer: z.string(),
  /** Offline answers: the quoted pieces (empty for model answers and in the history). */
  segments: z.array(tutorSegment),
  /** The passages the answer cites, keeping their numbers (the stream's `citations` event lists every passage given). */
  citations: z.array(tutorCitation),
  fallbackReason: z.enum(TUTOR_FALLBACK_REASONS).nullable(),
  rating: z.union([z.literal(1), z.literal(-1)]).nullable(),
  latencyMs: z.number().int(),
  createdAt: z.string(),
});
export type TutorAnswer = z.infer<typeof tutorAnswer>;

export const tutorRatingBody = z.strictObject({
  rating: z.union([z.literal(1), z.literal(-1)]),
  comment: z.string().trim().max(1000).optional(),
});
export type TutorRatingBody = z.infer<typeof tutorRatingBody>;

export const tutorHistoryQuery = z.strictObject({ ...pageQuery });
export const tutorHistoryPage = page(tutorAnswer);

export const tutorGapsQuery = z
  .strictObject({
    ...pageQuery,
    courseId: z.coerce.number().int().positive().max(2147483647).optional(),
    /** Asked on or after this day (UTC). */
    from: isoDate.optional(),
    /** Asked on or before this day (UTC). */
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type TutorGapsQuery = z.infer<typeof tutorGapsQuery>;

export const tutorGapItem = z.object({
  id: z.number().int(),
  question: z.string(),
  courseId: z.number().int().nullable(),
  courseTitle: z.string().nullable(),
  /** unsupported: the knowledge base had no answer; low_rated: the asker rated the answer -1. */
  kind: z.enum(['unsupported', 'low_rated']),
  mode: z.enum(TUTOR_MODES),
  answer: z.string(),
  ratingComment: z.string().nullable(),
  /** How often the same question (same normalised text) was asked as a gap, within the filter. */
  times: z.number().int(),
  createdAt: z.string(),
});
export type TutorGapItem = z.infer<typeof tutorGapItem>;

export const tutorGapsPage = page(tutorGapItem).extend({
  counts: z.object({ unsupported: z.number().int(), lowRated: z.number().int(), asked: z.number().int() }),
});
export type TutorGapsPage = z.infer<typeof tutorGapsPage>;

/**
 * POST /tutor/ask/stream sends Server-Sent Events, in this order:
 *   citations  { citations: TutorCitation[] }   the passages the answer may cite ([] when unsupported)
 *   fallback   { reason }                        only when the answer is extractive (see above)
 *   delta      { text }                          answer text, in pieces (the model's, or the quote)
 *   done       TutorAnswer                       the stored answer (citations cleaned)
 *   error      { title, detail }                 instead of done when the model fails mid-answer
 */
export const TUTOR_STREAM_EVENTS = ['citations', 'fallback', 'delta', 'done', 'error'] as const;
export type TutorStreamEvent = (typeof TUTOR_STREAM_EVENTS)[number];
