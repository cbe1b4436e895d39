/**
 * Background jobs run inside the server process (model refits, re-indexing, large imports):
 * a row in `jobs` tracks each run's status and progress for the UI and the CLI. A job starts
 * right after the request that queued it returns. A job left `running` by a stopped process is
 * marked failed at the next start (`failInterruptedJobs`).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';

export type JobRow = typeof jobs.$inferSelect;

export interface JobContext {
  /** Reports progress in [0, 1] with a short message; written at most every 250 ms. */
  progress(fraction: number, message: string): Promise<void>;
}

export type JobRunner = (ctx: JobContext) => Promise<Record<string, unknown>>;

const running = new Set<Promise<void>>();

/** Queues a job and runs it in the background; returns the queued row at once. */
export async function startJob(
  db: Db,
  spec: { kind: string; payload?: Record<string, unknown>; createdBy?: number | null },
  run: JobRunner,
): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: spec.kind, payload: spec.payload ?? {}, createdBy: spec.createdBy ?? null })
    .returning();
  const job = row!;
  const p = executeJob(db, job.id, run).finally(() => running.delete(p));
  running.add(p);
  return job;
}

/** Runs a queued job to its end (the CLI calls this directly to run in the foreground). */
export async function executeJob(db: Db, jobId: number, run: JobRunner): Promise<void> {
  await db.update(jobs).set({ status: 'running', startedAt: new Date() }).where(eq(jobs.id, jobId));
  let last = 0;
  const ctx: JobContext = {
    progress: async (fraction, message) => {
      const now = Date.now();
      if (now - last < 250 && fraction < 1) return;
      last = now;
      await db
        .update(jobs)
        .set({ progress: Math.min(1, Math.max(0, fraction)), message: message.slice(0, 500) })
        .where(eq(jobs.id, jobId));
    },
  };
  try {
    const result = await run(ctx);
    await db
      .update(jobs)
      .set({ status: 'succeeded', progress: 1, result, finishedAt: new Date() })
      .where(eq(jobs.id, jobId));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db
      .update(jobs)
      .set({ status: 'failed', message: message.slice(0, 500), finishedAt: new Date() })
      .where(eq(jobs.id, jobId))
      .catch(() => undefined);
  }
}

/** Waits for every job this process started (graceful shutdown, tests). */
export async function waitForJobs(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/** The id of a queued or running job of this kind, or null. */
export async function jobInFlight(db: Db, kind: string): Promise<number | null> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), inArray(jobs.status, ['queued', 'running'])))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** Marks jobs a previous process left unfinished as failed; called at start-up. */
export async function failInterruptedJobs(db: Db): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ status: 'failed', message: 'Interrupted: the server stopped while the job ran', finishedAt: sql`now()` })
    .where(inArray(jobs.status, ['queued', 'running']))
    .returning({ id: jobs.id });
  return rows.length;
}

export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}
