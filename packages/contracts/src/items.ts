/**
 * Assessment context, part 1: the item bank (issue 4 §1). Request bodies are strict. Objective
 * answer keys use the engine's key shapes (packages/engine/src/grading/types.ts) and are
 * validated there; the essay rubric and the programming key are defined here.
 */
import { z } from 'zod';
import { pageQuery } from './common.ts';
import { kpRef } from './mastery.ts';

export const ITEM_TYPES = ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer', 'essay', 'programming'] as const;
export type ItemTypeName = (typeof ITEM_TYPES)[number];
export const ITEM_STATUSES = ['draft', 'review', 'active', 'retired'] as const;
export type ItemStatusName = (typeof ITEM_STATUSES)[number];

/** The review workflow: draft → review → active → retired (and review → draft); retired is final. */
export const ITEM_TRANSITIONS: Record<ItemStatusName, readonly ItemStatusName[]> = {
  draft: ['review'],
  review: ['active', 'draft'],
  active: ['retired'],
  retired: [],
};

export const itemOption = z.strictObject({
  id: z.string().trim().min(1).max(40),
  text: z.string().trim().min(1).max(4000),
});

/** A rubric for people (and later AI suggestions): criteria, each with scored levels. */
export const rubricSchema = z.strictObject({
  criteria: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).max(60),
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(2000).optional(),
        /** Relative weight; default 1. */
        weight: z.number().positive().max(100).optional(),
        levels: z
          .array(
            z.strictObject({
              label: z.string().trim().min(1).max(100),
              /** Points for this level; the criterion's maximum is its best level. */
              score: z.number().min(0).max(1000),
              description: z.string().trim().max(2000).optional(),
            }),
          )
          .min(2)
          .max(10),
      }),
    )
    .min(1)
    .max(30),
});
export type Rubric = z.infer<typeof rubricSchema>;

/** A programming item: a JavaScript/TypeScript function graded by hidden test cases. */
export const programmingKey = z.strictObject({
  type: z.literal('programming').optional(),
  language: z.enum(['js', 'ts']),
  functionName: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be a JavaScript identifier').max(100),
  /** Code shown to the candidate to start from. */
  starterCode: z.string().max(20000).optional(),
  tests: z
    .array(z.strictObject({ args: z.array(z.unknown()).max(20), expected: z.unknown(), weight: z.number().positive().max(100).optional() }))
    .min(1)
    .max(200),
  limits: z
    .strictObject({
      cpuMs: z.number().int().min(10).max(10000).default(1000),
      memoryMb: z.number().int().min(8).max(512).default(64),
      wallMs: z.number().int().min(10).max(30000).default(3000),
    })
    .default({ cpuMs: 1000, memoryMb: 64, wallMs: 3000 }),
});
export type ProgrammingKey = z.infer<typeof programmingKey>;

/** An objective key as the engine defines it (checked by the engine's validateObjectiveKey);
 * `type` and, for choice items, `options` may be left out — the server fills them in. */
const objectiveKey = z.record(z.string(), z.unknown());

const common = {
  stem: z.string().trim().min(1).max(20000),
  explanation: z.string().trim().max(20000).optional(),
  difficulty: z.number().min(-10).max(10).nullable().optional(),
  discrimination: z.number().min(0).max(10).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  /** The knowledge points measured (ids, codes or FRAMEWORK:CODE); at least one. */
  knowledgePoints: z.array(kpRef).min(1).max(20),
};
const options = z.array(itemOption).min(2).max(26);

export const createItemBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('single'), ...common, options, answerKey: objectiveKey }),
  z.strictObject({ type: z.literal('multiple'), ...common, options, answerKey: objectiveKey }),
  z.strictObject({ type: z.literal('true_false'), ...common, answerKey: objectiveKey }),
  z.strictObject({ type: z.literal('fill_blank'), ...common, answerKey: objectiveKey }),
  z.strictObject({ type: z.literal('short_answer'), ...common, answerKey: objectiveKey, rubric: rubricSchema.optional() }),
  z.strictObject({ type: z.literal('essay'), ...common, rubric: rubricSchema }),
  z.strictObject({ type: z.literal('programming'), ...common, answerKey: programmingKey }),
]);
export type CreateItemBody = z.infer<typeof createItemBody>;

/** A partial change; the merged item is validated as a whole for its type (which cannot change). */
export const updateItemBody = z
  .strictObject({
    stem: common.stem.optional(),
    options: options.optional(),
    answerKey: objectiveKey.optional(),
    rubric: rubricSchema.nullable().optional(),
    explanation: common.explanation,
    difficulty: common.difficulty,
    discrimination: common.discrimination,
    tags: common.tags,
    knowledgePoints: common.knowledgePoints.optional(),
    /** Why it changed, kept in the version history. */
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'note'), 'Change at least one field');
export type UpdateItemBody = z.infer<typeof updateItemBody>;

export const itemStatusBody = z.strictObject({ status: z.enum(ITEM_STATUSES), note: z.string().trim().max(500).optional() });

export const itemListQuery = z.strictObject({
  type: z.enum(ITEM_TYPES).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  kpId: z.coerce.number().int().positive().max(2147483647).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  search: z.string().trim().min(1).max(200).optional(),
  ...pageQuery,
});
export type ItemListQuery = z.infer<typeof itemListQuery>;

const itemKp = z.object({ id: z.number().int(), code: z.string(), name: z.string(), frameworkId: z.number().int() });

/** The author view: everything, key included. Only item authors (trainers, admins) see it. */
export const itemView = z.object({
  id: z.number().int(),
  type: z.enum(ITEM_TYPES),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).nullable(),
  answerKey: z.record(z.string(), z.unknown()).nullable(),
  rubric: z.record(z.string(), z.unknown()).nullable(),
  explanation: z.string(),
  difficulty: z.number().nullable(),
  discrimination: z.number().nullable(),
  tags: z.array(z.string()),
  status: z.enum(ITEM_STATUSES),
  version: z.number().int(),
  knowledgePoints: z.array(itemKp),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof itemView>;

/** What a candidate sees: the stem and options, never a key, a rubric or an explanation. */
export const candidateItemView = z.object({
  id: z.number().int(),
  type: z.enum(ITEM_TYPES),
  version: z.number().int(),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).nullable(),
  /** fill_blank: how many blanks to answer. */
  blanks: z.number().int().optional(),
  /** programming: what to write. */
  programming: z.object({ language: z.enum(['js', 'ts']), functionName: z.string(), starterCode: z.string().optional() }).optional(),
});
export type CandidateItemView = z.infer<typeof candidateItemView>;

export const itemVersionView = z.object({
  version: z.number().int(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  note: z.string(),
  snapshot: z.record(z.string(), z.unknown()),
});
export const itemVersionList = z.object({ itemId: z.number().int(), items: z.array(itemVersionView) });
