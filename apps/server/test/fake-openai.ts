/**
 * TEST DOUBLE OF A MODEL SERVER — not a model, not used in production. A small OpenAI-compatible
 * server for tests on a real port (node:http, port 0) that records every request it receives and
 * answers with scripted replies:
 * - POST …/chat/completions: a chat completion, or, when the request has `stream: true`, Server-Sent
 *   Events (`data: {chunk}` lines with a delay per chunk, usage in the last chunk when
 *   `stream_options.include_usage` is set, then `data: [DONE]`);
 * - POST …/embeddings: deterministic vectors (hashed character bigrams, L2-normalised), so that
 *   texts sharing words are close in cosine similarity;
 * - any scripted status (429, 503 …), delay, or malformed body.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeReply {
  /** HTTP status (default 200). */
  status?: number;
  /** Wait this long before answering (before the first chunk of a stream). */
  delayMs?: number;
  /** The message content: an object is sent as its JSON text, a string as is. */
  content?: unknown;
  /** A raw body instead of a chat completion (or of the whole event stream). */
  raw?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Streamed requests: the deltas, in order (default: the content as one delta). */
  chunks?: string[];
  /** Streamed requests: wait this long before each chunk after the first. */
  chunkDelayMs?: number;
  /** Streamed requests: after this many chunks, stop sending (and never end) — a stalled stream. */
  stallAfter?: number;
  /** Streamed requests: extra raw SSE lines sent after the chunks (e.g. a malformed `data:` line). */
  extraLines?: string[];
  /** Embeddings: the vectors to send instead of the computed ones. */
  embeddings?: number[][];
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string };
    stream?: boolean;
    input?: string | string[];
    [k: string]: unknown;
  };
  /** Set when the client went away before the answer was complete. */
  aborted: boolean;
}

export interface FakeOpenAi {
  /** Base URL to configure, e.g. http://127.0.0.1:1234/v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies are taken in order (by any endpoint); when none is queued, `fallback` answers. */
  queue(...replies: FakeReply[]): void;
  /** The reply for chat requests with nothing queued (may look at the request). */
  fallback: (req: RecordedRequest) => FakeReply;
  close(): Promise<void>;
}

/** Dimensions of the fake embeddings. */
export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** The fake server's embedding of a text: hashed character bigrams (lower-cased), L2-normalised. */
export function fakeEmbedding(text: string, dims = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dims).fill(0);
  const s = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 1 < s.length; i++) {
    let h = 2166136261;
    for (const ch of s.slice(i, i + 2)) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    v[(h >>> 0) % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const completion = (model: string, reply: FakeReply) =>
  JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? {}) } }],
    usage: reply.usage ?? { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  });

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queued: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const fake: Partial<FakeOpenAi> = {
    fallback: () => ({ status: 500, raw: '{"error":{"message":"nothing scripted"}}' }),
  };

  function sendStream(res: http.ServerResponse, recorded: RecordedRequest, reply: FakeReply) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const chunks = reply.chunks ?? [typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? {})];
    const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', model: recorded.body.model };
    const write = (obj: unknown) => !res.destroyed && res.write(`data: ${JSON.stringify(obj)}\n\n`);
    let i = 0;
    const next = () => {
      if (res.destroyed) return;
      if (reply.stallAfter != null && i >= reply.stallAfter) return; // never ends
      if (i < chunks.length) {
        write({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: chunks[i] } : { content: chunks[i] }, finish_reason: null }] });
        i++;
        if (reply.chunkDelayMs) later(reply.chunkDelayMs, next);
        else next();
        return;
      }
      for (const line of reply.extraLines ?? []) res.write(`${line}\n\n`);
      const withUsage = (recorded.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
      write({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      if (withUsage) write({ ...base, choices: [], usage: reply.usage ?? { prompt_tokens: 120, completion_tokens: chunks.length, total_tokens: 120 + chunks.length } });
      res.end('data: [DONE]\n\n');
    };
    next();
  }

  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(text) as RecordedRequest['body'];
      } catch {
        body = { model: '', messages: [] };
      }
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, aborted: false };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.aborted = true;
      });
      const url = req.url ?? '';
      const isEmbeddings = url.endsWith('/embeddings');
      const reply = queued.shift() ?? (isEmbeddings ? {} : fake.fallback!(recorded));
      const send = () => {
        if (res.destroyed) return;
        if (reply.raw != null || (reply.status ?? 200) !== 200) {
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(reply.raw ?? '{"error":{"message":"scripted failure"}}');
          return;
        }
        if (isEmbeddings) {
          const inputs = Array.isArray(body.input) ? body.input : [String(body.input ?? '')];
          const vectors = reply.embeddings ?? inputs.map((t) => fakeEmbedding(t));
          const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              object: 'list',
              model: body.model,
              data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
              usage: reply.usage ?? { prompt_tokens: tokens, total_tokens: tokens },
            }),
          );
          return;
        }
        if (!url.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
          return;
        }
        if (body.stream === true) sendStream(res, recorded, reply);
        else res.writeHead(200, { 'content-type': 'application/json' }).end(completion(body.model, reply));
      };
      if (reply.delayMs) later(reply.delayMs, send);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...replies: FakeReply[]) => void queued.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  }) as FakeOpenAi;
}
