/**
 * The AI provider port (ADR 0010, ADR 0016): an OpenAI-compatible client with three calls —
 * `chatJson` (one answer that must be a JSON object, validated with a zod schema), `chatStream`
 * (text deltas as they arrive) and `embed` (vectors). No call ever throws into its caller: each
 * returns its data with token usage and latency, or a typed failure. Every call, whatever its
 * outcome, is reported once to the call log (the `ai_calls` table).
 *
 * Before a request leaves the server the port checks the per-user rate limit and the monthly token
 * budget (through an `AiMeter`, counted from `ai_calls` so several processes agree) and, when the
 * settings ask for it, replaces personal data in every message (redact.ts).
 *
 * Where the settings come from is the `AiSettingsSource`, read on every call: runtime.ts gives the
 * database row an administrator edits at /admin/ai, else the environment. Callers only see
 * `AiProvider` — get one with `aiProviderFor(deps)` (runtime.ts).
 */
import type { z } from 'zod';
import type { AiCallOutcome } from '../../db/schema/ai.ts';
import { redactPii } from './redact.ts';

/** How to reach the model, and the limits that apply. */
export interface AiSettings {
  /** Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 (no trailing slash). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; null: no header (a local server). */
  apiKey: string | null;
  chatModel: string;
  /** Model for POST /embeddings; null/absent: no embeddings (`embed` answers `not_configured`). */
  embeddingModel?: string | null;
  /**
   * `chatJson`/`embed`: the whole exchange. `chatStream`: the wait for the first chunk and for
   * each following chunk (an idle timeout), so a long answer that keeps streaming is not cut.
   */
  timeoutMs: number;
  /** Calls per user in any 60 s; 0/absent: no limit. Calls without a user are never limited. */
  userRateLimitPerMinute?: number;
  /** Prompt + completion tokens per UTC calendar month, all users; null/absent: no budget. */
  monthlyTokenBudget?: number | null;
  /** Replace e-mail addresses, mobile, ID and card numbers in every message before sending. */
  redactPii?: boolean;
}

/** Settings now; null: no provider is configured (offline). Read on every call. */
export type AiSettingsSource = () => AiSettings | null | Promise<AiSettings | null>;

export interface AiUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Who caused a call and what for; kept in the call log. */
export interface AiCallContext {
  /** e.g. "grading.short_answer", "tutor.answer", "kb.embed". */
  feature: string;
  /** The user the call is for; counts against their rate limit. null: the server itself. */
  actorUserId: number | null;
  /** e.g. "attempt:12/item:7". */
  subject?: string | null;
}

/** An earlier turn of a conversation, sent between the system and the user message. */
export interface AiChatTurn {
  role: 'user' | 'assistant';
  content: string;
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

export interface ChatStreamRequest extends AiCallContext {
  /** Rules for the model. */
  system: string;
  /** Earlier turns (oldest first), if any. */
  history?: AiChatTurn[];
  /** The question now. */
  user: string;
  maxTokens?: number;
  /** Aborting it ends the stream with outcome `cancelled` (e.g. the browser went away). */
  signal?: AbortSignal;
}

export interface EmbedRequest extends AiCallContext {
  /** Texts to embed; sent in batches of `EMBED_BATCH`; the vectors come back in the same order. */
  inputs: string[];
}

export type AiFailureKind = Exclude<AiCallOutcome, 'ok'> | 'not_configured';

export type AiResult<T> =
  | { ok: true; data: T; usage: AiUsage; latencyMs: number; model: string }
  | { ok: false; kind: AiFailureKind; message: string; httpStatus: number | null; usage: AiUsage | null; latencyMs: number; model: string | null };

/** How a stream ended: always the last event of `chatStream`. */
export type ChatStreamOutcome =
  | {
      ok: true;
      /** The whole answer (the deltas joined). */
      text: string;
      usage: AiUsage;
      /** From the call to the end of the stream. */
      latencyMs: number;
      /** From the call to the first text delta; null when the answer was empty. */
      firstTokenMs: number | null;
      model: string;
      /** The provider's finish_reason of the last choice (e.g. "stop", "length"), when given. */
      finishReason: string | null;
    }
  | {
      ok: false;
      kind: AiFailureKind;
      message: string;
      httpStatus: number | null;
      /** What arrived before the failure ('' when it failed before the first token). */
      text: string;
      usage: AiUsage | null;
      latencyMs: number;
      /** null: failed before the first token — the caller can fall back (e.g. to the offline answer). */
      firstTokenMs: number | null;
      model: string | null;
    };

/** `chatStream` yields text deltas in order, then exactly one `done`. */
export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'done'; outcome: ChatStreamOutcome };

/** What a caller may use now, without making a call. */
export interface AiCapabilities {
  /** chatJson/chatStream can reach a model. */
  chat: boolean;
  /** embed can reach a model. */
  embeddings: boolean;
  chatModel: string | null;
  embeddingModel: string | null;
}

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

/** Counts used by the rate limit and the budget (calls.ts counts them in `ai_calls`). */
export interface AiMeter {
  /** Calls by this user in the last `windowMs` that were sent to the provider. */
  recentUserCalls(userId: number, windowMs: number): Promise<number>;
  /** Prompt + completion tokens of all calls this UTC calendar month. */
  monthTokens(): Promise<number>;
}

/**
 * The port. Get the server's with `aiProviderFor(deps)` (runtime.ts). None of the calls throws.
 */
export interface AiProvider {
  /** Whether a chat model is configured now. */
  available(): Promise<boolean>;
  /** What is configured now: decide offline vs model without making a call. */
  capabilities(): Promise<AiCapabilities>;
  /**
   * One chat completion in JSON mode, validated with `req.schema`. An answer that is not JSON is
   * asked for once more; a second failure is `invalid_json`. Logged once (tokens of both tries).
   */
  chatJson<T>(req: ChatJsonRequest<T>): Promise<AiResult<T>>;
  /**
   * A streamed chat completion: `{ type: 'delta', text }` events as the model writes, then one
   * `{ type: 'done', outcome }` with usage, latency and the time to the first token. Failures
   * (including `not_configured`, `rate_limited`, `budget_exhausted`, `timeout`) arrive as the
   * `done` outcome, never as an exception. Aborting `req.signal`, or leaving the loop early, ends
   * the request and logs `cancelled`. Logged once, when the stream ends.
   */
  chatStream(req: ChatStreamRequest): AsyncIterable<ChatStreamEvent>;
  /** Vectors for `req.inputs` (same order) with the embedding model; `not_configured` without one. */
  embed(req: EmbedRequest): Promise<AiResult<number[][]>>;
}

/** Inputs per /embeddings request. */
export const EMBED_BATCH = 64;
/** The rate limit's window. */
export const RATE_WINDOW_MS = 60_000;

const NO_USAGE: AiUsage = { promptTokens: null, completionTokens: null };
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
const addUsage = (a: AiUsage | null, b: AiUsage | null): AiUsage | null => {
  if (!a) return b;
  if (!b) return a;
  const plus = (x: number | null, y: number | null) => (x == null && y == null ? null : (x ?? 0) + (y ?? 0));
  return { promptTokens: plus(a.promptTokens, b.promptTokens), completionTokens: plus(a.completionTokens, b.completionTokens) };
};
const usageOf = (u: unknown): AiUsage | null => {
  if (!u || typeof u !== 'object') return null;
  const o = u as { prompt_tokens?: unknown; completion_tokens?: unknown };
  return { promptTokens: num(o.prompt_tokens), completionTokens: num(o.completion_tokens) };
};
const errorText = (e: unknown) => (e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e));

/** Parses the model's message content as JSON (tolerating a ``` fence around it). */
function parseContent(content: string): { ok: true; value: unknown } | { ok: false } {
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type Failure = { ok: false; kind: Exclude<AiFailureKind, 'not_configured'>; message: string; httpStatus: number | null; usage: AiUsage | null };

/** The failure for a non-2xx answer: 429 is `rate_limited`, anything else `http_error`. */
const httpFailure = (status: number, body: string): Failure => ({
  ok: false,
  kind: status === 429 ? 'rate_limited' : 'http_error',
  message: `HTTP ${status}: ${clip(body, 200)}`,
  httpStatus: status,
  usage: null,
});

const headersFor = (s: AiSettings, accept: string) => ({
  'content-type': 'application/json',
  accept,
  ...(s.apiKey ? { authorization: `Bearer ${s.apiKey}` } : {}),
});

/** An OpenAI-compatible client on Node's fetch. */
export function openAiCompatibleProvider(opts: {
  settings: AiSettingsSource;
  log?: AiCallLogger;
  /** Rate limit and budget counts; absent: neither is enforced. */
  meter?: AiMeter;
  fetch?: typeof fetch;
}): AiProvider {
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? (async () => undefined);
  const redactIf = (s: AiSettings) => (s.redactPii ? redactPii : (t: string) => t);

  const record = (ctx: AiCallContext, model: string, r: { ok: boolean; kind?: string; message?: string; httpStatus: number | null; usage: AiUsage | null; latencyMs: number }) =>
    log({
      feature: ctx.feature,
      actorUserId: ctx.actorUserId,
      subject: ctx.subject ?? null,
      model,
      outcome: r.ok ? 'ok' : (r.kind as AiCallOutcome),
      httpStatus: r.httpStatus,
      usage: r.usage,
      latencyMs: r.latencyMs,
      error: r.ok ? null : clip(r.message ?? ''),
    });

  /** The rate limit and the budget, checked before anything is sent; a refusal is a failure to log. */
  async function refusal(s: AiSettings, ctx: AiCallContext): Promise<Failure | null> {
    if (!opts.meter) return null;
    try {
      const limit = s.userRateLimitPerMinute ?? 0;
      if (limit > 0 && ctx.actorUserId != null) {
        const recent = await opts.meter.recentUserCalls(ctx.actorUserId, RATE_WINDOW_MS);
        if (recent >= limit) {
          return { ok: false, kind: 'rate_limited', message: `Per-user limit reached: ${limit} AI calls a minute; try again shortly`, httpStatus: null, usage: null };
        }
      }
      const budget = s.monthlyTokenBudget;
      if (budget != null) {
        const used = await opts.meter.monthTokens();
        if (used >= budget) {
          return { ok: false, kind: 'budget_exhausted', message: `This month's AI token budget is spent (${used} of ${budget} tokens)`, httpStatus: null, usage: null };
        }
      }
    } catch (e) {
      // A meter that cannot count must not silently lift the limits.
      return { ok: false, kind: 'network_error', message: `Could not check the AI limits: ${errorText(e)}`, httpStatus: null, usage: null };
    }
    return null;
  }

  /** POST a JSON body, read the whole answer under one timeout. */
  async function postJson(s: AiSettings, path: string, body: unknown): Promise<{ ok: true; status: number; json: unknown; text: string } | Failure> {
    let status: number | null = null;
    try {
      const res = await doFetch(`${s.baseUrl}${path}`, {
        method: 'POST',
        headers: headersFor(s, 'application/json'),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(s.timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      if (!res.ok) return httpFailure(res.status, text);
      try {
        return { ok: true, status, json: JSON.parse(text), text };
      } catch {
        return { ok: false, kind: 'invalid_json', message: 'The provider answered with something other than JSON', httpStatus: status, usage: null };
      }
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, kind: 'timeout', message: `No answer within ${s.timeoutMs} ms`, httpStatus: status, usage: null };
      return { ok: false, kind: 'network_error', message: errorText(e), httpStatus: status, usage: null };
    }
  }

  async function chatJsonOnce<T>(s: AiSettings, req: ChatJsonRequest<T>): Promise<{ ok: true; data: T; usage: AiUsage; httpStatus: number } | Failure> {
    const clean = redactIf(s);
    const r = await postJson(s, '/chat/completions', {
      model: s.chatModel,
      messages: [
        { role: 'system', content: clean(req.system) },
        { role: 'user', content: clean(req.user) },
      ],
      response_format: { type: 'json_object' },
      temperature: 0,
      ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
    });
    if (!r.ok) return r;
    const b = r.json as { choices?: { message?: { content?: unknown } }[]; usage?: unknown } | null;
    const usage = usageOf(b?.usage) ?? NO_USAGE;
    const content = b?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return { ok: false, kind: 'schema_mismatch', message: 'The reply has no choices[0].message.content', httpStatus: r.status, usage };
    const parsed = parseContent(content);
    if (!parsed.ok) return { ok: false, kind: 'invalid_json', message: `The model's answer is not JSON: ${clip(content, 120)}`, httpStatus: r.status, usage };
    const checked = req.schema.safeParse(parsed.value);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return { ok: false, kind: 'schema_mismatch', message: `The model's JSON does not fit: ${issues}`, httpStatus: r.status, usage };
    }
    return { ok: true, data: checked.data, usage, httpStatus: r.status };
  }

  const notConfigured = (what = 'No AI provider is configured') => ({ ok: false as const, kind: 'not_configured' as const, message: what, httpStatus: null, usage: null, latencyMs: 0, model: null });

  async function* stream(req: ChatStreamRequest): AsyncGenerator<ChatStreamEvent, void, undefined> {
    let s: AiSettings | null;
    try {
      s = await opts.settings();
    } catch (e) {
      s = null;
      void e;
    }
    if (!s) {
      yield { type: 'done', outcome: { ...notConfigured(), text: '', firstTokenMs: null } };
      return;
    }
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refused = await refusal(s, req);
    if (refused) {
      const outcome = { ...refused, text: '', latencyMs: elapsed(), firstTokenMs: null, model: s.chatModel };
      await record(req, s.chatModel, outcome);
      yield { type: 'done', outcome };
      return;
    }

    const clean = redactIf(s);
    const ctrl = new AbortController();
    let why: 'timeout' | 'cancelled' | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        why ??= 'timeout';
        ctrl.abort();
      }, s.timeoutMs);
    };
    const disarm = () => clearTimeout(timer);
    const onCancel = () => {
      why ??= 'cancelled';
      ctrl.abort();
    };
    if (req.signal?.aborted) onCancel();
    else req.signal?.addEventListener('abort', onCancel, { once: true });

    let text = '';
    let firstTokenMs: number | null = null;
    let usage: AiUsage | null = null;
    let status: number | null = null;
    let finishReason: string | null = null;
    let outcome: ChatStreamOutcome | null = null;
    let logged = false;
    const fail = (kind: Failure['kind'], message: string): ChatStreamOutcome => ({ ok: false, kind, message, httpStatus: status, text, usage, latencyMs: elapsed(), firstTokenMs, model: s.chatModel });
    const thrown = (e: unknown): ChatStreamOutcome =>
      why === 'cancelled'
        ? fail('cancelled', firstTokenMs == null ? 'Cancelled before the first token' : 'Cancelled during the answer')
        : why === 'timeout'
          ? fail('timeout', firstTokenMs == null ? `No first token within ${s.timeoutMs} ms` : `The stream stalled for more than ${s.timeoutMs} ms`)
          : fail('network_error', errorText(e));

    try {
      try {
        if (why) throw new Error('aborted');
        arm();
        const res = await doFetch(`${s.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: headersFor(s, 'text/event-stream'),
          body: JSON.stringify({
            model: s.chatModel,
            messages: [
              { role: 'system', content: clean(req.system) },
              ...(req.history ?? []).map((t) => ({ role: t.role, content: clean(t.content) })),
              { role: 'user', content: clean(req.user) },
            ],
            stream: true,
            stream_options: { include_usage: true },
            ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
          }),
          signal: ctrl.signal,
        });
        status = res.status;
        if (!res.ok) {
          const body = await res.text();
          const f = httpFailure(res.status, body);
          outcome = fail(f.kind, f.message);
        } else if (!String(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
          // A server that ignored `stream: true` and answered with one completion.
          const body = await res.text();
          disarm();
          let json: { choices?: { message?: { content?: unknown }; finish_reason?: unknown }[]; usage?: unknown };
          try {
            json = JSON.parse(body) as typeof json;
          } catch {
            json = {};
          }
          const content = json.choices?.[0]?.message?.content;
          usage = usageOf(json.usage);
          if (typeof content !== 'string') outcome = fail('invalid_json', `Not a chat completion: ${clip(body, 120)}`);
          else {
            finishReason = typeof json.choices?.[0]?.finish_reason === 'string' ? json.choices[0].finish_reason : null;
            if (content) {
              firstTokenMs = elapsed();
              text = content;
              yield { type: 'delta', text: content };
            }
          }
        } else if (!res.body) {
          outcome = fail('invalid_json', 'The stream has no body');
        } else {
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          let sawDone = false;
          try {
            read: for (;;) {
              arm();
              const { value, done } = await reader.read();
              disarm();
              if (done) break;
              buf += value;
              let nl: number;
              while ((nl = buf.indexOf('\n')) >= 0) {
                const line = buf.slice(0, nl).replace(/\r$/, '');
                buf = buf.slice(nl + 1);
                if (!line.startsWith('data:')) continue;
                const data = line.slice(5).trim();
                if (data === '[DONE]') {
                  sawDone = true;
                  break read;
                }
                let chunk: { choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[]; usage?: unknown; error?: { message?: unknown } };
                try {
                  chunk = JSON.parse(data) as typeof chunk;
                } catch {
                  outcome = fail('invalid_json', `A stream chunk is not JSON: ${clip(data, 120)}`);
                  break read;
                }
                if (chunk.error) {
                  outcome = fail('http_error', `The provider reported an error mid-stream: ${clip(typeof chunk.error.message === 'string' ? chunk.error.message : JSON.stringify(chunk.error), 200)}`);
                  break read;
                }
                const u = usageOf(chunk.usage);
                if (u) usage = u;
                const choice = chunk.choices?.[0];
                if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
                const delta = choice?.delta?.content;
                if (typeof delta === 'string' && delta) {
                  if (firstTokenMs == null) firstTokenMs = elapsed();
                  text += delta;
                  yield { type: 'delta', text: delta };
                }
              }
            }
          } finally {
            disarm();
            void reader.cancel().catch(() => undefined);
          }
          if (!outcome && !sawDone && !finishReason) outcome = fail('network_error', 'The stream ended before [DONE]');
        }
        if (!outcome) {
          outcome = why === 'cancelled'
            ? fail('cancelled', 'Cancelled during the answer')
            : { ok: true, text, usage: usage ?? NO_USAGE, latencyMs: elapsed(), firstTokenMs, model: s.chatModel, finishReason };
        }
      } catch (e) {
        outcome = thrown(e);
      }
      disarm();
      logged = true;
      await record(req, s.chatModel, { ...outcome, httpStatus: outcome.ok ? status : outcome.httpStatus });
      yield { type: 'done', outcome };
    } finally {
      disarm();
      req.signal?.removeEventListener('abort', onCancel);
      if (!logged) {
        // The caller left the loop early (return() on the generator): end the request, log it.
        why ??= 'cancelled';
        ctrl.abort();
        const f = fail('cancelled', 'The caller stopped reading the stream');
        await record(req, s.chatModel, { ...f, httpStatus: f.ok ? status : f.httpStatus });
      }
    }
  }

  return {
    async available() {
      return (await this.capabilities()).chat;
    },
    async capabilities() {
      let s: AiSettings | null = null;
      try {
        s = await opts.settings();
      } catch {
        s = null;
      }
      return { chat: s != null, embeddings: !!s?.embeddingModel, chatModel: s?.chatModel ?? null, embeddingModel: s?.embeddingModel ?? null };
    },

    async chatJson<T>(req: ChatJsonRequest<T>): Promise<AiResult<T>> {
      let s: AiSettings | null;
      try {
        s = await opts.settings();
      } catch {
        s = null;
      }
      if (!s) return notConfigured();
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const refused = await refusal(s, req);
      let r: Awaited<ReturnType<typeof chatJsonOnce<T>>>;
      let usage: AiUsage | null = null;
      if (refused) r = refused;
      else {
        r = await chatJsonOnce(s, req);
        usage = r.usage;
        if (!r.ok && r.kind === 'invalid_json') {
          // Malformed output: ask once more, then fail clearly.
          const again = await chatJsonOnce(s, req);
          usage = addUsage(usage, again.usage);
          r = again.ok || again.kind !== 'invalid_json' ? again : { ...again, message: `${again.message} (after 2 attempts)` };
        }
      }
      const result: AiResult<T> = r.ok
        ? { ok: true, data: r.data, usage: usage ?? NO_USAGE, latencyMs: elapsed(), model: s.chatModel }
        : { ok: false, kind: r.kind, message: r.message, httpStatus: r.httpStatus, usage, latencyMs: elapsed(), model: s.chatModel };
      await record(req, s.chatModel, { ...result, httpStatus: r.ok ? r.httpStatus : r.httpStatus });
      return result;
    },

    chatStream(req: ChatStreamRequest): AsyncIterable<ChatStreamEvent> {
      return stream(req);
    },

    async embed(req: EmbedRequest): Promise<AiResult<number[][]>> {
      let s: AiSettings | null;
      try {
        s = await opts.settings();
      } catch {
        s = null;
      }
      if (!s) return notConfigured();
      const model = s.embeddingModel;
      if (!model) return notConfigured('No embedding model is configured');
      if (req.inputs.length === 0) return { ok: true, data: [], usage: { promptTokens: 0, completionTokens: 0 }, latencyMs: 0, model };
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const done = async (r: AiResult<number[][]>, httpStatus: number | null) => {
        await record(req, model, { ...r, httpStatus });
        return r;
      };
      const refused = await refusal(s, req);
      if (refused) return done({ ...refused, latencyMs: elapsed(), model }, null);
      const clean = redactIf(s);
      const vectors: number[][] = [];
      let usage: AiUsage | null = null;
      let status: number | null = null;
      for (let at = 0; at < req.inputs.length; at += EMBED_BATCH) {
        const batch = req.inputs.slice(at, at + EMBED_BATCH).map(clean);
        const r = await postJson(s, '/embeddings', { model, input: batch });
        if (!r.ok) return done({ ...r, usage: addUsage(usage, r.usage), latencyMs: elapsed(), model }, r.httpStatus);
        status = r.status;
        const b = r.json as { data?: { embedding?: unknown; index?: unknown }[]; usage?: unknown } | null;
        const u = usageOf(b?.usage);
        usage = addUsage(usage, u ? { promptTokens: u.promptTokens, completionTokens: u.completionTokens ?? 0 } : null);
        const data = Array.isArray(b?.data) ? b.data : null;
        const bad = (message: string) => done({ ok: false, kind: 'schema_mismatch', message, httpStatus: status, usage, latencyMs: elapsed(), model }, status);
        if (!data || data.length !== batch.length) return bad(`Expected ${batch.length} embeddings, got ${data ? data.length : 'none'}`);
        const ordered = [...data].sort((x, y) => (num(x.index) ?? 0) - (num(y.index) ?? 0));
        for (const d of ordered) {
          const v = d.embedding;
          if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return bad('An embedding is not an array of numbers');
          if (vectors.length && v.length !== vectors[0]!.length) return bad('The embeddings have different dimensions');
          vectors.push(v as number[]);
        }
      }
      return done({ ok: true, data: vectors, usage: usage ?? NO_USAGE, latencyMs: elapsed(), model }, status);
    },
  };
}

/** The settings from the environment (config.ts); null when XUELI_AI_BASE_URL is unset. */
export function envAiSettings(ai: { baseUrl: string; apiKey: string | null; chatModel: string; timeoutMs: number; embeddingModel?: string | null } | null): AiSettingsSource {
  const fixed: AiSettings | null = ai
    ? { baseUrl: ai.baseUrl, apiKey: ai.apiKey, chatModel: ai.chatModel, embeddingModel: ai.embeddingModel ?? null, timeoutMs: ai.timeoutMs }
    : null;
  return () => fixed;
}
