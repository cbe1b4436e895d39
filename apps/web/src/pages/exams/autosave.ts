/**
 * The exam page's autosave: every change to an answer (or its review flag) is queued per
 * item with a per-item sequence number; typed answers wait for a pause (debounce), clicks go
 * at once. A network failure or a 5xx keeps the change and retries with exponential backoff
 * (at once when the browser comes back online); a 409 (time is up, already submitted) closes
 * the queue. The server ignores a save with a lower seq than the one it holds (`ignored`);
 * when that happens to our latest change (the counter restarted after a reload), the counter
 * jumps past the server's and the latest answer is sent again.
 *
 * No React in here: the page wires it to state (`useAutosave`), and the unit test drives it
 * with fake timers.
 */
import type { ResponseValue } from '@xueli/contracts';
import { ApiError } from '../../api/client.ts';

export interface SaveBody {
  response: ResponseValue;
  flagged: boolean;
  seq: number;
}
export type Sender = (itemId: number, body: SaveBody) => Promise<{ savedAt: string; seq: number; ignored?: boolean }>;

export type SaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'error' | 'closed';
export interface SaveStatus {
  state: SaveState;
  /** The server's time of the last successful save. */
  savedAt: string | null;
  /** The failure behind `offline`, `error` or `closed`. */
  error: unknown;
}
export type FlushResult = 'saved' | 'offline' | 'closed' | 'error';

/** What to do after a failed save. */
export function classifySaveError(err: unknown): 'retry' | 'closed' | 'fatal' {
  if (!(err instanceof ApiError)) return 'retry';
  const s = err.status;
  if (s === 0 || s === 408 || s === 429 || s >= 500) return 'retry';
  // 409: time is up or already submitted — except a checked (locked) practice question, which
  // refuses only its own saves.
  if (s === 409) return err.problem.reason === 'locked' ? 'fatal' : 'closed';
  return 'fatal';
}

/** 1 s, 2 s, 4 s … up to 30 s between retries. */
export const backoffMs = (failures: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));

interface Entry {
  response: ResponseValue;
  flagged: boolean;
  seq: number;
  dirty: boolean;
  inFlight: boolean;
  resyncs: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface AutosaveOptions {
  send: Sender;
  onStatus?: (s: SaveStatus) => void;
  /** Called once when the server refuses saves for good (409). */
  onClosed?: (err: unknown) => void;
  debounceMs?: number;
  classify?: (err: unknown) => 'retry' | 'closed' | 'fatal';
}

export class AutosaveQueue {
  private readonly entries = new Map<number, Entry>();
  private readonly storedSeq = new Map<number, number>();
  private readonly debounceMs: number;
  private readonly classify: (err: unknown) => 'retry' | 'closed' | 'fatal';
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closedBy: { err: unknown } | null = null;
  private lastError: { err: unknown } | null = null;
  private savedAt: string | null = null;
  private waiters: { since: number; resolve: (r: FlushResult) => void }[] = [];
  private errorsSeen = 0;
  private disposed = false;

  constructor(private readonly opts: AutosaveOptions) {
    this.debounceMs = opts.debounceMs ?? 800;
    this.classify = opts.classify ?? classifySaveError;
  }

  /** Continues an item's seq from the server's stored one (after a reload), so no save is ignored. */
  resume(itemId: number, seq: number) {
    const e = this.entries.get(itemId);
    if (e) e.seq = Math.max(e.seq, seq);
    else this.storedSeq.set(itemId, Math.max(this.storedSeq.get(itemId) ?? 0, seq));
  }

  /** Records a change; `immediate` sends it now, otherwise after `debounceMs` without changes. */
  update(itemId: number, response: ResponseValue, flagged: boolean, immediate: boolean) {
    if (this.closedBy || this.disposed) return;
    const e = this.entries.get(itemId) ?? {
      response,
      flagged,
      seq: this.storedSeq.get(itemId) ?? 0,
      dirty: false,
      inFlight: false,
      resyncs: 0,
      timer: null,
    };
    this.entries.set(itemId, e);
    e.response = response;
    e.flagged = flagged;
    e.seq += 1;
    e.dirty = true;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    if (immediate) void this.sendItem(itemId);
    else
      e.timer = setTimeout(() => {
        e.timer = null;
        void this.sendItem(itemId);
      }, this.debounceMs);
    this.emit();
  }

  /** Whether some change has not reached the server yet. */
  get pending(): boolean {
    return [...this.entries.values()].some((e) => e.dirty || e.inFlight);
  }

  get status(): SaveStatus {
    if (this.closedBy) return { state: 'closed', savedAt: this.savedAt, error: this.closedBy.err };
    if (this.retryTimer) return { state: 'offline', savedAt: this.savedAt, error: this.lastError?.err ?? null };
    if (this.pending) return { state: 'saving', savedAt: this.savedAt, error: null };
    if (this.lastError) return { state: 'error', savedAt: this.savedAt, error: this.lastError.err };
    return { state: this.savedAt ? 'saved' : 'idle', savedAt: this.savedAt, error: null };
  }

  /**
   * Sends every pending change now and waits for the answers: 'saved' when everything is on
   * the server, 'offline' when a save failed and is being retried, 'closed' after a 409,
   * 'error' when the server refused a save.
   */
  flushAll(): Promise<FlushResult> {
    for (const e of this.entries.values()) {
      if (e.timer) clearTimeout(e.timer);
      e.timer = null;
    }
    this.retryNow();
    const p = new Promise<FlushResult>((resolve) => this.waiters.push({ since: this.errorsSeen, resolve }));
    this.settle();
    return p;
  }

  /** Skips the backoff wait (the browser reports it is online again). */
  retryNow() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const [id, e] of this.entries) if (e.dirty && !e.timer) void this.sendItem(id);
    this.emit();
  }

  dispose() {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
  }

  private async sendItem(itemId: number) {
    const e = this.entries.get(itemId);
    if (!e || e.inFlight || !e.dirty || this.closedBy || this.retryTimer || this.disposed) return;
    e.inFlight = true;
    e.dirty = false;
    const body: SaveBody = { response: e.response, flagged: e.flagged, seq: e.seq };
    this.emit();
    try {
      const r = await this.opts.send(itemId, body);
      this.failures = 0;
      this.lastError = null;
      this.savedAt = r.savedAt;
      if ((r.ignored || r.seq > body.seq) && e.resyncs < 3) {
        // The server holds a later save than ours (our counter restarted): jump past it, resend.
        e.resyncs += 1;
        e.seq = Math.max(e.seq, r.seq) + 1;
        e.dirty = true;
      } else e.resyncs = 0;
    } catch (err) {
      const kind = this.classify(err);
      if (kind === 'closed') {
        this.closedBy = { err };
        this.opts.onClosed?.(err);
      } else if (kind === 'retry') {
        e.dirty = true;
        this.failures += 1;
        this.lastError = { err };
        this.errorsSeen += 1;
        if (!this.retryTimer && !this.disposed) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.retryNow();
          }, backoffMs(this.failures));
        }
      } else {
        this.lastError = { err };
        this.errorsSeen += 1;
      }
    } finally {
      e.inFlight = false;
    }
    if (e.dirty && !e.timer) void this.sendItem(itemId);
    this.emit();
  }

  private emit() {
    if (this.disposed) return;
    this.opts.onStatus?.(this.status);
    this.settle();
  }

  private settle() {
    if (!this.waiters.length) return;
    const inFlight = [...this.entries.values()].some((e) => e.inFlight);
    const waiting = [...this.entries.values()].some((e) => e.dirty && e.timer);
    let result: FlushResult | null = null;
    if (this.closedBy) result = 'closed';
    else if (inFlight) result = null;
    else if (this.retryTimer) result = 'offline';
    else if (waiting) result = null;
    else result = 'saved';
    if (!result) return;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.resolve(result === 'saved' && this.errorsSeen > w.since && this.lastError ? 'error' : result);
  }
}
