/**
 * Knowledge base, AI tutor and content generation (issue 6).
 *
 * - `kb_collections`: documents are organised in collections; a collection is visible to everyone or
 *   only to the departments (with their sub-departments), positions and roles listed in
 *   `kb_collection_access`. Admins and trainers see every collection. A collection may belong to a
 *   course: that course's tutor searches its collections.
 * - `kb_documents`: an uploaded file (Markdown, HTML, text, PDF, Word) or pasted text, parsed and
 *   chunked by an index job; `status` follows pending → indexing → ready | failed.
 * - `kb_chunks`: the passages retrieval returns, in document order, with their heading path (the
 *   retriever's context field) and, when an embedding model is configured, their vector.
 * - `tutor_questions`: every question asked of the tutor, the answer given, its citations (a
 *   snapshot of the cited passages, so an answer stays readable after a document changes) and the
 *   asker's rating; unanswered and low-rated questions are the trainers' content gaps.
 * - `generation_drafts`: drafts generated from documents (course outlines, quiz items, case studies)
 *   waiting for a person's review; an approved item lands in the item bank (`item_id`).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, real, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { courses, files } from './catalog.ts';
import { jobs } from './jobs.ts';
import { items } from './items.ts';
import { departments, positions } from './org.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const KB_VISIBILITIES = ['everyone', 'restricted'] as const;
export type KbVisibility = (typeof KB_VISIBILITIES)[number];

export const kbCollections = pgTable(
  'kb_collections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    visibility: text('visibility').$type<KbVisibility>().notNull().default('everyone'),
    /** The course whose page tutor searches this collection; null: the global tutor only. */
    courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('kb_collections_course_idx').on(t.courseId),
    check('kb_collections_visibility_check', sql`${t.visibility} in ('everyone', 'restricted')`),
  ],
);

/** Who may see a restricted collection: exactly one of department (and its subtree), position, role. */
export const kbCollectionAccess = pgTable(
  'kb_collection_access',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    collectionId: integer('collection_id')
      .notNull()
      .references(() => kbCollections.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id').references(() => departments.id, { onDelete: 'cascade' }),
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'cascade' }),
    role: text('role'),
  },
  (t) => [
    index('kb_collection_access_collection_idx').on(t.collectionId),
    check(
      'kb_collection_access_one_target',
      sql`(${t.departmentId} is not null)::int + (${t.positionId} is not null)::int + (${t.role} is not null)::int = 1`,
    ),
  ],
);

export const KB_SOURCE_KINDS = ['upload', 'paste'] as const;
export type KbSourceKind = (typeof KB_SOURCE_KINDS)[number];
export const KB_DOCUMENT_STATUSES = ['pending', 'indexing', 'ready', 'failed'] as const;
export type KbDocumentStatus = (typeof KB_DOCUMENT_STATUSES)[number];
/** The formats the parsers read (issue 6 §2). */
export const KB_FORMATS = ['markdown', 'html', 'text', 'pdf', 'docx'] as const;
export type KbFormat = (typeof KB_FORMATS)[number];

export const kbDocuments = pgTable(
  'kb_documents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    collectionId: integer('collection_id')
      .notNull()
      .references(() => kbCollections.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    sourceKind: text('source_kind').$type<KbSourceKind>().notNull(),
    format: text('format').$type<KbFormat>().notNull(),
    /** The uploaded original (uploads); null for pasted text. */
    fileId: integer('file_id').references(() => files.id, { onDelete: 'set null' }),
    /** Where pasted text came from, when the person said. */
    sourceUrl: text('source_url'),
    /** Pasted text itself (the original of a `paste` document). */
    pastedText: text('pasted_text'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
    status: text('status').$type<KbDocumentStatus>().notNull().default('pending'),
    /** Why parsing or indexing failed, in words a trainer can act on. */
    error: text('error'),
    chunkCount: integer('chunk_count').notNull().default(0),
    /** The last index job. */
    jobId: integer('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    indexedAt: ts('indexed_at'),
  },
  (t) => [
    index('kb_documents_collection_idx').on(t.collectionId, t.id),
    check('kb_documents_source_check', sql`${t.sourceKind} in ('upload', 'paste')`),
    check('kb_documents_format_check', sql`${t.format} in ('markdown', 'html', 'text', 'pdf', 'docx')`),
    check('kb_documents_status_check', sql`${t.status} in ('pending', 'indexing', 'ready', 'failed')`),
  ],
);

export const kbChunks = pgTable(
  'kb_chunks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    documentId: integer('document_id')
      .notNull()
      .references(() => kbDocuments.id, { onDelete: 'cascade' }),
    /** Position in the document, from 0. */
    ord: integer('ord').notNull(),
    /** Headings above the passage, outermost first. */
    headingPath: text('heading_path').array().notNull().default(sql`'{}'::text[]`),
    text: text('text').notNull(),
    /** The embedding model's vector, when one is configured; `embedding_model` names it. */
    embedding: real('embedding').array(),
    embeddingModel: text('embedding_model'),
  },
  (t) => [index('kb_chunks_document_idx').on(t.documentId, t.ord)],
);

/** One cited passage as the asker saw it. */
export interface CitationSnapshot {
  /** The number in the answer: [1], [2], … */
  n: number;
  chunkId: number;
  documentId: number;
  documentTitle: string;
  headingPath: string[];
  text: string;
}

export const TUTOR_MODES = ['extractive', 'model'] as const;
export type TutorMode = (typeof TUTOR_MODES)[number];

export const tutorQuestions = pgTable(
  'tutor_questions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Asked on this course's page; null: the global tutor. */
    courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
    question: text('question').notNull(),
    answer: text('answer').notNull().default(''),
    mode: text('mode').$type<TutorMode>().notNull(),
    /** False: the knowledge base had nothing that supports an answer, and the tutor said so. */
    supported: boolean('supported').notNull(),
    citations: jsonb('citations').$type<CitationSnapshot[]>().notNull().default(sql`'[]'::jsonb`),
    latencyMs: integer('latency_ms').notNull().default(0),
    /** 1 helpful, -1 not helpful; null: not rated. */
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('tutor_questions_user_idx').on(t.userId, t.createdAt),
    index('tutor_questions_created_idx').on(t.createdAt),
    check('tutor_questions_mode_check', sql`${t.mode} in ('extractive', 'model')`),
    check('tutor_questions_rating_check', sql`${t.rating} is null or ${t.rating} in (-1, 1)`),
  ],
);

export const GENERATION_KINDS = ['outline', 'item', 'case'] as const;
export type GenerationKind = (typeof GENERATION_KINDS)[number];
export const GENERATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
export const GENERATION_ORIGINS = ['offline', 'model'] as const;
export type GenerationOrigin = (typeof GENERATION_ORIGINS)[number];

/** A source passage of a draft, kept as it was when the draft was made. */
export interface SourcePassage {
  chunkId: number;
  documentId: number;
  documentTitle: string;
  text: string;
}

export const generationDrafts = pgTable(
  'generation_drafts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<GenerationKind>().notNull(),
    status: text('status').$type<GenerationStatus>().notNull().default('pending'),
    origin: text('origin').$type<GenerationOrigin>().notNull(),
    /** The draft itself, shaped by kind (contracts: knowledge.ts); the reviewer may edit it. */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    documentIds: integer('document_ids').array().notNull().default(sql`'{}'::int[]`),
    sources: jsonb('sources').$type<SourcePassage[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    reviewedBy: integer('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: ts('reviewed_at'),
    reviewNote: text('review_note'),
    /** The item-bank item an approved quiz item became. */
    itemId: integer('item_id').references(() => items.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('generation_drafts_status_idx').on(t.status, t.id),
    check('generation_drafts_kind_check', sql`${t.kind} in ('outline', 'item', 'case')`),
    check('generation_drafts_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('generation_drafts_origin_check', sql`${t.origin} in ('offline', 'model')`),
  ],
);
