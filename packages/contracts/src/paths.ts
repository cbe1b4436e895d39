/**
 * Learning paths, goals, curated paths, module knowledge points and recommendations (issue 5).
 */
import { z } from 'zod';
import { isoDate, page } from './common.ts';

const id = z.number().int().positive().max(2147483647);
const title = z.string().trim().min(1).max(200);
const unit = z.number().min(0).max(1);

/** Text in both UI languages (reasons and warnings are written by the server). */
export const bilingual = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingual>;

// ---------------------------------------------------------------- module knowledge points

export const moduleKpItem = z.object({
  kpId: z.number().int(),
  kpCode: z.string(),
  kpName: z.string(),
  kpNameEn: z.string().nullable(),
  /** The author's expected gain in mastery K. */
  gain: z.number(),
});
export type ModuleKpItem = z.infer<typeof moduleKpItem>;
export const moduleKps = z.object({ moduleId: z.number().int(), items: z.array(moduleKpItem) });
export type ModuleKps = z.infer<typeof moduleKps>;

/** Exactly the module's knowledge points (all or nothing). */
export const putModuleKpsBody = z.strictObject({
  items: z.array(z.strictObject({ kpId: id, gain: z.number().gt(0).max(1).optional() })).max(50),
});
export type PutModuleKpsBody = z.infer<typeof putModuleKpsBody>;

// ---------------------------------------------------------------- goals

export const GOAL_KINDS = ['position', 'kps', 'curated', 'cert_level'] as const;
export const goalTarget = z.strictObject({ kpId: id, target: unit, weight: z.number().gt(0).max(10).default(1) });

export const assignGoalBody = z
  .strictObject({
    /** People to assign to (a manager: only their reporting line). */
    employeeIds: z.array(id).max(500).default([]),
    /** Or a whole department with its sub-departments. */
    departmentId: id.optional(),
    kind: z.enum(GOAL_KINDS),
    positionId: id.optional(),
    targets: z.array(goalTarget).max(200).optional(),
    curatedPathId: id.optional(),
    /** kind cert_level: a certification level (its mastery targets and required courses). */
    certLevelId: id.optional(),
    /** Reach the goal by this day; not in the past. */
    deadline: isoDate.optional(),
    hoursPerWeek: z.number().gt(0).max(80).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.employeeIds.length > 0 || b.departmentId !== undefined, { message: 'give employeeIds or a departmentId', path: ['employeeIds'] })
  .refine((b) => b.kind !== 'position' || b.positionId !== undefined, { message: 'a position goal needs positionId', path: ['positionId'] })
  .refine((b) => b.kind !== 'kps' || (b.targets?.length ?? 0) > 0, { message: 'a knowledge-point goal needs targets', path: ['targets'] })
  .refine((b) => b.kind !== 'curated' || b.curatedPathId !== undefined, { message: 'a curated goal needs curatedPathId', path: ['curatedPathId'] })
  .refine((b) => b.kind !== 'cert_level' || b.certLevelId !== undefined, { message: 'a certification goal needs certLevelId', path: ['certLevelId'] });
export type AssignGoalBody = z.infer<typeof assignGoalBody>;

export const goalItem = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  employeeName: z.string(),
  kind: z.enum(GOAL_KINDS),
  /** The position, curated path or "n knowledge points", for display. */
  label: bilingual,
  positionId: z.number().int().nullable(),
  curatedPathId: z.number().int().nullable(),
  certLevelId: z.number().int().nullable(),
  targets: z.array(z.object({ kpId: z.number().int(), target: z.number(), weight: z.number() })),
  deadline: z.string().nullable(),
  hoursPerWeek: z.number().nullable(),
  note: z.string(),
  assignedBy: z.string().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type GoalItem = z.infer<typeof goalItem>;

export const assignGoalResult = z.object({
  /** People who got the goal (their previous active goal, if any, ended). */
  assigned: z.number().int(),
  replaced: z.number().int(),
  /** Planned at once for each: goals whose knowledge points no module teaches are reported here. */
  warnings: z.array(z.object({ employeeId: z.number().int(), code: z.string(), message: bilingual })),
});
export type AssignGoalResult = z.infer<typeof assignGoalResult>;

export const goalListQuery = z.strictObject({
  employeeId: z.coerce.number().int().positive().max(2147483647).optional(),
  active: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const goalPage = page(goalItem);

// ---------------------------------------------------------------- curated paths

export const curatedPathBody = z.strictObject({
  title,
  titleEn: z.string().trim().max(200).optional(),
  description: z.string().trim().max(5000).optional(),
  moduleIds: z.array(id).max(200),
  targets: z.array(goalTarget).max(200).default([]),
});
export type CuratedPathBody = z.infer<typeof curatedPathBody>;

export const curatedPath = z.object({
  id: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  modules: z.array(
    z.object({ id: z.number().int(), title: z.string(), titleEn: z.string().nullable(), courseId: z.number().int(), courseTitle: z.string(), estimatedMinutes: z.number().int() }),
  ),
  targets: z.array(z.object({ kpId: z.number().int(), kpCode: z.string(), kpName: z.string(), kpNameEn: z.string().nullable(), target: z.number(), weight: z.number() })),
  /** People whose active goal is this path. */
  activeGoals: z.number().int(),
  updatedAt: z.string(),
});
export type CuratedPath = z.infer<typeof curatedPath>;
export const curatedPathList = z.object({ items: z.array(curatedPath) });

// ---------------------------------------------------------------- the path

export const pathStepStatus = z.enum(['done', 'next', 'planned']);
export const pathStep = z.object({
  kind: z.enum(['module', 'assessment']),
  moduleId: z.number().int().nullable(),
  /** kind assessment: the practice quiz or exam to take. */
  examId: z.number().int().nullable(),
  title: z.string(),
  titleEn: z.string().nullable(),
  courseId: z.number().int().nullable(),
  courseTitle: z.string().nullable(),
  courseTitleEn: z.string().nullable(),
  /** The learner's enrolment in the course, when there is one. */
  enrollmentId: z.number().int().nullable(),
  hours: z.number(),
  status: pathStepStatus,
  pinned: z.boolean(),
  reason: bilingual,
  /** The knowledge points the step moves: expected K before → after. */
  moves: z.array(
    z.object({ kpId: z.number().int(), kpName: z.string(), kpNameEn: z.string().nullable(), from: z.number(), to: z.number(), target: z.number().nullable() }),
  ),
  /** 1-based study week the step falls in at the learner's pace; null without weekly hours. */
  week: z.number().int().nullable(),
  completedAt: z.string().nullable(),
});
export type PathStep = z.infer<typeof pathStep>;

export const pathWarning = z.object({ code: z.string(), message: bilingual });
export type PathWarning = z.infer<typeof pathWarning>;

export const pathView = z.object({
  employeeId: z.number().int(),
  employeeName: z.string(),
  /** The active goal, or null: the targets of the person's position. */
  goal: goalItem.nullable(),
  steps: z.array(pathStep),
  /** Σ w·max(0, T − K)² now, and expected after the planned steps. */
  gapNow: z.number(),
  gapAfter: z.number(),
  hoursPlanned: z.number(),
  hoursDone: z.number(),
  /** Hours available before the deadline (or within `horizonWeeks`) at the weekly pace; null when unbounded. */
  budgetHours: z.number().nullable(),
  /** The weekly pace the plan assumes: the goal's, or the default when the goal sets none. */
  pace: z.object({ hoursPerWeek: z.number(), isDefault: z.boolean() }),
  /** Without a deadline the plan covers this many weeks from today; null when a deadline bounds it. */
  horizonWeeks: z.number().int().nullable(),
  warnings: z.array(pathWarning),
  /** Target points no module can move (or whose prerequisites cannot be met). */
  unreachable: z.array(z.object({ kpId: z.number().int(), kpName: z.string(), kpNameEn: z.string().nullable(), reason: bilingual })),
  /** Modules the learner chose to skip. */
  skipped: z.array(z.object({ moduleId: z.number().int(), title: z.string(), titleEn: z.string().nullable() })),
  computedAt: z.string(),
});
export type PathView = z.infer<typeof pathView>;

export const pathStepParams = z.strictObject({ moduleId: z.coerce.number().int().positive().max(2147483647) });
export const pathPreferenceBody = z.strictObject({
  /** pin: keep it in my path; skip: leave it out; clear: let the planner decide. */
  action: z.enum(['pin', 'skip', 'clear']),
});
/** The learner's preferred order of (some of) their steps. */
export const pathOrderBody = z.strictObject({ moduleIds: z.array(id).min(1).max(200) });

export const replanResult = z.object({ jobId: z.number().int() });

// ---------------------------------------------------------------- recommendations

export const recommendationItem = z.object({
  courseId: z.number().int(),
  title: z.string(),
  titleEn: z.string().nullable(),
  category: z.string(),
  score: z.number(),
  /** Why, in plain words: colleagues who took X also took Y; covers your gap in Z; popular in your department. */
  reasons: z.array(bilingual),
});
export type RecommendationItem = z.infer<typeof recommendationItem>;

export const recommendationsQuery = z.strictObject({
  /** Recommendations beside this course (course page); otherwise for the learner home. */
  courseId: z.coerce.number().int().positive().max(2147483647).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const recommendationList = z.object({ items: z.array(recommendationItem), model: z.string() });
export type RecommendationList = z.infer<typeof recommendationList>;

/** What a client reports; impressions and enrolments are logged by the server itself. */
export const recommendationEventBody = z.strictObject({
  courseId: id,
  kind: z.enum(['click', 'dismiss']),
  surface: z.enum(['home', 'course']),
  rank: z.number().int().min(1).max(100).optional(),
  model: z.string().trim().max(50).optional(),
});
export type RecommendationEventBody = z.infer<typeof recommendationEventBody>;

export const recommendationReportQuery = z
  .strictObject({
    /** Events on or after this day (UTC); default: 29 days before `to`. */
    from: isoDate.optional(),
    /** Events on or before this day (UTC); default: today. */
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type RecommendationReportQuery = z.infer<typeof recommendationReportQuery>;

const recommendationCounts = z.object({
  impressions: z.number().int(),
  clicks: z.number().int(),
  enrolments: z.number().int(),
  dismissals: z.number().int(),
  /** People shown at least one recommendation. */
  people: z.number().int(),
  /** clicks / impressions; null without impressions. */
  ctr: z.number().nullable(),
  /** enrolments / impressions; null without impressions. */
  enrolRate: z.number().nullable(),
});
export type RecommendationCounts = z.infer<typeof recommendationCounts>;

/** How recommendations fared online: the logged impressions, clicks, dismissals and attributed enrolments. */
export const recommendationReport = z.object({
  from: z.string(),
  to: z.string(),
  totals: recommendationCounts,
  /** Per surface (learner home, course page) and model (which blend produced the list). */
  bySource: z.array(recommendationCounts.extend({ surface: z.enum(['home', 'course']), model: z.string() })),
  /** Per position in the list shown (1 = top). */
  byRank: z.array(z.object({ rank: z.number().int(), impressions: z.number().int(), clicks: z.number().int(), enrolments: z.number().int(), ctr: z.number().nullable() })),
  /** The ten courses with the most attributed enrolments (then clicks, then impressions). */
  topCourses: z.array(recommendationCounts.extend({ courseId: z.number().int(), title: z.string(), titleEn: z.string().nullable() })),
});
export type RecommendationReport = z.infer<typeof recommendationReport>;
