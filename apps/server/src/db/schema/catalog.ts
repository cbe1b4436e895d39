import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { employees } from './org.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const RESOURCE_KINDS = ['markdown', 'video', 'file', 'link'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RECORD_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** Uploaded files; bytes live in the file store under `storage_key`. */
export const files = pgTable('files', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  storageKey: text('storage_key').notNull().unique(),
  originalName: text('original_name').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const courses = pgTable(
  'courses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    category: text('category').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    coverFileId: integer('cover_file_id').references(() => files.id, { onDelete: 'set null' }),
    status: text('status').$type<CourseStatus>().notNull().default('draft'),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
  },
  (t) => [
    index('courses_status_idx').on(t.status),
    check('courses_status_check', sql`${t.status} in ('draft', 'published', 'archived')`),
  ],
);

/** Ordered modules of a course (`position` ascending). */
export const courseModules = pgTable(
  'course_modules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    /** Expected study time, minutes. */
    estimatedMinutes: integer('estimated_minutes').notNull().default(10),
  },
  (t) => [index('course_modules_course_idx').on(t.courseId, t.position)],
);

/** What a module contains: Markdown text, a video link, an uploaded file or an external link. */
export const resources = pgTable(
  'resources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    moduleId: integer('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').$type<ResourceKind>().notNull(),
    title: text('title').notNull(),
    /** Markdown source when kind = markdown. */
    body: text('body'),
    /** Target when kind = video or link. */
    url: text('url'),
    fileId: integer('file_id').references(() => files.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index('resources_module_idx').on(t.moduleId, t.position),
    check('resources_kind_check', sql`${t.kind} in ('markdown', 'video', 'file', 'link')`),
  ],
);

/** A learner's place in a course: self-enrolled or assigned (with a due date). */
export const enrollments = pgTable(
  'enrollments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    source: text('source').$type<'self' | 'assigned'>().notNull(),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    dueDate: date('due_date', { mode: 'string' }),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enrollments_course_employee_uq').on(t.courseId, t.employeeId),
    index('enrollments_employee_idx').on(t.employeeId),
    check('enrollments_source_check', sql`${t.source} in ('self', 'assigned')`),
  ],
);

/** Completion of one module within one enrolment. */
export const moduleProgress = pgTable(
  'module_progress',
  {
    enrollmentId: integer('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    completedAt: ts('completed_at').notNull().defaultNow(),
    /** Seconds the learner reported spending on the module. */
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.moduleId] })],
);

/**
 * Training records (seed 002's TrainingRecord): one per online enrolment, kept in step with
 * module progress, and one per classroom (offline) session attended, entered by a trainer.
 */
export const trainingRecords = pgTable(
  'training_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'online' | 'classroom'>().notNull(),
    enrollmentId: integer('enrollment_id')
      .unique()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
    /** Classroom sessions have their own title; online records show the course's. */
    title: text('title'),
    status: text('status').$type<RecordStatus>().notNull().default('not_started'),
    progressPercent: integer('progress_percent').notNull().default(0),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
    /** Score in [0, 100] when the training was assessed. */
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }),
    /** Classroom: date, place, trainer and who entered the record. */
    sessionDate: date('session_date', { mode: 'string' }),
    location: text('location'),
    trainerName: text('trainer_name'),
    notes: text('notes'),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('training_records_employee_idx').on(t.employeeId),
    check('training_records_kind_check', sql`${t.kind} in ('online', 'classroom')`),
    check(
      'training_records_status_check',
      sql`${t.status} in ('not_started', 'in_progress', 'completed')`,
    ),
    check('training_records_score_check', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 100)`),
    check(
      'training_records_progress_check',
      sql`${t.progressPercent} >= 0 and ${t.progressPercent} <= 100`,
    ),
  ],
);

/**
 * Per-employee learning counters over their training records, for the team view: derived
 * from training_records (and enrollments' due dates) and kept in step by database triggers
 * (migration 0001_derived_tables.sql, ADR 0005); no application code writes it. Overdue
 * depends on the day, so the due dates of unfinished online enrolments are kept and counted
 * at read time.
 */
export const employeeLearningStats = pgTable('employee_learning_stats', {
  employeeId: integer('employee_id').primaryKey(),
  enrolled: integer('enrolled').notNull().default(0),
  completed: integer('completed').notNull().default(0),
  inProgress: integer('in_progress').notNull().default(0),
  /** Sum of progress_percent over online records (average = progressSum / enrolled). */
  progressSum: integer('progress_sum').notNull().default(0),
  /** Due dates of online enrolments not yet completed, ascending. */
  openDueDates: date('open_due_dates', { mode: 'string' }).array().notNull().default(sql`'{}'`),
  lastActivityAt: ts('last_activity_at'),
});

/**
 * The team view's read model: the reporting line as a closure table, one row per (manager,
 * member at any depth below them; depth 1 = direct report), carrying what the team view shows
 * of the member (a copy of their employee fields and learning counters). A manager's team
 * page and totals are then one index range scan. Derived from employees,
 * employee_learning_stats and enrollments by database triggers (migration
 * 0001_derived_tables.sql, ADR 0005); no application code writes it. Each member's rows are
 * written only for changes to that member, so there is no hot row at the top of the tree.
 */
export const teamMembers = pgTable(
  'team_members',
  {
    managerId: integer('manager_id').notNull(),
    employeeId: integer('employee_id').notNull(),
    depth: integer('depth').notNull(),
    employeeNo: text('employee_no').notNull(),
    name: text('name').notNull(),
    departmentId: integer('department_id'),
    positionId: integer('position_id'),
    enrolled: integer('enrolled').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    inProgress: integer('in_progress').notNull().default(0),
    progressSum: integer('progress_sum').notNull().default(0),
    openDueDates: date('open_due_dates', { mode: 'string' }).array().notNull().default(sql`'{}'`),
    lastActivityAt: ts('last_activity_at'),
  },
  // No primary key: (manager_id, employee_id) is unique by construction (each refresh deletes an
  // employee's rows and writes one row per manager), lookups by manager use the covering index
  // of the migration, and a third index made bulk rebuilds twice as slow (measured, ADR 0005).
  (t) => [index('team_members_employee_idx').on(t.employeeId)],
);
