/**
 * Demo Bank's item bank (issue 4 §8): the items of seed/items/ (one file per published course),
 * inserted as they would be after authoring and review — status `active`, version 1 — each with
 * its knowledge points (`item_kps`) and its version-1 snapshot in `item_versions`. Every body is
 * parsed by the same request schema as `POST /items` and checked by the item bank's `checkItem`,
 * whose normalised key is what gets stored; a problem is a bug in the seed data and throws.
 * Bulk inserts (three statements and two look-ups for the whole bank), in the caller's transaction.
 * The item texts are loaded only when seeding, so an ordinary start does not pay for them.
 */
import { createItemBody, type CreateItemBody } from '@xueli/contracts';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { itemKps, items, itemVersions, knowledgePoints, users } from '../db/schema/index.ts';
import { presentItem } from '../modules/items/items.present.ts';
import { checkItem } from '../modules/items/items.service.ts';
import type { ItemSeed } from './items/types.ts';

export interface ItemsSeedInput {
  now: Date;
  /** Who authored the demo items (the trainer). */
  authorUserId: number;
  /** LLM-APP knowledge-point code → id. */
  kpIdByCode: ReadonlyMap<string, number>;
}

/** Item ids per course key (seed/courses file name), in the order of the seed data. */
export type SeededItemIds = Record<string, number[]>;

export interface PreparedDemoItem {
  body: CreateItemBody;
  /** The key as the item bank stores it (checkItem's normalised key). */
  key: Record<string, unknown> | null;
  options: { id: string; text: string }[] | null;
  rubric: Record<string, unknown> | null;
}

/** A seed item as `POST /items` would store it, or every problem with it. */
export function prepareDemoItem(seed: ItemSeed): { item: PreparedDemoItem | null; problems: string[] } {
  const { referenceSolution: _ref, ...raw } = seed;
  const parsed = createItemBody.safeParse(raw);
  if (!parsed.success) return { item: null, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const body = parsed.data;
  const draft = {
    type: body.type,
    options: 'options' in body ? body.options : null,
    answerKey: 'answerKey' in body ? body.answerKey : null,
    rubric: 'rubric' in body && body.rubric ? body.rubric : null,
  };
  const { key, problems } = checkItem(draft);
  return { item: problems.length ? null : { body, key, options: draft.options, rubric: draft.rubric }, problems };
}

export async function seedItems(db: Db, input: ItemsSeedInput): Promise<SeededItemIds> {
  const { DEMO_ITEMS } = await import('./items/index.ts');
  const planned = DEMO_ITEMS.flatMap(({ courseKey, items: seeds }) =>
    seeds.map((seed) => {
      const { item, problems } = prepareDemoItem(seed);
      const kpIds = seed.knowledgePoints.map((code) => input.kpIdByCode.get(String(code)));
      if (kpIds.some((id) => id === undefined)) problems.push(`knowledgePoints: unknown code in ${seed.knowledgePoints.join(', ')}`);
      if (!item || problems.length) throw new Error(`Demo item ${courseKey} “${seed.stem.slice(0, 40)}”: ${problems.join('; ')}`);
      return { courseKey, item, kpIds: [...new Set(kpIds as number[])] };
    }),
  );
  if (!planned.length) return {};
  const stamp = { createdBy: input.authorUserId, updatedBy: input.authorUserId, createdAt: input.now, updatedAt: input.now };
  const rows = await db
    .insert(items)
    .values(
      planned.map(({ item }) => ({
        type: item.body.type,
        stem: item.body.stem,
        options: item.options,
        answerKey: item.key,
        rubric: item.rubric,
        explanation: item.body.explanation ?? '',
        difficulty: item.body.difficulty ?? null,
        discrimination: item.body.discrimination ?? null,
        tags: [...new Set(item.body.tags ?? [])],
        status: 'active' as const,
        version: 1,
        ...stamp,
      })),
    )
    .returning();
  // Stems are unique in the seed data (tested), so rows map back by stem whatever order they return in.
  const rowByStem = new Map(rows.map((r) => [r.stem, r]));
  const placed = planned.map((p) => ({ ...p, row: rowByStem.get(p.item.body.stem)! }));
  if (rowByStem.size !== planned.length) throw new Error('Demo items: stems must be unique');
  await db.insert(itemKps).values(placed.flatMap((p) => p.kpIds.map((kpId) => ({ itemId: p.row.id, kpId }))));

  const kpRows = await db
    .select({ id: knowledgePoints.id, code: knowledgePoints.code, name: knowledgePoints.name, frameworkId: knowledgePoints.frameworkId })
    .from(knowledgePoints)
    .where(inArray(knowledgePoints.id, [...new Set(placed.flatMap((p) => p.kpIds))]));
  const kpById = new Map(kpRows.map((k) => [k.id, k]));
  const [author] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, input.authorUserId));
  const authorName = author?.name ?? null;
  await db.insert(itemVersions).values(
    placed.map(({ row, kpIds }) => {
      // The author view, as the item bank's snapshot() records it (points by framework, then code).
      const kps = kpIds
        .map((id) => ({ itemId: row.id, ...kpById.get(id)! }))
        .sort((a, b) => a.frameworkId - b.frameworkId || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      const snapshot = presentItem({ ...row, kps, createdByName: authorName, updatedByName: authorName });
      return { itemId: row.id, version: 1, snapshot, changedBy: input.authorUserId, changedAt: input.now, note: 'created' };
    }),
  );

  const out: SeededItemIds = {};
  for (const p of placed) (out[p.courseKey] ??= []).push(p.row.id);
  return out;
}
