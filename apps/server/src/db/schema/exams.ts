/**
 * Assessment context, part 2 (issue 4 §3–§5): exams and attempts.
 *
 * An exam's form is either a fixed list (`exam_items`), a blueprint drawn per candidate, or an
 * adaptive pool; each attempt stores the form it drew (`form`: item ids, versions, points and the
 * candidate's option order), so grading, resume and review never depend on a later change of the
 * exam. `attempt_responses` holds one row per item of the form: the autosaved answer, and once
 * graded, the score, who graded it and the engine's detail.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { courses } from './catalog.ts';
import { items } from './items.ts';
import { employees } from './org.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const exams = pgTable(
  'exams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
    mode: text('mode').$type<'fixed' | 'blueprint' | 'adaptive'>().notNull(),
    purpose: text('purpose').$type<'exam' | 'practice'>().notNull().default('exam'),
    status: text('status').$type<'draft' | 'published' | 'archived'>().notNull().default('draft'),
    timeLimitMinutes: integer('time_limit_minutes'),
    opensAt: ts('opens_at'),
    closesAt: ts('closes_at'),
    maxAttempts: integer('max_attempts'),
    shuffleItems: boolean('shuffle_items').notNull().default(true),
    shuffleOptions: boolean('shuffle_options').notNull().default(true),
    feedback: text('feedback').$type<'immediate' | 'after_submit' | 'after_close' | 'never'>().notNull().default('after_submit'),
    passPercent: real('pass_percent').notNull().default(60),
    /** blueprint mode: rows with knowledge point ids resolved. */
    blueprint: jsonb('blueprint').$type<{ knowledgePoints: number[]; difficulty: 'easy' | 'medium' | 'hard' | 'any'; type?: string; count: number; points: number }[]>(),
    /** adaptive mode: settings with knowledge point ids resolved. */
    adaptive: jsonb('adaptive').$type<{ knowledgePoints: number[]; seThreshold: number; minItems: number; maxItems: number; randomesque: number; passTheta: number }>(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('exams_mode_check', sql`${t.mode} in ('fixed', 'blueprint', 'adaptive')`),
    check('exams_purpose_check', sql`${t.purpose} in ('exam', 'practice')`),
    check('exams_status_check', sql`${t.status} in ('draft', 'published', 'archived')`),
    check('exams_feedback_check', sql`${t.feedback} in ('immediate', 'after_submit', 'after_close', 'never')`),
    check('exams_window_check', sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.opensAt} < ${t.closesAt}`),
    index('exams_course_idx').on(t.courseId),
  ],
);

/** A fixed form's items in order. */
export const examItems = pgTable(
  'exam_items',
  {
    examId: integer('exam_id')
      .notNull()
      .references(() => exams.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
    points: real('points').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.examId, t.itemId] }), index('exam_items_item_idx').on(t.itemId)],
);

export interface FormEntry {
  itemId: number;
  version: number;
  points: number;
  /** The candidate's option order (choice items with shuffling), else absent. */
  optionOrder?: string[];
}

export const examAttempts = pgTable(
  'exam_attempts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    examId: integer('exam_id')
      .notNull()
      .references(() => exams.id, { onDelete: 'cascade' }),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    attemptNo: integer('attempt_no').notNull(),
    status: text('status').$type<'in_progress' | 'submitted' | 'graded'>().notNull().default('in_progress'),
    form: jsonb('form').$type<FormEntry[]>().notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    /** The server's deadline: min(start + time limit, the exam's closing time); null = none. */
    deadlineAt: ts('deadline_at'),
    submittedAt: ts('submitted_at'),
    /** How it ended: by the candidate, or finalised by the server at the deadline. */
    endedBy: text('ended_by').$type<'candidate' | 'deadline' | 'adaptive'>(),
    pointsEarned: real('points_earned'),
    pointsPossible: real('points_possible').notNull().default(0),
    percent: real('percent'),
    passed: boolean('passed'),
    pendingReview: integer('pending_review').notNull().default(0),
    /** adaptive: current ability estimate and its standard error. */
    theta: real('theta'),
    se: real('se'),
  },
  (t) => [
    check('exam_attempts_status_check', sql`${t.status} in ('in_progress', 'submitted', 'graded')`),
    uniqueIndex('exam_attempts_no_uq').on(t.examId, t.employeeId, t.attemptNo),
    /** At most one open attempt per candidate and exam. */
    uniqueIndex('exam_attempts_open_uq').on(t.examId, t.employeeId).where(sql`${t.status} = 'in_progress'`),
    index('exam_attempts_employee_idx').on(t.employeeId, t.startedAt),
    index('exam_attempts_deadline_idx').on(t.deadlineAt).where(sql`${t.status} = 'in_progress'`),
  ],
);

export const RESPONSE_STATUSES = ['unanswered', 'saved', 'auto_graded', 'needs_review', 'graded'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const attemptResponses = pgTable(
  'attempt_responses',
  {
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => examAttempts.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
    response: jsonb('response').$type<unknown>(),
    flagged: boolean('flagged').notNull().default(false),
    /** The client's save counter: an older save never overwrites a newer one. */
    seq: integer('seq').notNull().default(0),
    savedAt: ts('saved_at'),
    status: text('status').$type<ResponseStatus>().notNull().default('unanswered'),
    /** practice: checked and locked. */
    locked: boolean('locked').notNull().default(false),
    /** In [0, 1] of the item's points; null until graded. */
    score: real('score'),
    /** The machine's score (kept when a person overrides it). */
    autoScore: real('auto_score'),
    detail: jsonb('detail').$type<unknown>(),
    rubricLevels: jsonb('rubric_levels').$type<Record<string, number>>(),
    comment: text('comment'),
    gradedBy: integer('graded_by').references(() => users.id, { onDelete: 'set null' }),
    gradedAt: ts('graded_at'),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.itemId] }),
    check('attempt_responses_status_check', sql`${t.status} in ('unanswered', 'saved', 'auto_graded', 'needs_review', 'graded')`),
    check('attempt_responses_score_range', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 1)`),
    index('attempt_responses_review_idx').on(t.status).where(sql`${t.status} = 'needs_review'`),
    index('attempt_responses_item_idx').on(t.itemId),
  ],
);
