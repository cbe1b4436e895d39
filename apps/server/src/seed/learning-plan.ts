/**
 * Plans who is learning what in Demo Bank: about 60% of employees enrolled in one to five
 * courses (more in the demo manager's team), chosen with a per-department taste; some
 * assigned by a manager or the training team with due dates, some overdue; module completions
 * spread between enrolment and today, and one training record per enrolment derived from them.
 * Dates are placed relative to `now` so that "overdue" and "recent" stay true on any day.
 */
import type { EmployeeStatus, RecordStatus } from '../db/schema/index.ts';
import type { Rng } from './prng.ts';

export interface CourseRef {
  id: number;
  modules: { id: number; estimatedMinutes: number }[];
}

export interface PersonRef {
  id: number;
  department: string;
  status: EmployeeStatus;
  isHead: boolean;
}

export interface LearningInput {
  now: Date;
  employees: PersonRef[];
  /** Published courses in catalogue order (PUBLISHED_COURSES): affinities use the index. */
  courses: CourseRef[];
  /** Employee ids in the demo manager's reporting line. */
  managerLine: ReadonlySet<number>;
  learnerEmployeeId: number;
  /** User ids of the accounts that assign training. */
  users: { admin: number; trainer: number; manager: number };
}

export interface Completion {
  moduleId: number;
  completedAt: Date;
  timeSpentSeconds: number;
}

export interface RecordPlan {
  status: RecordStatus;
  progressPercent: number;
  startedAt: Date | null;
  completedAt: Date | null;
  timeSpentSeconds: number;
  score: number | null;
  updatedAt: Date;
}

export interface EnrollmentPlan {
  courseId: number;
  employeeId: number;
  source: 'self' | 'assigned';
  assignedBy: number | null;
  dueDate: string | null;
  enrolledAt: Date;
  completions: Completion[];
  record: RecordPlan;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

// Course indexes in PUBLISHED_COURSES.
const BASICS = 0, PROMPT = 1, PROMPT_ADV = 2, SERVICE = 3, DATA = 4, RAG = 5, SECURITY = 6, CODING = 7, OFFICE = 8, PROJECTS = 9;
const BASE_TASTE = [5, 5, 2, 1, 1, 1, 4, 1, 3, 1];
const DEPARTMENT_TASTE: Record<string, [number, number][]> = {
  HQ: [[PROJECTS, 4], [DATA, 2]],
  RETAIL: [[SERVICE, 5], [OFFICE, 1], [PROMPT, 1]],
  CORP: [[SERVICE, 2], [DATA, 2]],
  RISK: [[DATA, 4], [PROMPT_ADV, 2], [RAG, 1]],
  IT: [[CODING, 6], [RAG, 4], [PROMPT_ADV, 2]],
  OPS: [[OFFICE, 2], [SERVICE, 2]],
  HR: [[OFFICE, 3], [PROJECTS, 2]],
  COMPLIANCE: [[SECURITY, 4], [RAG, 2]],
};

/**
 * The record a set of completions implies, as the catalog recomputes it: progress is
 * floor(completed/total · 100) (so 100 only when every module is done), started at the first completion, completed at the last
 * when every module is done, time spent summed.
 */
export function recordFromCompletions(completions: Completion[], moduleCount: number, score: number | null, enrolledAt: Date): RecordPlan {
  const done = completions.length;
  const times = completions.map((c) => c.completedAt.getTime()).sort((a, b) => a - b);
  const complete = done === moduleCount && moduleCount > 0;
  return {
    status: done === 0 ? 'not_started' : complete ? 'completed' : 'in_progress',
    progressPercent: moduleCount === 0 ? 0 : Math.floor((100 * done) / moduleCount),
    startedAt: done ? new Date(times[0]!) : null,
    completedAt: complete ? new Date(times[done - 1]!) : null,
    timeSpentSeconds: completions.reduce((s, c) => s + c.timeSpentSeconds, 0),
    score: complete ? score : null,
    updatedAt: done ? new Date(times[done - 1]!) : enrolledAt,
  };
}

function completionsFor(rng: Rng, course: CourseRef, count: number, from: Date, until: Date): Completion[] {
  const span = Math.max(until.getTime() - from.getTime() - HOUR, HOUR);
  const points = Array.from({ length: count }, () => from.getTime() + HOUR + Math.floor(rng.next() * span)).sort((a, b) => a - b);
  return points.map((t, i) => ({
    moduleId: course.modules[i]!.id,
    completedAt: new Date(t),
    timeSpentSeconds: Math.round(course.modules[i]!.estimatedMinutes * 60 * (0.5 + rng.next() * 1.1)),
  }));
}

function enrollment(
  rng: Rng,
  now: Date,
  p: { course: CourseRef; employeeId: number; assignedBy: number | null; enrolledAt: Date; dueDate: Date | null; modulesDone: number; score: number | null },
): EnrollmentPlan {
  const dueAt = p.dueDate ? new Date(p.dueDate.getTime() + DAY - 1) : null;
  const finishBy = p.modulesDone === p.course.modules.length && dueAt && dueAt < now && rng.chance(0.85) ? dueAt : now;
  const completions = completionsFor(rng, p.course, p.modulesDone, p.enrolledAt, finishBy);
  return {
    courseId: p.course.id,
    employeeId: p.employeeId,
    source: p.assignedBy ? 'assigned' : 'self',
    assignedBy: p.assignedBy,
    dueDate: p.dueDate ? isoDate(p.dueDate) : null,
    enrolledAt: p.enrolledAt,
    completions,
    record: recordFromCompletions(completions, p.course.modules.length, p.score, p.enrolledAt),
  };
}

/** The `learner` account's four courses: completed, in progress, overdue, not started. */
function learnerEnrollments(rng: Rng, input: LearningInput): EnrollmentPlan[] {
  const { now, courses, users } = input;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const e = (course: number, assignedBy: number | null, enrolledDaysAgo: number, dueInDays: number | null, done: number | 'all', score: number | null = null) =>
    enrollment(rng, now, {
      course: courses[course]!,
      employeeId: input.learnerEmployeeId,
      assignedBy,
      enrolledAt: ago(enrolledDaysAgo),
      dueDate: dueInDays === null ? null : ago(-dueInDays),
      modulesDone: done === 'all' ? courses[course]!.modules.length : done,
      score,
    });
  return [
    e(BASICS, null, 60, null, 'all', 92),
    e(DATA, users.manager, 10, 14, 1),
    e(SECURITY, users.manager, 40, -7, 1),
    e(PROMPT_ADV, null, 2, null, 0),
  ];
}

/** Every online enrolment of the demo organisation, with its completions and record. */
export function planLearning(rng: Rng, input: LearningInput): EnrollmentPlan[] {
  const { now, courses, users } = input;
  const out = learnerEnrollments(rng, input);
  for (const person of input.employees) {
    if (person.id === input.learnerEmployeeId) continue;
    const inLine = input.managerLine.has(person.id);
    if (!rng.chance(person.status === 'terminated' ? 0.3 : inLine ? 0.85 : 0.58)) continue;
    const taste = [...BASE_TASTE];
    for (const [course, extra] of DEPARTMENT_TASTE[person.department] ?? []) taste[course]! += extra;
    if (person.isHead) taste[PROJECTS]! += 4;
    let indexes = courses.map((_, i) => i);
    const howMany = rng.weighted([1, 2, 3, 4, 5], [30, 30, 20, 12, 8]);
    for (let n = 0; n < howMany && indexes.length; n++) {
      const pick = rng.weighted(indexes, indexes.map((i) => taste[i]!));
      indexes = indexes.filter((i) => i !== pick);
      const course = courses[pick]!;
      const enrolledAt = new Date(now.getTime() - rng.int(3, 160) * DAY - rng.int(0, 10) * HOUR);
      const assignedBy = inLine && rng.chance(0.6)
        ? users.manager
        : pick === SECURITY && rng.chance(0.5)
          ? users.admin
          : rng.chance(0.2)
            ? users.trainer
            : null;
      const dueDate = assignedBy ? new Date(enrolledAt.getTime() + rng.int(21, 60) * DAY) : null;
      const fresh = now.getTime() - enrolledAt.getTime() < 14 * DAY;
      const pastDue = dueDate !== null && dueDate < now;
      const state = rng.weighted(['not_started', 'in_progress', 'completed'] as const, fresh ? [50, 40, 10] : pastDue ? [10, 25, 65] : [20, 40, 40]);
      const total = course.modules.length;
      const modulesDone = state === 'completed' ? total : state === 'in_progress' ? rng.int(1, total - 1) : 0;
      const score = rng.chance(0.55) ? rng.int(60, 100) : null;
      out.push(enrollment(rng, now, { course, employeeId: person.id, assignedBy, enrolledAt, dueDate, modulesDone, score }));
    }
  }
  return out;
}
