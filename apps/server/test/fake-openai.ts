/**
 * A small OpenAI-compatible server for tests: answers POST …/chat/completions with scripted
 * replies on a real port (node:http, port 0) and records every request it received.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeReply {
  /** HTTP status (default 200). */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** The message content: an object is sent as its JSON text, a string as is. */
  content?: unknown;
  /** A raw body instead of a chat completion. */
  raw?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string };
    [k: string]: unknown;
  };
}

export interface FakeOpenAi {
  /** Base URL to configure, e.g. http://127.0.0.1:1234/v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies are taken in order; when none is queued, `fallback` answers. */
  queue(...replies: FakeReply[]): void;
  /** The reply for requests with nothing queued (may look at the request). */
  fallback: (req: RecordedRequest) => FakeReply;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queued: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const fake: Partial<FakeOpenAi> = {
    fallback: () => ({ status: 500, raw: '{"error":{"message":"nothing scripted"}}' }),
  };
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
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = queued.shift() ?? fake.fallback!(recorded);
      const send = () => {
        if (res.destroyed) return;
        if (!req.url?.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
          return;
        }
        const payload =
          reply.raw ??
          JSON.stringify({
            id: 'chatcmpl-test',
            object: 'chat.completion',
            model: body.model,
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content ?? {}) } }],
            usage: reply.usage ?? { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
          });
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(payload);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
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
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  }) as FakeOpenAi;
}
