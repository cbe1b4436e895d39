/**
 * Certification programmes and their levels (issue 7 §1): what can be earned, what each level requires
 * (a lower level, courses, target mastery, assessment components with weights and minimums, a pass
 * mark), validity and renewal. Admins define them; everyone signed in can read active ones.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { LevelBody, ProgrammeBody } from '@xueli/contracts';
import type { Db } from '../../db/client.ts';
import { certificates, certLevels, certProgrammes, courses, exams, knowledgePoints } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../http/policy.ts';
import { hasRole } from '../../http/policy.ts';
import { appendCertAudit } from './issuer.service.ts';

type ProgrammeRow = typeof certProgrammes.$inferSelect;
type LevelRow = typeof certLevels.$inferSelect;

const LEVEL_ORDER = { junior: 0, intermediate: 1, senior: 2 } as const;

function present(p: ProgrammeRow, levels: LevelRow[], certCount: number) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    domain: p.domain,
    domainEn: p.domainEn,
    description: p.description,
    descriptionEn: p.descriptionEn,
    status: p.status,
    levels: levels
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level])
      .map((l) => ({
        id: l.id,
        level: l.level,
        requirements: l.requirements,
        criteria: l.criteria,
        criteriaEn: l.criteriaEn,
        validityMonths: l.validityMonths,
        renewal: l.renewal,
      })),
    certificates: certCount,
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type ProgrammeView = ReturnType<typeof present>;

async function load(db: Db, where?: ReturnType<typeof eq>): Promise<ProgrammeView[]> {
  const ps = await db.select().from(certProgrammes).where(where).orderBy(certProgrammes.id);
  if (!ps.length) return [];
  const ids = ps.map((p) => p.id);
  const levels = await db.select().from(certLevels).where(inArray(certLevels.programmeId, ids));
  const counts = await db
    .select({ programmeId: certLevels.programmeId, n: count() })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .where(inArray(certLevels.programmeId, ids))
    .groupBy(certLevels.programmeId);
  const byProgramme = new Map(counts.map((c) => [c.programmeId, Number(c.n)]));
  return ps.map((p) => present(p, levels.filter((l) => l.programmeId === p.id), byProgramme.get(p.id) ?? 0));
}

/** Admins see every programme; others the active ones. */
export async function programmeList(deps: Deps, props: { actor: Actor }): Promise<{ items: ProgrammeView[] }> {
  const all = await load(deps.db);
  return { items: hasRole(props.actor, 'admin') ? all : all.filter((p) => p.status === 'active') };
}

export async function programmeViewer(deps: Deps, props: { actor: Actor; id: number }): Promise<ProgrammeView> {
  const [p] = await load(deps.db, eq(certProgrammes.id, props.id));
  if (!p || (p.status !== 'active' && !hasRole(props.actor, 'admin'))) throw notFound('Programme', props.id);
  return p;
}

/** Checks that the courses, exams and knowledge points a programme names exist; every problem at once. */
async function checkReferences(db: Db, levels: LevelBody[]): Promise<void> {
  const courseIds = [...new Set(levels.flatMap((l) => l.requirements.courseIds))];
  const examIds = [
    ...new Set(
      levels.flatMap((l) => [...l.requirements.components.map((c) => c.examId ?? null), l.renewal.examId]).filter((x): x is number => x != null),
    ),
  ];
  const kpIds = [...new Set(levels.flatMap((l) => l.requirements.targets.map((t) => t.kpId)))];
  const problems: string[] = [];
  if (courseIds.length) {
    const found = new Set((await db.select({ id: courses.id }).from(courses).where(inArray(courses.id, courseIds))).map((r) => r.id));
    for (const c of courseIds) if (!found.has(c)) problems.push(`course ${c} does not exist`);
  }
  if (examIds.length) {
    const found = new Set((await db.select({ id: exams.id }).from(exams).where(inArray(exams.id, examIds))).map((r) => r.id));
    for (const e of examIds) if (!found.has(e)) problems.push(`exam ${e} does not exist`);
  }
  if (kpIds.length) {
    const found = new Set((await db.select({ id: knowledgePoints.id }).from(knowledgePoints).where(inArray(knowledgePoints.id, kpIds))).map((r) => r.id));
    for (const k of kpIds) if (!found.has(k)) problems.push(`knowledge point ${k} does not exist`);
  }
  for (const l of levels)
    for (const c of l.requirements.components)
      if (c.kind === 'written' && c.examId == null) problems.push(`level ${l.level}: a written component needs its exam (examId)`);
  if (problems.length) throw invalid(`The programme refers to things that are missing: ${problems.join('; ')}`, { problems });
}

/** Creates a programme with its levels (admin). */
export async function programmeCreator(deps: Deps, props: { actor: Actor; requestId?: string; body: ProgrammeBody }): Promise<ProgrammeView> {
  const b = props.body;
  await checkReferences(deps.db, b.levels);
  const id = await deps.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: certProgrammes.id }).from(certProgrammes).where(eq(certProgrammes.code, b.code));
    if (dup) throw conflict(`A programme with the code ${b.code} exists already`, { field: 'code' });
    const [p] = await tx
      .insert(certProgrammes)
      .values({
        code: b.code,
        name: b.name,
        nameEn: b.nameEn,
        domain: b.domain,
        domainEn: b.domainEn,
        description: b.description,
        descriptionEn: b.descriptionEn,
        status: b.status,
        createdBy: props.actor.userId,
      })
      .returning({ id: certProgrammes.id });
    await tx.insert(certLevels).values(b.levels.map((l) => ({ programmeId: p!.id, ...levelValues(l) })));
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'cert.programme.create', entity: 'cert_programme', entityId: p!.id, details: { code: b.code }, requestId: props.requestId ?? null });
    await appendCertAudit(tx, { actorUserId: props.actor.userId, action: 'programme.create', subject: `programme:${b.code}`, reason: null, data: { levels: b.levels.map((l) => l.level), status: b.status } });
    return p!.id;
  });
  return programmeViewer(deps, { actor: props.actor, id });
}

const levelValues = (l: LevelBody) => ({
  level: l.level,
  requirements: { ...l.requirements, components: l.requirements.components.map((c) => ({ ...c, examId: c.examId ?? null })) },
  criteria: l.criteria,
  criteriaEn: l.criteriaEn,
  validityMonths: l.validityMonths,
  renewal: l.renewal,
});

/**
 * Replaces a programme's definition (admin). A level that has certificates cannot be removed; its
 * requirements may change (they apply to new applications).
 */
export async function programmeUpdater(deps: Deps, props: { actor: Actor; requestId?: string; id: number; body: ProgrammeBody }): Promise<ProgrammeView> {
  const b = props.body;
  await checkReferences(deps.db, b.levels);
  await deps.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(certProgrammes).where(eq(certProgrammes.id, props.id)).for('update');
    if (!cur) throw notFound('Programme', props.id);
    if (cur.code !== b.code) {
      const [issued] = await tx.select({ n: count() }).from(certificates).innerJoin(certLevels, eq(certLevels.id, certificates.levelId)).where(eq(certLevels.programmeId, props.id));
      if (Number(issued!.n) > 0) throw conflict('The code of a programme with certificates cannot change: issued certificates name it', { field: 'code' });
      const [dup] = await tx.select({ id: certProgrammes.id }).from(certProgrammes).where(eq(certProgrammes.code, b.code));
      if (dup) throw conflict(`A programme with the code ${b.code} exists already`, { field: 'code' });
    }
    const existing = await tx.select().from(certLevels).where(eq(certLevels.programmeId, props.id));
    const kept = new Set(b.levels.map((l) => l.level));
    for (const old of existing.filter((l) => !kept.has(l.level))) {
      const [n] = await tx.select({ n: count() }).from(certificates).where(eq(certificates.levelId, old.id));
      if (Number(n!.n) > 0) throw conflict(`Level ${old.level} has certificates and cannot be removed`, { level: old.level });
      await tx.delete(certLevels).where(eq(certLevels.id, old.id));
    }
    for (const l of b.levels) {
      const old = existing.find((x) => x.level === l.level);
      if (old) await tx.update(certLevels).set({ ...levelValues(l), updatedAt: new Date() }).where(and(eq(certLevels.id, old.id)));
      else await tx.insert(certLevels).values({ programmeId: props.id, ...levelValues(l) });
    }
    await tx
      .update(certProgrammes)
      .set({ code: b.code, name: b.name, nameEn: b.nameEn, domain: b.domain, domainEn: b.domainEn, description: b.description, descriptionEn: b.descriptionEn, status: b.status, updatedAt: new Date() })
      .where(eq(certProgrammes.id, props.id));
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'cert.programme.update', entity: 'cert_programme', entityId: props.id, details: { code: b.code, status: b.status }, requestId: props.requestId ?? null });
    await appendCertAudit(tx, { actorUserId: props.actor.userId, action: 'programme.update', subject: `programme:${b.code}`, reason: null, data: { levels: b.levels.map((l) => l.level), status: b.status, from: cur.status } });
  });
  return programmeViewer(deps, { actor: props.actor, id: props.id });
}
