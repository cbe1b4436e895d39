/**
 * Who may do what with courses and learning data.
 *   authoring  → trainers and admins; a trainer changes only the courses they own, an admin any
 *   seeing     → everyone sees published courses; authors see every status; a learner keeps
 *                seeing an archived course they are enrolled in (their history stays reachable)
 *   learning   → needs an account linked to an employee (`actor.employeeId`)
 * Non-authors get 404 for courses they may not see, so drafts do not leak their existence.
 */
import type { CourseStatus } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { conflict, forbidden } from '../../lib/errors.ts';

/** Trainers and admins write courses and see every status. */
export const isAuthor = (actor: Actor) => hasRole(actor, 'trainer', 'admin');

/** Admins edit any course; trainers only their own. */
export const canEditCourse = (actor: Actor, course: { ownerUserId: number | null }) =>
  hasRole(actor, 'admin') || (hasRole(actor, 'trainer') && course.ownerUserId === actor.userId);

/** Throws 403 unless the actor may edit the course. */
export function assertCanEdit(actor: Actor, course: { id: number; ownerUserId: number | null }) {
  if (!canEditCourse(actor, course)) {
    throw forbidden(`Only the course's owner or an administrator may change course ${course.id}`);
  }
}

/** Whether the actor may open a course; `enrolled` is the actor's own enrolment. */
export const canViewCourse = (actor: Actor, course: { status: CourseStatus }, enrolled: boolean) =>
  course.status === 'published' || isAuthor(actor) || (course.status === 'archived' && enrolled);

/** The actor's employee id, or a 409 explaining that learning needs a linked employee. */
export function requireEmployee(actor: Actor): number {
  if (actor.employeeId == null) {
    throw conflict(
      'Your account is not linked to an employee record, so it has no learning of its own. Ask an administrator to link it.',
      { reason: 'account-not-linked' },
    );
  }
  return actor.employeeId;
}
