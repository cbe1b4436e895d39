/**
 * Assessment context, part 2 (issue 4 §3–§5): exams, attempts, grading and item analysis.
 *
 * An exam draws its items in one of three ways: a fixed list (`fixed`), a blueprint of counts per
 * knowledge point × difficulty band × item type drawn per candidate with equal difficulty
 * (`blueprint`), or a computerized adaptive test on 2PL parameters (`adaptive`). `purpose`
 * `practice` gives immediate feedback per item. Timing, windows and attempt limits are enforced
 * by the server; the candidate never receives a key before feedback is due.
 */
import { z } from 'zod';
import { pageQuery } from './common.ts';
import { candidateItemView, ITEM_TYPES } from './items.ts';
import { kpRef } from './mastery.ts';

export const EXAM_MODES = ['fixed', 'blueprint', 'adaptive'] as const;
export type ExamMode = (typeof EXAM_MODES)[number];
export const EXAM_PURPOSES = ['exam', 'practice'] as const;
export type ExamPurpose = (typeof EXAM_PURPOSES)[number];
export const EXAM_STATUSES = ['draft', 'published', 'archived'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
/** When a candidate sees correct answers and explanations. */
export const FEEDBACK_POLICIES = ['immediate', 'after_submit', 'after_close', 'never'] as const;
export type FeedbackPolicy = (typeof FEEDBACK_POLICIES)[number];
/** Difficulty bands on the IRT b scale: easy b < −0.5, medium −0.5 ≤ b ≤ 0.5, hard b > 0.5; `any` = all. */
export const DIFFICULTY_BANDS = ['easy', 'medium', 'hard', 'any'] as const;
export type DifficultyBand = (typeof DIFFICULTY_BANDS)[number];

export const blueprintRow = z.strictObject({
  /** Knowledge points (ids, codes or FRAMEWORK:CODE); an item qualifies when it measures any of them. */
  knowledgePoints: z.array(kpRef).min(1).max(20),
  difficulty: z.enum(DIFFICULTY_BANDS).default('any'),
  type: z.enum(ITEM_TYPES).optional(),
  count: z.number().int().min(1).max(100),
  points: z.number().positive().max(100).default(1),
});
export type BlueprintRow = z.infer<typeof blueprintRow>;

export const adaptiveSettings = z.strictObject({
  /** The item pool: active items measuring any of these knowledge points (objective types only). */
  knowledgePoints: z.array(kpRef).min(1).max(50),
  seThreshold: z.number().min(0.1).max(1).default(0.35),
  minItems: z.number().int().min(1).max(100).default(5),
  maxItems: z.number().int().min(1).max(200).default(20),
  /** Randomesque selection among the k most informative items (exposure control). */
  randomesque: z.number().int().min(1).max(10).default(3),
  /** θ at or above which the candidate passes. */
  passTheta: z.number().min(-4).max(4).default(0),
});
export type AdaptiveSettings = z.infer<typeof adaptiveSettings>;

const isoInstant = z.iso.datetime({ offset: true });
const examFields = {
  title: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().max(200).optional(),
  description: z.string().trim().max(5000).optional(),
  courseId: z.number().int().positive().nullable().optional(),
  purpose: z.enum(EXAM_PURPOSES).default('exam'),
  /** null = untimed. */
  timeLimitMinutes: z.number().int().min(1).max(600).nullable().optional(),
  opensAt: isoInstant.nullable().optional(),
  closesAt: isoInstant.nullable().optional(),
  /** null = unlimited. */
  maxAttempts: z.number().int().min(1).max(100).nullable().optional(),
  shuffleItems: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
  feedback: z.enum(FEEDBACK_POLICIES).default('after_submit'),
  /** Percentage of the points needed to pass. */
  passPercent: z.number().min(0).max(100).default(60),
};

export const createExamBody = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('fixed'), ...examFields, items: z.array(z.strictObject({ itemId: z.number().int().positive(), points: z.number().positive().max(100).default(1) })).min(1).max(300) }),
  z.strictObject({ mode: z.literal('blueprint'), ...examFields, blueprint: z.array(blueprintRow).min(1).max(50) }),
  z.strictObject({ mode: z.literal('adaptive'), ...examFields, adaptive: adaptiveSettings }),
]);
export type CreateExamBody = z.infer<typeof createExamBody>;

/** A change to a draft exam (a published exam may change only its window, attempts and feedback). */
export const updateExamBody = z
  .strictObject({
    title: examFields.title.optional(),
    titleEn: examFields.titleEn,
    description: examFields.description,
    courseId: examFields.courseId,
    timeLimitMinutes: examFields.timeLimitMinutes,
    opensAt: examFields.opensAt,
    closesAt: examFields.closesAt,
    maxAttempts: examFields.maxAttempts,
    shuffleItems: z.boolean().optional(),
    shuffleOptions: z.boolean().optional(),
    feedback: z.enum(FEEDBACK_POLICIES).optional(),
    passPercent: z.number().min(0).max(100).optional(),
    items: z.array(z.strictObject({ itemId: z.number().int().positive(), points: z.number().positive().max(100).default(1) })).min(1).max(300).optional(),
    blueprint: z.array(blueprintRow).min(1).max(50).optional(),
    adaptive: adaptiveSettings.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Change at least one field');
export type UpdateExamBody = z.infer<typeof updateExamBody>;

export const examStatusBody = z.strictObject({ status: z.enum(EXAM_STATUSES) });

export const examListQuery = z.strictObject({
  status: z.enum(EXAM_STATUSES).optional(),
  purpose: z.enum(EXAM_PURPOSES).optional(),
  courseId: z.coerce.number().int().positive().max(2147483647).optional(),
  search: z.string().trim().min(1).max(200).optional(),
  ...pageQuery,
});
export type ExamListQuery = z.infer<typeof examListQuery>;

/** The author view of an exam. */
export const examView = z.object({
  id: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  courseId: z.number().int().nullable(),
  courseTitle: z.string().nullable(),
  mode: z.enum(EXAM_MODES),
  purpose: z.enum(EXAM_PURPOSES),
  status: z.enum(EXAM_STATUSES),
  timeLimitMinutes: z.number().int().nullable(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  maxAttempts: z.number().int().nullable(),
  shuffleItems: z.boolean(),
  shuffleOptions: z.boolean(),
  feedback: z.enum(FEEDBACK_POLICIES),
  passPercent: z.number(),
  items: z.array(z.object({ itemId: z.number().int(), points: z.number(), stem: z.string(), type: z.enum(ITEM_TYPES), status: z.string() })),
  blueprint: z.array(z.object({ knowledgePoints: z.array(z.number().int()), difficulty: z.enum(DIFFICULTY_BANDS), type: z.enum(ITEM_TYPES).optional(), count: z.number().int(), points: z.number(), available: z.number().int() })).nullable(),
  adaptive: z.object({ knowledgePoints: z.array(z.number().int()), seThreshold: z.number(), minItems: z.number().int(), maxItems: z.number().int(), randomesque: z.number().int(), passTheta: z.number(), poolSize: z.number().int() }).nullable(),
  attempts: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExamView = z.infer<typeof examView>;

/** What a candidate sees of an exam before starting it. */
export const availableExam = z.object({
  id: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  courseId: z.number().int().nullable(),
  mode: z.enum(EXAM_MODES),
  purpose: z.enum(EXAM_PURPOSES),
  timeLimitMinutes: z.number().int().nullable(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  maxAttempts: z.number().int().nullable(),
  attemptsUsed: z.number().int(),
  /** The attempt in progress, to resume. */
  openAttemptId: z.number().int().nullable(),
  bestPercent: z.number().nullable(),
  passed: z.boolean().nullable(),
  /** Whether the candidate may start an attempt now, and if not, why. */
  canStart: z.boolean(),
  reason: z.enum(['not_open', 'closed', 'no_attempts_left']).nullable(),
  questionCount: z.number().int().nullable(),
});
export type AvailableExam = z.infer<typeof availableExam>;
export const myExamsQuery = z.strictObject({ courseId: z.coerce.number().int().positive().max(2147483647).optional(), purpose: z.enum(EXAM_PURPOSES).optional() });

/** A response as the candidate sends it: option id (single), boolean (true/false), option ids
 * (multiple), one string per blank (fill-in), text (short answer, essay) or code (programming). */
export const responseValue = z.union([z.string().max(50_000), z.boolean(), z.array(z.string().max(10_000)).max(50), z.null()]);
export type ResponseValue = z.infer<typeof responseValue>;

export const saveResponseBody = z.strictObject({
  response: responseValue,
  flagged: z.boolean().optional(),
  /** The client's counter for this item's saves; an older save than the stored one is ignored. */
  seq: z.number().int().min(0).max(1_000_000_000).optional(),
});
export const attemptItemParams = z.strictObject({
  id: z.coerce.number().int().positive().max(2147483647),
  itemId: z.coerce.number().int().positive().max(2147483647),
});

export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'graded'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** Per-item feedback, present only when the exam's feedback policy allows it now. */
export const itemFeedback = z.object({
  score: z.number().nullable(),
  correct: z.boolean().nullable(),
  /** The correct answer in response form (option ids, boolean, accepted answers). */
  correctAnswer: z.unknown().optional(),
  explanation: z.string().optional(),
  /** Grader's or engine's comment (programming: passed cases; essays: the rubric scores). */
  comment: z.string().optional(),
  detail: z.unknown().optional(),
});
export type ItemFeedback = z.infer<typeof itemFeedback>;

export const attemptItem = z.object({
  position: z.number().int(),
  points: z.number(),
  item: candidateItemView,
  response: z.unknown().nullable(),
  flagged: z.boolean(),
  /** The stored save's seq: a client continues from it after a reload. */
  seq: z.number().int(),
  /** practice: checked items are locked and carry feedback. */
  locked: z.boolean(),
  status: z.enum(['unanswered', 'saved', 'auto_graded', 'needs_review', 'graded']),
  feedback: itemFeedback.optional(),
});
export type AttemptItem = z.infer<typeof attemptItem>;

/** The candidate's view of an attempt (items without keys, saved responses, the server's clock). */
export const attemptView = z.object({
  id: z.number().int(),
  examId: z.number().int(),
  examTitle: z.string(),
  examTitleEn: z.string().nullable(),
  mode: z.enum(EXAM_MODES),
  purpose: z.enum(EXAM_PURPOSES),
  attemptNo: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.string(),
  deadlineAt: z.string().nullable(),
  /** The server's time when this was sent, so the client's timer does not trust the client clock. */
  serverNow: z.string(),
  submittedAt: z.string().nullable(),
  items: z.array(attemptItem),
  /** adaptive: whether the test has ended, and the estimate. */
  adaptive: z.object({ finished: z.boolean(), theta: z.number().nullable(), se: z.number().nullable(), answered: z.number().int(), maxItems: z.number().int() }).nullable(),
  result: z
    .object({
      percent: z.number().nullable(),
      pointsEarned: z.number().nullable(),
      pointsPossible: z.number(),
      passed: z.boolean().nullable(),
      pendingReview: z.number().int(),
    })
    .nullable(),
  feedbackAvailable: z.boolean(),
  /** The exam's feedback policy, so a client can say when feedback will come. */
  feedback: z.enum(FEEDBACK_POLICIES),
});
export type AttemptView = z.infer<typeof attemptView>;

/** practice: the checked item's feedback; adaptive: the next item (or none when finished). */
export const checkResult = z.object({ attempt: attemptView });

export const attemptListQuery = z.strictObject({
  examId: z.coerce.number().int().positive().max(2147483647).optional(),
  status: z.enum(ATTEMPT_STATUSES).optional(),
  ...pageQuery,
});
export const attemptSummary = z.object({
  id: z.number().int(),
  examId: z.number().int(),
  examTitle: z.string(),
  employeeId: z.number().int(),
  employeeName: z.string(),
  employeeNo: z.string(),
  attemptNo: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  percent: z.number().nullable(),
  passed: z.boolean().nullable(),
  pendingReview: z.number().int(),
});
export type AttemptSummary = z.infer<typeof attemptSummary>;

/** The grading queue: responses a person must grade, oldest first. */
export const gradingQueueQuery = z.strictObject({ examId: z.coerce.number().int().positive().max(2147483647).optional(), ...pageQuery });
/** A model's suggested grade for a person to accept or change (ADR 0010). */
export const aiSuggestion = z.object({
  /** In [0, 1]; with a rubric, the score of the suggested levels. */
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  rationale: z.string(),
  /** The model that suggested it. */
  model: z.string().optional(),
  /** Criterion id → suggested level index (items with a rubric). */
  rubricLevels: z.record(z.string(), z.number().int().min(0)).optional(),
});
export type AiSuggestion = z.infer<typeof aiSuggestion>;

export const gradingTask = z.object({
  attemptId: z.number().int(),
  itemId: z.number().int(),
  examId: z.number().int(),
  examTitle: z.string(),
  /** Candidates are anonymous to graders by default: an attempt number, not a name. */
  candidate: z.string(),
  submittedAt: z.string().nullable(),
  itemType: z.enum(ITEM_TYPES),
  stem: z.string(),
  response: z.unknown().nullable(),
  rubric: z.record(z.string(), z.unknown()).nullable(),
  /** The machine's suggestion (short answers: keyword score and reason; the AI's score and rationale when a provider graded it). */
  suggestedScore: z.number().nullable(),
  suggestion: z.string().nullable(),
  /** The AI provider's suggestion, when one is configured and answered validly. */
  aiSuggestion: aiSuggestion.optional(),
  points: z.number(),
});
export type GradingTask = z.infer<typeof gradingTask>;

export const gradeResponseBody = z.strictObject({
  /** Rubric: criterion id → chosen level index. Or a direct score in [0, 1]. */
  rubricLevels: z.record(z.string().min(1).max(60), z.number().int().min(0).max(20)).optional(),
  score: z.number().min(0).max(1).optional(),
  comment: z.string().trim().max(5000).optional(),
}).refine((b) => (b.rubricLevels === undefined) !== (b.score === undefined), 'Give either rubricLevels or score');
export type GradeResponseBody = z.infer<typeof gradeResponseBody>;

/** Item analysis of an exam's graded responses: classical statistics and a 2PL calibration. */
export const itemAnalysis = z.object({
  examId: z.number().int(),
  candidates: z.number().int(),
  items: z.array(
    z.object({
      itemId: z.number().int(),
      stem: z.string(),
      type: z.enum(ITEM_TYPES),
      responses: z.number().int(),
      pValue: z.number().nullable(),
      pointBiserial: z.number().nullable(),
      flags: z.array(z.string()),
      distractors: z.array(z.object({ option: z.string(), share: z.number(), upper: z.number().nullable(), lower: z.number().nullable(), correct: z.boolean() })).nullable(),
      a: z.number().nullable(),
      b: z.number().nullable(),
      currentA: z.number().nullable(),
      currentB: z.number().nullable(),
    }),
  ),
});
export type ItemAnalysis = z.infer<typeof itemAnalysis>;
export const applyCalibrationBody = z.strictObject({ itemIds: z.array(z.number().int().positive()).min(1).max(1000) });
export const applyCalibrationResult = z.object({ updated: z.number().int() });

/** Autosave's answer. `ignored`: an older save (lower seq) arrived after a newer one and was dropped. */
export const saveResponseResult = z.object({ savedAt: z.string(), seq: z.number().int(), ignored: z.boolean() });
export const myExamList = z.object({ items: z.array(availableExam) });
export const gradeResult = z.object({ ok: z.literal(true), attemptStatus: z.enum(ATTEMPT_STATUSES) });
export const regradeResult = z.object({ responses: z.number().int(), attempts: z.number().int() });
