/**
 * Exam authoring: create, change, publish, archive, delete. Every problem with an exam is
 * reported at once (400 with `problems`); publishing checks that the exam can actually be drawn
 * from the active items (every blueprint row filled, an adaptive pool large enough).
 */
import type { CreateExamBody, ExamListQuery, ExamStatus, ExamView, Page, UpdateExamBody } from '@xueli/contracts';
import { blueprintShortfalls, matchesRow } from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { resolveKps } from '../skills/evidence.service.ts';
import { ADAPTIVE_TYPES, blueprintSpecs } from './forms.ts';
import * as repo from './exams.repo.ts';

type ExamRow = repo.ExamRow;
type Blueprint = NonNullable<ExamRow['blueprint']>;
type Adaptive = NonNullable<ExamRow['adaptive']>;

const invalidExam = (problems: string[]) =>
  invalid(`The exam has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`, { problems });

/** Resolves knowledge-point references into ids, adding a problem for each one that fails. */
async function kpIds(db: Db, refs: (number | string)[], where: string, problems: string[]): Promise<number[]> {
  const resolved = await resolveKps(db, refs);
  const out: number[] = [];
  for (const ref of refs) {
    const v = resolved.get(String(ref));
    if (typeof v === 'number') out.push(v);
    else problems.push(`${where}: ${v ?? `knowledge point ${ref} does not exist`}`);
  }
  return [...new Set(out)];
}

interface Resolved {
  items?: { itemId: number; points: number }[];
  blueprint?: Blueprint;
  adaptive?: Adaptive;
}

/** Checks and resolves the mode-specific part and the common fields of a create or an update. */
async function resolveContent(db: Db, mode: ExamRow['mode'], b: Partial<CreateExamBody & UpdateExamBody>, problems: string[]): Promise<Resolved> {
  const out: Resolved = {};
  if (b.items !== undefined) {
    if (mode !== 'fixed') problems.push(`items: only a fixed exam has a list of items (this one is ${mode})`);
    const ids = b.items.map((x) => x.itemId);
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dup.length) problems.push(`items: item ${[...new Set(dup)].join(', ')} is listed twice`);
    const found = new Map((await repo.itemsByIds(db, ids)).map((r) => [r.id, r]));
    b.items.forEach((x, i) => {
      const it = found.get(x.itemId);
      if (!it) problems.push(`items[${i}]: item ${x.itemId} does not exist`);
      else if (it.status === 'retired') problems.push(`items[${i}]: item ${x.itemId} is retired`);
    });
    out.items = b.items.map((x) => ({ itemId: x.itemId, points: x.points }));
  }
  if (b.blueprint !== undefined) {
    if (mode !== 'blueprint') problems.push(`blueprint: only a blueprint exam has one (this one is ${mode})`);
    const rows: Blueprint = [];
    for (const [i, row] of b.blueprint.entries()) {
      const ids = await kpIds(db, row.knowledgePoints, `blueprint[${i}].knowledgePoints`, problems);
      rows.push({ knowledgePoints: ids, difficulty: row.difficulty, ...(row.type ? { type: row.type } : {}), count: row.count, points: row.points });
    }
    out.blueprint = rows;
  }
  if (b.adaptive !== undefined) {
    if (mode !== 'adaptive') problems.push(`adaptive: only an adaptive exam has adaptive settings (this one is ${mode})`);
    const a = b.adaptive;
    if (a.minItems > a.maxItems) problems.push('adaptive: minItems must not exceed maxItems');
    const ids = await kpIds(db, a.knowledgePoints, 'adaptive.knowledgePoints', problems);
    out.adaptive = { knowledgePoints: ids, seThreshold: a.seThreshold, minItems: a.minItems, maxItems: a.maxItems, randomesque: a.randomesque, passTheta: a.passTheta };
  }
  if (b.courseId != null && (await repo.courseTitle(db, b.courseId)) == null) problems.push(`courseId: course ${b.courseId} does not exist`);
  return out;
}

function checkWindow(opensAt: Date | null, closesAt: Date | null, problems: string[]) {
  if (opensAt && closesAt && opensAt >= closesAt) problems.push('closesAt: must be after opensAt');
}

const dateOrNull = (s: string | null | undefined) => (s == null ? null : new Date(s));

async function present(db: Db, row: ExamRow): Promise<ExamView> {
  // Sequential: `db` may be a transaction's single connection.
  const list = row.mode === 'fixed' ? await repo.examItemList(db, row.id) : [];
  const attempts = await repo.attemptCount(db, row.id);
  const courseTitle = row.courseId ? await repo.courseTitle(db, row.courseId) : null;
  const createdBy = await repo.userName(db, row.createdBy);
  let blueprint: ExamView['blueprint'] = null;
  if (row.blueprint) {
    const pool = await repo.activePool(db, [...new Set(row.blueprint.flatMap((r) => r.knowledgePoints))]);
    blueprint = blueprintSpecs(row.blueprint).map((spec, i) => ({
      knowledgePoints: row.blueprint![i]!.knowledgePoints,
      difficulty: spec.difficulty,
      ...(spec.type ? { type: spec.type as NonNullable<ExamView['items'][number]['type']> } : {}),
      count: spec.count,
      points: spec.points,
      available: pool.filter((p) => matchesRow(p, spec)).length,
    }));
  }
  let adaptive: ExamView['adaptive'] = null;
  if (row.adaptive) {
    const pool = await repo.activePool(db, row.adaptive.knowledgePoints, ADAPTIVE_TYPES);
    adaptive = { ...row.adaptive, poolSize: pool.length };
  }
  return {
    id: row.id,
    title: row.title,
    titleEn: row.titleEn,
    description: row.description,
    courseId: row.courseId,
    courseTitle,
    mode: row.mode,
    purpose: row.purpose,
    status: row.status,
    timeLimitMinutes: row.timeLimitMinutes,
    opensAt: row.opensAt?.toISOString() ?? null,
    closesAt: row.closesAt?.toISOString() ?? null,
    maxAttempts: row.maxAttempts,
    shuffleItems: row.shuffleItems,
    shuffleOptions: row.shuffleOptions,
    feedback: row.feedback,
    passPercent: row.passPercent,
    items: list,
    blueprint,
    adaptive,
    attempts,
    createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function load(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<ExamRow> {
  const row = await repo.examById(db, id, opts);
  if (!row) throw notFound('exam', id);
  return row;
}

export async function examList(deps: Deps, props: { query: ExamListQuery }): Promise<Page<ExamView>> {
  const { rows, total } = await repo.examPage(deps.db, props.query);
  return { items: await Promise.all(rows.map((r) => present(deps.db, r))), total, page: props.query.page, pageSize: props.query.pageSize };
}

export async function examViewer(deps: Deps, props: { id: number }): Promise<ExamView> {
  return present(deps.db, await load(deps.db, props.id));
}

export async function examCreator(deps: Deps, props: { actor: Actor; requestId?: string; body: CreateExamBody }): Promise<ExamView> {
  const b = props.body;
  const problems: string[] = [];
  const content = await resolveContent(deps.db, b.mode, b, problems);
  checkWindow(dateOrNull(b.opensAt), dateOrNull(b.closesAt), problems);
  if (problems.length) throw invalidExam(problems);
  return deps.db.transaction(async (tx) => {
    const id = await repo.insertExam(tx, {
      title: b.title,
      titleEn: b.titleEn ?? null,
      description: b.description ?? '',
      courseId: b.courseId ?? null,
      mode: b.mode,
      purpose: b.purpose,
      timeLimitMinutes: b.timeLimitMinutes ?? null,
      opensAt: dateOrNull(b.opensAt),
      closesAt: dateOrNull(b.closesAt),
      maxAttempts: b.maxAttempts ?? null,
      shuffleItems: b.shuffleItems,
      shuffleOptions: b.shuffleOptions,
      feedback: b.feedback,
      passPercent: b.passPercent,
      blueprint: content.blueprint ?? null,
      adaptive: content.adaptive ?? null,
      createdBy: props.actor.userId,
    });
    if (content.items) await repo.replaceExamItems(tx, id, content.items);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'exam.create', entity: 'exam', entityId: id, details: { mode: b.mode, purpose: b.purpose }, requestId: props.requestId ?? null });
    return present(tx, await load(tx, id));
  });
}

/** What may change once an exam is published (its content is frozen: candidates have drawn forms). */
const LIVE_FIELDS = new Set(['title', 'titleEn', 'description', 'opensAt', 'closesAt', 'maxAttempts', 'feedback']);

export async function examUpdater(deps: Deps, props: { actor: Actor; requestId?: string; id: number; body: UpdateExamBody }): Promise<ExamView> {
  const b = props.body;
  return deps.db.transaction(async (tx) => {
    const cur = await load(tx, props.id, { forUpdate: true });
    const fields = Object.keys(b);
    if (cur.status !== 'draft') {
      const frozen = fields.filter((f) => !LIVE_FIELDS.has(f));
      if (frozen.length) {
        throw conflict(`A ${cur.status} exam can change only its title, description, window, attempts and feedback (not ${frozen.join(', ')}); move it back to draft or copy it`, { status: cur.status, fields: frozen });
      }
    }
    const problems: string[] = [];
    const content = await resolveContent(tx, cur.mode, b, problems);
    const opensAt = b.opensAt !== undefined ? dateOrNull(b.opensAt) : cur.opensAt;
    const closesAt = b.closesAt !== undefined ? dateOrNull(b.closesAt) : cur.closesAt;
    checkWindow(opensAt, closesAt, problems);
    if (problems.length) throw invalidExam(problems);
    await repo.updateExam(tx, props.id, {
      ...(b.title !== undefined && { title: b.title }),
      ...(b.titleEn !== undefined && { titleEn: b.titleEn || null }),
      ...(b.description !== undefined && { description: b.description }),
      ...(b.courseId !== undefined && { courseId: b.courseId }),
      ...(b.timeLimitMinutes !== undefined && { timeLimitMinutes: b.timeLimitMinutes }),
      opensAt,
      closesAt,
      ...(b.maxAttempts !== undefined && { maxAttempts: b.maxAttempts }),
      ...(b.shuffleItems !== undefined && { shuffleItems: b.shuffleItems }),
      ...(b.shuffleOptions !== undefined && { shuffleOptions: b.shuffleOptions }),
      ...(b.feedback !== undefined && { feedback: b.feedback }),
      ...(b.passPercent !== undefined && { passPercent: b.passPercent }),
      ...(content.blueprint && { blueprint: content.blueprint }),
      ...(content.adaptive && { adaptive: content.adaptive }),
    });
    if (content.items) await repo.replaceExamItems(tx, props.id, content.items);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'exam.update', entity: 'exam', entityId: props.id, details: { fields }, requestId: props.requestId ?? null });
    return present(tx, await load(tx, props.id));
  });
}

/** Problems that keep an exam from being taken now, from the active item bank. */
async function publishProblems(db: Db, exam: ExamRow): Promise<string[]> {
  const problems: string[] = [];
  if (exam.mode === 'fixed') {
    const list = await repo.examItemList(db, exam.id);
    if (!list.length) problems.push('items: a fixed exam needs at least one item');
    for (const it of list) if (it.status !== 'active') problems.push(`items: item ${it.itemId} is ${it.status}, not active`);
  } else if (exam.mode === 'blueprint') {
    const rows = exam.blueprint ?? [];
    const pool = await repo.activePool(db, [...new Set(rows.flatMap((r) => r.knowledgePoints))]);
    for (const s of blueprintShortfalls(pool, blueprintSpecs(rows))) {
      problems.push(`blueprint[${s.row}]: needs ${s.needed} active items, ${s.available} available (${s.matching} match the row)`);
    }
  } else {
    const a = exam.adaptive!;
    const pool = await repo.activePool(db, a.knowledgePoints, ADAPTIVE_TYPES);
    if (pool.length < a.maxItems) problems.push(`adaptive: the pool has ${pool.length} active objective items, fewer than maxItems ${a.maxItems}`);
    const uncalibrated = pool.filter((p) => p.b == null).length;
    if (uncalibrated) problems.push(`adaptive: ${uncalibrated} pool item${uncalibrated === 1 ? ' has' : 's have'} no IRT difficulty; calibrate or set them first`);
  }
  return problems;
}

const STATUS_MOVES: Record<ExamStatus, readonly ExamStatus[]> = {
  draft: ['published'],
  published: ['archived', 'draft'],
  archived: ['published'],
};

export async function examStatusSetter(deps: Deps, props: { actor: Actor; requestId?: string; id: number; status: ExamStatus }): Promise<ExamView> {
  return deps.db.transaction(async (tx) => {
    const cur = await load(tx, props.id, { forUpdate: true });
    const allowed = STATUS_MOVES[cur.status];
    if (!allowed.includes(props.status)) {
      throw conflict(`An exam cannot go from ${cur.status} to ${props.status} (allowed: ${allowed.join(', ')})`, { from: cur.status, to: props.status, allowed });
    }
    if (props.status === 'draft' && (await repo.attemptCount(tx, cur.id)) > 0) {
      throw conflict('This exam has attempts, so its content can no longer change: archive it and create a new one', { reason: 'has-attempts' });
    }
    if (props.status === 'published') {
      const problems = await publishProblems(tx, cur);
      if (problems.length) throw invalidExam(problems);
    }
    await repo.updateExam(tx, cur.id, { status: props.status });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'exam.status', entity: 'exam', entityId: cur.id, details: { from: cur.status, to: props.status }, requestId: props.requestId ?? null });
    return present(tx, await load(tx, cur.id));
  });
}

export async function examRemover(deps: Deps, props: { actor: Actor; requestId?: string; id: number }): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const cur = await load(tx, props.id, { forUpdate: true });
    if (cur.status !== 'draft') throw conflict(`Only a draft exam can be deleted; this one is ${cur.status} — archive it instead`, { status: cur.status });
    if ((await repo.attemptCount(tx, cur.id)) > 0) throw conflict('This exam has attempts; archive it instead', { reason: 'has-attempts' });
    await repo.deleteExam(tx, cur.id);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'exam.delete', entity: 'exam', entityId: cur.id, details: { title: cur.title }, requestId: props.requestId ?? null });
  });
  return { ok: true };
}
