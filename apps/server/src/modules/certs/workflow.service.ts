/**
 * The certification workflow (issue 7 §2): 报名 apply → 审核 review → 学习 learn → 考试 exams →
 * 评估 evaluate → 颁证 issue, each step recorded with who, when and why (cert_application_events and the
 * hash-chained cert_audit_chain), with one appeal per application decided by a different assessor.
 *
 * Rules a candidate or assessor cannot get around (each refusal a clear 4xx):
 * - only the candidate acts on their own application (apply, evidence, ready, appeal, withdraw);
 * - an assessor never reviews, grades, interviews or decides their own application;
 * - steps happen only in their stage, and exam components in the order the level lists them;
 * - practical work is double-marked: two assessors' grades within 0.15 of each other give their mean;
 *   further apart the component is `divergent` until a third assessor grades (second marking), and the
 *   two closest grades count;
 * - the interview is scored by every member of its panel; the score is their mean;
 * - the committee (administrators) decides on the composite Σ weight × score and each component's
 *   minimum; a decision against that rule needs a reason that says so (it is recorded either way).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import {
  certApplicationEvents,
  certApplications,
  certAssessments,
  certificates,
  certInterviews,
  certLevels,
  certProgrammes,
  courses,
  employees,
  examAttempts,
  exams,
  files,
  knowledgePoints,
  mastery,
  trainingRecords,
  users,
  type ApplicationStage,
  type ComponentKind,
  type ComponentResult,
  type EligibilityCheck,
  type LevelRequirements,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { hasRole, type Actor } from '../../http/policy.ts';
import { recordStaged, stageUpload, withFileCleanup, type Upload } from '../catalog/files.service.ts';
import { contentDisposition, isPdfBytes, isZipBytes, sniffImage } from '../catalog/uploads.ts';
import { certificateIssuer } from './certificates.service.ts';
import { LEVEL_NAMES } from './credentials/openbadges.ts';
import { appendCertAudit } from './issuer.service.ts';
import { notify, usersWithRoles } from './notifications.service.ts';

/** Two practical grades further apart than this need a third (second marking). */
export const SECOND_MARKING_THRESHOLD = 0.15;
const OPEN_STAGES: ApplicationStage[] = ['review', 'learn', 'exams', 'evaluate'];

type AppRow = typeof certApplications.$inferSelect;
type LevelRow = typeof certLevels.$inferSelect;
type ProgrammeRow = typeof certProgrammes.$inferSelect;

const isStaff = (a: Actor) => hasRole(a, 'admin', 'assessor');
const link = (id: number) => `/certification/applications/${id}`;

async function loadLevel(db: Db, levelId: number): Promise<{ level: LevelRow; programme: ProgrammeRow }> {
  const [row] = await db
    .select({ level: certLevels, programme: certProgrammes })
    .from(certLevels)
    .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
    .where(eq(certLevels.id, levelId));
  if (!row) throw notFound('Level', levelId);
  return row;
}

/** Locks and loads an application; 404 when the caller may not see it. */
async function lockApp(tx: Db, actor: Actor, id: number): Promise<AppRow> {
  const [app] = await tx.select().from(certApplications).where(eq(certApplications.id, id)).for('update');
  if (!app || (!isStaff(actor) && app.employeeId !== actor.employeeId)) throw notFound('Application', id);
  return app;
}

function ownOnly(actor: Actor, app: AppRow) {
  if (app.employeeId !== actor.employeeId) throw forbidden('Only the candidate can do this on their application');
}

function notOwn(actor: Actor, app: AppRow) {
  if (app.employeeId === actor.employeeId) throw forbidden('Assessors cannot review, grade or decide their own application');
}

function inStage(app: AppRow, ...stages: ApplicationStage[]) {
  if (!stages.includes(app.stage))
    throw conflict(`This application is at the ${app.stage} stage; this step belongs to ${stages.join(' or ')}`, { stage: app.stage, expected: stages });
}

/** Records a step: the event row, the chained audit record, the stage change. */
async function step(
  tx: Db,
  app: AppRow,
  e: { action: string; actorUserId: number | null; reason?: string | null; to?: ApplicationStage; data?: Record<string, unknown>; set?: Partial<typeof certApplications.$inferInsert> },
): Promise<void> {
  const to = e.to ?? app.stage;
  await tx.insert(certApplicationEvents).values({
    applicationId: app.id,
    action: e.action,
    fromStage: app.stage,
    toStage: to,
    actorUserId: e.actorUserId,
    reason: e.reason ?? null,
    data: e.data ?? {},
  });
  await tx
    .update(certApplications)
    .set({ ...(e.set ?? {}), stage: to, updatedAt: new Date() })
    .where(eq(certApplications.id, app.id));
  await appendCertAudit(tx, {
    actorUserId: e.actorUserId,
    action: `application.${e.action}`,
    subject: `application:${app.id}`,
    reason: e.reason ?? null,
    data: { from: app.stage, to, ...(e.data ?? {}) },
  });
  app.stage = to;
  if (e.set) Object.assign(app, e.set);
}

// ---------------------------------------------------------------- eligibility and learning

async function eligibility(db: Db, employeeId: number, level: LevelRow, programme: ProgrammeRow): Promise<EligibilityCheck[]> {
  const now = new Date();
  const [emp] = await db.select({ status: employees.status }).from(employees).where(eq(employees.id, employeeId));
  const held = await db
    .select({ level: certLevels.level, validUntil: certificates.validUntil })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .where(and(eq(certLevels.programmeId, programme.id), eq(certificates.employeeId, employeeId), eq(certificates.status, 'active')));
  const valid = held.filter((h) => !h.validUntil || h.validUntil > now);
  const [open] = await db
    .select({ id: certApplications.id })
    .from(certApplications)
    .where(and(eq(certApplications.employeeId, employeeId), eq(certApplications.levelId, level.id), inArray(certApplications.stage, OPEN_STAGES)));
  const lower = level.requirements.requiresLevel;
  const holdsLower = !lower || valid.some((h) => h.level === lower);
  const holdsThis = valid.some((h) => h.level === level.level);
  const active = emp?.status === 'active';
  return [
    { name: 'employee_active', ok: active, detail: active ? '在职员工 / active employee' : `员工状态为 ${emp?.status ?? '未知'} / employee status is ${emp?.status ?? 'unknown'}` },
    {
      name: 'lower_level',
      ok: holdsLower,
      detail: !lower
        ? '无需更低等级证书 / no lower level required'
        : holdsLower
          ? `持有有效的${LEVEL_NAMES[lower].zh}证书 / holds a valid ${lower} certificate`
          : `需要先持有本项目有效的${LEVEL_NAMES[lower].zh}证书 / needs a valid ${lower} certificate of this programme first`,
    },
    {
      name: 'no_open_application',
      ok: !open,
      detail: open ? `该等级的申请 ${open.id} 尚未结束 / application ${open.id} for this level is still open` : '该等级没有进行中的申请 / no open application for this level',
    },
    {
      name: 'not_certified',
      ok: !holdsThis,
      detail: holdsThis ? '已持有该等级的有效证书（请续证） / already holds a valid certificate at this level (renew it instead)' : '尚未获得该等级认证 / not yet certified at this level',
    },
  ];
}

export interface LearningGap {
  courses: { courseId: number; title: string; completed: boolean }[];
  targets: { kpId: number; code: string; name: string; target: number; mastery: number; met: boolean }[];
  met: boolean;
}

/** What the level asks the candidate to learn, and what is still missing (courses completed, mastery ≥ target). */
export async function learningGap(db: Db, employeeId: number, req: LevelRequirements): Promise<LearningGap> {
  const done = req.courseIds.length
    ? new Set(
        (
          await db
            .select({ courseId: trainingRecords.courseId })
            .from(trainingRecords)
            .where(and(eq(trainingRecords.employeeId, employeeId), eq(trainingRecords.status, 'completed'), inArray(trainingRecords.courseId, req.courseIds)))
        ).map((r) => r.courseId),
      )
    : new Set<number | null>();
  const titles = req.courseIds.length
    ? new Map((await db.select({ id: courses.id, title: courses.title }).from(courses).where(inArray(courses.id, req.courseIds))).map((c) => [c.id, c.title]))
    : new Map<number, string>();
  const kpIds = req.targets.map((t) => t.kpId);
  const k = kpIds.length
    ? new Map((await db.select({ kpId: mastery.kpId, p: mastery.p }).from(mastery).where(and(eq(mastery.employeeId, employeeId), inArray(mastery.kpId, kpIds)))).map((r) => [r.kpId, r.p]))
    : new Map<number, number>();
  const kps = kpIds.length
    ? new Map((await db.select({ id: knowledgePoints.id, code: knowledgePoints.code, name: knowledgePoints.name }).from(knowledgePoints).where(inArray(knowledgePoints.id, kpIds))).map((r) => [r.id, r]))
    : new Map<number, { code: string; name: string }>();
  const courseRows = req.courseIds.map((courseId) => ({ courseId, title: titles.get(courseId) ?? `#${courseId}`, completed: done.has(courseId) }));
  const targets = req.targets.map((t) => {
    const m = k.get(t.kpId) ?? 0;
    return { kpId: t.kpId, code: kps.get(t.kpId)?.code ?? '', name: kps.get(t.kpId)?.name ?? `#${t.kpId}`, target: t.target, mastery: m, met: m >= t.target };
  });
  return { courses: courseRows, targets, met: courseRows.every((c) => c.completed) && targets.every((t) => t.met) };
}

/** After approval or learning: exams when there are components, else straight to the committee. */
function stageAfterLearning(level: LevelRow): ApplicationStage {
  return level.requirements.components.length ? 'exams' : 'evaluate';
}

// ---------------------------------------------------------------- apply, evidence, review, learn

export async function applicationCreator(deps: Deps, props: { actor: Actor; levelId: number; statement: string }): Promise<{ id: number }> {
  const actor = props.actor;
  if (!actor.employeeId) throw forbidden('Only employees can apply for certification: this account is not linked to an employee');
  const { level, programme } = await loadLevel(deps.db, props.levelId);
  if (programme.status !== 'active') throw conflict(`The programme ${programme.name} is not open for applications`);
  return deps.db.transaction(async (tx) => {
    const checks = await eligibility(tx, actor.employeeId!, level, programme);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length)
      throw new DomainError('conflict', `不符合报名条件 / Not eligible: ${failed.map((c) => c.detail).join('; ')}`, { eligibility: checks });
    const [row] = await tx
      .insert(certApplications)
      .values({ levelId: level.id, employeeId: actor.employeeId!, applicantUserId: actor.userId, statement: props.statement, eligibility: checks, stage: 'review' })
      .returning();
    await tx.insert(certApplicationEvents).values({ applicationId: row!.id, action: 'apply', fromStage: null, toStage: 'review', actorUserId: actor.userId, data: { eligibility: checks } });
    await appendCertAudit(tx, { actorUserId: actor.userId, action: 'application.apply', subject: `application:${row!.id}`, reason: null, data: { level: level.level, programme: programme.code, employeeId: actor.employeeId } });
    await notify(tx, deps, await usersWithRoles(tx, ['assessor'], [actor.userId]), {
      kind: 'cert.review',
      title: `新的认证申请待审核：${programme.name} · ${level.level} / New application to review`,
      body: `${actor.displayName} 申请 ${programme.name}（${level.level}）。`,
      link: link(row!.id),
    });
    return { id: row!.id };
  });
}

export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  md: 'text/markdown',
};

/** Checks an evidence file's type by name and content; returns the MIME type to store. */
export function evidenceType(fileName: string, bytes: Buffer): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const type = EVIDENCE_TYPES[ext];
  if (!type) throw new DomainError('unsupported-media', `Evidence must be one of: ${Object.keys(EVIDENCE_TYPES).join(', ')} (got "${fileName}")`);
  const ok =
    ext === 'pdf' ? isPdfBytes(bytes)
    : ['docx', 'xlsx', 'pptx', 'zip'].includes(ext) ? isZipBytes(bytes)
    : ext === 'png' ? sniffImage(bytes) === 'image/png'
    : ext === 'jpg' || ext === 'jpeg' ? sniffImage(bytes) === 'image/jpeg'
    : !bytes.includes(0);
  if (!ok) throw new DomainError('unsupported-media', `"${fileName}" is not a real .${ext} file (its content does not match)`);
  if (bytes.length === 0) throw invalid(`"${fileName}" is empty`);
  return type;
}

/** Records an uploaded evidence file (already stored as a files row) on the candidate's application. */
export async function evidenceAttacher(
  tx: Db,
  deps: Deps,
  props: { actor: Actor; id: number; fileId: number; name: string; purpose: 'application' | 'practical' },
): Promise<void> {
  const app = await lockApp(tx, props.actor, props.id);
  ownOnly(props.actor, app);
  if (props.purpose === 'application') inStage(app, 'review');
  else {
    inStage(app, 'exams');
    const { level } = await loadLevel(tx, app.levelId);
    if (!level.requirements.components.some((c) => c.kind === 'practical')) throw conflict('This level has no practical assessment');
    if (app.components.practical?.state === 'complete') throw conflict('The practical work has been graded; no more files can be added');
  }
  if (app.evidence.length >= 20) throw conflict('An application holds at most 20 files');
  await step(tx, app, {
    action: `evidence.${props.purpose}`,
    actorUserId: props.actor.userId,
    data: { fileId: props.fileId, name: props.name },
    set: { evidence: [...app.evidence, { fileId: props.fileId, name: props.name, purpose: props.purpose }] },
  });
  if (props.purpose === 'practical')
    await notify(tx, deps, await usersWithRoles(tx, ['assessor'], [props.actor.userId]), {
      kind: 'cert.practical',
      title: '实操作业待评分 / Practical work to grade',
      body: `${props.name}`,
      link: link(app.id),
      dedupeKey: `application:${app.id}/practical`,
    });
}

export async function applicationReviewer(
  deps: Deps,
  props: { actor: Actor; id: number; decision: 'approve' | 'reject'; reason: string },
): Promise<{ stage: ApplicationStage }> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    notOwn(props.actor, app);
    inStage(app, 'review');
    if (props.decision === 'reject') {
      await step(tx, app, { action: 'review.reject', actorUserId: props.actor.userId, reason: props.reason, to: 'rejected', set: { lastDeciderUserId: props.actor.userId } });
    } else {
      const { level } = await loadLevel(tx, app.levelId);
      const gap = await learningGap(tx, app.employeeId, level.requirements);
      await step(tx, app, {
        action: 'review.approve',
        actorUserId: props.actor.userId,
        reason: props.reason,
        to: gap.met ? stageAfterLearning(level) : 'learn',
        data: { learning: gap },
        set: { lastDeciderUserId: props.actor.userId },
      });
    }
    await notifyCandidate(tx, deps, app, props.decision === 'reject' ? `认证申请未通过审核 / Application not approved: ${props.reason}` : '认证申请已通过审核 / Application approved');
    return { stage: app.stage };
  });
}

async function notifyCandidate(tx: Db, deps: Deps, app: AppRow, title: string) {
  if (app.applicantUserId) await notify(tx, deps, [app.applicantUserId], { kind: 'cert.candidate', title, body: '', link: link(app.id) });
}

/** The candidate says they have done the learning; the server checks it. */
export async function learningCompleter(deps: Deps, props: { actor: Actor; id: number }): Promise<{ stage: ApplicationStage; learning: LearningGap }> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    if (app.employeeId !== props.actor.employeeId && !hasRole(props.actor, 'admin')) throw forbidden('Only the candidate (or an administrator) can move on from learning');
    inStage(app, 'learn');
    const { level } = await loadLevel(tx, app.levelId);
    const gap = await learningGap(tx, app.employeeId, level.requirements);
    if (!gap.met) {
      const missing = [
        ...gap.courses.filter((c) => !c.completed).map((c) => `课程《${c.title}》未完成 / course ${c.courseId} not completed`),
        ...gap.targets.filter((t) => !t.met).map((t) => `${t.name}：掌握度 ${t.mastery.toFixed(2)} 低于 ${t.target} / knowledge point ${t.kpId}: mastery ${t.mastery.toFixed(2)} below ${t.target}`),
      ];
      throw new DomainError('conflict', `学习要求尚未满足 / The learning requirements are not met yet: ${missing.join('; ')}`, { learning: gap });
    }
    await step(tx, app, { action: 'learn.complete', actorUserId: props.actor.userId, to: stageAfterLearning(level), data: { learning: gap } });
    return { stage: app.stage, learning: gap };
  });
}

// ---------------------------------------------------------------- exams

/** Components before `kind` in the level's order must be complete. */
function inTurn(level: LevelRow, app: AppRow, kind: ComponentKind) {
  const order = level.requirements.components.map((c) => c.kind);
  const at = order.indexOf(kind);
  if (at < 0) throw conflict(`This level has no ${kind} assessment`);
  const before = order.slice(0, at).filter((k) => app.components[k]?.state !== 'complete');
  if (before.length) throw conflict(`The ${before.join(', ')} assessment comes first (the level's order: ${order.join(' → ')})`, { pending: before });
}

/** Marks a component complete/pending; when every component is complete, moves to the committee. */
async function setComponent(tx: Db, deps: Deps, app: AppRow, level: LevelRow, kind: ComponentKind, result: ComponentResult, e: { action: string; actorUserId: number; data?: Record<string, unknown> }) {
  const components = { ...app.components, [kind]: result };
  const all = level.requirements.components.every((c) => components[c.kind]?.state === 'complete');
  const composite = all ? level.requirements.components.reduce((s, c) => s + c.weight * (components[c.kind]!.score ?? 0), 0) : null;
  await step(tx, app, { action: e.action, actorUserId: e.actorUserId, to: all ? 'evaluate' : app.stage, data: { component: kind, ...result, ...(e.data ?? {}) }, set: { components, composite } });
  if (all)
    await notify(tx, deps, await usersWithRoles(tx, ['admin'], []), {
      kind: 'cert.evaluate',
      title: '认证申请待评估决定 / Application ready for the committee',
      body: `composite ${(composite! * 100).toFixed(1)}`,
      link: link(app.id),
      dedupeKey: `application:${app.id}/evaluate`,
    });
}

/** Takes the candidate's best graded attempt at the level's written exam since their application was approved. */
export async function writtenRecorder(deps: Deps, props: { actor: Actor; id: number }): Promise<{ score: number }> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    inStage(app, 'exams');
    const { level } = await loadLevel(tx, app.levelId);
    inTurn(level, app, 'written');
    const comp = level.requirements.components.find((c) => c.kind === 'written')!;
    const [approved] = await tx
      .select({ at: certApplicationEvents.createdAt })
      .from(certApplicationEvents)
      .where(and(eq(certApplicationEvents.applicationId, app.id), inArray(certApplicationEvents.action, ['review.approve', 'appeal.overturn'])))
      .orderBy(asc(certApplicationEvents.id))
      .limit(1);
    const [best] = await tx
      .select({ id: examAttempts.id, percent: examAttempts.percent })
      .from(examAttempts)
      .where(
        and(
          eq(examAttempts.examId, comp.examId!),
          eq(examAttempts.employeeId, app.employeeId),
          eq(examAttempts.status, 'graded'),
          isNotNull(examAttempts.percent),
          gte(examAttempts.submittedAt, approved?.at ?? app.createdAt),
        ),
      )
      .orderBy(desc(examAttempts.percent))
      .limit(1);
    if (!best) throw conflict(`No graded attempt at the written exam (exam ${comp.examId}) since the application was approved: take the exam first`, { examId: comp.examId });
    const score = Math.round(best.percent!) / 100;
    await setComponent(tx, deps, app, level, 'written', { score, state: 'complete', attemptId: best.id }, { action: 'written.record', actorUserId: props.actor.userId, data: { examId: comp.examId } });
    return { score };
  });
}

export async function interviewScheduler(
  deps: Deps,
  props: { actor: Actor; id: number; scheduledAt: Date; location: string; panelUserIds: number[] },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    notOwn(props.actor, app);
    inStage(app, 'exams');
    const { level } = await loadLevel(tx, app.levelId);
    if (!level.requirements.components.some((c) => c.kind === 'interview')) throw conflict('This level has no interview');
    const panel = [...new Set(props.panelUserIds)];
    const assessors = new Set(await usersWithRoles(tx, ['assessor', 'admin'], []));
    const bad = panel.filter((u) => !assessors.has(u));
    if (bad.length) throw invalid(`Panel members must be assessors: user(s) ${bad.join(', ')} are not`, { field: 'panelUserIds' });
    const [candidate] = await tx.select({ id: users.id }).from(users).where(and(eq(users.employeeId, app.employeeId), inArray(users.id, panel)));
    if (candidate) throw invalid('The candidate cannot sit on their own interview panel', { field: 'panelUserIds' });
    if (app.components.interview?.state === 'complete') throw conflict('The interview has been scored already');
    await tx
      .insert(certInterviews)
      .values({ applicationId: app.id, scheduledAt: props.scheduledAt, location: props.location, panelUserIds: panel, scheduledBy: props.actor.userId })
      .onConflictDoUpdate({ target: certInterviews.applicationId, set: { scheduledAt: props.scheduledAt, location: props.location, panelUserIds: panel, scheduledBy: props.actor.userId } });
    await step(tx, app, { action: 'interview.schedule', actorUserId: props.actor.userId, data: { scheduledAt: props.scheduledAt.toISOString(), location: props.location, panel } });
    const when = props.scheduledAt.toISOString().slice(0, 16).replace('T', ' ');
    await notify(tx, deps, panel, { kind: 'cert.interview', title: `认证面试安排 / Interview panel: ${when} UTC`, body: props.location, link: link(app.id) });
    await notifyCandidate(tx, deps, app, `认证面试已安排 / Your interview: ${when} UTC ${props.location}`);
  });
}

/** Scores are stored as `real`; 4 decimals is what a grade means. */
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The practical component from its grades: double marking, a third grade when two diverge. */
export function practicalResult(raw: number[]): ComponentResult {
  const scores = raw.map(r4);
  if (scores.length < 2) return { score: null, state: 'pending' };
  if (scores.length === 2) {
    const [a, b] = scores as [number, number];
    return Math.abs(a - b) <= SECOND_MARKING_THRESHOLD + 1e-9 ? { score: r4((a + b) / 2), state: 'complete' } : { score: null, state: 'divergent' };
  }
  // second marking: the two closest grades count
  const s = [...scores].sort((x, y) => x - y);
  let best = [s[0]!, s[1]!];
  for (let i = 1; i + 1 < s.length; i++) if (s[i + 1]! - s[i]! < best[1]! - best[0]!) best = [s[i]!, s[i + 1]!];
  return { score: r4((best[0]! + best[1]!) / 2), state: 'complete' };
}

export async function assessmentRecorder(
  deps: Deps,
  props: { actor: Actor; id: number; component: 'practical' | 'interview'; score: number; rubric?: Record<string, string> | null; privateNotes?: string },
): Promise<ComponentResult> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    notOwn(props.actor, app);
    inStage(app, 'exams');
    const { level } = await loadLevel(tx, app.levelId);
    inTurn(level, app, props.component);
    if (app.components[props.component]?.state === 'complete') throw conflict(`The ${props.component} assessment is complete already`);
    if (props.component === 'practical' && !app.evidence.some((e) => e.purpose === 'practical'))
      throw conflict('The candidate has not submitted their practical work yet');
    let panel: number[] | null = null;
    if (props.component === 'interview') {
      const [iv] = await tx.select().from(certInterviews).where(eq(certInterviews.applicationId, app.id));
      if (!iv) throw conflict('Schedule the interview before scoring it');
      if (!iv.panelUserIds.includes(props.actor.userId)) throw forbidden('Only members of the interview panel score the interview');
      if (iv.scheduledAt.getTime() > Date.now()) throw conflict('The interview has not taken place yet');
      panel = iv.panelUserIds;
    }
    const [dup] = await tx
      .select({ id: certAssessments.id })
      .from(certAssessments)
      .where(and(eq(certAssessments.applicationId, app.id), eq(certAssessments.component, props.component), eq(certAssessments.assessorUserId, props.actor.userId)));
    if (dup) throw conflict(`You have graded this ${props.component} assessment already; a further grade must come from another assessor`);
    await tx.insert(certAssessments).values({ applicationId: app.id, component: props.component, assessorUserId: props.actor.userId, score: props.score, rubric: props.rubric ?? null, privateNotes: props.privateNotes ?? '' });
    const scores = (
      await tx.select({ score: certAssessments.score, by: certAssessments.assessorUserId }).from(certAssessments).where(and(eq(certAssessments.applicationId, app.id), eq(certAssessments.component, props.component))).orderBy(asc(certAssessments.id))
    );
    let result: ComponentResult;
    if (props.component === 'practical') result = practicalResult(scores.map((s) => s.score));
    else {
      const scored = new Set(scores.map((s) => s.by));
      const complete = panel!.every((u) => scored.has(u));
      result = complete ? { score: r4(scores.reduce((a, s) => a + r4(s.score), 0) / scores.length), state: 'complete' } : { score: null, state: 'pending' };
    }
    await setComponent(tx, deps, app, level, props.component, result, { action: `${props.component}.grade`, actorUserId: props.actor.userId, data: { grades: scores.length } });
    if (result.state === 'divergent')
      await notify(tx, deps, await usersWithRoles(tx, ['assessor'], [...scores.map((s) => s.by)]), {
        kind: 'cert.second-marking',
        title: '实操评分分歧，需第三位评审 / Practical grades diverge: second marking needed',
        body: '',
        link: link(app.id),
        dedupeKey: `application:${app.id}/second-marking`,
      });
    return result;
  });
}

// ---------------------------------------------------------------- evaluate, appeal, withdraw

const KIND_ZH: Record<ComponentKind, string> = { written: '笔试', practical: '实操', interview: '面试' };

/** What the level's rule says about the components: pass when the composite and each minimum are met. */
export function ruleOutcome(level: LevelRow, app: Pick<AppRow, 'components' | 'composite'>): { pass: boolean; reasons: string[] } {
  const reasons: string[] = [];
  for (const c of level.requirements.components) {
    const s = app.components[c.kind]?.score ?? 0;
    if (s < c.minScore)
      reasons.push(`${KIND_ZH[c.kind]} ${(s * 100).toFixed(0)} 分，低于最低要求 ${(c.minScore * 100).toFixed(0)} / ${c.kind} ${(s * 100).toFixed(0)} below its minimum ${(c.minScore * 100).toFixed(0)}`);
  }
  const composite = app.composite ?? 0;
  if (level.requirements.components.length && composite < level.requirements.passScore)
    reasons.push(`综合成绩 ${(composite * 100).toFixed(1)}，低于通过线 ${(level.requirements.passScore * 100).toFixed(0)} / composite ${(composite * 100).toFixed(1)} below the pass mark ${(level.requirements.passScore * 100).toFixed(0)}`);
  return { pass: reasons.length === 0, reasons };
}

export async function applicationDecider(
  deps: Deps,
  props: { actor: Actor; id: number; decision: 'pass' | 'fail'; reason: string },
): Promise<{ stage: ApplicationStage; certificateId: number | null; rule: { pass: boolean; reasons: string[] } }> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    notOwn(props.actor, app);
    inStage(app, 'evaluate');
    const { level } = await loadLevel(tx, app.levelId);
    const rule = ruleOutcome(level, app);
    const override = rule.pass !== (props.decision === 'pass');
    if (override && props.reason.trim().length < 10)
      throw invalid(`This decision goes against the level's rule (${rule.pass ? 'the rule says pass' : rule.reasons.join('; ')}): explain why in at least 10 characters`, { field: 'reason', rule });
    let certificateId: number | null = null;
    if (props.decision === 'pass') {
      const cert = await certificateIssuer(deps, { tx, levelId: app.levelId, employeeId: app.employeeId, actorUserId: props.actor.userId, reason: `application ${app.id}: ${props.reason}` });
      certificateId = cert.id;
    }
    await step(tx, app, {
      action: props.decision === 'pass' ? 'evaluate.pass' : 'evaluate.fail',
      actorUserId: props.actor.userId,
      reason: props.reason,
      to: props.decision === 'pass' ? 'issued' : 'failed',
      data: { composite: app.composite, rule, override, certificateId },
      set: { lastDeciderUserId: props.actor.userId, certificateId },
    });
    await notifyCandidate(tx, deps, app, props.decision === 'pass' ? '恭喜！认证证书已颁发 / Your certificate has been issued' : `认证未通过 / Certification not passed: ${props.reason}`);
    return { stage: app.stage, certificateId, rule };
  });
}

export async function appealFiler(deps: Deps, props: { actor: Actor; id: number; reason: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    ownOnly(props.actor, app);
    inStage(app, 'rejected', 'failed');
    if (app.appealStatus) throw conflict('An application can be appealed once; this one has been appealed already');
    await step(tx, app, { action: 'appeal.file', actorUserId: props.actor.userId, reason: props.reason, set: { appealStatus: 'open' } });
    const exclude = [props.actor.userId, ...(app.lastDeciderUserId ? [app.lastDeciderUserId] : [])];
    await notify(tx, deps, await usersWithRoles(tx, ['assessor', 'admin'], exclude), { kind: 'cert.appeal', title: '认证申诉待处理 / An appeal to review', body: props.reason, link: link(app.id) });
  });
}

export async function appealDecider(deps: Deps, props: { actor: Actor; id: number; decision: 'uphold' | 'overturn'; reason: string }): Promise<{ stage: ApplicationStage }> {
  return deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    notOwn(props.actor, app);
    if (app.appealStatus !== 'open') throw conflict('There is no open appeal on this application');
    if (app.lastDeciderUserId === props.actor.userId) throw forbidden('The appeal must be reviewed by someone other than the person whose decision is appealed');
    if (props.decision === 'uphold') {
      await step(tx, app, { action: 'appeal.uphold', actorUserId: props.actor.userId, reason: props.reason, set: { appealStatus: 'upheld' } });
    } else {
      const { level } = await loadLevel(tx, app.levelId);
      let to: ApplicationStage = 'evaluate';
      if (app.stage === 'rejected') to = (await learningGap(tx, app.employeeId, level.requirements)).met ? stageAfterLearning(level) : 'learn';
      await step(tx, app, { action: 'appeal.overturn', actorUserId: props.actor.userId, reason: props.reason, to, set: { appealStatus: 'overturned' } });
    }
    await notifyCandidate(tx, deps, app, props.decision === 'uphold' ? `申诉未获支持 / Appeal not upheld: ${props.reason}` : '申诉成立，申请已恢复 / Appeal granted: your application continues');
    return { stage: app.stage };
  });
}

export async function applicationWithdrawer(deps: Deps, props: { actor: Actor; id: number; reason: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const app = await lockApp(tx, props.actor, props.id);
    ownOnly(props.actor, app);
    inStage(app, ...OPEN_STAGES);
    await step(tx, app, { action: 'withdraw', actorUserId: props.actor.userId, reason: props.reason, to: 'withdrawn' });
  });
}

// ---------------------------------------------------------------- views

export interface ApplicationView {
  id: number;
  stage: ApplicationStage;
  programme: { id: number; code: string; name: string; nameEn: string | null };
  level: LevelRow['level'];
  requirements: LevelRequirements;
  candidate: { employeeId: number; name: string; employeeNo: string };
  statement: string;
  evidence: AppRow['evidence'];
  eligibility: EligibilityCheck[];
  learning: LearningGap | null;
  components: AppRow['components'];
  composite: number | null;
  rule: { pass: boolean; reasons: string[] } | null;
  appealStatus: AppRow['appealStatus'];
  certificateId: number | null;
  interview: { scheduledAt: string; location: string; panelUserIds: number[] } | null;
  /** The level's written exam, to take it from the application. */
  writtenExam: { id: number; title: string } | null;
  /** Assessors and admins only: every grade with its assessor and private notes. */
  assessments: { component: string; assessorUserId: number; assessorName: string; score: number; privateNotes: string; createdAt: string }[] | null;
  events: { action: string; fromStage: string | null; toStage: string | null; actorName: string | null; reason: string | null; createdAt: string }[];
  createdAt: string;
  updatedAt: string;
}

export async function applicationViewer(deps: Deps, props: { actor: Actor; id: number }): Promise<ApplicationView> {
  const db = deps.db;
  const [app] = await db.select().from(certApplications).where(eq(certApplications.id, props.id));
  if (!app || (!isStaff(props.actor) && app.employeeId !== props.actor.employeeId)) throw notFound('Application', props.id);
  const { level, programme } = await loadLevel(db, app.levelId);
  const [emp] = await db.select({ name: employees.name, employeeNo: employees.employeeNo }).from(employees).where(eq(employees.id, app.employeeId));
  const staff = isStaff(props.actor) && app.employeeId !== props.actor.employeeId;
  const events = await db
    .select({ e: certApplicationEvents, actorName: users.displayName })
    .from(certApplicationEvents)
    .leftJoin(users, eq(users.id, certApplicationEvents.actorUserId))
    .where(eq(certApplicationEvents.applicationId, app.id))
    .orderBy(asc(certApplicationEvents.id));
  const [iv] = await db.select().from(certInterviews).where(eq(certInterviews.applicationId, app.id));
  const writtenId = level.requirements.components.find((c) => c.kind === 'written')?.examId ?? null;
  const [writtenExam] = writtenId ? await db.select({ id: exams.id, title: exams.title }).from(exams).where(eq(exams.id, writtenId)) : [];
  const assessments = staff
    ? (
        await db
          .select({ a: certAssessments, name: users.displayName })
          .from(certAssessments)
          .innerJoin(users, eq(users.id, certAssessments.assessorUserId))
          .where(eq(certAssessments.applicationId, app.id))
          .orderBy(asc(certAssessments.id))
      ).map((r) => ({ component: r.a.component, assessorUserId: r.a.assessorUserId, assessorName: r.name, score: r.a.score, privateNotes: r.a.privateNotes, createdAt: r.a.createdAt.toISOString() }))
    : null;
  return {
    id: app.id,
    stage: app.stage,
    programme: { id: programme.id, code: programme.code, name: programme.name, nameEn: programme.nameEn },
    level: level.level,
    requirements: level.requirements,
    candidate: { employeeId: app.employeeId, name: emp?.name ?? '', employeeNo: emp?.employeeNo ?? '' },
    statement: app.statement,
    evidence: app.evidence,
    eligibility: app.eligibility,
    learning: app.stage === 'learn' || app.stage === 'review' ? await learningGap(db, app.employeeId, level.requirements) : null,
    components: app.components,
    composite: app.composite,
    rule: app.stage === 'evaluate' || app.stage === 'issued' || app.stage === 'failed' ? ruleOutcome(level, app) : null,
    appealStatus: app.appealStatus,
    certificateId: app.certificateId,
    interview: iv ? { scheduledAt: iv.scheduledAt.toISOString(), location: iv.location, panelUserIds: iv.panelUserIds } : null,
    writtenExam: writtenExam ?? null,
    assessments,
    events: events.map((r) => ({
      action: r.e.action,
      fromStage: r.e.fromStage,
      toStage: r.e.toStage,
      // the candidate sees what happened and why, not which assessor graded
      actorName: staff || r.e.actorUserId === props.actor.userId || !/grade$/.test(r.e.action) ? r.actorName : null,
      reason: r.e.reason,
      createdAt: r.e.createdAt.toISOString(),
    })),
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

export interface ApplicationListItem {
  id: number;
  stage: ApplicationStage;
  programmeName: string;
  programmeNameEn: string | null;
  level: LevelRow['level'];
  candidateName: string;
  employeeNo: string;
  composite: number | null;
  appealStatus: AppRow['appealStatus'];
  updatedAt: string;
}

/** Candidates see their own; assessors and admins see all (filter by stage for the queues). */
export async function applicationList(
  deps: Deps,
  props: { actor: Actor; query: { mine?: boolean | undefined; stage?: ApplicationStage | undefined; appeal?: 'open' | undefined; programmeId?: number | undefined; page: number; pageSize: number } },
): Promise<{ items: ApplicationListItem[]; total: number; page: number; pageSize: number }> {
  const q = props.query;
  const conds = [];
  if (q.mine || !isStaff(props.actor)) conds.push(eq(certApplications.employeeId, props.actor.employeeId ?? -1));
  if (q.stage) conds.push(eq(certApplications.stage, q.stage));
  if (q.appeal) conds.push(eq(certApplications.appealStatus, q.appeal));
  if (q.programmeId) conds.push(eq(certLevels.programmeId, q.programmeId));
  const where = conds.length ? and(...conds) : undefined;
  const base = () =>
    deps.db
      .select({
        id: certApplications.id,
        stage: certApplications.stage,
        programmeName: certProgrammes.name,
        programmeNameEn: certProgrammes.nameEn,
        level: certLevels.level,
        candidateName: employees.name,
        employeeNo: employees.employeeNo,
        composite: certApplications.composite,
        appealStatus: certApplications.appealStatus,
        updatedAt: certApplications.updatedAt,
      })
      .from(certApplications)
      .innerJoin(certLevels, eq(certLevels.id, certApplications.levelId))
      .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
      .innerJoin(employees, eq(employees.id, certApplications.employeeId));
  const [{ n }] = (await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(certApplications)
    .innerJoin(certLevels, eq(certLevels.id, certApplications.levelId))
    .where(where)) as [{ n: number }];
  const rows = await base().where(where).orderBy(desc(certApplications.updatedAt), desc(certApplications.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })), total: Number(n), page: q.page, pageSize: q.pageSize };
}

/** L&D's programme dashboard: applicants per stage, pass rates per level and component, time in each stage, upcoming expiries. */
export async function programmeDashboard(deps: Deps, props: { programmeId: number; now?: Date }) {
  const db = deps.db;
  const now = props.now ?? new Date();
  const [p] = await db.select({ id: certProgrammes.id }).from(certProgrammes).where(eq(certProgrammes.id, props.programmeId));
  if (!p) throw notFound('Programme', props.programmeId);
  const apps = await db
    .select({ id: certApplications.id, stage: certApplications.stage, level: certLevels.level, components: certApplications.components, requirements: certLevels.requirements })
    .from(certApplications)
    .innerJoin(certLevels, eq(certLevels.id, certApplications.levelId))
    .where(eq(certLevels.programmeId, props.programmeId));
  const byStage: Record<string, number> = {};
  for (const a of apps) byStage[a.stage] = (byStage[a.stage] ?? 0) + 1;
  const levels = ['junior', 'intermediate', 'senior'].map((level) => {
    const decided = apps.filter((a) => a.level === level && (a.stage === 'issued' || a.stage === 'failed'));
    const comps = (['written', 'practical', 'interview'] as const).map((kind) => {
      const scored = apps.filter((a) => a.level === level && a.components[kind]?.state === 'complete');
      const min = (a: (typeof apps)[number]) => a.requirements.components.find((c) => c.kind === kind)?.minScore ?? 0;
      return { kind, assessed: scored.length, passed: scored.filter((a) => (a.components[kind]!.score ?? 0) >= min(a)).length };
    });
    return { level, decided: decided.length, passed: decided.filter((a) => a.stage === 'issued').length, components: comps };
  });
  // time in each stage: from the event that entered it to the event that left it
  const ids = apps.map((a) => a.id);
  const events = ids.length
    ? await db.select({ app: certApplicationEvents.applicationId, to: certApplicationEvents.toStage, from: certApplicationEvents.fromStage, at: certApplicationEvents.createdAt }).from(certApplicationEvents).where(inArray(certApplicationEvents.applicationId, ids)).orderBy(asc(certApplicationEvents.id))
    : [];
  const entered = new Map<string, number>();
  const spent: Record<string, number[]> = {};
  for (const e of events) {
    if (e.from && e.to && e.from !== e.to) {
      const since = entered.get(`${e.app}/${e.from}`);
      if (since !== undefined) (spent[e.from] ??= []).push((e.at.getTime() - since) / 3_600_000);
    }
    if (e.to && e.from !== e.to) entered.set(`${e.app}/${e.to}`, e.at.getTime());
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : null;
  };
  const timeInStage = Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, { medianHours: median(v), n: v.length }]));
  const soon = new Date(now.getTime() + 90 * 86_400_000);
  const expiring = await db
    .select({ id: certificates.id, holderName: certificates.holderName, level: certLevels.level, validUntil: certificates.validUntil })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .where(and(eq(certLevels.programmeId, props.programmeId), eq(certificates.status, 'active'), gte(certificates.validUntil, now), lte(certificates.validUntil, soon)))
    .orderBy(asc(certificates.validUntil))
    .limit(50);
  return {
    byStage,
    levels,
    timeInStage,
    upcomingExpiries: expiring.map((e) => ({ ...e, validUntil: e.validUntil!.toISOString() })),
  };
}

// ---------------------------------------------------------------- evidence files

/** Stores an uploaded evidence file and attaches it; nothing is kept when any check fails. */
export async function evidenceUploader(
  deps: Deps,
  props: { actor: Actor; id: number; upload: Upload; purpose: 'application' | 'practical' },
): Promise<{ fileId: number }> {
  const mimeType = evidenceType(props.upload.fileName, props.upload.bytes);
  const staged = await stageUpload(deps, props.upload, props.actor.userId, mimeType);
  return withFileCleanup(deps, [staged], async (tx) => {
    const file = await recordStaged(tx, staged);
    await evidenceAttacher(tx, deps, { actor: props.actor, id: props.id, fileId: file.id, name: staged.values.originalName, purpose: props.purpose });
    return { result: { fileId: file.id }, unusedKeys: [] };
  });
}

/** An evidence file, for the candidate and for assessors and admins. */
export async function evidenceDownloader(deps: Deps, props: { actor: Actor; id: number; fileId: number }) {
  const [app] = await deps.db.select().from(certApplications).where(eq(certApplications.id, props.id));
  if (!app || (!isStaff(props.actor) && app.employeeId !== props.actor.employeeId) || !app.evidence.some((e) => e.fileId === props.fileId))
    throw notFound('Evidence file', props.fileId);
  const [file] = await deps.db.select().from(files).where(eq(files.id, props.fileId));
  if (!file) throw notFound('Evidence file', props.fileId);
  return { stream: deps.files.open(file.storageKey), mimeType: file.mimeType, sizeBytes: file.sizeBytes, disposition: contentDisposition('attachment', file.originalName) };
}

// ---------------------------------------------------------------- track: renewal

/** How early before expiry a certificate may be renewed. */
export const RENEWAL_WINDOW_DAYS = 90;

/**
 * Renews a certificate by the level's renewal rule — continuing-education hours (completed training
 * since the certificate became valid) or a passed renewal exam since then. The new certificate is valid
 * from the old one's expiry, so there is no gap and no overlap; the old one runs out as planned.
 */
export async function certificateRenewer(deps: Deps, props: { actor: Actor; id: number }): Promise<{ certificateId: number; route: 'credits' | 'exam'; validFrom: string }> {
  return deps.db.transaction(async (tx) => {
    const [cert] = await tx.select().from(certificates).where(eq(certificates.id, props.id)).for('update');
    if (!cert || cert.employeeId !== props.actor.employeeId) throw notFound('Certificate', props.id);
    if (cert.status !== 'active') throw conflict(`A ${cert.status} certificate cannot be renewed`);
    if (!cert.validUntil) throw conflict('This certificate does not expire; there is nothing to renew');
    const now = new Date();
    if (cert.validUntil <= now) throw conflict('This certificate has expired: apply for the level again');
    const opens = new Date(cert.validUntil.getTime() - RENEWAL_WINDOW_DAYS * 86_400_000);
    if (now < opens) throw conflict(`Renewal opens ${RENEWAL_WINDOW_DAYS} days before expiry, on ${opens.toISOString().slice(0, 10)}`);
    const [next] = await tx.select({ id: certificates.id }).from(certificates).where(and(eq(certificates.employeeId, cert.employeeId), eq(certificates.levelId, cert.levelId), gte(certificates.validFrom, cert.validUntil)));
    if (next) throw conflict('This certificate has been renewed already');
    const { level } = await loadLevel(tx, cert.levelId);
    const rule = level.renewal;
    let route: 'credits' | 'exam' | null = null;
    const problems: string[] = [];
    if (rule.credits != null) {
      const [{ seconds }] = (await tx
        .select({ seconds: sql<number>`coalesce(sum(${trainingRecords.timeSpentSeconds}), 0)::int` })
        .from(trainingRecords)
        .where(and(eq(trainingRecords.employeeId, cert.employeeId), eq(trainingRecords.status, 'completed'), gte(trainingRecords.completedAt, cert.validFrom)))) as [{ seconds: number }];
      const hours = Number(seconds) / 3600;
      if (hours >= rule.credits) route = 'credits';
      else problems.push(`${hours.toFixed(1)} of ${rule.credits} continuing-education hours completed since ${cert.validFrom.toISOString().slice(0, 10)}`);
    }
    if (!route && rule.examId != null) {
      const [passed] = await tx
        .select({ id: examAttempts.id })
        .from(examAttempts)
        .where(and(eq(examAttempts.examId, rule.examId), eq(examAttempts.employeeId, cert.employeeId), eq(examAttempts.passed, true), gte(examAttempts.submittedAt, cert.validFrom)))
        .limit(1);
      if (passed) route = 'exam';
      else problems.push(`the renewal exam (exam ${rule.examId}) has not been passed since the certificate became valid`);
    }
    if (rule.credits == null && rule.examId == null) throw conflict('This level has no renewal rule: apply for it again');
    if (!route) throw new DomainError('conflict', `Not yet renewable: ${problems.join('; ')}`, { problems });
    const renewed = await certificateIssuer(deps, { tx, levelId: cert.levelId, employeeId: cert.employeeId, actorUserId: props.actor.userId, validFrom: cert.validUntil, reason: `renewal of certificate ${cert.publicId} by ${route}` });
    return { certificateId: renewed.id, route, validFrom: renewed.validFrom.toISOString() };
  });
}
