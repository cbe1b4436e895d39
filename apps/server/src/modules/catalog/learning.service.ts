/** Read views of learning: the learner home, training records, and the manager's team progress. */
import type { Page, TeamProgress, TrainingRecord } from '@xueli/contracts';
import type { Deps } from '../../deps.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { notFound } from '../../lib/errors.ts';
import { employeeScope } from '../org/policy.ts';
import * as learning from './learning.repo.ts';
import { requireEmployee } from './policy.ts';
import { presentRecord, todayUtc } from './present.ts';
import * as records from './records.repo.ts';
import { teamProgressPage } from './team.repo.ts';

/**
 * The learner's home as the response's JSON text: every enrolment with its course, progress, due
 * date, whether it is overdue and the next module to open, plus counts, most urgent first. Built
 * by one indexed statement whatever the size of the organisation (learning.repo.ts, ADR 0009).
 * Courses turned back into drafts are left out (a draft is invisible).
 */
export async function learnerHome(deps: Deps, props: { actor: Actor; today?: string }): Promise<string> {
  const employeeId = requireEmployee(props.actor);
  return learning.learnerHomeJson(deps.db, {
    employeeId,
    today: props.today ?? todayUtc(),
    isAdmin: hasRole(props.actor, 'admin'),
    isTrainer: hasRole(props.actor, 'trainer'),
    userId: props.actor.userId,
  });
}

interface RecordsQuery {
  page: number;
  pageSize: number;
  kind?: 'online' | 'classroom' | undefined;
}

async function recordsPage(deps: Deps, employeeId: number, q: RecordsQuery): Promise<Page<TrainingRecord>> {
  const { rows, total } = await records.listRecords(deps.db, { employeeId, ...q });
  return { items: rows.map(presentRecord), total, page: q.page, pageSize: q.pageSize };
}

/** The caller's own training records, online and classroom, most recent first. */
export async function myRecords(deps: Deps, props: { actor: Actor; query: RecordsQuery }): Promise<Page<TrainingRecord>> {
  return recordsPage(deps, requireEmployee(props.actor), props.query);
}

/** Someone's training records, if they are in the caller's row scope (else 404). */
export async function employeeRecords(
  deps: Deps,
  props: { actor: Actor; employeeId: number; query: RecordsQuery },
): Promise<Page<TrainingRecord>> {
  if (!(await records.employeeInScope(deps.db, props.employeeId, employeeScope(props.actor)))) {
    throw notFound('employee', props.employeeId);
  }
  return recordsPage(deps, props.employeeId, props.query);
}

/**
 * Learning counts per team member (a manager's reporting line; everyone for an admin),
 * paged by name, with totals over the whole filtered team.
 */
export async function teamProgressViewer(
  deps: Deps,
  props: {
    actor: Actor;
    query: { page: number; pageSize: number; search?: string | undefined; departmentId?: number | undefined };
    today?: string;
  },
): Promise<TeamProgress> {
  const { query } = props;
  const { rows, totals } = await teamProgressPage(
    deps.db,
    { scope: employeeScope(props.actor), ...query },
    props.today ?? todayUtc(),
  );
  return { items: rows, total: totals.employees, page: query.page, pageSize: query.pageSize, totals };
}
