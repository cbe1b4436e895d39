/**
 * AI provider administration (issue 6 §1, ADR 0016): the settings (key sealed at rest, never sent
 * back), a connection test, the call log and the usage report. Admin only (the routes say so).
 */
import type { AiCallItem, aiCallsQuery, aiSettingsBody, AiSettingsView, aiTestBody, AiTestResult, AiUsageReport, Page } from '@xueli/contracts';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { aiCallLogger, aiCallMeter } from '../../lib/ai/calls.ts';
import { openAiCompatibleProvider, type AiSettings } from '../../lib/ai/provider.ts';
import { invalidateAiSettings, loadAiSettingsRow, openAiKey, resolveAiSettings, settingsFromRow } from '../../lib/ai/runtime.ts';
import { sealSecret, SECRET_PURPOSES, serverSecretFor } from '../../lib/secrets.ts';
import * as repo from './ai.repo.ts';

/** Defaults shown when nothing is configured (the column defaults of `ai_settings`). */
const DEFAULTS = { timeoutMs: 30_000, userRateLimitPerMinute: 20, monthlyTokenBudget: null, redactPii: true } as const;

/** The settings in force, without the key. */
export async function aiSettingsViewer(deps: Deps): Promise<AiSettingsView> {
  const r = await resolveAiSettings(deps);
  if (r.row) {
    const row = r.row;
    return {
      source: 'database',
      mode: row.mode,
      baseUrl: row.baseUrl,
      apiKeySet: row.apiKeySealed != null,
      apiKeyReadable: row.apiKeySealed != null && r.keyProblem == null,
      keyProblem: r.keyProblem,
      chatModel: row.chatModel,
      embeddingModel: row.embeddingModel,
      timeoutMs: row.timeoutMs,
      userRateLimitPerMinute: row.userRateLimitPerMinute,
      monthlyTokenBudget: row.monthlyTokenBudget ?? null,
      redactPii: row.redactPii,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
  const env = deps.config.ai;
  if (env) {
    // The environment has no limits or redaction: as before issue 6.
    return {
      source: 'environment',
      mode: 'openai',
      baseUrl: env.baseUrl,
      apiKeySet: env.apiKey != null,
      apiKeyReadable: env.apiKey != null,
      keyProblem: null,
      chatModel: env.chatModel,
      embeddingModel: env.embeddingModel,
      timeoutMs: env.timeoutMs,
      userRateLimitPerMinute: 0,
      monthlyTokenBudget: null,
      redactPii: false,
      updatedAt: null,
    };
  }
  return { source: 'none', mode: 'offline', baseUrl: null, apiKeySet: false, apiKeyReadable: false, keyProblem: null, chatModel: null, embeddingModel: null, ...DEFAULTS, updatedAt: null };
}

/** Saves the settings (all fields; the key: a string sets, null clears, absent keeps). */
export async function aiSettingsSaver(deps: Deps, p: { actor: Actor; requestId?: string; body: z.output<typeof aiSettingsBody> }): Promise<AiSettingsView> {
  const b = p.body;
  const secret = serverSecretFor(deps.config);
  await deps.db.transaction(async (tx) => {
    const existing = await loadAiSettingsRow(tx);
    const apiKeySealed = b.apiKey === undefined ? (existing?.apiKeySealed ?? null) : b.apiKey === null ? null : sealSecret(b.apiKey, SECRET_PURPOSES.aiProviderApiKey, secret);
    const values = {
      mode: b.mode,
      baseUrl: b.baseUrl ?? null,
      apiKeySealed,
      chatModel: b.chatModel ?? null,
      embeddingModel: b.embeddingModel ?? null,
      timeoutMs: b.timeoutMs,
      userRateLimitPerMinute: b.userRateLimitPerMinute,
      monthlyTokenBudget: b.monthlyTokenBudget,
      redactPii: b.redactPii,
      updatedBy: p.actor.userId,
    };
    await repo.upsertAiSettings(tx, values);
    await recordAudit(tx, {
      actorUserId: p.actor.userId,
      action: 'ai.settings.update',
      entity: 'ai_settings',
      entityId: 1,
      requestId: p.requestId ?? null,
      // Never the key: only what happened to it.
      details: {
        mode: b.mode,
        baseUrl: values.baseUrl,
        chatModel: values.chatModel,
        embeddingModel: values.embeddingModel,
        timeoutMs: values.timeoutMs,
        userRateLimitPerMinute: values.userRateLimitPerMinute,
        monthlyTokenBudget: values.monthlyTokenBudget,
        redactPii: values.redactPii,
        apiKey: b.apiKey === undefined ? 'kept' : b.apiKey === null ? 'cleared' : 'replaced',
      },
    });
  });
  invalidateAiSettings(deps.db);
  return aiSettingsViewer(deps);
}

const TEST_FEATURE = 'admin.test_connection';
const anyObject = z.record(z.string(), z.unknown());

/**
 * Tries the posted settings (or the saved ones) with a tiny chat call and, when an embedding model
 * is set, an embedding call. Never throws for a provider problem: the reason is in the result.
 * The calls are logged (feature `admin.test_connection`) but not limited by the rate limit or budget.
 */
export async function aiConnectionTester(deps: Deps, p: { actor: Actor; body: z.output<typeof aiTestBody> }): Promise<AiTestResult> {
  let settings: AiSettings | null;
  let problem: string | null = null;
  const posted = p.body.settings;
  if (posted) {
    let apiKey: string | null;
    if (posted.apiKey !== undefined) apiKey = posted.apiKey;
    else {
      const row = await loadAiSettingsRow(deps.db);
      const opened = row ? openAiKey(deps, row.apiKeySealed) : { key: deps.config.ai?.apiKey ?? null, problem: null };
      apiKey = opened.key;
      problem = opened.problem;
    }
    settings = settingsFromRow({ ...posted, baseUrl: posted.baseUrl ?? null, chatModel: posted.chatModel ?? null, embeddingModel: posted.embeddingModel ?? null }, apiKey);
  } else {
    const r = await resolveAiSettings(deps);
    settings = r.settings;
    problem = r.keyProblem;
  }
  if (!settings) {
    const error = problem ? `The saved API key cannot be opened: ${problem}` : 'No AI provider is configured (mode offline)';
    return { ok: false, chat: { ok: false, model: null, latencyMs: null, error, kind: 'not_configured' }, embeddings: null };
  }
  if (problem) {
    const error = `The saved API key cannot be opened: ${problem}; enter the key again`;
    return { ok: false, chat: { ok: false, model: settings.chatModel, latencyMs: null, error, kind: 'not_configured' }, embeddings: null };
  }
  const fixed = settings;
  const provider = openAiCompatibleProvider({ settings: () => fixed, log: aiCallLogger(deps.db) });
  const ctx = { feature: TEST_FEATURE, actorUserId: p.actor.userId, subject: 'connection-test' };
  const chat = await provider.chatJson({ ...ctx, system: 'You are a connectivity check. Reply with the JSON object {"ok": true} and nothing else.', user: 'ping', schema: anyObject, maxTokens: 20 });
  const chatProbe = chat.ok
    ? { ok: true, model: chat.model, latencyMs: chat.latencyMs, error: null, kind: null }
    : { ok: false, model: fixed.chatModel, latencyMs: chat.latencyMs, error: chat.message, kind: chat.kind };
  let embeddings: AiTestResult['embeddings'] = null;
  if (fixed.embeddingModel) {
    const e = await provider.embed({ ...ctx, inputs: ['connection test'] });
    embeddings = e.ok
      ? { ok: true, model: e.model, latencyMs: e.latencyMs, error: null, kind: null, dimensions: e.data[0]?.length ?? null }
      : { ok: false, model: fixed.embeddingModel, latencyMs: e.latencyMs, error: e.message, kind: e.kind, dimensions: null };
  }
  return { ok: chatProbe.ok && (embeddings?.ok ?? true), chat: chatProbe, embeddings };
}

/** The call log, newest first. */
export async function aiCallLister(deps: Deps, q: z.output<typeof aiCallsQuery>): Promise<Page<AiCallItem>> {
  const { rows, total } = await repo.callPage(deps.db, q);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total, page: q.page, pageSize: q.pageSize };
}

const MONTHS = 6;

/** Per month (the last 6, newest first) × feature; and this month's tokens against the budget. */
export async function aiUsageReporter(deps: Deps): Promise<AiUsageReport> {
  const [counts, latency, month, tokens, resolved] = await Promise.all([
    repo.usageByMonth(deps.db, MONTHS - 1),
    repo.latencyByMonth(deps.db, MONTHS - 1),
    repo.currentMonth(deps.db),
    aiCallMeter(deps.db).monthTokens(),
    resolveAiSettings(deps),
  ]);
  const rows = new Map<string, AiUsageReport['rows'][number]>();
  for (const c of counts) {
    const k = `${c.month}\u0000${c.feature}`;
    let r = rows.get(k);
    if (!r) {
      r = { month: c.month, feature: c.feature, calls: 0, failures: {}, promptTokens: 0, completionTokens: 0, p50LatencyMs: null, p95LatencyMs: null };
      rows.set(k, r);
    }
    r.calls += c.calls;
    r.promptTokens += c.prompt;
    r.completionTokens += c.completion;
    if (c.outcome !== 'ok') r.failures[c.outcome] = (r.failures[c.outcome] ?? 0) + c.calls;
  }
  for (const l of latency) {
    const r = rows.get(`${l.month}\u0000${l.feature}`);
    if (r) {
      r.p50LatencyMs = l.p50;
      r.p95LatencyMs = l.p95;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => b.month.localeCompare(a.month) || (b.promptTokens + b.completionTokens) - (a.promptTokens + a.completionTokens) || a.feature.localeCompare(b.feature));
  return { rows: sorted, thisMonth: { month, tokens, budget: resolved.row ? (resolved.row.monthlyTokenBudget ?? null) : null } };
}
