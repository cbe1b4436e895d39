import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { AutosaveQueue, backoffMs, classifySaveError, type SaveBody, type SaveStatus } from './autosave.ts';

const problem = (status: number, detail = 'x') => new ApiError({ type: 'about:blank', title: 't', status, detail });

/** A fake server: records every save, answers from a script (or OK), keeps the highest seq per item. */
function fakeServer() {
  const calls: { itemId: number; body: SaveBody }[] = [];
  const stored = new Map<number, number>();
  const script: (Error | null)[] = [];
  const send = vi.fn(async (itemId: number, body: SaveBody) => {
    calls.push({ itemId, body });
    await Promise.resolve();
    const next = script.shift();
    if (next) throw next;
    // Like the server: a lower seq than the stored one is dropped and the stored seq returned.
    const held = stored.get(itemId) ?? 0;
    const ignored = body.seq < held;
    if (!ignored) stored.set(itemId, body.seq);
    return { savedAt: `2026-03-01T10:00:0${calls.length % 10}Z`, seq: ignored ? held : body.seq, ignored };
  });
  return { calls, stored, script, send };
}

describe('autosave queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('continues from the seq the server holds after a reload, so the first save is not ignored', async () => {
    const srv = fakeServer();
    srv.stored.set(1, 7);
    const q = new AutosaveQueue({ send: srv.send, debounceMs: 800 });
    q.resume(1, 7);
    q.update(1, 'A', false, true);
    await vi.advanceTimersByTimeAsync(10);
    expect(srv.calls).toEqual([{ itemId: 1, body: { response: 'A', flagged: false, seq: 8 } }]);
    expect(q.status.state).toBe('saved');
  });

  it('waits for a pause in typing, then sends only the latest text with the latest seq', async () => {
    const srv = fakeServer();
    const q = new AutosaveQueue({ send: srv.send, debounceMs: 800 });
    q.update(1, 'h', false, false);
    await vi.advanceTimersByTimeAsync(500);
    q.update(1, 'he', false, false);
    await vi.advanceTimersByTimeAsync(500);
    q.update(1, 'hello', false, false);
    expect(srv.calls).toHaveLength(0);
    expect(q.status.state).toBe('saving');
    await vi.advanceTimersByTimeAsync(800);
    expect(srv.calls).toEqual([{ itemId: 1, body: { response: 'hello', flagged: false, seq: 3 } }]);
    expect(q.status.state).toBe('saved');
    expect(q.pending).toBe(false);
  });

  it('sends a choice click at once, and a change made during a save right after it', async () => {
    const srv = fakeServer();
    const q = new AutosaveQueue({ send: srv.send });
    q.update(2, 'A', false, true);
    q.update(2, 'B', true, true); // the first is still in flight
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.calls.map((c) => c.body)).toEqual([
      { response: 'A', flagged: false, seq: 1 },
      { response: 'B', flagged: true, seq: 2 },
    ]);
    expect(srv.stored.get(2)).toBe(2);
  });

  it('keeps the change when offline and retries with growing waits until it gets through', async () => {
    const srv = fakeServer();
    const states: SaveStatus['state'][] = [];
    const q = new AutosaveQueue({ send: srv.send, onStatus: (s) => states.push(s.state) });
    srv.script.push(problem(0), problem(503), null);
    q.update(3, ['x'], false, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.calls).toHaveLength(1);
    expect(q.status.state).toBe('offline');
    // A newer answer typed while offline replaces the one being retried.
    q.update(3, ['xy'], false, true);
    await vi.advanceTimersByTimeAsync(999);
    expect(srv.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(srv.calls).toHaveLength(2); // after 1 s
    await vi.advanceTimersByTimeAsync(1999);
    expect(srv.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(srv.calls).toHaveLength(3); // after 2 s more
    expect(srv.calls[2]!.body).toEqual({ response: ['xy'], flagged: false, seq: 2 });
    expect(q.status.state).toBe('saved');
    expect(states).toContain('offline');
  });

  it('retries at once when told the browser is online again', async () => {
    const srv = fakeServer();
    const q = new AutosaveQueue({ send: srv.send });
    srv.script.push(problem(0), problem(0));
    q.update(4, 'a', false, true);
    await vi.advanceTimersByTimeAsync(1000); // first retry fails too: now waiting 2 s
    expect(srv.calls).toHaveLength(2);
    q.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.calls).toHaveLength(3);
    expect(q.status.state).toBe('saved');
  });

  it('closes for good on 409 (time is up) and tells the page once', async () => {
    const srv = fakeServer();
    const onClosed = vi.fn();
    const q = new AutosaveQueue({ send: srv.send, onClosed });
    srv.script.push(problem(409, 'time is up'));
    q.update(5, 'late', false, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(q.status.state).toBe('closed');
    q.update(5, 'later', false, true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(srv.calls).toHaveLength(1);
    await expect(q.flushAll()).resolves.toBe('closed');
  });

  it('jumps past a newer seq held by the server (counter restarted after a reload) and resends', async () => {
    const srv = fakeServer();
    srv.stored.set(6, 7); // saves 1..7 happened before the reload
    const q = new AutosaveQueue({ send: srv.send });
    q.update(6, 'after reload', false, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.calls.map((c) => c.body.seq)).toEqual([1, 8]);
    expect(srv.stored.get(6)).toBe(8);
    q.update(6, 'next', false, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.calls.at(-1)!.body.seq).toBe(9);
  });

  it('flushes pending typing at once and reports the outcome', async () => {
    const srv = fakeServer();
    const q = new AutosaveQueue({ send: srv.send });
    q.update(7, 'typed', false, false);
    q.update(8, 'more', true, false);
    await expect(q.flushAll()).resolves.toBe('saved');
    expect(srv.calls.map((c) => c.itemId).sort()).toEqual([7, 8]);
    await expect(q.flushAll()).resolves.toBe('saved'); // nothing pending: at once

    srv.script.push(problem(0));
    q.update(7, 'typed again', false, false);
    await expect(q.flushAll()).resolves.toBe('offline');
    expect(q.pending).toBe(true);

    q.dispose();
  });

  it('reports a refused save (400) as an error and does not retry it', async () => {
    const srv = fakeServer();
    const q = new AutosaveQueue({ send: srv.send });
    srv.script.push(problem(400, 'bad response'));
    q.update(9, 'x', false, false);
    await expect(q.flushAll()).resolves.toBe('error');
    expect(q.status.state).toBe('error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(srv.calls).toHaveLength(1);
  });
});

describe('save error handling', () => {
  it('retries network failures, timeouts, throttling and server errors; stops on 409; gives up on the rest', () => {
    expect(classifySaveError(new TypeError('fetch failed'))).toBe('retry');
    expect(classifySaveError(problem(0))).toBe('retry');
    expect(classifySaveError(problem(502))).toBe('retry');
    expect(classifySaveError(problem(429))).toBe('retry');
    expect(classifySaveError(problem(409))).toBe('closed');
    const timeUp = new ApiError({
      type: 'urn:xueli:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Time is up',
      reason: 'time-up',
    });
    expect(classifySaveError(timeUp)).toBe('closed');
    const locked = new ApiError({
      type: 'urn:xueli:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'locked',
      reason: 'locked',
    });
    expect(classifySaveError(locked)).toBe('fatal');
    expect(classifySaveError(problem(400))).toBe('fatal');
    expect(classifySaveError(problem(404))).toBe('fatal');
  });

  it('doubles the wait up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
