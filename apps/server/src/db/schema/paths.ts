/**
 * Learning paths and recommendations (issue 5, ADR 0013).
 *
 * - `module_kps`: what each course module teaches (knowledge points) and the author's expected
 *   mastery gain, the planner's prior before past learners' evidence refines it.
 * - `learning_goals`: a goal assigned to an employee (a position's targets, a set of knowledge
 *   points, or a curated path) with a deadline and weekly hours; at most one active per person.
 * - `curated_paths`: L&D's paths: modules in a recommended order plus target points; the
 *   planner fills in the rest for each person.
 * - `path_preferences`: the learner's own say: a pinned or skipped module, a preferred order.
 * - `module_gain_observations`: K on a module's points when a learner completed it; with K
 *   after later evidence this is how expected gains are learned.
 * - `learning_plans`: the last plan computed for each employee (for team views and the batch
 *   re-plan job); a learner's own path is always planned afresh when they open it.
 * - `recommendation_events`: recommendations shown, clicked and acted on, for evaluation.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { courseModules, courses } from './catalog.ts';
import { certLevels } from './certs.ts';
import { employees, positions } from './org.ts';
import { knowledgePoints } from './skills.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The gain an author states when they do not say; the planner's prior. */
export const DEFAULT_MODULE_GAIN = 0.2;

export const moduleKps = pgTable(
  'module_kps',
  {
    moduleId: integer('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    /** Expected increase of mastery K from completing the module, in (0, 1]. */
    gain: real('gain').notNull().default(DEFAULT_MODULE_GAIN),
  },
  (t) => [
    primaryKey({ columns: [t.moduleId, t.kpId] }),
    index('module_kps_kp_idx').on(t.kpId),
    check('module_kps_gain_range', sql`${t.gain} > 0 and ${t.gain} <= 1`),
  ],
);

/** position: its targets; kps: chosen targets; curated: an L&D path; cert_level: a certification level's targets and courses. */
export const GOAL_KINDS = ['position', 'kps', 'curated', 'cert_level'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

/** One target of a goal of kind `kps` (and the extra targets of a curated path). */
export interface GoalTarget {
  kpId: number;
  target: number;
  weight: number;
}

export const curatedPaths = pgTable(
  'curated_paths',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    /** Modules in L&D's recommended order; each is planned (pinned) for everyone on the path. */
    moduleIds: integer('module_ids').array().notNull().default(sql`'{}'::int[]`),
    /** Target points the planner closes with other modules where the listed ones fall short. */
    targets: jsonb('targets').$type<GoalTarget[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
);

export const learningGoals = pgTable(
  'learning_goals',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<GoalKind>().notNull(),
    /** kind position: the position whose targets to reach (e.g. the next role). */
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'cascade' }),
    /** kind kps: the targets themselves. */
    targets: jsonb('targets').$type<GoalTarget[]>().notNull().default(sql`'[]'::jsonb`),
    /** kind curated: the path. */
    curatedPathId: integer('curated_path_id').references(() => curatedPaths.id, { onDelete: 'set null' }),
    /** kind cert_level: the certification level (issue 7) whose mastery targets and courses the path closes. */
    certLevelId: integer('cert_level_id').references(() => certLevels.id, { onDelete: 'set null' }),
    /** Reach the goal by this day (inclusive); null: no deadline. */
    deadline: date('deadline', { mode: 'string' }),
    hoursPerWeek: real('hours_per_week'),
    note: text('note').notNull().default(''),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Set when replaced by a newer goal or withdrawn. */
    endedAt: ts('ended_at'),
  },
  (t) => [
    uniqueIndex('learning_goals_one_active_uq').on(t.employeeId).where(sql`${t.endedAt} is null`),
    index('learning_goals_employee_idx').on(t.employeeId, t.createdAt),
    check('learning_goals_kind_check', sql`${t.kind} in ('position', 'kps', 'curated', 'cert_level')`),
    check('learning_goals_hours_check', sql`${t.hoursPerWeek} is null or (${t.hoursPerWeek} > 0 and ${t.hoursPerWeek} <= 80)`),
  ],
);

export const PATH_ACTIONS = ['pin', 'skip'] as const;
export type PathAction = (typeof PATH_ACTIONS)[number];

export const pathPreferences = pgTable(
  'path_preferences',
  {
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    /** pin: always plan it; skip: never plan it; null: only an order preference. */
    action: text('action').$type<PathAction>(),
    /** The learner's preferred position among their steps (lower first); null: the planner's. */
    position: integer('position'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.employeeId, t.moduleId] }),
    check('path_preferences_action_check', sql`${t.action} is null or ${t.action} in ('pin', 'skip')`),
  ],
);

export const moduleGainObservations = pgTable(
  'module_gain_observations',
  {
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    /** K on the point when the module was completed. */
    before: real('before').notNull(),
    observedAt: ts('observed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.moduleId, t.kpId] }), index('module_gain_observations_module_idx').on(t.moduleId)],
);

export const learningPlans = pgTable('learning_plans', {
  employeeId: integer('employee_id')
    .primaryKey()
    .references(() => employees.id, { onDelete: 'cascade' }),
  goalId: integer('goal_id').references(() => learningGoals.id, { onDelete: 'set null' }),
  /** Module ids of the plan in order. */
  moduleIds: integer('module_ids').array().notNull(),
  gapNow: real('gap_now').notNull(),
  gapAfter: real('gap_after').notNull(),
  hours: real('hours').notNull(),
  /** Warning codes (deadline, unreachable, …). */
  warnings: text('warnings').array().notNull().default(sql`'{}'::text[]`),
  computedAt: ts('computed_at').notNull().defaultNow(),
});

export const RECOMMENDATION_EVENTS = ['impression', 'click', 'enroll', 'dismiss'] as const;
export type RecommendationEventKind = (typeof RECOMMENDATION_EVENTS)[number];
export const RECOMMENDATION_SURFACES = ['home', 'course'] as const;

export const recommendationEvents = pgTable(
  'recommendation_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<RecommendationEventKind>().notNull(),
    surface: text('surface').notNull(),
    /** 1-based position in the list shown. */
    rank: integer('rank'),
    /** Which blend produced it, e.g. "ease+gap". */
    model: text('model').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('recommendation_events_employee_idx').on(t.employeeId, t.createdAt),
    index('recommendation_events_created_idx').on(t.createdAt),
    check('recommendation_events_kind_check', sql`${t.kind} in ('impression', 'click', 'enroll', 'dismiss')`),
    check('recommendation_events_surface_check', sql`${t.surface} in ('home', 'course')`),
  ],
);
