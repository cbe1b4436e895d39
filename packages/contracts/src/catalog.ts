/**
 * Training catalog and records: courses → modules → resources, enrolments and progress,
 * training records (online and classroom), the learner home and the manager's team view.
 * Shared by the server (validation, OpenAPI) and the web UI (types).
 */
import { z } from 'zod';
import { isoDate, page, pageQuery } from './common.ts';

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const courseStatusSchema = z.enum(COURSE_STATUSES);
export type CourseStatus = z.infer<typeof courseStatusSchema>;

export const RESOURCE_KINDS = ['markdown', 'video', 'file', 'link'] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

export const RECORD_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export const recordStatusSchema = z.enum(RECORD_STATUSES);
export type RecordStatus = z.infer<typeof recordStatusSchema>;

/** Largest Markdown body of one resource, in UTF-8 bytes (200 KB). */
export const MAX_MARKDOWN_BYTES = 200 * 1024;
/** Largest course cover image, in bytes (2 MB). */
export const MAX_COVER_BYTES = 2 * 1024 * 1024;
/** Most employees one assignment or classroom record may name. */
export const MAX_BATCH_EMPLOYEES = 500;

const id = z.number().int().positive().max(2147483647);
const title = z.string().trim().min(1).max(200);
const optionalText = (max: number) => z.string().trim().max(max);
const tag = z.string().trim().min(1).max(50);
/** Only absolute http(s) URLs with a host: `javascript:` and `data:` links never reach a learner. */
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'must be an http:// or https:// URL');

/** UTF-8 length of a string in bytes (no TextEncoder: this package runs without DOM or Node types). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
const markdown = z
  .string()
  .min(1)
  .refine((s) => utf8Length(s) <= MAX_MARKDOWN_BYTES, 'Markdown body must be at most 200 KB');
const employeeIds = z
  .array(id)
  .min(1)
  .max(MAX_BATCH_EMPLOYEES)
  .refine((ids) => new Set(ids).size === ids.length, 'employee ids must not repeat');

const nonEmpty = (b: object) => Object.keys(b).length > 0;

// ---------------------------------------------------------------- courses

export const courseListQuery = z.strictObject({
  ...pageQuery,
  /** Matches title, English title or description (case-insensitive substring). */
  search: z.string().trim().max(100).optional(),
  category: z.string().trim().max(100).optional(),
  /** Authors only; learners always get published courses. Omitted: everything but archived. */
  status: courseStatusSchema.optional(),
  tag: z.string().trim().max(50).optional(),
  /** `me`: only courses the caller owns (the trainer's "my courses"). */
  owner: z.enum(['me']).optional(),
});
export type CourseListQuery = z.infer<typeof courseListQuery>;

export const courseSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  status: courseStatusSchema,
  /** `/api/v1/files/:id` of the cover image, or null. */
  coverUrl: z.string().nullable(),
  ownerUserId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  moduleCount: z.number().int(),
  /** Sum of the modules' estimated minutes. */
  totalMinutes: z.number().int(),
  /** Whether the caller is enrolled. */
  enrolled: z.boolean(),
  /** Whether the caller may edit it (admin, or the trainer who owns it). */
  canEdit: z.boolean(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type CourseSummary = z.infer<typeof courseSummary>;

export const resourceSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  kind: resourceKindSchema,
  title: z.string(),
  /** Markdown source (kind markdown). Render without raw HTML. */
  body: z.string().nullable(),
  /** Target of a video or link resource. */
  url: z.string().nullable(),
  fileId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  /** Bytes. */
  fileSize: z.number().int().nullable(),
  /** `/api/v1/files/:id` for kind file. */
  fileUrl: z.string().nullable(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const courseModuleSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  estimatedMinutes: z.number().int(),
  resources: z.array(resourceSchema),
  /** Whether the caller has completed it in their enrolment. */
  completed: z.boolean(),
});
export type CourseModule = z.infer<typeof courseModuleSchema>;

/** A learner's progress in one enrolment (kept in its training record). */
export const enrollmentProgress = z.object({
  id: z.number().int(),
  courseId: z.number().int(),
  source: z.enum(['self', 'assigned']),
  progressPercent: z.number().int(),
  status: recordStatusSchema,
  dueDate: z.string().nullable(),
  /** Due date passed and not completed. */
  overdue: z.boolean(),
  enrolledAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Sum of the seconds reported for completed modules. */
  timeSpentSeconds: z.number().int(),
  completedModules: z.number().int(),
  totalModules: z.number().int(),
});
export type EnrollmentProgress = z.infer<typeof enrollmentProgress>;

export const courseDetail = courseSummary.extend({
  modules: z.array(courseModuleSchema),
  /** The caller's enrolment, or null. */
  enrollment: enrollmentProgress.nullable(),
});
export type CourseDetail = z.infer<typeof courseDetail>;

export const createCourseBody = z.strictObject({
  title,
  titleEn: optionalText(200).optional(),
  description: optionalText(5000).optional(),
  category: optionalText(100).optional(),
  tags: z.array(tag).max(20).optional(),
});

/**
 * Status moves: draft→published (needs a module), published→archived, archived→published,
 * published→draft (only while nobody is enrolled).
 */
export const updateCourseBody = z
  .strictObject({
    title: title.optional(),
    titleEn: optionalText(200).nullable().optional(),
    description: optionalText(5000).optional(),
    category: optionalText(100).optional(),
    tags: z.array(tag).max(20).optional(),
    status: courseStatusSchema.optional(),
  })
  .refine(nonEmpty, 'nothing to change');

// ---------------------------------------------------------------- modules and resources

export const createModuleBody = z.strictObject({
  title,
  titleEn: optionalText(200).optional(),
  description: optionalText(5000).optional(),
  /** Expected study time in minutes (default 10). */
  estimatedMinutes: z.number().int().min(1).max(1440).optional(),
});

export const updateModuleBody = z
  .strictObject({
    title: title.optional(),
    titleEn: optionalText(200).nullable().optional(),
    description: optionalText(5000).optional(),
    estimatedMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .refine(nonEmpty, 'nothing to change');

/** Exactly the course's module ids, in the new order. */
export const moduleOrderBody = z.strictObject({
  moduleIds: z.array(id).min(1).max(500),
});

export const resourceOrderBody = z.strictObject({
  resourceIds: z.array(id).min(1).max(500),
});

/**
 * JSON body of POST /modules/:id/resources. A `file` resource is uploaded instead as
 * multipart/form-data with fields `file` and `title`.
 */
export const createResourceBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('markdown'), title, body: markdown }),
  z.strictObject({ kind: z.literal('video'), title, url: httpUrl }),
  z.strictObject({ kind: z.literal('link'), title, url: httpUrl }),
]);
export type CreateResourceBody = z.infer<typeof createResourceBody>;

/** `body` only for Markdown resources, `url` only for video and link resources. */
export const updateResourceBody = z
  .strictObject({ title: title.optional(), body: markdown.optional(), url: httpUrl.optional() })
  .refine(nonEmpty, 'nothing to change');

// ---------------------------------------------------------------- learning

export const assignCourseBody = z.strictObject({
  employeeIds,
  /** Not in the past. */
  dueDate: isoDate,
});

export const assignmentResult = z.object({
  courseId: z.number().int(),
  dueDate: z.string(),
  /** New enrolments. */
  created: z.number().int(),
  /** Existing enrolments that got the due date (and became assigned). */
  updated: z.number().int(),
});
export type AssignmentResult = z.infer<typeof assignmentResult>;

export const completeModuleBody = z.strictObject({
  /** Seconds the learner spent on the module, at most a day. */
  timeSpentSeconds: z.number().int().min(0).max(86400).optional(),
});

export const enrollmentParams = z.strictObject({
  id: z.coerce.number().int().positive().max(2147483647),
  moduleId: z.coerce.number().int().positive().max(2147483647),
});

export const learningItem = z.object({
  enrollmentId: z.number().int(),
  course: courseSummary,
  source: z.enum(['self', 'assigned']),
  progressPercent: z.number().int(),
  status: recordStatusSchema,
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Last progress change, or the enrolment time. */
  lastActivityAt: z.string(),
  /** First module not yet completed, in course order; null when all are done. */
  nextModule: z.object({ id: z.number().int(), title: z.string() }).nullable(),
});
export type LearningItem = z.infer<typeof learningItem>;

export const learnerHome = z.object({
  items: z.array(learningItem),
  stats: z.object({
    enrolled: z.number().int(),
    inProgress: z.number().int(),
    completed: z.number().int(),
    overdue: z.number().int(),
  }),
});
export type LearnerHome = z.infer<typeof learnerHome>;

// ---------------------------------------------------------------- training records

export const recordsQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(['online', 'classroom']).optional(),
});

export const trainingRecord = z.object({
  id: z.number().int(),
  kind: z.enum(['online', 'classroom']),
  employeeId: z.number().int(),
  courseId: z.number().int().nullable(),
  enrollmentId: z.number().int().nullable(),
  /** Course title (online) or session title (classroom). */
  title: z.string(),
  status: recordStatusSchema,
  progressPercent: z.number().int(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  timeSpentSeconds: z.number().int(),
  score: z.number().nullable(),
  dueDate: z.string().nullable(),
  sessionDate: z.string().nullable(),
  location: z.string().nullable(),
  trainerName: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TrainingRecord = z.infer<typeof trainingRecord>;

export const createClassroomBody = z.strictObject({
  title,
  /** The day the session took place (not in the future). */
  sessionDate: isoDate,
  hours: z.number().min(0.5).max(24),
  location: optionalText(200).optional(),
  trainerName: optionalText(100).optional(),
  employeeIds,
  score: z.number().min(0).max(100).optional(),
  notes: optionalText(2000).optional(),
});

export const classroomRecord = trainingRecord.extend({
  employeeNo: z.string(),
  employeeName: z.string(),
  recordedBy: z.number().int().nullable(),
  recordedByName: z.string().nullable(),
});
export type ClassroomRecord = z.infer<typeof classroomRecord>;

export const classroomListQuery = z.strictObject({
  ...pageQuery,
  /** Matches the session title or the employee's name / number. */
  search: z.string().trim().max(100).optional(),
});

export const classroomCreated = z.object({ items: z.array(classroomRecord) });

// ---------------------------------------------------------------- team

export const teamProgressQuery = z.strictObject({
  ...pageQuery,
  /** Matches name or employee number. */
  search: z.string().trim().max(100).optional(),
  /** Includes sub-departments. */
  departmentId: z.coerce.number().int().positive().max(2147483647).optional(),
});

export const teamMemberProgress = z.object({
  employeeId: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  departmentName: z.string().nullable(),
  positionName: z.string().nullable(),
  enrolled: z.number().int(),
  completed: z.number().int(),
  inProgress: z.number().int(),
  overdue: z.number().int(),
  /** Mean progress over the member's enrolments, 0–100 (0 when none). */
  avgProgress: z.number().int(),
  lastActivityAt: z.string().nullable(),
});
export type TeamMemberProgress = z.infer<typeof teamMemberProgress>;

export const teamProgress = page(teamMemberProgress).extend({
  /** Over the whole filtered scope, not just this page. */
  totals: z.object({
    employees: z.number().int(),
    enrolled: z.number().int(),
    completed: z.number().int(),
    inProgress: z.number().int(),
    overdue: z.number().int(),
    avgProgress: z.number().int(),
  }),
});
export type TeamProgress = z.infer<typeof teamProgress>;

export const coursePage = page(courseSummary);
export const recordPage = page(trainingRecord);
export const classroomPage = page(classroomRecord);
