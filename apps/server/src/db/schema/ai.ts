/**
 * AI provider calls (ADR 0010): one row per call to the configured model, whatever its outcome,
 * so an administrator can see who used which feature, with which model, at what cost in tokens
 * and time, and how often it failed. Neither the prompt nor the answer is stored here.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const AI_CALL_OUTCOMES = ['ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch'] as const;
export type AiCallOutcome = (typeof AI_CALL_OUTCOMES)[number];

export const aiCalls = pgTable(
  'ai_calls',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Who caused the call (the candidate who submitted, a grader); null: the server itself (deadline sweep). */
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** e.g. "grading.short_answer", "grading.essay". */
    feature: text('feature').notNull(),
    /** What the call was about, e.g. "attempt:12/item:7". */
    subject: text('subject'),
    model: text('model').notNull(),
    outcome: text('outcome').$type<AiCallOutcome>().notNull(),
    /** The provider's HTTP status, when it answered. */
    httpStatus: integer('http_status'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    latencyMs: integer('latency_ms').notNull(),
    /** A short reason when the outcome is not ok. */
    error: text('error'),
  },
  (t) => [
    index('ai_calls_created_idx').on(t.createdAt),
    index('ai_calls_feature_created_idx').on(t.feature, t.createdAt),
    check('ai_calls_outcome_check', sql`${t.outcome} in ('ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch')`),
    check('ai_calls_latency_nonneg', sql`${t.latencyMs} >= 0`),
  ],
);
