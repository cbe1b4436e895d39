/**
 * Content generation (issue 6 §4, ADR 0019): drafts of course outlines, quiz items and case studies
 * generated from knowledge-base documents, waiting in a review queue. Nothing is published without a
 * person's approval; every draft keeps the passages it came from.
 */
import { z } from 'zod';
import { pageQuery } from './common.ts';
import { itemOption, rubricSchema } from './items.ts';
import { kpRef } from './mastery.ts';

/** What a request asks for ('items' makes one draft per item). */
export const GENERATION_REQUEST_KINDS = ['outline', 'items', 'case'] as const;
/** What a draft is. */
export const GENERATION_DRAFT_KINDS = ['outline', 'item', 'case'] as const;
export type GenerationDraftKind = (typeof GENERATION_DRAFT_KINDS)[number];
export const GENERATION_DRAFT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const GENERATION_ORIGINS_API = ['offline', 'model'] as const;
/** The item types generation makes (offline and with a model). */
export const GENERATED_ITEM_TYPES = ['fill_blank', 'single', 'true_false'] as const;

const id = z.number().int().positive().max(2147483647);

export const generateBody = z.strictObject({
  kind: z.enum(GENERATION_REQUEST_KINDS),
  documentIds: z.array(id).min(1).max(20),
  /** Items to make (kind 'items'); default 10. */
  count: z.number().int().min(1).max(50).default(10),
  /** Which item types (kind 'items'); default all three. */
  types: z.array(z.enum(GENERATED_ITEM_TYPES)).min(1).max(3).optional(),
  /** Use the chat model; default: when one is configured. A case study needs one. */
  useModel: z.boolean().optional(),
});
export type GenerateBody = z.infer<typeof generateBody>;
/** What a client sends (defaults not yet applied). */
export type GenerateRequest = z.input<typeof generateBody>;

// ---- draft content, by kind

const draftCommon = {
  stem: z.string().trim().min(1).max(20000),
  explanation: z.string().trim().max(20000).optional(),
  difficulty: z.number().min(-10).max(10).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  /** Chosen by the reviewer (ids, codes or FRAMEWORK:CODE); at least one is needed to approve. */
  knowledgePoints: z.array(kpRef).max(20).optional(),
};
const draftOptions = z.array(itemOption).min(2).max(26);
/** An item draft: what POST /items accepts (single, multiple, true/false, fill-in-the-blank), knowledge points optional until approval. */
export const itemDraftContent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('single'), ...draftCommon, options: draftOptions, answerKey: z.record(z.string(), z.unknown()) }),
  z.strictObject({ type: z.literal('multiple'), ...draftCommon, options: draftOptions, answerKey: z.record(z.string(), z.unknown()) }),
  z.strictObject({ type: z.literal('true_false'), ...draftCommon, answerKey: z.record(z.string(), z.unknown()) }),
  z.strictObject({ type: z.literal('fill_blank'), ...draftCommon, answerKey: z.record(z.string(), z.unknown()) }),
]);
export type ItemDraftContent = z.infer<typeof itemDraftContent>;

export const outlineDraftContent = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).optional(),
  modules: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(200),
        summary: z.string().trim().max(2000).optional(),
        objectives: z.array(z.string().trim().min(1).max(300)).min(1).max(8),
        /** Source passages of this module (chunk ids). */
        sourceChunkIds: z.array(z.number().int()).max(500).optional(),
      }),
    )
    .min(1)
    .max(30),
  /** Set on approval: the draft course it became. */
  courseId: z.number().int().optional(),
});
export type OutlineDraftContent = z.infer<typeof outlineDraftContent>;

export const caseDraftContent = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** The situation, as the learner reads it. */
  scenario: z.string().trim().min(1).max(20000),
  /** What the learner must answer. */
  questions: z.array(z.string().trim().min(1).max(2000)).min(1).max(10),
  /** How a person grades the answer (the essay item's rubric). */
  rubric: rubricSchema,
  knowledgePoints: z.array(kpRef).max(20).optional(),
});
export type CaseDraftContent = z.infer<typeof caseDraftContent>;

// ---- views

export const sourcePassageView = z.object({
  chunkId: z.number().int(),
  documentId: z.number().int(),
  documentTitle: z.string(),
  text: z.string(),
});

export const generationDraftView = z.object({
  id: z.number().int(),
  kind: z.enum(GENERATION_DRAFT_KINDS),
  status: z.enum(GENERATION_DRAFT_STATUSES),
  origin: z.enum(GENERATION_ORIGINS_API),
  /** Shaped by kind: itemDraftContent, outlineDraftContent or caseDraftContent. */
  content: z.record(z.string(), z.unknown()),
  documentIds: z.array(z.number().int()),
  sources: z.array(sourcePassageView),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  /** The item-bank item an approved item or case became. */
  itemId: z.number().int().nullable(),
  /** The draft course an approved outline became. */
  courseId: z.number().int().nullable(),
});
export type GenerationDraftView = z.infer<typeof generationDraftView>;

export const generateResult = z.object({
  origin: z.enum(GENERATION_ORIGINS_API),
  drafts: z.array(generationDraftView),
  /** Model output that failed validation and was left out. */
  dropped: z.number().int(),
  /** How many fewer items than asked. */
  shortfall: z.number().int(),
  /** Why the result is offline though a model was wanted, or what was dropped. */
  notes: z.array(z.string()),
});
export type GenerateResult = z.infer<typeof generateResult>;

export const generationListQuery = z.strictObject({
  status: z.enum(GENERATION_DRAFT_STATUSES).optional(),
  kind: z.enum(GENERATION_DRAFT_KINDS).optional(),
  documentId: z.coerce.number().int().positive().max(2147483647).optional(),
  ...pageQuery,
});
export type GenerationListQuery = z.infer<typeof generationListQuery>;

/** The new content, checked against the draft's kind (an item must pass the item bank's checks). */
export const updateDraftBody = z.strictObject({ content: z.record(z.string(), z.unknown()) });

export const approveDraftBody = z.strictObject({
  /** Knowledge points for an item or case (else the content's). */
  knowledgePoints: z.array(kpRef).min(1).max(20).optional(),
  note: z.string().trim().max(500).optional(),
});
export const rejectDraftBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const approveResult = z.object({
  draft: generationDraftView,
  itemId: z.number().int().nullable(),
  courseId: z.number().int().nullable(),
});

export const generationCapabilities = z.object({
  /** A chat model is configured: items are richer, outlines and cases are written by it. */
  model: z.boolean(),
  chatModel: z.string().nullable(),
  itemTypes: z.array(z.enum(GENERATED_ITEM_TYPES)),
});

