/**
 * Skills context, part 2: targets T, the evidence log, the mastery matrix K, gap analysis and
 * the knowledge-tracing models (issue 3 §2–5). Request bodies are strict.
 */
import { z } from 'zod';
import { pageQuery } from './common.ts';

const id = z.number().int().positive().max(2147483647);
const unit = z.number().min(0).max(1);
/** A knowledge point by id, or by code (codes are unique within a framework; a code found in
 * more than one published framework must be written `FRAMEWORK_CODE:POINT_CODE`). */
export const kpRef = z.union([id, z.string().trim().min(1).max(160)]);

// ---- targets -------------------------------------------------------------------------

export const targetItem = z.object({
  kpId: z.number().int(),
  kpCode: z.string(),
  kpName: z.string(),
  kpNameEn: z.string().nullable(),
  frameworkId: z.number().int(),
  target: z.number(),
  weight: z.number(),
});
export type TargetItem = z.infer<typeof targetItem>;

export const positionTargets = z.object({ positionId: z.number().int(), items: z.array(targetItem) });
export type PositionTargets = z.infer<typeof positionTargets>;

/** Replaces a position's whole target set. */
export const putPositionTargetsBody = z.strictObject({
  items: z
    .array(z.strictObject({ kpId: id, target: unit, weight: z.number().gt(0).max(100).default(1) }))
    .max(2000),
});

export const effectiveTarget = targetItem.extend({
  /** Where T comes from: the position, or an individual override. */
  source: z.enum(['position', 'override']),
  reason: z.string(),
});
export type EffectiveTarget = z.infer<typeof effectiveTarget>;

export const employeeTargetsView = z.object({ employeeId: z.number().int(), items: z.array(effectiveTarget) });

export const putEmployeeTargetBody = z
  .strictObject({
    target: unit.nullable().optional(),
    weight: z.number().gt(0).max(100).nullable().optional(),
    excluded: z.boolean().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.target != null || b.weight != null || b.excluded != null, 'Give a target, a weight or excluded');

export const employeeKpParams = z.strictObject({
  id: z.coerce.number().int().positive().max(2147483647),
  kpId: z.coerce.number().int().positive().max(2147483647),
});

// ---- evidence ------------------------------------------------------------------------

export const EVIDENCE_KINDS = ['response', 'self_rating', 'manager_rating'] as const;

const responseInput = z.strictObject({
  /** The employee, by id or by employee number. */
  employeeId: id.optional(),
  employeeNo: z.string().trim().min(1).max(64).optional(),
  /** The item answered: an existing item ref, or a new one declared with its knowledge points. */
  itemRef: z.string().trim().min(1).max(200),
  knowledgePoints: z.array(kpRef).min(1).max(20).optional(),
  score: unit,
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  source: z.string().trim().min(1).max(100).optional(),
});

/** `POST /evidence`: a batch of graded responses, validated as a whole (all or nothing). */
export const evidenceBatchBody = z.strictObject({ responses: z.array(responseInput).min(1).max(5000) });
export type EvidenceBatchBody = z.infer<typeof evidenceBatchBody>;

export const evidenceBatchResult = z.object({
  accepted: z.number().int(),
  employees: z.number().int(),
  newItems: z.number().int(),
});

/** A self- or manager rating of mastery on named knowledge points. */
export const ratingBody = z.strictObject({
  ratings: z.array(z.strictObject({ kp: kpRef, score: unit })).min(1).max(200),
  note: z.string().trim().max(500).optional(),
});

export const evidenceItem = z.object({
  id: z.number().int(),
  kind: z.enum(EVIDENCE_KINDS),
  itemRef: z.string().nullable(),
  knowledgePoints: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  score: z.number(),
  occurredAt: z.string(),
  source: z.string(),
  recordedBy: z.string().nullable(),
});
export type EvidenceItem = z.infer<typeof evidenceItem>;

export const evidenceQuery = z.strictObject({
  kpId: z.coerce.number().int().positive().max(2147483647).optional(),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  ...pageQuery,
});

// ---- mastery and gaps ----------------------------------------------------------------

export const masteryItem = z.object({
  kpId: z.number().int(),
  kpCode: z.string(),
  kpName: z.string(),
  kpNameEn: z.string().nullable(),
  domain: z.string(),
  frameworkId: z.number().int(),
  /** K: probability of mastery (null: no estimate yet, the model's prior is shown as `prior`). */
  mastery: z.number().nullable(),
  prior: z.number(),
  attempts: z.number().int(),
  /** Mean of the self- and manager ratings, when there are any (weaker evidence, not in K). */
  selfRating: z.number().nullable(),
  managerRating: z.number().nullable(),
  target: z.number().nullable(),
  weight: z.number().nullable(),
  /** w·max(0, T − K)², 0 without a target. */
  shortfall: z.number(),
  lastEvidenceAt: z.string().nullable(),
});
export type MasteryItem = z.infer<typeof masteryItem>;

export const masteryView = z.object({
  employeeId: z.number().int(),
  employeeName: z.string(),
  positionName: z.string().nullable(),
  positionNameEn: z.string().nullable(),
  /** Σ w·max(0, T − K)² over the targeted points (K = prior where there is no estimate). */
  weightedShortfall: z.number(),
  /** The same, divided by Σ w (0 = every target met, 1 = nothing known of anything). */
  normalizedShortfall: z.number(),
  targetsMet: z.number().int(),
  targetCount: z.number().int(),
  items: z.array(masteryItem),
  /** The gaps, largest shortfall first. */
  gaps: z.array(masteryItem),
  model: z.object({ id: z.number().int().nullable(), kind: z.string(), fittedAt: z.string().nullable() }),
});
export type MasteryView = z.infer<typeof masteryView>;

export const masteryHistoryQuery = z.strictObject({ kpId: z.coerce.number().int().positive().max(2147483647) });
export const masteryHistory = z.object({
  kpId: z.number().int(),
  points: z.array(z.object({ at: z.string(), mastery: z.number(), score: z.number().nullable() })),
});

export const teamMasteryQuery = z.strictObject({
  frameworkId: z.coerce.number().int().positive().max(2147483647).optional(),
  departmentId: z.coerce.number().int().positive().max(2147483647).optional(),
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The manager's heat map: members × knowledge points, with targets and per-point aggregates. */
export const teamMastery = z.object({
  knowledgePoints: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      domain: z.string(),
      /** The serving model's prior K for someone with no evidence on it (what empty cells count as). */
      prior: z.number(),
      /** Mean K over the members with a target on it (prior where no estimate). */
      meanMastery: z.number().nullable(),
      /** Members below their target on it. */
      belowTarget: z.number().int(),
    }),
  ),
  members: z.array(
    z.object({
      employeeId: z.number().int(),
      employeeNo: z.string(),
      name: z.string(),
      positionName: z.string().nullable(),
      weightedShortfall: z.number(),
      /** Aligned with `knowledgePoints`: K (null: none yet), T (null: no target). */
      cells: z.array(z.object({ mastery: z.number().nullable(), target: z.number().nullable(), attempts: z.number().int() })),
    }),
  ),
  totals: z.object({ members: z.number().int(), meanShortfall: z.number(), belowTargetCells: z.number().int() }),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TeamMastery = z.infer<typeof teamMastery>;

// ---- models and jobs -----------------------------------------------------------------

export const ktModelItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  active: z.boolean(),
  metrics: z.record(z.string(), z.number()),
  fittedAt: z.string(),
  fitSeconds: z.number(),
});
export const ktModelList = z.object({ items: z.array(ktModelItem) });

export const jobItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.number(),
  message: z.string(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobItem = z.infer<typeof jobItem>;
