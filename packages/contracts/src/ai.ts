/**
 * AI provider settings, test connection, call log and usage (issue 6 §1, ADR 0016). Admin only.
 * The API key is write-only: responses say whether one is set and whether it still opens.
 */
import { z } from 'zod';
import { isoDate, page, pageQuery } from './common.ts';

export const AI_MODE_VALUES = ['offline', 'openai'] as const;
export const aiModeSchema = z.enum(AI_MODE_VALUES);
export type AiModeValue = z.infer<typeof aiModeSchema>;

/** Outcomes of an AI call as logged (the `ai_calls.outcome` values). */
export const AI_OUTCOME_VALUES = ['ok', 'timeout', 'http_error', 'network_error', 'invalid_json', 'schema_mismatch', 'rate_limited', 'budget_exhausted', 'cancelled'] as const;
export const aiOutcomeSchema = z.enum(AI_OUTCOME_VALUES);
export type AiOutcomeValue = z.infer<typeof aiOutcomeSchema>;

export const AI_TIMEOUT_MIN_MS = 1_000;
export const AI_TIMEOUT_MAX_MS = 600_000;

const modelName = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');

/** An http(s) base URL; trailing slashes are removed (https://host/v1/ → https://host/v1). */
export const aiBaseUrl = z
  .string()
  .trim()
  .max(2000, 'at most 2000 characters')
  .regex(/^https?:\/\/[^\s/?#@]+(?:\/[^\s?#]*)?$/i, 'must be an http:// or https:// URL without query or fragment, e.g. https://api.openai.com/v1')
  .transform((s) => s.replace(/\/+$/, ''));

const settingsFields = {
  mode: aiModeSchema,
  baseUrl: aiBaseUrl.nullable().optional(),
  chatModel: modelName.nullable().optional(),
  /** null/absent: no embeddings (the knowledge base then retrieves lexically only). */
  embeddingModel: modelName.nullable().optional(),
  timeoutMs: z
    .number()
    .int('whole milliseconds')
    .min(AI_TIMEOUT_MIN_MS, 'the timeout must be between 1 and 600 seconds')
    .max(AI_TIMEOUT_MAX_MS, 'the timeout must be between 1 and 600 seconds')
    .default(30_000),
  /** Calls per user per minute; 0: no limit. */
  userRateLimitPerMinute: z.number().int('a whole number').min(0, 'must be 0 (no limit) or more').max(100_000).default(20),
  /** Prompt + completion tokens per UTC month; null: no budget. */
  monthlyTokenBudget: z.number().int('a whole number').min(0, 'must be 0 or more, or null for no budget').max(1e15).nullable().default(null),
  redactPii: z.boolean().default(true),
};

const needsEndpoint = (v: { mode: AiModeValue; baseUrl?: string | null | undefined; chatModel?: string | null | undefined }, ctx: z.RefinementCtx) => {
  if (v.mode !== 'openai') return;
  if (!v.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'required for an OpenAI-compatible endpoint' });
  if (!v.chatModel) ctx.addIssue({ code: 'custom', path: ['chatModel'], message: 'required for an OpenAI-compatible endpoint (e.g. gpt-4o-mini)' });
};

/**
 * PUT /admin/ai/settings. `apiKey`: a string sets it, null clears it, absent keeps the stored one.
 */
export const aiSettingsBody = z
  .strictObject({
    ...settingsFields,
    apiKey: z.string().trim().min(1, 'must not be empty (send null to clear the key)').max(1000, 'at most 1000 characters').nullable().optional(),
  })
  .superRefine(needsEndpoint);
export type AiSettingsBody = z.input<typeof aiSettingsBody>;

/** POST /admin/ai/settings/test: settings to try (absent: the saved ones); without apiKey the saved key is used. */
export const aiTestBody = z.strictObject({
  settings: z
    .strictObject({
      ...settingsFields,
      mode: z.literal('openai'),
      apiKey: z.string().trim().min(1).max(1000).nullable().optional(),
    })
    .superRefine(needsEndpoint)
    .optional(),
});
export type AiTestBody = z.input<typeof aiTestBody>;

export const aiSettingsView = z.object({
  /** Where the settings in force come from: the saved row, the XUELI_AI_* environment, or nowhere (offline). */
  source: z.enum(['database', 'environment', 'none']),
  mode: aiModeSchema,
  baseUrl: z.string().nullable(),
  apiKeySet: z.boolean(),
  /** false when the stored key no longer opens (e.g. a backup restored under another server secret). */
  apiKeyReadable: z.boolean(),
  keyProblem: z.string().nullable(),
  chatModel: z.string().nullable(),
  embeddingModel: z.string().nullable(),
  timeoutMs: z.number().int(),
  userRateLimitPerMinute: z.number().int(),
  monthlyTokenBudget: z.number().int().nullable(),
  redactPii: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type AiSettingsView = z.infer<typeof aiSettingsView>;

const probe = z.object({
  ok: z.boolean(),
  model: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  /** A readable reason when ok is false. */
  error: z.string().nullable(),
  /** The failure kind (timeout, http_error, network_error, …) when ok is false. */
  kind: z.string().nullable(),
});

export const aiTestResult = z.object({
  ok: z.boolean(),
  chat: probe,
  /** null: no embedding model to test. */
  embeddings: probe.extend({ dimensions: z.number().int().nullable() }).nullable(),
});
export type AiTestResult = z.infer<typeof aiTestResult>;

export const aiCallsQuery = z.strictObject({
  feature: z.string().trim().min(1).max(100).optional(),
  outcome: aiOutcomeSchema.optional(),
  userId: z.coerce.number().int().positive().max(2147483647).optional(),
  /** From this day (UTC), inclusive. */
  from: isoDate.optional(),
  /** To this day (UTC), inclusive. */
  to: isoDate.optional(),
  ...pageQuery,
});
export type AiCallsQuery = z.input<typeof aiCallsQuery>;

export const aiCallItem = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  feature: z.string(),
  subject: z.string().nullable(),
  model: z.string(),
  outcome: aiOutcomeSchema,
  httpStatus: z.number().int().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
});
export type AiCallItem = z.infer<typeof aiCallItem>;
export const aiCallPage = page(aiCallItem);

export const aiUsageRow = z.object({
  /** YYYY-MM (UTC). */
  month: z.string(),
  feature: z.string(),
  calls: z.number().int(),
  /** Calls by outcome other than ok, e.g. { timeout: 2 }. */
  failures: z.record(z.string(), z.number().int()),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  p50LatencyMs: z.number().int().nullable(),
  p95LatencyMs: z.number().int().nullable(),
});
export type AiUsageRow = z.infer<typeof aiUsageRow>;

export const aiUsageReport = z.object({
  /** The last 6 months (UTC), newest first, one row per month and feature that had calls. */
  rows: z.array(aiUsageRow),
  thisMonth: z.object({
    month: z.string(),
    tokens: z.number().int(),
    /** null: no budget. */
    budget: z.number().int().nullable(),
  }),
});
export type AiUsageReport = z.infer<typeof aiUsageReport>;
