/**
 * The item bank: authoring with whole-item validation (every problem reported at once), the
 * review workflow and the version history. Every change bumps `version` and appends a snapshot
 * of the author view to `item_versions`, in the same transaction as the change and its audit.
 */
import {
  ITEM_TRANSITIONS,
  programmingKey,
  type CreateItemBody,
  type ItemListQuery,
  type ItemStatusName,
  type ItemTypeName,
  type ItemView,
  type Page,
  type UpdateItemBody,
} from '@xueli/contracts';
import { validateObjectiveKey } from '@xueli/engine';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../http/policy.ts';
import { recordAudit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { resolveKps } from '../skills/evidence.service.ts';
import { presentItem } from './items.present.ts';
import * as repo from './items.repo.ts';

/** The engine's key type for each objective item type. */
const ENGINE_TYPE: Partial<Record<ItemTypeName, string>> = {
  single: 'single-choice',
  multiple: 'multiple-choice',
  true_false: 'true-false',
  fill_blank: 'fill-blank',
  short_answer: 'short-answer',
};
const CHOICE: ItemTypeName[] = ['single', 'multiple'];

export interface Draft {
  type: ItemTypeName;
  options: { id: string; text: string }[] | null;
  answerKey: Record<string, unknown> | null;
  rubric: Record<string, unknown> | null;
}

/** Checks an item's options, key and rubric against its type; returns the key to store and every problem. */
export function checkItem(d: Draft): { key: Record<string, unknown> | null; problems: string[] } {
  const problems: string[] = [];
  const choice = CHOICE.includes(d.type);
  if (choice) {
    const ids = (d.options ?? []).map((o) => o.id);
    if (ids.length < 2) problems.push('options: a choice item needs at least two options');
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dup.length) problems.push(`options: ids must be unique (repeated: ${[...new Set(dup)].join(', ')})`);
  } else if (d.options != null && d.options.length) problems.push(`options: a ${d.type} item has no options`);
  if (d.type === 'essay') {
    if (d.answerKey != null) problems.push('answerKey: an essay is graded by people with its rubric and has no answer key');
    if (d.rubric == null) problems.push('rubric: an essay needs a rubric');
    return { key: null, problems };
  }
  if (d.rubric != null && d.type !== 'short_answer') problems.push(`rubric: a ${d.type} item has no rubric`);
  if (d.answerKey == null) {
    problems.push('answerKey: required');
    return { key: null, problems };
  }
  if (d.type === 'programming') {
    const parsed = programmingKey.safeParse(d.answerKey);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`answerKey${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
      return { key: null, problems };
    }
    return { key: { ...parsed.data, type: 'programming' }, problems };
  }
  const engineType = ENGINE_TYPE[d.type]!;
  if (d.answerKey.type !== undefined && d.answerKey.type !== engineType) problems.push(`answerKey: type must be "${engineType}" for a ${d.type} item`);
  const key: Record<string, unknown> = { ...d.answerKey, type: engineType };
  if (choice) {
    const ids = (d.options ?? []).map((o) => o.id);
    const given = d.answerKey.options;
    if (given !== undefined && (!Array.isArray(given) || given.length !== ids.length || given.some((g, i) => g !== ids[i]))) {
      problems.push('answerKey: options, when given, must list the option ids in order');
    }
    key.options = ids;
  }
  problems.push(...validateObjectiveKey(key).map((p) => `answerKey: ${p}`));
  return { key, problems };
}

/**
 * Resolves the knowledge-point references of many items at once (one lookup for all of them);
 * for each list, the ids and a problem for every unknown, ambiguous or retired point.
 */
async function resolveItemKpLists(db: Db, lists: (number | string)[][]): Promise<{ ids: number[]; problems: string[] }[]> {
  const all = [...new Set(lists.flat())];
  const resolved = all.length ? await resolveKps(db, all) : new Map<string, number | string>();
  const found = [...new Set([...resolved.values()].filter((v): v is number => typeof v === 'number'))];
  const retired = new Map((await repo.kpStatuses(db, found)).filter((k) => k.frameworkStatus === 'retired').map((k) => [k.id, k.code]));
  return lists.map((refs) => {
    if (!refs.length) return { ids: [], problems: ['knowledgePoints: at least one knowledge point'] };
    const problems: string[] = [];
    const ids: number[] = [];
    for (const ref of refs) {
      const v = resolved.get(String(ref));
      if (typeof v === 'number') ids.push(v);
      else problems.push(`knowledgePoints: ${v ?? `knowledge point ${ref} does not exist`}`);
    }
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const code = retired.get(id);
      if (code !== undefined) problems.push(`knowledgePoints: knowledge point ${code} is in a retired framework`);
    }
    return { ids: unique, problems };
  });
}

/** Resolves one item's knowledge-point references. */
async function resolveItemKps(db: Db, refs: (number | string)[]): Promise<{ ids: number[]; problems: string[] }> {
  return (await resolveItemKpLists(db, [refs]))[0]!;
}

/** An item checked and ready to be written: the key to store and its knowledge points. */
export interface PreparedItem {
  body: CreateItemBody;
  draft: Draft;
  key: Record<string, unknown> | null;
  kpIds: number[];
}

/**
 * Checks new items (`checkItem` and their knowledge points, resolved together): for each, the
 * prepared item or every problem found. Creating one item and importing many go through here.
 */
export async function prepareItems(db: Db, bodies: CreateItemBody[]): Promise<{ item: PreparedItem | null; problems: string[] }[]> {
  const kps = await resolveItemKpLists(
    db,
    bodies.map((b) => b.knowledgePoints),
  );
  return bodies.map((b, i) => {
    const draft: Draft = {
      type: b.type,
      options: 'options' in b ? b.options : null,
      answerKey: 'answerKey' in b ? b.answerKey : null,
      rubric: 'rubric' in b && b.rubric ? b.rubric : null,
    };
    const { key, problems } = checkItem(draft);
    problems.push(...kps[i]!.problems);
    return problems.length ? { item: null, problems } : { item: { body: b, draft, key, kpIds: kps[i]!.ids }, problems };
  });
}

/**
 * Writes prepared items as drafts (version 1) with their knowledge points and version-1
 * snapshot, in the caller's transaction, by `userId` (null: the command line); the caller
 * records the audit entry. Returns the author views in the order given.
 */
export async function insertItems(tx: Db, userId: number | null, prepared: PreparedItem[], note: string): Promise<ItemView[]> {
  if (!prepared.length) return [];
  const ids = await repo.insertItems(
    tx,
    prepared.map(({ body: b, draft, key }) => ({
      type: b.type,
      stem: b.stem,
      options: draft.options,
      answerKey: key,
      rubric: draft.rubric,
      explanation: b.explanation ?? '',
      difficulty: b.difficulty ?? null,
      discrimination: b.discrimination ?? null,
      tags: [...new Set(b.tags ?? [])],
      createdBy: userId,
      updatedBy: userId,
    })),
  );
  await repo.insertItemKps(
    tx,
    prepared.flatMap((p, i) => p.kpIds.map((kpId) => ({ itemId: ids[i]!, kpId }))),
  );
  const views = (await repo.itemsByIds(tx, ids)).map(presentItem);
  await repo.insertVersions(
    tx,
    views.map((v) => ({ itemId: v.id, version: v.version, snapshot: v, changedBy: userId, note })),
  );
  return views;
}

const invalidItem = (problems: string[]) =>
  invalid(`The item has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`, { problems });

async function loadView(db: Db, id: number): Promise<ItemView> {
  const row = await repo.itemById(db, id);
  if (!row) throw notFound('item', id);
  return presentItem(row);
}

/** Appends the item's current state as a version snapshot. */
async function snapshot(db: Db, id: number, actor: Actor, note: string): Promise<ItemView> {
  const view = await loadView(db, id);
  await repo.insertVersion(db, { itemId: id, version: view.version, snapshot: view, changedBy: actor.userId, note });
  return view;
}

export async function itemList(deps: Deps, props: { query: ItemListQuery }): Promise<Page<ItemView>> {
  const { rows, total } = await repo.itemPage(deps.db, props.query);
  return { items: rows.map(presentItem), total, page: props.query.page, pageSize: props.query.pageSize };
}

export async function itemViewer(deps: Deps, props: { id: number }): Promise<ItemView> {
  return loadView(deps.db, props.id);
}

export async function itemCreator(deps: Deps, props: { actor: Actor; requestId?: string; body: CreateItemBody }): Promise<ItemView> {
  const [checked] = await prepareItems(deps.db, [props.body]);
  if (!checked?.item) throw invalidItem(checked?.problems ?? []);
  const item = checked.item;
  return deps.db.transaction(async (tx) => {
    const [view] = await insertItems(tx, props.actor.userId, [item], 'created');
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'item.create', entity: 'item', entityId: view!.id, details: { type: item.body.type }, requestId: props.requestId ?? null });
    return view!;
  });
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function itemUpdater(deps: Deps, props: { actor: Actor; requestId?: string; id: number; body: UpdateItemBody }): Promise<ItemView> {
  const b = props.body;
  return deps.db.transaction(async (tx) => {
    const cur = await repo.itemById(tx, props.id, { forUpdate: true });
    if (!cur) throw notFound('item', props.id);
    if (cur.status === 'retired') throw conflict('A retired item cannot be changed; create a new item instead', { status: cur.status });
    const draft: Draft = {
      type: cur.type,
      options: b.options !== undefined ? b.options : cur.options,
      answerKey: b.answerKey !== undefined ? b.answerKey : cur.answerKey,
      rubric: b.rubric !== undefined ? b.rubric : cur.rubric,
    };
    const { key, problems } = checkItem(draft);
    let kpIds: number[] | undefined;
    if (b.knowledgePoints) {
      const kps = await resolveItemKps(tx, b.knowledgePoints);
      problems.push(...kps.problems);
      kpIds = kps.ids;
    }
    if (problems.length) throw invalidItem(problems);
    const keyChanged = !sameJson(key, cur.answerKey);
    await repo.updateItem(tx, props.id, {
      ...(b.stem !== undefined && { stem: b.stem }),
      options: draft.options,
      answerKey: key,
      rubric: draft.rubric,
      ...(b.explanation !== undefined && { explanation: b.explanation }),
      ...(b.difficulty !== undefined && { difficulty: b.difficulty }),
      ...(b.discrimination !== undefined && { discrimination: b.discrimination }),
      ...(b.tags !== undefined && { tags: [...new Set(b.tags)] }),
      version: cur.version + 1,
      updatedBy: props.actor.userId,
    });
    if (kpIds) await repo.replaceItemKps(tx, props.id, kpIds);
    const fields = Object.keys(b).filter((k) => k !== 'note');
    await recordAudit(tx, {
      actorUserId: props.actor.userId,
      action: 'item.update',
      entity: 'item',
      entityId: props.id,
      details: { fields, version: cur.version + 1, keyChanged, status: cur.status },
      requestId: props.requestId ?? null,
    });
    // A key change on a live item is allowed but flagged in the history (regrading comes later).
    const note = [b.note, keyChanged && cur.status === 'active' ? 'answer key changed while active' : undefined].filter(Boolean).join('; ');
    return snapshot(tx, props.id, props.actor, note || `updated ${fields.join(', ')}`);
  });
}

export async function itemStatusSetter(deps: Deps, props: { actor: Actor; requestId?: string; id: number; status: ItemStatusName; note?: string | undefined }): Promise<ItemView> {
  return deps.db.transaction(async (tx) => {
    const cur = await repo.itemById(tx, props.id, { forUpdate: true });
    if (!cur) throw notFound('item', props.id);
    const allowed = ITEM_TRANSITIONS[cur.status];
    if (!allowed.includes(props.status)) {
      const next = allowed.length ? `allowed: ${allowed.join(', ')}` : 'a retired item is final';
      throw conflict(`An item cannot go from ${cur.status} to ${props.status} (${next})`, { from: cur.status, to: props.status, allowed });
    }
    await repo.updateItem(tx, props.id, { status: props.status, version: cur.version + 1, updatedBy: props.actor.userId });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'item.status', entity: 'item', entityId: props.id, details: { from: cur.status, to: props.status }, requestId: props.requestId ?? null });
    return snapshot(tx, props.id, props.actor, props.note ? `${cur.status} → ${props.status}: ${props.note}` : `${cur.status} → ${props.status}`);
  });
}

export async function itemRemover(deps: Deps, props: { actor: Actor; requestId?: string; id: number }): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const cur = await repo.itemById(tx, props.id, { forUpdate: true });
    if (!cur) throw notFound('item', props.id);
    if (cur.status !== 'draft') throw conflict(`Only a draft item can be deleted; this one is ${cur.status} — retire it instead`, { status: cur.status });
    await repo.deleteItem(tx, props.id);
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'item.delete', entity: 'item', entityId: props.id, details: { type: cur.type, version: cur.version }, requestId: props.requestId ?? null });
  });
  return { ok: true };
}

export async function itemVersions(deps: Deps, props: { id: number }) {
  const cur = await repo.itemById(deps.db, props.id);
  if (!cur) throw notFound('item', props.id);
  const rows = await repo.versionsOf(deps.db, props.id);
  return {
    itemId: props.id,
    items: rows.map((r) => ({ version: r.version, changedBy: r.changedBy, changedAt: r.changedAt.toISOString(), note: r.note, snapshot: r.snapshot })),
  };
}
