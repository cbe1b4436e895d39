/**
 * Enrolment and progress: self-enrolment, assignment by a manager or admin, and marking
 * modules complete (or undoing it). Every progress change recomputes the enrolment's
 * training record in the same transaction, with the enrolment row locked so that two
 * completions at once cannot both miss each other.
 */
import type { AssignmentResult, EnrollmentProgress } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors.ts';
import { employeeScope } from '../org/policy.ts';
import * as paths from '../paths/paths.repo.ts';
import * as recommendations from '../paths/recommend.repo.ts';
import * as courses from './courses.repo.ts';
import type { ActorCtx } from './courses.service.ts';
import * as repo from './learning.repo.ts';
import { canViewCourse, requireEmployee } from './policy.ts';
import { presentProgress, todayUtc } from './present.ts';

async function progressView(db: Db, enrollmentId: number): Promise<EnrollmentProgress> {
  const row = await repo.progressOf(db, enrollmentId);
  if (!row) throw notFound('enrollment', enrollmentId);
  return presentProgress(row, todayUtc());
}

/**
 * A published course, share-locked against a concurrent unpublish; 404 when the actor may
 * not see it, 409 when they may but it takes no enrolments.
 */
async function openCourse(db: Db, actor: Actor, courseId: number) {
  const course = await courses.findCourse(db, courseId, { lock: 'share' });
  if (!course || !canViewCourse(actor, course, false)) throw notFound('course', courseId);
  if (course.status !== 'published') {
    throw conflict(`Course ${courseId} is ${course.status}; only published courses take enrolments`, { status: course.status });
  }
  return course;
}

/**
 * Enrols the caller in a published course. Idempotent: enrolling again returns the existing
 * enrolment with `created: false` (also once the course is archived).
 */
export async function selfEnroller(deps: Deps, props: { actor: Actor; courseId: number }): Promise<{ progress: EnrollmentProgress; created: boolean }> {
  const employeeId = requireEmployee(props.actor);
  const { enrollment, created } = await deps.db.transaction(async (tx) => {
    const existing = await repo.findEnrollment(tx, props.courseId, employeeId);
    if (existing) return { enrollment: existing, created: false };
    await openCourse(tx, props.actor, props.courseId);
    await recommendations.attributeEnrollment(tx, employeeId, props.courseId);
    return repo.enrollSelf(tx, props.courseId, employeeId);
  });
  return { progress: await progressView(deps.db, enrollment.id), created };
}

/**
 * Assigns a published course to employees with a due date (today or later). A manager may
 * assign only within their reporting line: any other id (or an unknown one) makes the whole
 * request fail with 403 listing them, and nothing is written. Admins get 400 for unknown ids.
 */
export async function courseAssigner(
  deps: Deps,
  props: ActorCtx & { courseId: number; employeeIds: number[]; dueDate: string; today?: string },
): Promise<AssignmentResult> {
  const { actor } = props;
  if (props.dueDate < (props.today ?? todayUtc())) {
    throw invalid('The due date must not be in the past', { errors: [{ path: 'dueDate', message: 'in the past' }] });
  }
  return deps.db.transaction(async (tx) => {
    await openCourse(tx, actor, props.courseId);
    const scope = employeeScope(actor);
    const found = await repo.employeeIdsInScope(tx, props.employeeIds, scope);
    const missing = props.employeeIds.filter((id) => !found.has(id));
    if (missing.length && scope.kind !== 'all') {
      throw new DomainError('forbidden', `You may assign courses only to people in your reporting line; not allowed: ${missing.join(', ')}`, { employeeIds: missing });
    }
    if (missing.length) {
      throw invalid(`Unknown employees: ${missing.join(', ')}`, { errors: [{ path: 'employeeIds', message: 'unknown employee ids' }], employeeIds: missing });
    }
    const { created, updated } = await repo.upsertAssignments(tx, {
      courseId: props.courseId,
      employeeIds: props.employeeIds,
      dueDate: props.dueDate,
      assignedBy: actor.userId,
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'course.assign',
      entity: 'course',
      entityId: props.courseId,
      details: { employeeIds: props.employeeIds, dueDate: props.dueDate, created, updated },
      requestId: props.requestId ?? null,
    });
    return { courseId: props.courseId, dueDate: props.dueDate, created, updated };
  });
}

/** The actor's own enrolment, locked; 404 for anyone else's, so ids reveal nothing. */
async function ownEnrollment(db: Db, actor: Actor, enrollmentId: number, moduleId: number) {
  const employeeId = requireEmployee(actor);
  const enrollment = await repo.findEnrollmentById(db, enrollmentId, { lock: true });
  if (!enrollment || enrollment.employeeId !== employeeId) throw notFound('enrollment', enrollmentId);
  if (!(await repo.moduleInCourse(db, moduleId, enrollment.courseId))) throw notFound('module', moduleId);
  return enrollment;
}

/** Marks a module complete in the caller's enrolment (idempotent) and returns the new progress. */
export async function moduleCompleter(
  deps: Deps,
  props: { actor: Actor; enrollmentId: number; moduleId: number; timeSpentSeconds?: number | undefined },
): Promise<EnrollmentProgress> {
  await deps.db.transaction(async (tx) => {
    const enrollment = await ownEnrollment(tx, props.actor, props.enrollmentId, props.moduleId);
    await repo.insertProgress(tx, enrollment.id, props.moduleId, props.timeSpentSeconds ?? 0);
    await repo.recomputeRecords(tx, { enrollmentIds: [enrollment.id] }, { keepCompleted: false });
    // K before the module, for learning the module's expected gains (learning paths).
    await paths.observeCompletion(tx, enrollment.employeeId, props.moduleId);
  });
  return progressView(deps.db, props.enrollmentId);
}

/** Undoes a module completion (idempotent) and returns the new progress. */
export async function moduleUncompleter(deps: Deps, props: { actor: Actor; enrollmentId: number; moduleId: number }): Promise<EnrollmentProgress> {
  await deps.db.transaction(async (tx) => {
    const enrollment = await ownEnrollment(tx, props.actor, props.enrollmentId, props.moduleId);
    await repo.deleteProgress(tx, enrollment.id, props.moduleId);
    await repo.recomputeRecords(tx, { enrollmentIds: [enrollment.id] }, { keepCompleted: false });
  });
  return progressView(deps.db, props.enrollmentId);
}
