/**
 * The server's AI provider (ADR 0016): `aiProviderFor(deps)` — one provider per database, whose
 * settings are the `ai_settings` row an administrator edits at /admin/ai when there is one, else
 * the environment (XUELI_AI_*), else none (offline). The row is read at most every few seconds per
 * database and re-read at once after a save in this process (`invalidateAiSettings`); other
 * processes see a change within `SETTINGS_TTL_MS`. Calls are logged in `ai_calls`, and the per-user
 * rate limit and the monthly budget are counted there.
 *
 * Features call `aiProviderFor(deps).chatJson / chatStream / embed` and decide offline vs model with
 * `capabilities()`; none of them reads settings itself.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { aiSettings, type AiMode } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { openSecret, SECRET_PURPOSES, serverSecretFor } from '../secrets.ts';
import { aiCallLogger, aiCallMeter } from './calls.ts';
import { envAiSettings, openAiCompatibleProvider, type AiProvider, type AiSettings } from './provider.ts';

/** How long a read of the settings row is reused. */
export const SETTINGS_TTL_MS = 5_000;

export type AiSettingsRow = typeof aiSettings.$inferSelect;

/** The settings in force and where they come from. */
export interface ResolvedAiSettings {
  /** database: the /admin/ai row; environment: XUELI_AI_*; none: neither (offline). */
  source: 'database' | 'environment' | 'none';
  /** What calls use; null: offline (mode offline, nothing configured, or a key that does not open). */
  settings: AiSettings | null;
  /** The row, when there is one. */
  row: AiSettingsRow | null;
  /** Why the stored key could not be opened (e.g. a backup restored under another server secret). */
  keyProblem: string | null;
}

/** Reads the row; uncached. */
export async function loadAiSettingsRow(db: Db): Promise<AiSettingsRow | null> {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.id, 1));
  return row ?? null;
}

/** Opens a sealed key; `{ key: null, problem }` when it does not open under this server's secret. */
export function openAiKey(deps: Pick<Deps, 'config'>, sealed: string | null): { key: string | null; problem: string | null } {
  if (!sealed) return { key: null, problem: null };
  try {
    return { key: openSecret(sealed, SECRET_PURPOSES.aiProviderApiKey, serverSecretFor(deps.config)), problem: null };
  } catch (e) {
    return { key: null, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** The settings a row describes (mode openai); null for offline or an incomplete row. */
export function settingsFromRow(row: Pick<AiSettingsRow, 'mode' | 'baseUrl' | 'chatModel' | 'embeddingModel' | 'timeoutMs' | 'userRateLimitPerMinute' | 'monthlyTokenBudget' | 'redactPii'> & { mode: AiMode }, apiKey: string | null): AiSettings | null {
  if (row.mode !== 'openai' || !row.baseUrl || !row.chatModel) return null;
  return {
    baseUrl: row.baseUrl,
    apiKey,
    chatModel: row.chatModel,
    embeddingModel: row.embeddingModel ?? null,
    timeoutMs: row.timeoutMs,
    userRateLimitPerMinute: row.userRateLimitPerMinute,
    monthlyTokenBudget: row.monthlyTokenBudget ?? null,
    redactPii: row.redactPii,
  };
}

/** Resolves the settings now (uncached): database row > environment > none. */
export async function resolveAiSettings(deps: Pick<Deps, 'db' | 'config'>): Promise<ResolvedAiSettings> {
  const row = await loadAiSettingsRow(deps.db);
  if (row) {
    const { key, problem } = openAiKey(deps, row.apiKeySealed);
    // A key that no longer opens: offline rather than calling without it.
    const settings = problem ? null : settingsFromRow(row, key);
    return { source: 'database', settings, row, keyProblem: problem };
  }
  const env = envAiSettings(deps.config.ai)() as AiSettings | null;
  return { source: env ? 'environment' : 'none', settings: env, row: null, keyProblem: null };
}

const cache = new WeakMap<Db, { at: number; value: Promise<ResolvedAiSettings> }>();

/** The settings in force, read at most every `SETTINGS_TTL_MS` per database. */
export function currentAiSettings(deps: Pick<Deps, 'db' | 'config'>): Promise<ResolvedAiSettings> {
  const hit = cache.get(deps.db);
  if (hit && performance.now() - hit.at < SETTINGS_TTL_MS) return hit.value;
  const value = resolveAiSettings(deps);
  cache.set(deps.db, { at: performance.now(), value });
  // A failed read is not cached.
  value.catch(() => cache.delete(deps.db));
  return value;
}

/** Forgets the cached settings of a database (call after saving them). */
export function invalidateAiSettings(db: Db): void {
  cache.delete(db);
}

const providers = new WeakMap<Db, AiProvider>();

/**
 * The AI provider for this database (created once). `onLogError` is told when a call record cannot
 * be written (only the first caller's is kept; the composition root passes the app logger).
 */
export function aiProviderFor(deps: Deps, opts: { onLogError?: (e: unknown) => void } = {}): AiProvider {
  let p = providers.get(deps.db);
  if (!p) {
    p = openAiCompatibleProvider({
      settings: async () => (await currentAiSettings(deps)).settings,
      log: aiCallLogger(deps.db, opts.onLogError),
      meter: aiCallMeter(deps.db),
    });
    providers.set(deps.db, p);
  }
  return p;
}
