/**
 * What the planner plans toward and from: the knowledge points each module teaches (authors),
 * goals assigned to people (managers, L&D, admins), curated paths (L&D), and the learner's own
 * pins, skips and preferred order.
 */
import type { AssignGoalBody, CuratedPath, CuratedPathBody, GoalItem, ModuleKps, Page } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import { DEFAULT_MODULE_GAIN } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { DomainError, invalid, notFound } from '../../lib/errors.ts';
import { canViewCourse, assertCanEdit } from '../catalog/policy.ts';
import { todayUtc } from '../catalog/present.ts';
import { employeeScope } from '../org/policy.ts';
import * as repo from './paths.repo.ts';
import { LEVEL_NAMES } from '../certs/credentials/openbadges.ts';

type Ctx = { actor: Actor; requestId?: string | undefined };

// ---------------------------------------------------------------- module knowledge points

async function visibleModule(db: Db, actor: Actor, moduleId: number) {
  const m = await repo.moduleWithCourse(db, moduleId);
  if (!m || !canViewCourse(actor, m, false)) throw notFound('module', moduleId);
  return m;
}

export async function moduleKpsViewer(deps: Deps, props: { actor: Actor; moduleId: number }): Promise<ModuleKps> {
  await visibleModule(deps.db, props.actor, props.moduleId);
  const rows = await repo.kpsOfModule(deps.db, props.moduleId);
  return { moduleId: props.moduleId, items: rows.map((r) => ({ ...r, gain: Math.round(r.gain * 1000) / 1000 })) };
}

/** Replaces what a module teaches (all or nothing); only the course's owner or an admin. */
export async function moduleKpsSetter(deps: Deps, props: Ctx & { moduleId: number; items: { kpId: number; gain?: number | undefined }[] }): Promise<ModuleKps> {
  const m = await visibleModule(deps.db, props.actor, props.moduleId);
  assertCanEdit(props.actor, { id: m.courseId, ownerUserId: m.ownerUserId });
  const ids = props.items.map((i) => i.kpId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw invalid(`Knowledge point ${dup} is listed twice`, { errors: [{ path: 'items', message: `kpId ${dup} twice` }] });
  const live = new Set((await repo.liveKps(deps.db, ids)).map((k) => k.id));
  const unknown = ids.filter((id) => !live.has(id));
  if (unknown.length) throw invalid(`Unknown or retired knowledge points: ${unknown.join(', ')}`, { kpIds: unknown });
  await deps.db.transaction(async (tx) => {
    await repo.replaceModuleKps(tx, props.moduleId, props.items.map((i) => ({ kpId: i.kpId, gain: i.gain ?? DEFAULT_MODULE_GAIN })));
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'module.kps.set', entity: 'module', entityId: props.moduleId, details: { items: props.items }, requestId: props.requestId ?? null });
  });
  return moduleKpsViewer(deps, props);
}

// ---------------------------------------------------------------- goals


export function presentGoal(r: repo.GoalWithNames): GoalItem {
  const g = r.goal;
  const label =
    g.kind === 'position'
      ? { zh: `岗位目标：${r.positionName ?? g.positionId}`, en: `Position: ${r.positionNameEn ?? r.positionName ?? g.positionId}` }
      : g.kind === 'curated'
        ? { zh: `学习路径：${r.pathTitle ?? g.curatedPathId}`, en: `Path: ${r.pathTitleEn ?? r.pathTitle ?? g.curatedPathId}` }
        : g.kind === 'cert_level'
          ? {
              zh: `认证目标：${r.certProgrammeName ?? ''} · ${r.certLevel ? LEVEL_NAMES[r.certLevel].zh : g.certLevelId}`,
              en: `Certification: ${r.certProgrammeNameEn ?? r.certProgrammeName ?? ''} · ${r.certLevel ? LEVEL_NAMES[r.certLevel].en : g.certLevelId}`,
            }
          : { zh: `${g.targets.length} 个知识点目标`, en: `${g.targets.length} knowledge-point target${g.targets.length === 1 ? '' : 's'}` };
  return {
    id: g.id,
    employeeId: g.employeeId,
    employeeName: r.employeeName,
    kind: g.kind,
    label,
    positionId: g.positionId,
    curatedPathId: g.curatedPathId,
    certLevelId: g.certLevelId,
    targets: g.targets,
    deadline: g.deadline,
    hoursPerWeek: g.hoursPerWeek,
    note: g.note,
    assignedBy: r.assignedByName,
    createdAt: g.createdAt.toISOString(),
    endedAt: g.endedAt?.toISOString() ?? null,
  };
}

/**
 * Gives people a goal, replacing their active one (one active goal each). Managers reach only
 * their reporting line: anyone else named makes the whole request fail with 403 listing them.
 * Returns who got it; the caller plans for them to report unreachable targets.
 */
export async function goalAssigner(deps: Deps, props: Ctx & { body: AssignGoalBody }): Promise<{ assigned: number[]; replaced: number }> {
  const { actor, body } = props;
  if (body.deadline !== undefined && body.deadline < todayUtc()) {
    throw invalid('The deadline must not be in the past', { errors: [{ path: 'deadline', message: 'in the past' }] });
  }
  const scope = employeeScope(actor);
  return deps.db.transaction(async (tx) => {
    const ids = new Set(body.employeeIds);
    if (body.departmentId !== undefined) {
      const members = await repo.departmentMembers(tx, body.departmentId, scope);
      if (!members.length && !body.employeeIds.length) throw invalid(`Department ${body.departmentId} has nobody you may assign goals to`, { errors: [{ path: 'departmentId', message: 'no one in scope' }] });
      for (const id of members) ids.add(id);
    }
    const wanted = [...ids];
    const found = await repo.employeeIdsInScope(tx, wanted, scope);
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length && scope.kind !== 'all') {
      throw new DomainError('forbidden', `You may assign goals only to people in your reporting line; not allowed: ${missing.join(', ')}`, { employeeIds: missing });
    }
    if (missing.length) throw invalid(`Unknown employees: ${missing.join(', ')}`, { errors: [{ path: 'employeeIds', message: 'unknown employee ids' }], employeeIds: missing });
    if (body.kind === 'position' && !(await repo.positionExists(tx, body.positionId!))) {
      throw invalid(`Unknown position ${body.positionId}`, { errors: [{ path: 'positionId', message: 'unknown position' }] });
    }
    if (body.kind === 'curated' && !(await repo.findCurated(tx, body.curatedPathId!))) {
      throw invalid(`Unknown curated path ${body.curatedPathId}`, { errors: [{ path: 'curatedPathId', message: 'unknown path' }] });
    }
    if (body.kind === 'cert_level') {
      const level = await repo.certLevelGoal(tx, body.certLevelId!);
      if (!level) throw invalid(`Unknown certification level ${body.certLevelId}`, { errors: [{ path: 'certLevelId', message: 'unknown certification level' }] });
      if (!level.active) throw invalid('That certification programme is not active', { errors: [{ path: 'certLevelId', message: 'programme not active' }] });
    }
    const targets = body.kind === 'kps' ? body.targets! : [];
    await assertTargets(tx, targets);
    const replaced = await repo.endActiveGoals(tx, wanted);
    await repo.insertGoals(
      tx,
      wanted.map((employeeId) => ({
        employeeId,
        kind: body.kind,
        positionId: body.kind === 'position' ? body.positionId! : null,
        curatedPathId: body.kind === 'curated' ? body.curatedPathId! : null,
        certLevelId: body.kind === 'cert_level' ? body.certLevelId! : null,
        targets,
        deadline: body.deadline ?? null,
        hoursPerWeek: body.hoursPerWeek ?? null,
        note: body.note ?? '',
        assignedBy: actor.userId,
      })),
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'goal.assign',
      entity: 'learning_goal',
      details: { employeeIds: wanted, kind: body.kind, positionId: body.positionId, curatedPathId: body.curatedPathId, certLevelId: body.certLevelId, targets: targets.length, deadline: body.deadline, hoursPerWeek: body.hoursPerWeek, replaced },
      requestId: props.requestId ?? null,
    });
    return { assigned: wanted, replaced };
  });
}

async function assertTargets(db: Db, targets: { kpId: number }[]) {
  const ids = targets.map((t) => t.kpId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw invalid(`Knowledge point ${dup} is listed twice`, { errors: [{ path: 'targets', message: `kpId ${dup} twice` }] });
  const live = new Set((await repo.liveKps(db, ids)).map((k) => k.id));
  const unknown = ids.filter((id) => !live.has(id));
  if (unknown.length) throw invalid(`Unknown or retired knowledge points: ${unknown.join(', ')}`, { errors: [{ path: 'targets', message: 'unknown knowledge points' }], kpIds: unknown });
}

export async function goalLister(deps: Deps, props: { actor: Actor; query: { employeeId?: number | undefined; active?: 'true' | 'false' | undefined; page: number; pageSize: number } }): Promise<Page<GoalItem>> {
  const { rows, total } = await repo.goalPage(deps.db, {
    scope: employeeScope(props.actor),
    employeeId: props.query.employeeId,
    active: props.query.active === undefined ? undefined : props.query.active === 'true',
    page: props.query.page,
    pageSize: props.query.pageSize,
  });
  return { items: rows.map(presentGoal), total, page: props.query.page, pageSize: props.query.pageSize };
}

/** Withdraws an active goal (the person's path falls back to their position's targets). */
export async function goalEnder(deps: Deps, props: Ctx & { goalId: number }): Promise<GoalItem> {
  return deps.db.transaction(async (tx) => {
    const g = await repo.goalById(tx, props.goalId);
    if (!g || !(await repo.employeeIdsInScope(tx, [g.goal.employeeId], employeeScope(props.actor))).has(g.goal.employeeId)) throw notFound('goal', props.goalId);
    if (g.goal.endedAt) throw new DomainError('conflict', `Goal ${props.goalId} has already ended`);
    await repo.endGoal(tx, props.goalId);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'goal.end', entity: 'learning_goal', entityId: props.goalId, details: { employeeId: g.goal.employeeId }, requestId: props.requestId ?? null });
    return presentGoal((await repo.goalById(tx, props.goalId))!);
  });
}

// ---------------------------------------------------------------- curated paths

async function presentCurated(db: Db, rows: repo.CuratedRow[]): Promise<CuratedPath[]> {
  const modules = new Map((await repo.modulesByIds(db, [...new Set(rows.flatMap((r) => r.moduleIds))])).map((m) => [m.id, m]));
  const kps = new Map((await repo.kpNames(db, [...new Set(rows.flatMap((r) => r.targets.map((t) => t.kpId)))])).map((k) => [k.id, k]));
  const counts = await repo.activeGoalCounts(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    titleEn: r.titleEn,
    description: r.description,
    modules: r.moduleIds.flatMap((id) => {
      const m = modules.get(id);
      return m ? [{ id: m.id, title: m.title, titleEn: m.titleEn, courseId: m.courseId, courseTitle: m.courseTitle, estimatedMinutes: m.estimatedMinutes }] : [];
    }),
    targets: r.targets.flatMap((t) => {
      const k = kps.get(t.kpId);
      return k ? [{ kpId: k.id, kpCode: k.code, kpName: k.name, kpNameEn: k.nameEn, target: t.target, weight: t.weight }] : [];
    }),
    activeGoals: counts.get(r.id) ?? 0,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function curatedLister(deps: Deps): Promise<{ items: CuratedPath[] }> {
  return { items: await presentCurated(deps.db, await repo.listCurated(deps.db)) };
}

export async function curatedViewer(deps: Deps, props: { id: number }): Promise<CuratedPath> {
  const row = await repo.findCurated(deps.db, props.id);
  if (!row) throw notFound('curated path', props.id);
  return (await presentCurated(deps.db, [row]))[0]!;
}

async function checkCurated(db: Db, body: CuratedPathBody) {
  const dup = body.moduleIds.find((id, i) => body.moduleIds.indexOf(id) !== i);
  if (dup !== undefined) throw invalid(`Module ${dup} is listed twice`, { errors: [{ path: 'moduleIds', message: `module ${dup} twice` }] });
  const found = new Map((await repo.modulesByIds(db, body.moduleIds)).map((m) => [m.id, m]));
  const bad = body.moduleIds.filter((id) => found.get(id)?.courseStatus !== 'published');
  if (bad.length) throw invalid(`Unknown modules, or modules of courses that are not published: ${bad.join(', ')}`, { errors: [{ path: 'moduleIds', message: 'unknown or unpublished' }], moduleIds: bad });
  await assertTargets(db, body.targets);
  if (!body.moduleIds.length && !body.targets.length) throw invalid('A curated path needs modules or target knowledge points', { errors: [{ path: 'moduleIds', message: 'empty path' }] });
}

export async function curatedCreator(deps: Deps, props: Ctx & { body: CuratedPathBody }): Promise<CuratedPath> {
  const id = await deps.db.transaction(async (tx) => {
    await checkCurated(tx, props.body);
    const row = await repo.insertCurated(tx, { ...props.body, titleEn: props.body.titleEn || null, description: props.body.description ?? '', createdBy: props.actor.userId });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'curated_path.create', entity: 'curated_path', entityId: row.id, details: { title: row.title, modules: row.moduleIds.length, targets: row.targets.length }, requestId: props.requestId ?? null });
    return row.id;
  });
  return curatedViewer(deps, { id });
}

export async function curatedUpdater(deps: Deps, props: Ctx & { id: number; body: CuratedPathBody }): Promise<CuratedPath> {
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findCurated(tx, props.id))) throw notFound('curated path', props.id);
    await checkCurated(tx, props.body);
    await repo.updateCurated(tx, props.id, { ...props.body, titleEn: props.body.titleEn || null, description: props.body.description ?? '' });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'curated_path.update', entity: 'curated_path', entityId: props.id, details: { modules: props.body.moduleIds.length, targets: props.body.targets.length }, requestId: props.requestId ?? null });
  });
  return curatedViewer(deps, { id: props.id });
}

/** Deletes a curated path; refused (409) while someone's active goal is this path. */
export async function curatedDeleter(deps: Deps, props: Ctx & { id: number }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await repo.findCurated(tx, props.id);
    if (!row) throw notFound('curated path', props.id);
    const active = (await repo.activeGoalCounts(tx)).get(props.id) ?? 0;
    if (active) throw new DomainError('conflict', `Curated path ${props.id} is the active goal of ${active} people; end those goals first`, { activeGoals: active });
    await repo.deleteCurated(tx, props.id);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'curated_path.delete', entity: 'curated_path', entityId: props.id, details: { title: row.title }, requestId: props.requestId ?? null });
  });
}
