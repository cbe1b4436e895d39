/** Knowledge-tracing models and their background refit jobs. */
import type { JobItem } from '@xueli/contracts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { getJob, jobInFlight, startJob, type JobRow } from '../../lib/jobs.ts';
import { refit } from './kt.service.ts';
import * as repo from './mastery.repo.ts';

export const presentJob = (j: JobRow): JobItem => ({
  id: j.id,
  kind: j.kind,
  status: j.status,
  progress: j.progress,
  message: j.message,
  result: j.result ?? null,
  createdAt: j.createdAt.toISOString(),
  startedAt: j.startedAt?.toISOString() ?? null,
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

export async function modelList(deps: Deps) {
  const rows = await repo.listModels(deps.db);
  return {
    items: rows.map((m) => ({ id: m.id, kind: m.kind, active: m.active, metrics: m.metrics, fittedAt: m.fittedAt.toISOString(), fitSeconds: m.fitSeconds })),
  };
}

export async function refitStarter(deps: Deps, props: { actor: Actor; requestId?: string }): Promise<JobItem> {
  const running = await jobInFlight(deps.db, 'kt.refit');
  if (running) throw conflict(`A refit is already queued or running (job ${running})`, { jobId: running });
  const job = await startJob(deps.db, { kind: 'kt.refit', payload: { trigger: 'manual' }, createdBy: props.actor.userId }, (ctx) => refit(deps.db, ctx));
  await recordAudit(deps.db, { actorUserId: props.actor.userId, action: 'kt.refit.start', entity: 'job', entityId: job.id, requestId: props.requestId ?? null });
  return presentJob(job);
}

export async function jobViewer(deps: Deps, props: { id: number }): Promise<JobItem> {
  const job = await getJob(deps.db, props.id);
  if (!job) throw notFound('job', props.id);
  return presentJob(job);
}
