/**
 * Demo Bank's skills: the LLM-APP framework (published), targets for every position, and
 * simulated graded responses. The responses come from a BKT learner per (employee, point) —
 * the point's population priors shifted by a per-employee aptitude, five items per point of
 * varying difficulty — spread over the last 90 days, so the heat map, the gaps and the first
 * model refit have something realistic to work on. K is computed from them through the same
 * online update as API evidence.
 */
import type { Db } from '../db/client.ts';
import { evidence, evidenceItems, frameworks, knowledgePoints, kpPrerequisites, positions, positionTargets } from '../db/schema/index.ts';
import { applyNewResponses } from '../modules/skills/kt.service.ts';
import type { Rng } from './prng.ts';
import { FRAMEWORK, KNOWLEDGE_POINTS, PREREQUISITES, targetsFor } from './skills-data.ts';

export interface SkillsSeedInput {
  now: Date;
  employees: { id: number; position: string; active: boolean }[];
  /** Employees who always get evidence (the demo accounts and the manager's team). */
  always: Set<number>;
  learnerEmployeeId: number;
  recordedBy: number;
}

const ITEMS_PER_POINT = 5;
const uuid = (rng: Rng) =>
  'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(rng.next() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });

export async function seedSkills(db: Db, rng: Rng, input: SkillsSeedInput): Promise<{ points: number; responses: number; kpIdByCode: Map<string, number> }> {
  const [fw] = await db
    .insert(frameworks)
    .values({ identifier: uuid(rng), code: FRAMEWORK.code, name: FRAMEWORK.name, nameEn: FRAMEWORK.nameEn, description: FRAMEWORK.description, version: FRAMEWORK.version, status: 'published', publishedAt: input.now })
    .returning();
  const idOf = new Map<string, number>();
  for (const [i, kp] of KNOWLEDGE_POINTS.entries()) {
    const [row] = await db
      .insert(knowledgePoints)
      .values({ frameworkId: fw!.id, identifier: uuid(rng), code: kp.code, name: kp.name, nameEn: kp.nameEn, description: kp.description, domain: kp.domain, parentId: kp.parent ? idOf.get(kp.parent)! : null, position: i })
      .returning({ id: knowledgePoints.id });
    idOf.set(kp.code, row!.id);
  }
  await db.insert(kpPrerequisites).values(PREREQUISITES.map(([a, b]) => ({ fromId: idOf.get(a)!, toId: idOf.get(b)! })));

  const posRows = await db.select({ id: positions.id, code: positions.code }).from(positions);
  const targets = posRows.flatMap((p) => targetsFor(p.code).map(([code, target, weight]) => ({ positionId: p.id, kpId: idOf.get(code)!, target, weight })));
  await db.insert(positionTargets).values(targets);

  // Items: five per leaf point, easier to harder.
  const leaves = KNOWLEDGE_POINTS.filter((k) => k.sim);
  const items = await db
    .insert(evidenceItems)
    .values(leaves.flatMap((k) => Array.from({ length: ITEMS_PER_POINT }, (_, i) => ({ ref: `${FRAMEWORK.code}/${k.code}/q${i + 1}`, kpIds: [idOf.get(k.code)!] }))))
    .returning();
  const itemOf = new Map(items.map((i) => [i.ref, i.id]));

  const rows: (typeof evidence.$inferInsert)[] = [];
  const day = 86_400_000;
  for (const e of input.employees) {
    if (!e.active || (!input.always.has(e.id) && !rng.chance(0.7))) continue;
    const aptitude = rng.next() * 0.5 - 0.2; // shifts P(L0) and P(T)
    const targeted = targetsFor(e.position).map((t) => t[0]);
    const others = leaves.map((k) => k.code).filter((c) => !targeted.includes(c));
    const studied = [...rng.shuffle(targeted).slice(0, rng.int(2, targeted.length)), ...rng.shuffle(others).slice(0, rng.int(0, 2))];
    let t = input.now.getTime() - rng.int(30, 90) * day;
    for (const code of studied) {
      const sim = KNOWLEDGE_POINTS.find((k) => k.code === code)!.sim!;
      let known = rng.chance(Math.min(0.9, Math.max(0.02, sim.pL0 + aptitude)));
      const pT = Math.min(0.6, Math.max(0.03, sim.pT + aptitude / 2));
      const n = rng.int(3, 10);
      for (let i = 0; i < n; i++) {
        const q = rng.int(1, ITEMS_PER_POINT);
        const guess = 0.3 - q * 0.03; // harder items are harder to guess
        const slip = 0.05 + q * 0.02;
        const correct = known ? !rng.chance(slip) : rng.chance(guess);
        t += rng.int(1, 30) * 3_600_000;
        if (t > input.now.getTime()) t = input.now.getTime() - rng.int(1, 60) * 60_000;
        rows.push({
          employeeId: e.id,
          kind: 'response',
          itemId: itemOf.get(`${FRAMEWORK.code}/${code}/q${q}`)!,
          kpIds: [idOf.get(code)!],
          score: correct ? 1 : 0,
          occurredAt: new Date(t),
          source: 'seed',
          recordedBy: input.recordedBy,
        });
        if (!known && rng.chance(pT)) known = true;
      }
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(evidence).values(rows.slice(i, i + 1000));
  // The demo learner rated themselves on a few points (weaker evidence shown beside K).
  const ratings = ['P.1', 'R.1', 'S.1'].map((code, i) => ({
    employeeId: input.learnerEmployeeId,
    kind: 'self_rating' as const,
    kpIds: [idOf.get(code)!],
    score: [0.8, 0.4, 0.7][i]!,
    occurredAt: new Date(input.now.getTime() - 7 * day),
    source: 'self_rating',
    recordedBy: null,
  }));
  await db.insert(evidence).values(ratings);
  await applyNewResponses(
    db,
    rows.map((r) => ({ employeeId: r.employeeId, itemId: r.itemId!, kpIds: r.kpIds, score: r.score, occurredAt: r.occurredAt })),
  );
  return { points: KNOWLEDGE_POINTS.length, responses: rows.length, kpIdByCode: idOf };
}
