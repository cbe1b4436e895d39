/**
 * Skills context (issue 3): skill frameworks of knowledge points (知识点) with a hierarchy and a
 * prerequisite DAG, their CASE 1.0 and CSV interchange, and (below, added separately) targets
 * and mastery. Request bodies are strict (unknown fields → 400), except the CASE package, which
 * comes from other tools and may carry fields this API does not use.
 */
import { z } from 'zod';

// ---- frameworks ----

export const FRAMEWORK_STATUSES = ['draft', 'published', 'retired'] as const;
export const frameworkStatusSchema = z.enum(FRAMEWORK_STATUSES);
export type FrameworkStatus = z.infer<typeof frameworkStatusSchema>;

const dbId = z.number().int().positive().max(2147483647);
const pathId = z.coerce.number().int().positive().max(2147483647);

/** Framework codes (shared by all versions) and knowledge-point codes, e.g. `AI-BASICS`, `PE.1.2`. */
const skillCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._:/-]+$/u, 'letters, digits and . _ : / - only');
const frameworkName = z.string().trim().min(1).max(200);
/** Knowledge-point names can be full sentences (CASE fullStatement). */
const pointName = z.string().trim().min(1).max(500);
const description = z.string().trim().max(5000);
const versionLabel = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const frameworkItem = z.object({
  id: z.number().int(),
  /** CASE CFDocument identifier (a UUID), unique per version. */
  identifier: z.string(),
  /** Shared by every version of the framework. */
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  version: z.string(),
  status: frameworkStatusSchema,
  previousVersionId: z.number().int().nullable(),
  pointCount: z.number().int(),
  prerequisiteCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type FrameworkItem = z.infer<typeof frameworkItem>;

export const frameworkList = z.object({ items: z.array(frameworkItem) });

export const frameworkListQuery = z.strictObject({
  status: frameworkStatusSchema.optional(),
  /** Every version of one framework. */
  code: z.string().trim().max(64).optional(),
});

export const knowledgePointItem = z.object({
  id: z.number().int(),
  frameworkId: z.number().int(),
  /** CASE CFItem identifier (a UUID), kept across versions of the same point. */
  identifier: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  domain: z.string(),
  parentId: z.number().int().nullable(),
  /** 0 for a top-level point, 1 for its children, … */
  depth: z.number().int(),
  /** Order among siblings (ascending). */
  position: z.number().int(),
  /** The point this one was copied from in the previous version, or null. */
  originId: z.number().int().nullable(),
});
export type KnowledgePointItem = z.infer<typeof knowledgePointItem>;

/** A prerequisite edge: `fromId` should be mastered before `toId` (CASE `precedes`). */
export const prerequisiteEdge = z.object({ fromId: z.number().int(), toId: z.number().int() });
export type PrerequisiteEdge = z.infer<typeof prerequisiteEdge>;

/**
 * One framework with everything needed to draw it: the points as a flat list in depth-first
 * order (parents before children, siblings by position then code) and every prerequisite edge.
 */
export const frameworkDetail = frameworkItem.extend({
  points: z.array(knowledgePointItem),
  prerequisites: z.array(prerequisiteEdge),
});
export type FrameworkDetail = z.infer<typeof frameworkDetail>;

export const createFrameworkBody = z.strictObject({
  code: skillCode,
  name: frameworkName,
  nameEn: frameworkName.optional(),
  description: description.optional(),
  version: versionLabel,
});

/**
 * A draft may change anything; a published framework only accepts `status: "retired"`, and a
 * retired one nothing. Publishing is `POST /frameworks/:id/publish`.
 */
export const updateFrameworkBody = z
  .strictObject({
    code: skillCode.optional(),
    name: frameworkName.optional(),
    nameEn: frameworkName.nullable().optional(),
    description: description.optional(),
    version: versionLabel.optional(),
    status: z.literal('retired').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const createVersionBody = z.strictObject({ version: versionLabel });

export const createPointBody = z.strictObject({
  code: skillCode,
  name: pointName,
  nameEn: pointName.optional(),
  description: description.optional(),
  domain: z.string().trim().max(100).optional(),
  /** A point of the same framework; omitted or null: top level. */
  parentId: dbId.nullable().optional(),
  /** Order among siblings; omitted: after the last sibling. */
  position: z.number().int().min(0).max(1_000_000).optional(),
});

export const updatePointBody = z
  .strictObject({
    code: skillCode.optional(),
    name: pointName.optional(),
    nameEn: pointName.nullable().optional(),
    description: description.optional(),
    domain: z.string().trim().max(100).optional(),
    /** Moves the point (with its subtree); a move below itself is refused with the cycle. */
    parentId: dbId.nullable().optional(),
    position: z.number().int().min(0).max(1_000_000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const prerequisiteBody = z.strictObject({ fromId: dbId, toId: dbId });

export const prerequisiteParams = z.strictObject({ id: pathId, fromId: pathId, toId: pathId });

// CASE 1.0 (1EdTech Competencies and Academic Standards Exchange), JSON binding.

/** CASE LinkURI: a reference to another CASE object. */
export const caseLinkUri = z.object({
  title: z.string().max(2000).optional(),
  identifier: z.string().trim().min(1).max(200),
  uri: z.string().max(2000).optional(),
});

export const cfDocument = z.object({
  identifier: z.string().trim().min(1).max(200),
  uri: z.string().max(2000).optional(),
  creator: z.string().max(500).optional(),
  title: z.string().trim().min(1).max(200),
  lastChangeDateTime: z.string().max(64).optional(),
  description: z.string().max(5000).optional(),
  language: z.string().max(32).optional(),
  version: z.string().max(64).optional(),
  /** CASE vocabulary: Draft, Adopted, Deprecated, … */
  adoptionStatus: z.string().max(64).optional(),
  notes: z.string().max(5000).optional(),
  CFPackageURI: caseLinkUri.optional(),
  /** Xueli's own fields (CASE 1.1-style extension point): the framework code and English name. */
  extensions: z
    .object({
      xueliCode: z.string().max(200).optional(),
      titleEn: z.string().max(200).nullable().optional(),
    })
    .optional(),
});

export const cfItem = z.object({
  identifier: z.string().trim().min(1).max(200),
  uri: z.string().max(2000).optional(),
  /** The point's name (Chinese). */
  fullStatement: z.string().trim().min(1).max(2000),
  /** The point's code; Xueli needs one on every item. */
  humanCodingScheme: z.string().trim().max(200).optional(),
  /** The point's English name. */
  abbreviatedStatement: z.string().max(2000).optional(),
  CFItemType: z.string().max(200).optional(),
  language: z.string().max(32).optional(),
  /** The point's description. */
  notes: z.string().max(10000).optional(),
  /** The point's domain (first keyword). */
  conceptKeywords: z.array(z.string().max(200)).max(100).optional(),
  listEnumeration: z.string().max(64).optional(),
  lastChangeDateTime: z.string().max(64).optional(),
  CFDocumentURI: caseLinkUri.optional(),
});

export const cfAssociation = z.object({
  identifier: z.string().max(200).optional(),
  uri: z.string().max(2000).optional(),
  /** Xueli reads `isChildOf` (hierarchy) and `precedes` (prerequisite); others are reported and ignored. */
  associationType: z.string().trim().min(1).max(100),
  /** Order among siblings, on `isChildOf`. */
  sequenceNumber: z.number().int().optional(),
  originNodeURI: caseLinkUri,
  destinationNodeURI: caseLinkUri,
  lastChangeDateTime: z.string().max(64).optional(),
  CFDocumentURI: caseLinkUri.optional(),
});

/** A CASE CFPackage: one document with its items and associations. */
export const cfPackage = z.object({
  CFDocument: cfDocument,
  CFItems: z.array(cfItem).max(50_000).default([]),
  CFAssociations: z.array(cfAssociation).max(200_000).default([]),
});
export type CFPackage = z.infer<typeof cfPackage>;
export type CFPackageInput = z.input<typeof cfPackage>;

export const caseImportQuery = z.strictObject({
  /** `true` (default) validates and reports without writing anything. */
  dryRun: z.enum(['true', 'false']).default('true'),
  /** Framework code to use; default: the package's `extensions.xueliCode`, then an existing framework's, then one made from the title. */
  code: skillCode.optional(),
  /** Version label; default: the document's `version`, else "1.0". */
  version: versionLabel.optional(),
});

export const caseImportReport = z.object({
  dryRun: z.boolean(),
  /** `new`: a new framework; `version`: a new draft version of an existing framework (same code). */
  mode: z.enum(['new', 'version']),
  code: z.string(),
  name: z.string(),
  version: z.string(),
  /** The framework the new version follows (mode `version`), else null. */
  previousVersionId: z.number().int().nullable(),
  points: z.number().int(),
  hierarchyLinks: z.number().int(),
  prerequisites: z.number().int(),
  /** Things ignored on the way in, e.g. association types Xueli does not use. */
  warnings: z.array(z.string()),
  /** The created framework (null on a dry run). */
  frameworkId: z.number().int().nullable(),
});
export type CaseImportReport = z.infer<typeof caseImportReport>;

export const pointsImportQuery = z.strictObject({
  /** `true` (default) validates and counts without writing anything. */
  dryRun: z.enum(['true', 'false']).default('true'),
});
