/**
 * AI provider calls (ADR 0010): one row per call to the configured model, whatever its outcome,
 * so an administrator can see who used which feature, with which model, at what cost in tokens
 * and time, and how often it failed. Neither the prompt nor the answer is stored here.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * `rate_limited`: the provider answered 429, or the caller was over the per-user limit (then no request
 * left the server); `budget_exhausted`: the month's token budget was spent (no request left);
 * `cancelled`: the client went away during a streamed answer.
 */
export const AI_CALL_OUTCOMES = [
  'ok',
  'timeout',
  'http_error',
  'network_error',
  'invalid_json',
  'schema_mismatch',
  'rate_limited',
  'budget_exhausted',
  'cancelled',
] as const;
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
    index('ai_calls_actor_created_idx').on(t.actorUserId, t.createdAt),
    check(
      'ai_calls_outcome_check',
      sql`${t.outcome} in ('ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch', 'rate_limited', 'budget_exhausted', 'cancelled')`,
    ),
    check('ai_calls_latency_nonneg', sql`${t.latencyMs} >= 0`),
  ],
);

export const AI_MODES = ['offline', 'openai'] as const;
export type AiMode = (typeof AI_MODES)[number];

/**
 * The AI provider an administrator configured (issue 6 §1); one row (id 1) or none. With no row the
 * environment (XUELI_AI_*) decides, as before. The API key is stored sealed (lib/secrets.ts) and never
 * leaves the server.
 */
export const aiSettings = pgTable(
  'ai_settings',
  {
    id: integer('id').primaryKey(),
    /** offline: no call ever leaves the server; openai: an OpenAI-compatible endpoint. */
    mode: text('mode').$type<AiMode>().notNull().default('offline'),
    /** e.g. https://api.openai.com/v1, without a trailing slash. */
    baseUrl: text('base_url'),
    /** sealSecret(apiKey) — AES-256-GCM under the server secret; null: no Authorization header. */
    apiKeySealed: text('api_key_sealed'),
    chatModel: text('chat_model'),
    /** null: no vector retrieval (lexical only). */
    embeddingModel: text('embedding_model'),
    timeoutMs: integer('timeout_ms').notNull().default(30000),
    /** Calls per user per minute; 0: no limit. */
    userRateLimitPerMinute: integer('user_rate_limit_per_minute').notNull().default(20),
    /** Prompt + completion tokens per calendar month (UTC); null: no budget. */
    monthlyTokenBudget: bigint('monthly_token_budget', { mode: 'number' }),
    /** Replace e-mail addresses, phone, ID and card numbers before a prompt leaves the network. */
    redactPii: boolean('redact_pii').notNull().default(true),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('ai_settings_singleton', sql`${t.id} = 1`),
    check('ai_settings_mode_check', sql`${t.mode} in ('offline', 'openai')`),
    check('ai_settings_timeout_range', sql`${t.timeoutMs} between 1000 and 600000`),
    check('ai_settings_rate_nonneg', sql`${t.userRateLimitPerMinute} >= 0`),
    check('ai_settings_budget_nonneg', sql`${t.monthlyTokenBudget} is null or ${t.monthlyTokenBudget} >= 0`),
  ],
);
