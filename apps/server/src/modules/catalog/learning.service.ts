/** Read views of learning: the learner home, training records, and the manager's team progress. */
import type { LearnerHome, LearningItem, Page, TeamProgress, TrainingRecord } from '@xueli/contracts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { notFound } from '../../lib/errors.ts';
import { employeeScope } from '../org/policy.ts';
import * as learning from './learning.repo.ts';
import { requireEmployee } from './policy.ts';
import { isOverdue, presentCourseSummary, presentRecord, todayUtc } from './present.ts';
import * as records from './records.repo.ts';
import { teamProgressPage } from './team.repo.ts';

/** Unfinished first; then by due date (none last); then most recent activity. */
function byUrgency(a: LearningItem, b: LearningItem): number {
  const done = Number(a.status === 'completed') - Number(b.status === 'completed');
  if (done) return done;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate == null) return 1;
    if (b.dueDate == null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return b.lastActivityAt.localeCompare(a.lastActivityAt);
}

/**
 * The learner's home: every enrolment with its course, progress, due date, whether it is
 * overdue and the next module to open, plus counts. One indexed query whatever the size of
 * the organisation. Courses turned back into drafts are left out (a draft is invisible).
 */
export async function learnerHome(deps: Deps, props: { actor: Actor; today?: string }): Promise<LearnerHome> {
  const employeeId = requireEmployee(props.actor);
  const today = props.today ?? todayUtc();
  const rows = await learning.learnerHomeRows(deps.db, employeeId);
  const items: LearningItem[] = [];
  for (const r of rows) {
    if (r.course.status === 'draft') continue;
    const status = r.record?.status ?? 'not_started';
    items.push({
      enrollmentId: r.enrollment.id,
      course: presentCourseSummary({ ...r, enrolled: true }, props.actor),
      source: r.enrollment.source,
      progressPercent: r.record?.progressPercent ?? 0,
      status,
      dueDate: r.enrollment.dueDate,
      overdue: isOverdue(r.enrollment.dueDate, status, today),
      startedAt: r.record?.startedAt?.toISOString() ?? null,
      completedAt: r.record?.completedAt?.toISOString() ?? null,
      lastActivityAt: (r.record?.updatedAt ?? r.enrollment.enrolledAt).toISOString(),
      nextModule: status === 'completed' || !r.nextModule ? null : { id: Number(r.nextModule.id), title: r.nextModule.title },
    });
  }
  items.sort(byUrgency);
  return {
    items,
    stats: {
      enrolled: items.length,
      inProgress: items.filter((i) => i.status === 'in_progress').length,
      completed: items.filter((i) => i.status === 'completed').length,
      overdue: items.filter((i) => i.overdue).length,
    },
  };
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
