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
  /** Test cases: the function is called with `args` and must return `expected` (deep equality of
   * JSON values, ADR 0007). Hidden unless `sample`: a sample case's args, expected value and
   * output may be shown to the candidate. */
  tests: z
    .array(
      z.strictObject({
        args: z.array(z.unknown()).max(20),
        expected: z.unknown(),
        weight: z.number().positive().max(100).optional(),
        sample: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(200),
  /** Numbers match within this tolerance, |actual − expected| ≤ tolerance × max(1, |expected|);
   * absent: numbers must be equal. */
  tolerance: z.number().min(0).max(1).optional(),
  /** cpuMs: each test case's run time; memoryMb: the guest's memory in each case; wallMs: the
   * whole grading, every case together (ADR 0007). */
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
  programming: z
    .object({
      language: z.enum(['js', 'ts']),
      functionName: z.string(),
      starterCode: z.string().optional(),
      /** The key's sample cases (hidden cases are never sent). */
      samples: z.array(z.object({ args: z.array(z.unknown()), expected: z.unknown() })).optional(),
    })
    .optional(),
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

// ---------------------------------------------------------------------------------------------
// Programming items: the sandbox's result (ADR 0007)

/** Candidate code as sent for a programming item (same bound as an exam response). */
export const programmingCode = z.string().max(50_000);
export const tryProgrammingBody = z.strictObject({ code: programmingCode });

/** How a test case ended. `passed` is the only passing kind. */
export const PROGRAMMING_CASE_KINDS = [
  'passed',
  /** ran and returned a different value (or one that is not a JSON value) */
  'wrong-answer',
  /** the code or the function threw */
  'exception',
  /** the function is missing or is not a function */
  'missing-function',
  /** the case ran past limits.cpuMs */
  'timeout',
  /** the grading ran past limits.wallMs (this case was stopped or never started) */
  'wall-timeout',
  /** the guest ran out of memory (limits.memoryMb) */
  'memory-limit',
  /** recursion too deep */
  'stack-overflow',
  /** the return value is too large to compare */
  'output-limit',
  /** the sandbox failed (not the candidate's fault) */
  'internal-error',
] as const;
export type ProgrammingCaseKind = (typeof PROGRAMMING_CASE_KINDS)[number];

const caseCommon = {
  /** 0-based position in the key's tests. */
  index: z.number().int(),
  sample: z.boolean(),
  weight: z.number(),
  passed: z.boolean(),
  kind: z.enum(PROGRAMMING_CASE_KINDS),
  /** Milliseconds the case ran in the sandbox. */
  ms: z.number(),
};
const caseDetail = {
  args: z.array(z.unknown()),
  expected: z.unknown(),
  /** The returned value as text, truncated (absent when the function did not return). */
  actual: z.string().optional(),
  /** The error, timeout or difference, as text. */
  message: z.string().optional(),
  /** console output of the case, truncated. */
  logs: z.string(),
};
/** A case as the item's authors see it: everything. */
export const programmingCaseAuthor = z.object({ ...caseCommon, ...caseDetail });
/** A case as the candidate sees it: a hidden case is only its outcome (its inputs, expected
 * value, output and error text stay on the server: candidate-controlled output could carry them). */
export const programmingCaseCandidate = z.object({
  ...caseCommon,
  args: caseDetail.args.optional(),
  expected: z.unknown().optional(),
  actual: caseDetail.actual,
  message: caseDetail.message,
  logs: caseDetail.logs.optional(),
});

const resultCommon = {
  /** graded: the cases ran; compile-error: the code did not compile and no case ran. */
  status: z.enum(['graded', 'compile-error']),
  /** Weighted share of passed cases, in [0, 1]. */
  score: z.number(),
  passedCases: z.number().int(),
  totalCases: z.number().int(),
  language: z.enum(['js', 'ts']),
  compileError: z.object({ message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }).optional(),
  /** Milliseconds from start to result (queueing excluded). */
  ms: z.number(),
};
export const programmingAuthorResult = z.object({ ...resultCommon, cases: z.array(programmingCaseAuthor) });
export type ProgrammingAuthorResult = z.infer<typeof programmingAuthorResult>;
export const programmingCandidateResult = z.object({ ...resultCommon, cases: z.array(programmingCaseCandidate) });
export type ProgrammingCandidateResult = z.infer<typeof programmingCandidateResult>;
