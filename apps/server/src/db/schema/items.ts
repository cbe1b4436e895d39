/**
 * Assessment context, part 1 (issue 4 §1): the item bank. Each item carries its grading key
 * (the engine's objective key shapes, or the programming key defined in the contracts), its
 * knowledge points (the Q-matrix, `item_kps`), IRT parameters, a review workflow and an
 * append-only version history (`item_versions`, one snapshot per change).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { knowledgePoints } from './skills.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ITEM_TYPES = ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer', 'essay', 'programming'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ITEM_STATUSES = ['draft', 'review', 'active', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const items = pgTable(
  'items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').$type<ItemType>().notNull(),
    /** Markdown. */
    stem: text('stem').notNull(),
    /** Choice items: [{ id, text }] in display order; null otherwise. */
    options: jsonb('options').$type<{ id: string; text: string }[]>(),
    /** The grading key (engine key for objective types, programming key); null for essays. */
    answerKey: jsonb('answer_key').$type<Record<string, unknown>>(),
    /** Essay / short-answer rubric (criteria × levels). */
    rubric: jsonb('rubric').$type<Record<string, unknown>>(),
    explanation: text('explanation').notNull().default(''),
    /** IRT b (2PL difficulty). */
    difficulty: real('difficulty'),
    /** IRT a (2PL discrimination). */
    discrimination: real('discrimination'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').$type<ItemStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('items_type_check', sql`${t.type} in ('single', 'multiple', 'true_false', 'fill_blank', 'short_answer', 'essay', 'programming')`),
    check('items_status_check', sql`${t.status} in ('draft', 'review', 'active', 'retired')`),
    check('items_version_positive', sql`${t.version} >= 1`),
    index('items_status_type_idx').on(t.status, t.type),
  ],
);

/** The Q-matrix: which knowledge points an item measures. */
export const itemKps = pgTable(
  'item_kps',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    kpId: integer('kp_id')
      .notNull()
      .references(() => knowledgePoints.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.kpId] }), index('item_kps_kp_idx').on(t.kpId)],
);

/** One snapshot (the author view) per change of an item, version 1 being its creation. */
export const itemVersions = pgTable(
  'item_versions',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    changedBy: integer('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedAt: ts('changed_at').notNull().defaultNow(),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] })],
);
