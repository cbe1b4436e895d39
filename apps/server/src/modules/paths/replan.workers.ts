/**
 * The re-plan job's planning on worker threads (issue 5: plans for 100,000 employees ≤ 60 s as a
 * background job). The job's own thread reads facts from the database and stores the plans; the
 * planning — the engine's plan plus the path view — runs on up to two workers, each with its own
 * `PathPlanner` built once from the catalogue. What crosses threads is plain data: the context
 * without its planner (rebuilt from `catalogInput`) and each learner's facts with K as maps.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { PathPlanner } from '@xueli/engine';
import { typescriptWorker } from '../../lib/ts-worker.ts';
import { planLearner, type LearnerFacts, type PlanContext, type PlanSummary, planSummary } from './plan.service.ts';

/** A context that can be posted to a worker (the planner is rebuilt there from `catalogInput`). */
export type PortableContext = Omit<PlanContext, 'planner'>;

/** A learner's facts without K (K of a batch travels as one matrix: `PortableBatch`). */
export type PortableFacts = Omit<LearnerFacts, 'k' | 'lastEvidenceAt'>;

/**
 * A batch that can be posted cheaply: the facts without their functions, and K and the time of the last
 * evidence for every (learner, point) the planner may ask about as two flat typed arrays (transferred,
 * not copied), row = learner, column = `kpIds` index.
 */
export interface PortableBatch {
  facts: PortableFacts[];
  kpIds: number[];
  k: Float64Array<ArrayBuffer>;
  /** Epoch ms of the last evidence; NaN: none. */
  last: Float64Array<ArrayBuffer>;
}

export function portableBatch(ctx: PortableContext, batch: LearnerFacts[]): PortableBatch {
  const ids = new Set<number>();
  for (const s of ctx.skills) ids.add(Number(s));
  for (const f of batch) for (const kp of f.targets.keys()) ids.add(kp);
  const kpIds = [...ids];
  const m = kpIds.length;
  const k = new Float64Array(batch.length * m);
  const last = new Float64Array(batch.length * m);
  const facts: PortableFacts[] = batch.map((f, row) => {
    for (let c = 0; c < m; c++) {
      k[row * m + c] = f.k(kpIds[c]!);
      last[row * m + c] = f.lastEvidenceAt(kpIds[c]!)?.getTime() ?? Number.NaN;
    }
    const { k: _k, lastEvidenceAt: _l, ...rest } = f;
    return rest;
  });
  return { facts, kpIds, k, last };
}

function factsFrom(b: PortableBatch): LearnerFacts[] {
  const col = new Map(b.kpIds.map((kp, c) => [kp, c]));
  const m = b.kpIds.length;
  return b.facts.map((p, row) => ({
    ...p,
    k: (kp: number) => {
      const c = col.get(kp);
      return c === undefined ? 0.5 : b.k[row * m + c]!;
    },
    lastEvidenceAt: (kp: number) => {
      const c = col.get(kp);
      const t = c === undefined ? Number.NaN : b.last[row * m + c]!;
      return Number.isNaN(t) ? null : new Date(t);
    },
  }));
}

interface Job {
  id: number;
  batch: PortableBatch;
  today: string;
}
type Reply = { id: number; rows: PlanSummary[] } | { id: number; error: string };

/** Workers for one re-plan run; `plan` hands a batch to the least busy one. */
export class ReplanPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (rows: PlanSummary[]) => void; reject: (e: Error) => void }>();
  private next = 1;

  private constructor() {}

  /** Starts `size` workers (default: one per core, at most two) and waits until each has built its planner. */
  static async start(ctx: PlanContext, size = Math.min(2, availableParallelism())): Promise<ReplanPool> {
    const pool = new ReplanPool();
    const { planner: _planner, ...portable } = ctx;
    const ready: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = typescriptWorker(import.meta.url, { workerData: { replanContext: portable satisfies PortableContext } });
      const slot = { worker, busy: 0 };
      pool.workers.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('re-plan worker did not start'))));
        }),
      );
      worker.on('message', (m: Reply | { ready: true }) => {
        if (!('id' in m)) return;
        slot.busy--;
        const w = pool.waiting.get(m.id);
        pool.waiting.delete(m.id);
        if (!w) return;
        if ('error' in m) w.reject(new Error(m.error));
        else w.resolve(m.rows);
      });
      worker.on('error', (e) => {
        for (const w of pool.waiting.values()) w.reject(e instanceof Error ? e : new Error(String(e)));
        pool.waiting.clear();
      });
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Plans a batch on a worker; resolves with the plans' summaries in the batch's order. */
  plan(batch: PortableBatch, today: string): Promise<PlanSummary[]> {
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, batch, today } satisfies Job, [batch.k.buffer, batch.last.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

// ---- the worker side
const data = workerData as { replanContext?: PortableContext } | null;
if (!isMainThread && parentPort && data?.replanContext) {
  const portable = data.replanContext;
  const ctx: PlanContext = { ...portable, planner: new PathPlanner(portable.catalogInput) };
  const port = parentPort;
  port.on('message', (job: Job) => {
    try {
      const rows = factsFrom(job.batch).map((f) => planSummary(f, planLearner(ctx, f, job.today)));
      port.postMessage({ id: job.id, rows } satisfies Reply);
    } catch (e) {
      port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  port.postMessage({ ready: true });
}
