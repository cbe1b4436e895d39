/**
 * A learner's path (issue 5, ADR 0013): the engine's planner (`PathPlanner`, ADR 0012) run on
 * this organisation's catalogue for one person, from what the database knows now:
 *
 * - targets T: the active goal's (a position's targets, a set of points, a curated path's), or
 *   without a goal the person's own effective targets;
 * - mastery K: the knowledge-tracing estimate, plus the expected gain of every module completed
 *   since the last evidence on its points (evidence then replaces the expectation);
 * - gains: the authors' declared gains shrunk toward what past learners showed (estimateGains);
 * - time: the goal's weekly hours and deadline, counted from today, so a learner who falls
 *   behind gets a smaller budget and a warning;
 * - the learner's pins, skips and preferred order; a curated path's modules are pinned.
 *
 * Plans are computed afresh whenever a path is opened (a few milliseconds), so new evidence,
 * completions and choices show at once; the last plan is also stored (`learning_plans`) for
 * team views, and the re-plan job refreshes everyone's.
 */
import type { AssignGoalBody, AssignGoalResult, Bilingual, JobItem, PathStep, PathView, PathWarning } from '@xueli/contracts';
import { estimateGains, PathPlanner, withEstimatedGains, type PathCatalogInput, type PathModule, type PathPlan, type PathTarget, type PathWarning as EngineWarning, type StepReason } from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { jobInFlight, startJob, type JobContext } from '../../lib/jobs.ts';
import { todayUtc } from '../catalog/present.ts';
import { presentJob } from '../skills/models.service.ts';
import { masteryMatrix } from '../skills/mastery.service.ts';
import * as masteryRepo from '../skills/mastery.repo.ts';
import { assertEmployeeVisible } from '../skills/targets.service.ts';
import { goalAssigner, presentGoal } from './goals.service.ts';
import * as repo from './paths.repo.ts';
// types only: the module itself is imported when a job needs workers (it imports this one)
import type * as ReplanWorkers from './replan.workers.ts';
import type { ReplanPool } from './replan.workers.ts';

/** Pace assumed when a goal gives no weekly hours (or there is no goal). */
export const DEFAULT_HOURS_PER_WEEK = 3;
/** How far ahead a path without a deadline is planned, in weeks at the pace. */
export const HORIZON_WEEKS = 12;
/** Time set aside for a course's practice quiz in the path. */
const ASSESSMENT_HOURS = 0.25;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

interface KpName {
  code: string;
  zh: string;
  en: string;
}

interface ModuleInfo {
  id: number;
  courseId: number;
  position: number;
  title: string;
  titleEn: string | null;
  courseTitle: string;
  courseTitleEn: string | null;
  hours: number;
  gains: Map<number, number>;
}

/** What every plan of the organisation shares: the catalogue, the DAG, names, assessments. */
export interface PlanContext {
  planner: PathPlanner;
  /** What the planner was built from (worker threads rebuild it: replan.workers.ts). */
  catalogInput: PathCatalogInput;
  modules: Map<number, ModuleInfo>;
  names: Map<number, KpName>;
  assessments: Map<number, { id: number; title: string; titleEn: string | null }>;
  skills: Set<string>;
}

export async function loadPlanContext(db: Db): Promise<PlanContext> {
  const [rows, edges, observations, assessments, live] = await Promise.all([
    repo.catalogModules(db),
    repo.liveEdges(db),
    repo.gainObservations(db),
    repo.courseAssessments(db),
    masteryRepo.liveKpIds(db),
  ]);
  const modules = new Map<number, ModuleInfo>();
  for (const r of rows) {
    let m = modules.get(r.moduleId);
    if (!m) {
      m = { id: r.moduleId, courseId: r.courseId, position: r.position, title: r.title, titleEn: r.titleEn, courseTitle: r.courseTitle, courseTitleEn: r.courseTitleEn, hours: Math.max(0.05, r.minutes / 60), gains: new Map() };
      modules.set(r.moduleId, m);
    }
    m.gains.set(r.kpId, r.gain);
  }
  const declared: PathModule[] = [...modules.values()].map((m) => ({ id: String(m.id), hours: m.hours, gains: Object.fromEntries([...m.gains].map(([k, g]) => [String(k), g])) }));
  const estimates = estimateGains(
    observations.map((o) => ({ module: String(o.moduleId), skill: String(o.kpId), before: o.before, after: o.after, count: o.n })),
    { modules: declared },
  );
  const learned = withEstimatedGains(declared, estimates.filter((e) => modules.has(Number(e.module)) && modules.get(Number(e.module))!.gains.has(Number(e.skill))));
  for (const m of learned) {
    const info = modules.get(Number(m.id))!;
    for (const [k, g] of Object.entries(m.gains)) info.gains.set(Number(k), g);
  }
  // Every live point is a skill, so that a target no module teaches is reported as unreachable.
  const kpIds = new Set<number>([...live, ...rows.map((r) => r.kpId), ...edges.flatMap((e) => [e.fromId, e.toId])]);
  const all = await masteryRepo.kpsByIds(db, [...kpIds]);
  const names = new Map(all.map((k) => [k.id, { code: k.code, zh: k.name, en: k.nameEn ?? k.name }]));
  const skills = new Set([...kpIds].map(String));
  const catalogInput: PathCatalogInput = {
    skills: [...skills],
    prerequisites: edges.map((e) => [String(e.fromId), String(e.toId)] as const),
    modules: learned.map((m) => ({ ...m, gains: Object.fromEntries(Object.entries(m.gains).filter(([, g]) => g > 0)) })),
    names: Object.fromEntries(all.map((k) => [String(k.id), k.name])),
  };
  const planner = new PathPlanner(catalogInput);
  return { planner, catalogInput, modules, names, assessments: new Map(assessments.map((a) => [a.courseId, a])), skills };
}

/** Everything about one learner the planner needs. */
export interface LearnerFacts {
  employeeId: number;
  employeeName: string;
  goal: repo.GoalWithNames | null;
  /** T and weight per point. */
  targets: Map<number, PathTarget>;
  /** Curated path modules (pinned before the learner's own pins). */
  curatedModules: number[];
  completed: { moduleId: number; completedAt: Date }[];
  prefs: { moduleId: number; action: 'pin' | 'skip' | null; position: number | null }[];
  enrollments: Map<number, number>;
  /** K per point (any point asked for) and the time of the last evidence on it. */
  k: (kpId: number) => number;
  lastEvidenceAt: (kpId: number) => Date | null;
}

/** Targets of a goal, or the person's own effective targets without one. */
async function targetsFor(db: Db, employeeIds: number[], goals: Map<number, repo.GoalWithNames>) {
  const out = new Map<number, { targets: Map<number, PathTarget>; curatedModules: number[] }>();
  // The one definition of effective targets (skills/mastery.repo), without names or sorting.
  const withoutGoal = employeeIds.filter((id) => !goals.has(id));
  for (const id of withoutGoal) out.set(id, { targets: new Map<number, PathTarget>(), curatedModules: [] });
  for (const r of withoutGoal.length ? await masteryRepo.effectiveTargetRows(db, masteryRepo.membersById(withoutGoal)) : []) {
    out.get(r.employeeId)!.targets.set(r.kpId, { target: r.target, weight: r.weight });
  }
  const positionIds = [...new Set([...goals.values()].filter((g) => g.goal.kind === 'position').map((g) => g.goal.positionId!))];
  const byPosition = new Map<number, Map<number, PathTarget>>();
  for (const r of await masteryRepo.positionTargetsOf(db, positionIds)) {
    let m = byPosition.get(r.positionId);
    if (!m) byPosition.set(r.positionId, (m = new Map<number, PathTarget>()));
    m.set(r.kp.id, { target: r.target, weight: r.weight });
  }
  const curated = new Map<number, repo.CuratedRow>();
  for (const g of goals.values()) {
    if (g.goal.kind === 'curated' && g.goal.curatedPathId && !curated.has(g.goal.curatedPathId)) {
      const row = await repo.findCurated(db, g.goal.curatedPathId);
      if (row) curated.set(row.id, row);
    }
  }
  const levels = new Map<number, Awaited<ReturnType<typeof repo.certLevelGoal>>>();
  for (const g of goals.values()) {
    if (g.goal.kind === 'cert_level' && g.goal.certLevelId && !levels.has(g.goal.certLevelId)) levels.set(g.goal.certLevelId, await repo.certLevelGoal(db, g.goal.certLevelId));
  }
  for (const [id, g] of goals) {
    const goal = g.goal;
    if (goal.kind === 'cert_level') {
      // the level's mastery targets, and its required courses' modules planned like a curated path
      const level = goal.certLevelId ? levels.get(goal.certLevelId) : null;
      out.set(id, { targets: new Map((level?.targets ?? []).map((t) => [t.kpId, { target: t.target, weight: 1 }])), curatedModules: level?.moduleIds ?? [] });
    } else if (goal.kind === 'position') out.set(id, { targets: byPosition.get(goal.positionId!) ?? new Map<number, PathTarget>(), curatedModules: [] });
    else if (goal.kind === 'kps') out.set(id, { targets: new Map(goal.targets.map((t) => [t.kpId, { target: t.target, weight: t.weight }])), curatedModules: [] });
    else {
      const path = goal.curatedPathId ? curated.get(goal.curatedPathId) : undefined;
      out.set(id, { targets: new Map((path?.targets ?? []).map((t) => [t.kpId, { target: t.target, weight: t.weight }])), curatedModules: path?.moduleIds ?? [] });
    }
  }
  return out;
}

/** Facts for a batch of employees (one query per kind of fact). */
export async function loadLearnerFacts(db: Db, ctx: PlanContext, employeeIds: number[]): Promise<LearnerFacts[]> {
  const [cards, goals, completed, prefs] = await Promise.all([
    repo.employeeCards(db, employeeIds),
    repo.activeGoals(db, employeeIds),
    repo.completedModules(db, employeeIds),
    repo.preferencesOf(db, employeeIds),
  ]);
  const goalBy = new Map(goals.map((g) => [g.goal.employeeId, g]));
  const targets = await targetsFor(db, employeeIds, goalBy);
  const kpIds = new Set<number>([...ctx.names.keys()]);
  for (const t of targets.values()) for (const k of t.targets.keys()) kpIds.add(k);
  const K = await masteryMatrix(db, employeeIds, [...kpIds]);
  const cardBy = new Map(cards.map((c) => [c.id, c]));
  const group = <T extends { employeeId: number }>(rows: T[]) => {
    const by = new Map<number, T[]>();
    for (const r of rows) {
      const list = by.get(r.employeeId);
      if (list) list.push(r);
      else by.set(r.employeeId, [r]);
    }
    return by;
  };
  const completedBy = group(completed);
  const prefsBy = group(prefs);
  const enrollments = employeeIds.length === 1 ? await repo.enrollmentsOf(db, employeeIds[0]!) : [];
  return employeeIds.flatMap((id) => {
    const card = cardBy.get(id);
    if (!card) return [];
    const t = targets.get(id) ?? { targets: new Map(), curatedModules: [] };
    return [
      {
        employeeId: id,
        employeeName: card.name,
        goal: goalBy.get(id) ?? null,
        targets: t.targets,
        curatedModules: t.curatedModules,
        completed: (completedBy.get(id) ?? []).map((c) => ({ moduleId: c.moduleId, completedAt: c.completedAt })),
        prefs: (prefsBy.get(id) ?? []).map((p) => ({ moduleId: p.moduleId, action: p.action, position: p.position })),
        enrollments: new Map(enrollments.map((e) => [e.courseId, e.id])),
        k: (kpId: number) => K.get(id, kpId),
        lastEvidenceAt: (kpId: number) => K.lastEvidenceAt(id, kpId),
      },
    ];
  });
}

const nameOf = (ctx: PlanContext, kpId: number): KpName => ctx.names.get(kpId) ?? { code: String(kpId), zh: String(kpId), en: String(kpId) };
const pct = (x: number) => x.toFixed(2);

/** The step's reason in both languages, from the planner's reason data and both names of each point. */
function reasonText(ctx: PlanContext, why: StepReason, goal: Bilingual | null, titleOf: (moduleId: string) => Bilingual): Bilingual {
  const n = (skill: string) => nameOf(ctx, Number(skill));
  const target = goal ? { zh: `（${goal.zh}）`, en: ` (${goal.en})` } : { zh: '', en: '' };
  if (why.kind === 'pinned') return { zh: '你或学习路径模板固定了这一步', en: 'Pinned by you or by the curated path' };
  if (why.kind === 'gap') {
    const also = why.also.length ? { zh: `，并提升${why.also.map((m) => `「${n(m.skill).zh}」`).join('、')}`, en: `; also moves ${why.also.map((m) => n(m.skill).en).join(', ')}` } : { zh: '', en: '' };
    return {
      zh: `缩小「${n(why.skill).zh}」的差距：${pct(why.from)} → ≈${pct(why.to)}（目标 ${pct(why.target)}）${also.zh}${target.zh}`,
      en: `Closes the gap on ${n(why.skill).en} from ${pct(why.from)} to ≈${pct(why.to)} (target ${pct(why.target)})${also.en}${target.en}`,
    };
  }
  const unlocks = why.unlocks.map(titleOf);
  const forTarget = why.forTarget ? n(why.forTarget) : null;
  return {
    zh: `先修：把「${n(why.skill).zh}」提升到 ≈${pct(why.to)}，为${unlocks.map((u) => `「${u.zh}」`).join('、') || '后续步骤'}做准备${forTarget ? `，最终缩小「${forTarget.zh}」的差距` : ''}`,
    en: `Prerequisite: raises ${n(why.skill).en} to ≈${pct(why.to)} so that ${unlocks.map((u) => `"${u.en}"`).join(', ') || 'later steps'} can start${forTarget ? `, toward your target on ${forTarget.en}` : ''}`,
  };
}

/** Plans one learner and presents the path. */
export function planLearner(ctx: PlanContext, f: LearnerFacts, today = todayUtc()): { view: PathView; plan: PathPlan } {
  // Expected K: the estimate, plus the gains of modules completed since the last evidence.
  const K = new Map<number, number>();
  const kOf = (kp: number) => K.get(kp) ?? f.k(kp);
  const doneSteps: PathStep[] = [];
  const completed = [...f.completed].sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  for (const c of completed) {
    const m = ctx.modules.get(c.moduleId);
    if (!m) continue;
    const moves: PathStep['moves'] = [];
    let relevant = false;
    for (const [kp, gain] of m.gains) {
      const last = f.lastEvidenceAt(kp);
      const from = kOf(kp);
      const to = last && last > c.completedAt ? from : Math.min(1, from + gain);
      K.set(kp, to);
      const t = f.targets.get(kp);
      if (t) relevant = true;
      moves.push({ kpId: kp, kpName: nameOf(ctx, kp).zh, kpNameEn: nameOf(ctx, kp).en, from: round(from, 3), to: round(to, 3), target: t?.target ?? null });
    }
    if (!relevant && !f.curatedModules.includes(m.id)) continue;
    doneSteps.push({
      ...stepBase(m, f),
      status: 'done',
      pinned: false,
      reason: { zh: '已完成', en: 'Completed' },
      moves,
      week: null,
      completedAt: c.completedAt.toISOString(),
    });
  }
  const mastery: Record<string, number> = {};
  for (const s of ctx.skills) mastery[s] = Math.min(1, Math.max(0, kOf(Number(s))));
  const targets: Record<string, PathTarget> = {};
  // Every live point is a skill of the catalogue; a target on a retired one no longer counts.
  for (const [kp, t] of f.targets) if (ctx.skills.has(String(kp))) targets[String(kp)] = t;
  const completedIds = new Set(completed.map((c) => c.moduleId));
  const skippedByLearner = f.prefs.filter((p) => p.action === 'skip').map((p) => p.moduleId);
  const pinned = [...f.curatedModules, ...f.prefs.filter((p) => p.action === 'pin').map((p) => p.moduleId)].filter((id, i, a) => a.indexOf(id) === i && !completedIds.has(id) && ctx.modules.has(id));
  const order = f.prefs.filter((p) => p.position != null).sort((a, b) => a.position! - b.position!).map((p) => String(p.moduleId));
  const goal = f.goal;
  const pace = goal?.goal.hoursPerWeek ?? DEFAULT_HOURS_PER_WEEK;
  const deadline = goal?.goal.deadline ?? null;
  const goalLabel = goal ? presentGoal(goal).label : null;
  const plan = ctx.planner.plan(
    {
      mastery,
      targets,
      hoursPerWeek: pace,
      // Without a deadline the path covers the next HORIZON_WEEKS at the pace.
      ...(deadline ? { startDate: today, endDate: deadline } : { deadlineWeeks: HORIZON_WEEKS }),
      pinned: pinned.map(String),
      skipped: [...skippedByLearner.map(String), ...[...completedIds].map(String)],
      order,
    },
    { locale: 'zh-CN' },
  );
  const titleOf = (id: string): Bilingual => {
    const m = ctx.modules.get(Number(id));
    return m ? { zh: m.title, en: m.titleEn ?? m.title } : { zh: id, en: id };
  };
  const planned: PathStep[] = [];
  let cumulative = 0;
  const lastOfCourse = new Map<number, number>();
  plan.steps.forEach((s, i) => {
    const m = ctx.modules.get(Number(s.module))!;
    lastOfCourse.set(m.courseId, i);
  });
  plan.steps.forEach((s, i) => {
    const m = ctx.modules.get(Number(s.module))!;
    cumulative += s.hours;
    planned.push({
      ...stepBase(m, f),
      status: planned.length === 0 ? 'next' : 'planned',
      pinned: s.pinned,
      reason: reasonText(ctx, s.why, goalLabel, titleOf),
      moves: s.moves.map((mv) => ({ kpId: Number(mv.skill), kpName: nameOf(ctx, Number(mv.skill)).zh, kpNameEn: nameOf(ctx, Number(mv.skill)).en, from: round(mv.before, 3), to: round(mv.after, 3), target: f.targets.get(Number(mv.skill))?.target ?? null })),
      week: Math.max(1, Math.ceil(cumulative / pace - 1e-9)),
      completedAt: null,
    });
    const exam = ctx.assessments.get(m.courseId);
    if (exam && lastOfCourse.get(m.courseId) === i) {
      cumulative += ASSESSMENT_HOURS;
      planned.push({
        kind: 'assessment',
        moduleId: null,
        examId: exam.id,
        title: exam.title,
        titleEn: exam.titleEn,
        courseId: m.courseId,
        courseTitle: m.courseTitle,
        courseTitleEn: m.courseTitleEn,
        enrollmentId: f.enrollments.get(m.courseId) ?? null,
        hours: ASSESSMENT_HOURS,
        status: 'planned',
        pinned: false,
        reason: { zh: '用练习测验检验本课所学，测验结果会更新你的掌握度', en: 'Check what you learned in this course: the quiz result updates your mastery' },
        moves: [],
        week: Math.max(1, Math.ceil(cumulative / pace - 1e-9)),
        completedAt: null,
      });
    }
  });
  // The engine names points in one language; the unreachable list below names them in both, so
  // this warning only counts them.
  const warnings: PathWarning[] = plan.warnings
    .filter((w) => w.code !== 'unknown-module')
    .map((w) => ({ code: w.code, message: warningText(ctx, w, plan.unreachable.length, titleOf) }));
  const skippedSet = new Set(skippedByLearner);
  const view: PathView = {
    employeeId: f.employeeId,
    employeeName: f.employeeName,
    goal: goal ? presentGoal(goal) : null,
    steps: [...doneSteps, ...planned],
    gapNow: round(plan.initialGap, 6),
    gapAfter: round(plan.expectedGap, 6),
    hoursPlanned: round(plan.totalHours + planned.filter((s) => s.kind === 'assessment').length * ASSESSMENT_HOURS, 2),
    hoursDone: round(doneSteps.reduce((a, s) => a + s.hours, 0), 2),
    budgetHours: plan.budgetHours == null ? null : round(plan.budgetHours, 2),
    pace: { hoursPerWeek: pace, isDefault: goal?.goal.hoursPerWeek == null },
    horizonWeeks: deadline ? null : HORIZON_WEEKS,
    warnings,
    unreachable: plan.unreachable.map((u) => {
      const name = nameOf(ctx, Number(u.skill));
      const onlyDone = u.reason === 'skipped' && ![...skippedSet].some((id) => (ctx.modules.get(id)?.gains.get(Number(u.skill)) ?? 0) > 0);
      const reason: Bilingual =
        u.reason === 'no-module'
          ? { zh: '目前没有课程模块教授这个知识点', en: 'No course module teaches this point yet' }
          : u.reason === 'prerequisites'
            ? { zh: `先修知识点无法达到要求：${u.blockedBy.map((s) => nameOf(ctx, Number(s)).zh).join('、')}`, en: `Its prerequisites cannot be met: ${u.blockedBy.map((s) => nameOf(ctx, Number(s)).en).join(', ')}` }
            : onlyDone
              ? { zh: `已学完所有相关模块，预期最多达到 ${pct(u.reachable)}；参加测验更新掌握度`, en: `You completed every module that teaches it (≈${pct(u.reachable)} expected); take a quiz to update your mastery` }
              : u.reason === 'skipped'
                ? { zh: '教授它的模块被你跳过了', en: 'You skipped the modules that teach it' }
                : { zh: `现有模块最多达到 ${pct(u.reachable)}，低于目标 ${pct(u.target)}`, en: `The modules reach at most ${pct(u.reachable)}, below the target ${pct(u.target)}` };
      return { kpId: Number(u.skill), kpName: name.zh, kpNameEn: name.en, reason };
    }),
    skipped: skippedByLearner.flatMap((id) => {
      const m = ctx.modules.get(id);
      return m ? [{ moduleId: id, title: m.title, titleEn: m.titleEn }] : [];
    }),
    computedAt: new Date().toISOString(),
  };
  return { view, plan };
}

/**
 * A warning in both languages. The engine writes module titles and point names in one language,
 * so the warnings that name them are written here from their details, each name in its language.
 */
function warningText(ctx: PlanContext, w: EngineWarning, unreachable: number, titleOf: (moduleId: string) => Bilingual): Bilingual {
  const d = w.details;
  const module = typeof d.module === 'string' ? titleOf(d.module) : null;
  const h = (x: unknown) => (typeof x === 'number' ? x.toFixed(1) : '?');
  switch (w.code) {
    case 'unreachable-targets':
      return {
        zh: `${unreachable} 个目标知识点无法通过现有课程达到（见下方列表）`,
        en: `${unreachable} target point${unreachable === 1 ? '' : 's'} cannot be reached with the current courses (listed below)`,
      };
    case 'pinned-skipped':
      return { zh: `「${module?.zh}」既被固定又被跳过，按跳过处理`, en: `"${module?.en}" is both pinned and skipped; it is skipped` };
    case 'pinned-infeasible': {
      const blocked = Array.isArray(d.blockedBy) ? d.blockedBy.map((s) => nameOf(ctx, Number(s))) : [];
      return {
        zh: `固定的「${module?.zh}」无法安排：没有模块能把它的先修知识点（${blocked.map((b) => b.zh).join('、')}）提升到要求`,
        en: `Pinned "${module?.en}" cannot be planned: no module brings its prerequisites (${blocked.map((b) => b.en).join(', ')}) to level`,
      };
    }
    case 'pinned-over-budget':
      return {
        zh: `固定的「${module?.zh}」超出可用时间（需要 ${h(d.hours)} 小时，剩余 ${h(d.left)} 小时）`,
        en: `Pinned "${module?.en}" does not fit in the time left (${h(d.hours)} h needed, ${h(d.left)} h left)`,
      };
    case 'order-adjusted': {
      const before = typeof d.before === 'string' ? titleOf(d.before) : null;
      return { zh: `因先修要求调整了你的顺序：「${module?.zh}」排在「${before?.zh}」之前`, en: `Your order was changed where prerequisites require it: "${module?.en}" comes before "${before?.en}"` };
    }
    default:
      return { zh: w.message['zh-CN'], en: w.message['en-US'] };
  }
}

function stepBase(m: ModuleInfo, f: LearnerFacts) {
  return {
    kind: 'module' as const,
    moduleId: m.id,
    examId: null,
    title: m.title,
    titleEn: m.titleEn,
    courseId: m.courseId,
    courseTitle: m.courseTitle,
    courseTitleEn: m.courseTitleEn,
    enrollmentId: f.enrollments.get(m.courseId) ?? null,
    hours: round(m.hours, 2),
  };
}

/** What `learning_plans` keeps of a plan. */
export interface PlanSummary {
  employeeId: number;
  goalId: number | null;
  moduleIds: number[];
  gapNow: number;
  gapAfter: number;
  hours: number;
  warnings: string[];
}

export function planSummary(f: LearnerFacts, r: { plan: PathPlan; view: PathView }): PlanSummary {
  return {
    employeeId: f.employeeId,
    goalId: f.goal?.goal.id ?? null,
    moduleIds: r.plan.steps.map((s) => Number(s.module)),
    gapNow: r.view.gapNow,
    gapAfter: r.view.gapAfter,
    hours: r.plan.totalHours,
    warnings: r.view.warnings.map((w) => w.code),
  };
}

async function storePlans(db: Db, rows: { f: LearnerFacts; plan: PathPlan; view: PathView }[]) {
  await repo.savePlans(db, rows.map(({ f, ...r }) => planSummary(f, r)));
}

/** Plans one employee now and stores the plan. */
async function pathOf(db: Db, employeeId: number): Promise<PathView> {
  const ctx = await loadPlanContext(db);
  const [f] = await loadLearnerFacts(db, ctx, [employeeId]);
  if (!f) throw notFound('employee', employeeId);
  const r = planLearner(ctx, f);
  await storePlans(db, [{ f, ...r }]);
  return r.view;
}

export async function myPath(deps: Deps, props: { actor: Actor }): Promise<PathView> {
  if (props.actor.employeeId == null) throw forbidden('Your account is not linked to an employee, so it has no learning path');
  return pathOf(deps.db, props.actor.employeeId);
}

export async function employeePath(deps: Deps, props: { actor: Actor; employeeId: number }): Promise<PathView> {
  await assertEmployeeVisible(deps.db, props.actor, props.employeeId);
  return pathOf(deps.db, props.employeeId);
}

async function assertPlannableModule(db: Db, moduleId: number) {
  const m = await repo.moduleWithCourse(db, moduleId);
  if (!m || m.status !== 'published') throw notFound('module', moduleId);
}

export async function pathPreferenceSetter(deps: Deps, props: { actor: Actor; moduleId: number; action: 'pin' | 'skip' | 'clear' }): Promise<PathView> {
  if (props.actor.employeeId == null) throw forbidden('Your account is not linked to an employee, so it has no learning path');
  await assertPlannableModule(deps.db, props.moduleId);
  await repo.setPreference(deps.db, props.actor.employeeId, props.moduleId, props.action === 'clear' ? null : props.action);
  return pathOf(deps.db, props.actor.employeeId);
}

export async function pathOrderSetter(deps: Deps, props: { actor: Actor; moduleIds: number[] }): Promise<PathView> {
  if (props.actor.employeeId == null) throw forbidden('Your account is not linked to an employee, so it has no learning path');
  const dup = props.moduleIds.find((id, i) => props.moduleIds.indexOf(id) !== i);
  if (dup !== undefined) throw invalid(`Module ${dup} is listed twice`, { errors: [{ path: 'moduleIds', message: `module ${dup} twice` }] });
  const found = new Set((await repo.modulesByIds(deps.db, props.moduleIds)).filter((m) => m.courseStatus === 'published').map((m) => m.id));
  const unknown = props.moduleIds.filter((id) => !found.has(id));
  if (unknown.length) throw notFound('module', unknown.join(', '));
  await deps.db.transaction((tx) => repo.setOrder(tx, props.actor.employeeId!, props.moduleIds));
  return pathOf(deps.db, props.actor.employeeId);
}

/** Assigns the goal, then plans for everyone who got it: targets no module reaches are reported. */
export async function goalAssignerWithPlans(deps: Deps, props: { actor: Actor; requestId?: string | undefined; body: AssignGoalBody }): Promise<AssignGoalResult> {
  const { assigned, replaced } = await goalAssigner(deps, props);
  const ctx = await loadPlanContext(deps.db);
  const warnings: AssignGoalResult['warnings'] = [];
  for (let i = 0; i < assigned.length; i += 500) {
    const facts = await loadLearnerFacts(deps.db, ctx, assigned.slice(i, i + 500));
    const rows = facts.map((f) => ({ f, ...planLearner(ctx, f) }));
    await storePlans(deps.db, rows);
    for (const r of rows) for (const w of r.view.warnings) warnings.push({ employeeId: r.f.employeeId, code: w.code, message: w.message });
  }
  return { assigned: assigned.length, replaced, warnings };
}

export const REPLAN_BATCH = 1000;

/** Re-plans every active employee in batches, reporting progress. */
/** From this many employees on, the re-plan job plans on worker threads (starting them takes ~1 s). */
export const REPLAN_WORKERS_FROM = 5000;

/**
 * Re-plans every active employee in batches and stores the plans, reporting progress. With many
 * employees (or `opts.workers`) the planning runs on worker threads (replan.workers.ts) while this
 * thread reads the next batches and stores the finished ones; if the workers cannot start, the plans
 * are made here, one batch after the other.
 */
export async function replanEveryone(db: Db, ctx: JobContext, opts: { workers?: number } = {}): Promise<Record<string, unknown>> {
  const started = Date.now();
  const total = await repo.countActiveEmployees(db);
  const plan = await loadPlanContext(db);
  const today = todayUtc();
  let pool: ReplanPool | null = null;
  let workers: typeof ReplanWorkers | null = null;
  if (opts.workers !== 0 && (opts.workers !== undefined || total >= REPLAN_WORKERS_FROM)) {
    try {
      workers = await import('./replan.workers.ts');
      pool = await workers.ReplanPool.start(plan, opts.workers);
    } catch {
      pool = null; // plan on this thread
    }
  }
  let done = 0, after = 0, warned = 0;
  const store = async (rows: PlanSummary[]) => {
    await repo.savePlans(db, rows);
    warned += rows.filter((r) => r.warnings.length).length;
    done += rows.length;
    await ctx.progress(total ? done / total : 1, `${done} / ${total}`);
  };
  const inFlight: Promise<PlanSummary[]>[] = [];
  try {
    for (;;) {
      const batch = await repo.activeEmployeeBatch(db, after, REPLAN_BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const facts = await loadLearnerFacts(db, plan, batch.map((b) => b.id));
      if (pool && workers) {
        const planned = pool.plan(workers.portableBatch(plan, facts), today);
        planned.catch(() => undefined); // awaited below, in order
        inFlight.push(planned);
        // keep every worker busy while this thread reads the next batch; store in order
        while (inFlight.length > pool.size) await store(await inFlight.shift()!);
      } else {
        await store(facts.map((f) => planSummary(f, planLearner(plan, f, today))));
      }
    }
    while (inFlight.length) await store(await inFlight.shift()!);
  } finally {
    await pool?.close();
  }
  return { employees: done, withWarnings: warned, workers: pool?.size ?? 0, seconds: (Date.now() - started) / 1000 };
}

export async function replanAll(deps: Deps, props: { actor: Actor }): Promise<JobItem> {
  const running = await jobInFlight(deps.db, 'paths.replan');
  if (running) throw conflict(`A re-plan is already queued or running (job ${running})`, { jobId: running });
  const job = await startJob(deps.db, { kind: 'paths.replan', createdBy: props.actor.userId }, (ctx) => replanEveryone(deps.db, ctx));
  await recordAudit(deps.db, { actorUserId: props.actor.userId, action: 'paths.replan.start', entity: 'job', entityId: job.id });
  return presentJob(job);
}
