/**
 * Classroom (offline) training: a trainer records a session once for everyone who attended;
 * each attendee gets a completed training record. All-or-nothing.
 */
import type { ClassroomRecord, Page } from '@xueli/contracts';
import type { Deps } from '../../deps.ts';
import { hasRole } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { forbidden, invalid, notFound } from '../../lib/errors.ts';
import type { ActorCtx } from './courses.service.ts';
import * as learning from './learning.repo.ts';
import { presentClassroom } from './present.ts';
import * as repo from './records.repo.ts';

export interface ClassroomSession {
  title: string;
  /** YYYY-MM-DD; not after today (a session is recorded once it has happened). */
  sessionDate: string;
  /** Length of the session in hours, 0.5 to 24; stored as seconds. */
  hours: number;
  location?: string | undefined;
  trainerName?: string | undefined;
  employeeIds: number[];
  /** Assessment score 0–100, the same for every attendee when given. */
  score?: number | undefined;
  notes?: string | undefined;
}

/** The latest calendar date that has begun somewhere on Earth (UTC+14), as YYYY-MM-DD. */
const latestToday = (now: Date) => new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);

/** Records a session for its attendees; unknown employee ids fail the whole request (400, listed). */
export async function classroomRecorder(
  deps: Deps,
  props: ActorCtx & { session: ClassroomSession; now?: Date },
): Promise<ClassroomRecord[]> {
  const s = props.session;
  if (s.sessionDate > latestToday(props.now ?? new Date())) {
    throw invalid('The session date is in the future; record a session after it has taken place', {
      errors: [{ path: 'sessionDate', message: 'in the future' }],
    });
  }
  const ids = await deps.db.transaction(async (tx) => {
    const known = await learning.employeeIdsInScope(tx, s.employeeIds, { kind: 'all' });
    const unknown = s.employeeIds.filter((id) => !known.has(id));
    if (unknown.length) {
      throw invalid(`Unknown employees: ${unknown.join(', ')}`, {
        errors: [{ path: 'employeeIds', message: `unknown employee ids: ${unknown.join(', ')}` }],
        employeeIds: unknown,
      });
    }
    const created = await repo.insertClassroomRecords(tx, {
      employeeIds: s.employeeIds,
      title: s.title,
      sessionDate: s.sessionDate,
      timeSpentSeconds: Math.round(s.hours * 3600),
      location: s.location || null,
      trainerName: s.trainerName || null,
      score: s.score ?? null,
      notes: s.notes || null,
      recordedBy: props.actor.userId,
    });
    await recordAudit(tx, {
      actorUserId: props.actor.userId,
      action: 'classroom.record',
      entity: 'training_record',
      entityId: null,
      details: { title: s.title, sessionDate: s.sessionDate, employeeIds: s.employeeIds, recordIds: created },
      requestId: props.requestId ?? null,
    });
    return created;
  });
  return (await repo.classroomByIds(deps.db, ids)).map(presentClassroom);
}

/** Every classroom record (trainers and admins see all employees), latest session first. */
export async function classroomLister(
  deps: Deps,
  props: { query: { page: number; pageSize: number; search?: string | undefined } },
): Promise<Page<ClassroomRecord>> {
  const { rows, total } = await repo.listClassroom(deps.db, props.query);
  return { items: rows.map(presentClassroom), total, page: props.query.page, pageSize: props.query.pageSize };
}

/** Deletes a classroom record: the trainer who entered it, or an admin. */
export async function classroomDeleter(deps: Deps, props: ActorCtx & { recordId: number }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const record = await repo.findClassroomRecord(tx, props.recordId);
    if (!record) throw notFound('classroom record', props.recordId);
    if (!hasRole(props.actor, 'admin') && record.recordedBy !== props.actor.userId) {
      throw forbidden('Only the trainer who entered this record, or an administrator, may delete it');
    }
    await repo.deleteRecord(tx, record.id);
    await recordAudit(tx, {
      actorUserId: props.actor.userId,
      action: 'classroom.delete',
      entity: 'training_record',
      entityId: record.id,
      details: { employeeId: record.employeeId, title: record.title, sessionDate: record.sessionDate },
      requestId: props.requestId ?? null,
    });
  });
}
