import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, setCsrfToken } from './client.ts';
import { streamTutorAnswer } from './tutor.ts';

/** A fetch Response whose body arrives in the given pieces. */
function streamed(pieces: string[]): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(enc.encode(p));
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('streamTutorAnswer', () => {
  it('posts with the CSRF header and dispatches events split across chunks, in order', async () => {
    const fetchMock = vi.fn(async (..._args: unknown[]) =>
      streamed([
        'event: citations\ndata: {"citations":[{"n":1,"chunkId":7}]}\n\nevent: del',
        'ta\ndata: {"text":"年假"}\n\n',
        'event: delta\ndata: {"text":"五天 [1]"}\n\nevent: done\ndata: {"id":3,"answer":"年假五天 [1]"}\n\n',
      ]),
    );
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok');
    const seen: string[] = [];
    await streamTutorAnswer(
      { question: '年假几天？' },
      {
        citations: (c) => seen.push(`citations:${c.length}`),
        delta: (t) => seen.push(`delta:${t}`),
        done: (a) => seen.push(`done:${a.id}`),
      },
    );
    expect(seen).toEqual(['citations:1', 'delta:年假', 'delta:五天 [1]', 'done:3']);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/tutor/ask/stream');
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(JSON.parse(init.body as string)).toEqual({ question: '年假几天？' });
  });

  it('turns a problem response before the stream into an ApiError', async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ type: 'urn:xueli:problem:validation', title: 'Invalid', status: 400, detail: 'ask a question' }), {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    await expect(streamTutorAnswer({ question: '' }, {})).rejects.toBeInstanceOf(ApiError);
  });
});
