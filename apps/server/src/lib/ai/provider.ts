/**
 * The AI provider port (ADR 0010): one OpenAI-compatible chat-completions call that must answer
 * with a JSON object, validated with a zod schema. A call never throws into its caller: it
 * returns the data with its token usage and latency, or a typed failure (timeout, HTTP error,
 * network error, invalid JSON, schema mismatch). Every call, whatever its outcome, is reported to
 * the call log (the `ai_calls` table).
 *
 * Where the settings come from is the `AiSettingsSource`: today the environment (config.ts);
 * later the database (issue #6, provider settings in the admin UI). Callers only see `AiProvider`.
 */
import type { z } from 'zod';
import type { AiCallOutcome } from '../../db/schema/ai.ts';

/** How to reach the model. */
export interface AiSettings {
  /** Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 (no trailing slash). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; null: no header (a local server). */
  apiKey: string | null;
  chatModel: string;
  timeoutMs: number;
}

/** Settings now; null: no provider is configured (offline). Read on every call. */
export type AiSettingsSource = () => AiSettings | null | Promise<AiSettings | null>;

export interface AiUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Who caused a call and what for; kept in the call log. */
export interface AiCallContext {
  /** e.g. "grading.short_answer". */
  feature: string;
  actorUserId: number | null;
  /** e.g. "attempt:12/item:7". */
  subject?: string | null;
}

export interface ChatJsonRequest<T> extends AiCallContext {
  /** Rules for the model. */
  system: string;
  /** The task and its data. */
  user: string;
  /** What the model's JSON must be; anything else is a `schema_mismatch`. */
  schema: z.ZodType<T>;
  maxTokens?: number;
}

export type AiFailureKind = Exclude<AiCallOutcome, 'ok'> | 'not_configured';

export type AiResult<T> =
  | { ok: true; data: T; usage: AiUsage; latencyMs: number; model: string }
  | { ok: false; kind: AiFailureKind; message: string; httpStatus: number | null; usage: AiUsage | null; latencyMs: number; model: string | null };

/** One row of the call log. */
export interface AiCallRecord extends AiCallContext {
  model: string;
  outcome: AiCallOutcome;
  httpStatus: number | null;
  usage: AiUsage | null;
  latencyMs: number;
  error: string | null;
}

/** Writes a call record; must not throw (a failed log write never fails the feature). */
export type AiCallLogger = (record: AiCallRecord) => Promise<void>;

export interface AiProvider {
  /** Whether a provider is configured now. */
  available(): Promise<boolean>;
  chatJson<T>(req: ChatJsonRequest<T>): Promise<AiResult<T>>;
}

const NO_USAGE: AiUsage = { promptTokens: null, completionTokens: null };
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Parses the model's message content as JSON (tolerating a ``` fence around it). */
function parseContent(content: string): { ok: true; value: unknown } | { ok: false } {
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** An OpenAI-compatible chat-completions client on Node's fetch. */
export function openAiCompatibleProvider(opts: { settings: AiSettingsSource; log?: AiCallLogger; fetch?: typeof fetch }): AiProvider {
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? (async () => undefined);
  return {
    async available() {
      return (await opts.settings()) != null;
    },
    async chatJson<T>(req: ChatJsonRequest<T>): Promise<AiResult<T>> {
      const s = await opts.settings();
      if (!s) return { ok: false, kind: 'not_configured', message: 'No AI provider is configured', httpStatus: null, usage: null, latencyMs: 0, model: null };
      const started = performance.now();
      const finish = async (r: AiResult<T>): Promise<AiResult<T>> => {
        await log({
          feature: req.feature,
          actorUserId: req.actorUserId,
          subject: req.subject ?? null,
          model: s.chatModel,
          outcome: r.ok ? 'ok' : (r.kind as AiCallOutcome),
          httpStatus: r.ok ? 200 : r.httpStatus,
          usage: r.usage,
          latencyMs: r.latencyMs,
          error: r.ok ? null : clip(r.message),
        });
        return r;
      };
      const elapsed = () => Math.round(performance.now() - started);
      const fail = (kind: Exclude<AiFailureKind, 'not_configured'>, message: string, httpStatus: number | null = null, usage: AiUsage | null = null) =>
        finish({ ok: false, kind, message, httpStatus, usage, latencyMs: elapsed(), model: s.chatModel });

      let status: number | null = null;
      let body: unknown;
      try {
        // One signal for the whole exchange: connecting, waiting and reading the body.
        const res = await doFetch(`${s.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(s.apiKey ? { authorization: `Bearer ${s.apiKey}` } : {}) },
          body: JSON.stringify({
            model: s.chatModel,
            messages: [
              { role: 'system', content: req.system },
              { role: 'user', content: req.user },
            ],
            response_format: { type: 'json_object' },
            temperature: 0,
            ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
          }),
          signal: AbortSignal.timeout(s.timeoutMs),
        });
        status = res.status;
        const text = await res.text();
        if (!res.ok) return await fail('http_error', `HTTP ${res.status}: ${text}`, res.status);
        try {
          body = JSON.parse(text);
        } catch {
          return await fail('invalid_json', 'The provider answered with something other than JSON', status);
        }
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', `No answer within ${s.timeoutMs} ms`, status);
        return fail('network_error', e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e), status);
      }

      const b = body as { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null;
      const usage: AiUsage = b?.usage ? { promptTokens: num(b.usage.prompt_tokens), completionTokens: num(b.usage.completion_tokens) } : NO_USAGE;
      const content = b?.choices?.[0]?.message?.content;
      if (typeof content !== 'string') return fail('schema_mismatch', 'The reply has no choices[0].message.content', status, usage);
      const parsed = parseContent(content);
      if (!parsed.ok) return fail('invalid_json', `The model's answer is not JSON: ${clip(content, 120)}`, status, usage);
      const checked = req.schema.safeParse(parsed.value);
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        return fail('schema_mismatch', `The model's JSON does not fit: ${issues}`, status, usage);
      }
      return finish({ ok: true, data: checked.data, usage, latencyMs: elapsed(), model: s.chatModel });
    },
  };
}

/** The settings from the environment (config.ts); null when XUELI_AI_BASE_URL is unset. */
export function envAiSettings(ai: { baseUrl: string; apiKey: string | null; chatModel: string; timeoutMs: number } | null): AiSettingsSource {
  const fixed: AiSettings | null = ai ? { baseUrl: ai.baseUrl, apiKey: ai.apiKey, chatModel: ai.chatModel, timeoutMs: ai.timeoutMs } : null;
  return () => fixed;
}
