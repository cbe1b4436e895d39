/**
 * The sandbox's worker threads (ADR 0007): a fixed number of threads, each running one grading
 * at a time, and a bounded queue in front of them, so gradings cannot take every core from the
 * API. A grading that overruns its wall-clock limit (plus a margin) has its thread terminated —
 * even a guest stuck where QuickJS's interrupt cannot reach it cannot hold a thread or the
 * event loop — and a fresh thread is started in its place.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../../lib/errors.ts';
import type { CaseOutcome, FromWorker, SandboxJob, ToWorker } from './protocol.ts';

/** Past the job's wallMs, how long the worker has to report before it is terminated. */
export const WALL_MARGIN_MS = 500;

/** The worker thread's V8 stack. WebAssembly frames live on it: QuickJS's own stack check
 * (stackBytes) must trip long before this does (measured: 1 MB of QuickJS stack needs < 32 MB). */
const WORKER_STACK_MB = 64;

/** Run as TypeScript (tsx, Vitest): the boot file registers tsx in the thread first. */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker-boot.mjs', import.meta.url)
  : new URL('./worker.js', import.meta.url);

export const defaultWorkers = () => Math.max(1, Math.min(4, os.availableParallelism() - 1));

export interface RunOutcome {
  cases: Map<number, CaseOutcome>;
  compileError?: { message: string; line?: number; column?: number };
  /** done: the worker reported every case; killed: terminated at the wall-clock limit; crashed: the thread died. */
  ended: 'done' | 'killed' | 'crashed';
  message?: string;
  /** Wall-clock milliseconds of the run (queueing excluded). */
  ms: number;
}

interface Pending {
  job: SandboxJob;
  resolve: (o: RunOutcome) => void;
  reject: (e: unknown) => void;
}

interface Current {
  id: number;
  onMessage: (m: FromWorker) => void;
  onGone: (why: string) => void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<void> | null;
  busy: boolean;
  current: Current | null;
}

export class SandboxPool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    /** Gradings that may wait for a thread; more are refused (429). */
    public queueLimit: number,
  ) {
    this.slots = Array.from({ length: size }, () => ({ worker: null, ready: null, busy: false, current: null }));
  }

  /** Gradings running or waiting. */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s.busy).length, queued: this.queue.length };
  }

  run(job: SandboxJob): Promise<RunOutcome> {
    if (this.closed) return Promise.reject(new Error('The sandbox is shut down'));
    if (this.queue.length >= this.queueLimit) {
      return Promise.reject(
        new DomainError('rate-limited', 'Too many programming gradings are waiting; try again shortly', {
          queued: this.queue.length,
        }),
      );
    }
    return new Promise<RunOutcome>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every thread; queued and running gradings are rejected. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('The sandbox is shutting down'));
    await Promise.all(
      this.slots.map(async (s) => {
        const w = s.worker;
        s.worker = null;
        s.ready = null;
        s.current?.onGone('shutdown');
        if (w) await w.terminate();
      }),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.busy) continue;
      slot.busy = true;
      const p = this.queue.shift()!;
      this.execute(slot, p).then(
        () => undefined,
        () => undefined,
      );
    }
  }

  private spawn(slot: Slot): Promise<void> {
    const worker = new Worker(WORKER_ENTRY, {
      resourceLimits: { stackSizeMb: WORKER_STACK_MB, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    slot.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      const gone = (why: string) => {
        reject(new Error(`The sandbox thread could not start: ${why}`));
        if (slot.worker !== worker) return; // already dropped (terminated by finish or shutdown)
        slot.worker = null;
        slot.ready = null;
        slot.current?.onGone(why);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        else if (slot.worker === worker) slot.current?.onMessage(m);
      });
      worker.on('error', (e) => gone(e.message));
      worker.on('exit', (code) => gone(`the thread exited (${code})`));
    });
    ready.catch(() => undefined);
    slot.ready = ready;
    return ready;
  }

  private async execute(slot: Slot, p: Pending): Promise<void> {
    try {
      if (!slot.worker || !slot.ready) await this.spawn(slot);
      else await slot.ready;
    } catch (e) {
      slot.busy = false;
      p.reject(e);
      this.pump();
      return;
    }
    const worker = slot.worker!;
    const id = this.nextId++;
    const started = performance.now();
    const out: RunOutcome = { cases: new Map(), ended: 'done', ms: 0 };
    await new Promise<void>((resolve) => {
      let finished = false;
      const finish = (ended: RunOutcome['ended'] | 'shutdown', message?: string) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        slot.current = null;
        slot.busy = false;
        out.ms = Math.round(performance.now() - started);
        if (ended === 'done') worker.unref();
        else {
          // The thread is stuck or gone: drop it and start a fresh one for the next grading.
          if (slot.worker === worker) {
            slot.worker = null;
            slot.ready = null;
          }
          void worker.terminate();
          if (!this.closed) this.spawn(slot).catch(() => undefined);
        }
        if (ended === 'shutdown') p.reject(new Error('The sandbox is shutting down'));
        else {
          out.ended = ended;
          if (message !== undefined) out.message = message;
          p.resolve(out);
        }
        resolve();
        this.pump();
      };
      const timer = setTimeout(() => finish('killed'), p.job.wallMs + WALL_MARGIN_MS);
      slot.current = {
        id,
        onMessage: (m) => {
          if (!('id' in m) || m.id !== id) return;
          if (m.type === 'case') out.cases.set(m.outcome.index, m.outcome);
          else if (m.type === 'compile-error') {
            out.compileError = {
              message: m.message,
              ...(m.line !== undefined && { line: m.line }),
              ...(m.column !== undefined && { column: m.column }),
            };
          } else if (m.type === 'done') finish('done');
        },
        onGone: (why) => finish(why === 'shutdown' ? 'shutdown' : 'crashed', why),
      };
      worker.ref();
      worker.postMessage({ type: 'job', id, job: p.job } satisfies ToWorker);
    });
  }
}
