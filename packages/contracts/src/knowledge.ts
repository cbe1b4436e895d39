/** The knowledge base (issue 6 §2, ADR 0017): collections, documents, passages, search. */
import { z } from 'zod';
import { page, pageQuery, roleSchema } from './common.ts';

const id = z.number().int().positive().max(2147483647);

export const KB_VISIBILITY = ['everyone', 'restricted'] as const;
export const KB_DOC_STATUSES = ['pending', 'indexing', 'ready', 'failed'] as const;
export const KB_DOC_FORMATS = ['markdown', 'html', 'text', 'pdf', 'docx'] as const;
/** File extensions an upload may have. */
export const KB_UPLOAD_EXTENSIONS = ['md', 'markdown', 'html', 'htm', 'txt', 'text', 'pdf', 'docx'] as const;

/** Who may see a restricted collection: departments (with their sub-departments), positions, roles. */
export const kbAccessBody = z.strictObject({
  departmentIds: z.array(id).max(200).default([]),
  positionIds: z.array(id).max(200).default([]),
  roles: z.array(roleSchema).max(5).default([]),
});

export const kbCollectionBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  visibility: z.enum(KB_VISIBILITY).default('everyone'),
  access: kbAccessBody.default({ departmentIds: [], positionIds: [], roles: [] }),
  /** The course whose tutor searches this collection; null: none. */
  courseId: id.nullable().default(null),
});
export type KbCollectionBody = z.infer<typeof kbCollectionBody>;

export const kbCollectionPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
  visibility: z.enum(KB_VISIBILITY).optional(),
  access: kbAccessBody.optional(),
  courseId: id.nullable().optional(),
});
export type KbCollectionPatch = z.infer<typeof kbCollectionPatch>;

const named = z.object({ id: z.number().int(), name: z.string() });

export const kbCollection = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(KB_VISIBILITY),
  courseId: z.number().int().nullable(),
  courseTitle: z.string().nullable(),
  access: z.object({ departments: z.array(named), positions: z.array(named), roles: z.array(roleSchema) }),
  documentCount: z.number().int(),
  chunkCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KbCollection = z.infer<typeof kbCollection>;
export const kbCollectionList = z.object({
  items: z.array(kbCollection),
  /** The largest upload the server accepts (XUELI_MAX_UPLOAD_MB). */
  maxUploadBytes: z.number().int(),
});
export type KbCollectionList = z.infer<typeof kbCollectionList>;

export const kbDocument = z.object({
  id: z.number().int(),
  collectionId: z.number().int(),
  title: z.string(),
  sourceKind: z.enum(['upload', 'paste']),
  format: z.enum(KB_DOC_FORMATS),
  fileName: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  sizeBytes: z.number().int(),
  status: z.enum(KB_DOC_STATUSES),
  /** Why the last index job failed. */
  error: z.string().nullable(),
  chunkCount: z.number().int(),
  /** The last index job (poll GET /jobs/:id for its progress). */
  jobId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  indexedAt: z.string().nullable(),
});
export type KbDocument = z.infer<typeof kbDocument>;
export const kbDocumentPage = page(kbDocument);

export const kbDocumentQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(KB_DOC_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
});
export type KbDocumentQuery = z.infer<typeof kbDocumentQuery>;

export const kbPasteBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  text: z.string().min(1).max(2_000_000),
  sourceUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});
export type KbPasteBody = z.infer<typeof kbPasteBody>;

export const kbPassage = z.object({
  chunkId: z.number().int(),
  documentId: z.number().int(),
  documentTitle: z.string(),
  collectionId: z.number().int(),
  headingPath: z.array(z.string()),
  ord: z.number().int(),
  text: z.string(),
  score: z.number(),
});
export type KbPassageItem = z.infer<typeof kbPassage>;

export const kbDocumentDetail = kbDocument.extend({ collectionName: z.string(), passages: z.array(kbPassage) });
export type KbDocumentDetail = z.infer<typeof kbDocumentDetail>;

export const kbSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(500),
  k: z.coerce.number().int().min(1).max(50).default(10),
  courseId: z.coerce.number().int().positive().max(2147483647).optional(),
});
export const kbSearchResult = z.object({ items: z.array(kbPassage) });

/** `/kb/collections/:id/documents/:docId` */
export const kbDocumentParams = z.strictObject({
  id: z.coerce.number().int().positive().max(2147483647),
  docId: z.coerce.number().int().positive().max(2147483647),
});
