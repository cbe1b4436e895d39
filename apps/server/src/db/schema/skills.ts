/**
 * Skills context (issue 3): skill frameworks of knowledge points (知识点) with a hierarchy and
 * prerequisite edges (a DAG), target mastery T per position (with per-employee overrides), the
 * append-only evidence log, the mastery matrix K with each learner's online state, and the
 * knowledge-tracing models fitted on the evidence.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { employees, positions } from './org.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const FRAMEWORK_STATUSES = ['draft', 'published', 'retired'] as const;
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];

/**
 * A skill framework version (CASE CFDocument). A new version is a copy of the previous one
 * (`previousVersionId`) whose knowledge points remember their origin, so targets and mastery
 * can follow them; publishing a version retires the one it replaces.
 */
export const frameworks = pgTable(
  'frameworks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** CASE identifier (UUID) of the document; kept across import/export. */
    identifier: text('identifier').notNull().unique(),
    /** Stable short key shared by all versions of one framework. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description').notNull().default(''),
    /** Free text such as "1.0", "2025-Q3"; unique per code. */
    version: text('version').notNull(),
    status: text('status').$type<FrameworkStatus>().notNull().default('draft'),
    previousVersionId: integer('previous_version_id').references((): AnyPgColumn => frameworks.id, { onDelete: 'set null' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
  },
  (t) => [
    uniqueIndex('frameworks_code_version_uq').on(t.code, t.version),
    check('frameworks_status_check', sql`${t.status} in ('draft', 'published', 'retired')`),
  ],
);

/** A knowledge point (CASE CFItem) in a framework's hierarchy (`parentId`: CASE isChildOf). */
export const knowledgePoints = pgTable(
  'knowledge_points',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    /** CASE identifier (UUID); kept across versions of the same point. */
    identifier: text('identifier').notNull(),
    /** Human code (CASE humanCodingScheme), unique within the framework, e.g. "PE.1.2". */
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description').notNull().default(''),
    /** Grouping label such as "提示词工程" / "RAG"; free text. */
    domain: text('domain').notNull().default(''),
    parentId: integer('parent_id').references((): AnyPgColumn => knowledgePoints.id, { onDelete: 'set null' }),
    /** Order among siblings. */
    position: integer('position').notNull().default(0),
    /** The point this one was copied from in the previous framework version. */
    originId: integer('origin_id').references((): AnyPgColumn => knowledgePoints.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('knowledge_points_framework_code_uq').on(t.frameworkId, t.code),
    uniqueIndex('knowledge_points_framework_identifier_uq').on(t.frameworkId, t.identifier),
    index('knowledge_points_parent_idx').on(t.parentId),
  ],
);

/** Prerequisite edge (CASE `precedes`): `fromId` should be mastered before `toId`. A DAG. */
export const kpPrerequisites = pgTable(
  'kp_prerequisites',
  {
    fromId: integer('from_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    toId: integer('to_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.fromId, t.toId] }),
    index('kp_prerequisites_to_idx').on(t.toId),
    check('kp_prerequisites_not_self', sql`${t.fromId} <> ${t.toId}`),
  ],
);

/** Target mastery T (and weight) of a position on a knowledge point. */
export const positionTargets = pgTable(
  'position_targets',
  {
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    target: real('target').notNull(),
    weight: real('weight').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.positionId, t.kpId] }),
    index('position_targets_kp_idx').on(t.kpId),
    check('position_targets_target_range', sql`${t.target} >= 0 and ${t.target} <= 1`),
    check('position_targets_weight_positive', sql`${t.weight} > 0`),
  ],
);

/**
 * A per-employee override of an inherited target: a different T or weight, or `excluded` to
 * drop the point from their gaps. Points outside their position can be added this way too.
 */
export const employeeTargets = pgTable(
  'employee_targets',
  {
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    target: real('target'),
    weight: real('weight'),
    excluded: boolean('excluded').notNull().default(false),
    reason: text('reason').notNull().default(''),
    setBy: integer('set_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.employeeId, t.kpId] }),
    check('employee_targets_target_range', sql`${t.target} is null or (${t.target} >= 0 and ${t.target} <= 1)`),
    check('employee_targets_weight_positive', sql`${t.weight} is null or ${t.weight} > 0`),
  ],
);

/**
 * Items that evidence refers to, with their knowledge points (the Q-matrix). Until the item
 * bank of the assessment issue lands, callers register items inline with their first
 * responses; the item bank adopts this table.
 */
export const evidenceItems = pgTable('evidence_items', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** The caller's key for the item, e.g. "quiz-12/q3". */
  ref: text('ref').notNull().unique(),
  kpIds: integer('kp_ids').array().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const EVIDENCE_KINDS = ['response', 'self_rating', 'manager_rating'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * The append-only evidence log. `response`: a graded response to an item (its knowledge points
 * are the item's); ratings are weaker evidence on named points, kept apart from the model.
 */
export const evidence = pgTable(
  'evidence',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<EvidenceKind>().notNull(),
    itemId: integer('item_id').references(() => evidenceItems.id, { onDelete: 'restrict' }),
    kpIds: integer('kp_ids').array().notNull(),
    /** In [0, 1]: 1 = fully correct (responses) or fully mastered (ratings). */
    score: real('score').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    /** Where it came from: "api", "seed", "exam:42", … */
    source: text('source').notNull().default('api'),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('evidence_employee_idx').on(t.employeeId, t.occurredAt),
    check('evidence_kind_check', sql`${t.kind} in ('response', 'self_rating', 'manager_rating')`),
    check('evidence_score_range', sql`${t.score} >= 0 and ${t.score} <= 1`),
    check('evidence_item_for_responses', sql`${t.kind} <> 'response' or ${t.itemId} is not null`),
  ],
);

/**
 * The mastery matrix K: one row per (employee, knowledge point) with an estimate, for queries
 * (heat maps, gaps). The model's per-learner state that produced it is in kt_learner_states.
 */
export const mastery = pgTable(
  'mastery',
  {
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'cascade' }),
    /** K: calibrated probability of mastery, in [0, 1]. */
    p: real('p').notNull(),
    /** Graded responses seen on this point, and the sum of their scores. */
    attempts: integer('attempts').notNull().default(0),
    correct: real('correct').notNull().default(0),
    lastEvidenceAt: ts('last_evidence_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.employeeId, t.kpId] }),
    index('mastery_kp_idx').on(t.kpId),
    check('mastery_p_range', sql`${t.p} >= 0 and ${t.p} <= 1`),
  ],
);

/**
 * Each learner's online state under the model that serves estimates (model_id null: the
 * built-in prior model used before the first fit). A new response advances it without a refit.
 */
export const ktLearnerStates = pgTable('kt_learner_states', {
  employeeId: integer('employee_id')
    .primaryKey()
    .references(() => employees.id, { onDelete: 'cascade' }),
  modelId: integer('model_id'),
  state: jsonb('state').notNull(),
  responses: integer('responses').notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The engine's model names (packages/engine/src/kt/models.ts). */
export const KT_MODEL_KINDS = ['bkt', 'bkt-f', 'lr', 'lr+'] as const;
export type KtModelKind = (typeof KT_MODEL_KINDS)[number];

/** A fitted knowledge-tracing model; the active one serves estimates. */
export const ktModels = pgTable(
  'kt_models',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<KtModelKind>().notNull(),
    /** The engine's serialised parameters. */
    params: jsonb('params').notNull(),
    /** Held-out metrics: auc, rmse, logLoss, ece, responses, learners. */
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull(),
    active: boolean('active').notNull().default(false),
    fittedAt: ts('fitted_at').notNull().defaultNow(),
    fitSeconds: real('fit_seconds').notNull().default(0),
  },
  (t) => [check('kt_models_kind_check', sql`${t.kind} in ('bkt', 'bkt-f', 'lr', 'lr+')`)],
);
