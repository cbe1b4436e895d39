import fs from 'node:fs';
import vm from 'node:vm';
import { ITEM_TYPES, type ItemTypeName } from '@xueli/contracts';
import { gradeObjective, type ObjectiveKey } from '@xueli/engine';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { frameworks, knowledgePoints } from '../db/schema/index.ts';
import { checkItem } from '../modules/items/items.service.ts';
import { PUBLISHED_COURSES } from './courses/index.ts';
import { prepareDemoItem, seedItems, type PreparedDemoItem, type SeededItemIds } from './items.ts';
import { DEMO_ITEMS, type ItemSeed } from './items/index.ts';
import { FRAMEWORK, KNOWLEDGE_POINTS } from './skills-data.ts';

const all = DEMO_ITEMS.flatMap((c) => c.items.map((seed) => ({ courseKey: c.courseKey, seed })));
const prepared = (seed: ItemSeed): PreparedDemoItem => {
  const { item, problems } = prepareDemoItem(seed);
  expect(problems, seed.stem).toEqual([]);
  return item!;
};
const countBy = <T>(xs: T[], f: (x: T) => string) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [f(x)]: (m[f(x)] ?? 0) + 1 }), {});
const label = (seed: ItemSeed) => `${seed.type}: ${seed.stem.slice(0, 50)}`;

describe('the demo items (data)', () => {
  it('has one entry per published course, keyed by the course file name, in catalogue order', async () => {
    expect(DEMO_ITEMS.map((c) => c.courseKey)).toHaveLength(PUBLISHED_COURSES.length);
    for (const [i, { courseKey }] of DEMO_ITEMS.entries()) {
      expect(fs.existsSync(new URL(`./courses/${courseKey}.ts`, import.meta.url)), courseKey).toBe(true);
      expect(fs.existsSync(new URL(`./items/${courseKey}.ts`, import.meta.url)), courseKey).toBe(true);
      const mod = (await import(`./courses/${courseKey}.ts`)) as Record<string, unknown>;
      expect(Object.values(mod), courseKey).toContain(PUBLISHED_COURSES[i]);
    }
  });

  it('passes the request schema and checkItem with no problems, every item', () => {
    for (const { seed } of all) {
      const { problems } = prepareDemoItem(seed);
      expect(problems, label(seed)).toEqual([]);
      const p = prepared(seed);
      expect(checkItem({ type: p.body.type, options: p.options, answerKey: 'answerKey' in p.body ? p.body.answerKey : null, rubric: p.rubric }).problems).toEqual([]);
    }
  });

  it('has at least 20 items per course and 220 in all, single choice the most common type, and the minimum of each type', () => {
    for (const c of DEMO_ITEMS) {
      expect(c.items.length, c.courseKey).toBeGreaterThanOrEqual(20);
      const types = countBy(c.items, (s) => s.type);
      expect(Math.max(...Object.entries(types).filter(([t]) => t !== 'single').map(([, n]) => n)), c.courseKey).toBeLessThan(types.single ?? 0);
      for (const t of ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer'] as ItemTypeName[]) expect(types[t], `${c.courseKey} ${t}`).toBeGreaterThanOrEqual(1);
    }
    expect(all.length).toBeGreaterThanOrEqual(220);
    const types = countBy(all, (x) => x.seed.type);
    for (const t of ITEM_TYPES) expect(types[t], t).toBeGreaterThanOrEqual(1);
    expect(types.essay).toBeGreaterThanOrEqual(6);
    expect(types.programming).toBeGreaterThanOrEqual(3);
  });

  it('measures one or two LLM-APP points per item, and every leaf point of the framework at least five times', () => {
    const codes = new Set(KNOWLEDGE_POINTS.map((k) => k.code));
    const leaves = KNOWLEDGE_POINTS.filter((k) => KNOWLEDGE_POINTS.every((c) => c.parent !== k.code)).map((k) => k.code);
    expect(leaves).toHaveLength(16);
    for (const { seed } of all) {
      expect(new Set(seed.knowledgePoints).size, label(seed)).toBe(seed.knowledgePoints.length);
      expect(seed.knowledgePoints.length, label(seed)).toBeGreaterThanOrEqual(1);
      expect(seed.knowledgePoints.length, label(seed)).toBeLessThanOrEqual(2);
      for (const code of seed.knowledgePoints) expect(codes.has(String(code)) && leaves.includes(String(code)), `${label(seed)}: ${code}`).toBe(true);
    }
    const perPoint = countBy(all.flatMap((x) => x.seed.knowledgePoints.map(String)), (c) => c);
    for (const code of leaves) expect(perPoint[code] ?? 0, code).toBeGreaterThanOrEqual(5);
  });

  it('gives every item a teaching explanation, tags, a plausible difficulty and discrimination, and a unique stem', () => {
    const han = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;
    for (const { seed } of all) {
      expect(han(seed.explanation ?? ''), label(seed)).toBeGreaterThanOrEqual(30);
      expect(seed.tags?.length ?? 0, label(seed)).toBeGreaterThanOrEqual(1);
      expect(han(seed.stem), label(seed)).toBeGreaterThanOrEqual(8);
      expect(seed.difficulty, label(seed)).toBeGreaterThanOrEqual(-2);
      expect(seed.difficulty, label(seed)).toBeLessThanOrEqual(2);
      expect(seed.discrimination, label(seed)).toBeGreaterThanOrEqual(0.8);
      expect(seed.discrimination, label(seed)).toBeLessThanOrEqual(1.6);
    }
    const stems = all.map((x) => x.seed.stem.replace(/\s+/g, ''));
    const dup = stems.filter((s, i) => stems.indexOf(s) !== i);
    expect(dup).toEqual([]);
    // Difficulties spread over the range rather than sitting in one place.
    const bs = all.map((x) => x.seed.difficulty!);
    expect(Math.min(...bs)).toBeLessThan(-1.2);
    expect(Math.max(...bs)).toBeGreaterThan(1.2);
  });

  it('spreads the keys: no favourite position for the right option, both truth values, partial-credit rules varied', () => {
    const keys = all.map(({ seed }) => ({ type: seed.type, key: (seed as { answerKey?: Record<string, unknown> }).answerKey ?? {}, n: (seed as { options?: unknown[] }).options?.length ?? 0 }));
    const singles = keys.filter((k) => k.type === 'single');
    const byLetter = countBy(singles, (k) => String(k.key.correct));
    for (const letter of ['a', 'b', 'c', 'd']) {
      expect(byLetter[letter] ?? 0, letter).toBeGreaterThan(singles.length * 0.15);
      expect(byLetter[letter] ?? 0, letter).toBeLessThan(singles.length * 0.4);
    }
    const multiples = keys.filter((k) => k.type === 'multiple');
    const prefix = multiples.filter((k) => (k.key.correct as string[]).every((c, i) => c === 'abcdefghij'[i]));
    expect(prefix.length).toBeLessThan(multiples.length / 4);
    expect(new Set(multiples.map((k) => k.key.rule)).size).toBeGreaterThanOrEqual(3);
    const truths = countBy(keys.filter((k) => k.type === 'true_false'), (k) => String(k.key.correct));
    expect(Math.min(truths.true ?? 0, truths.false ?? 0)).toBeGreaterThan((keys.filter((k) => k.type === 'true_false').length * 0.3));
  });

  it('grades each objective item: its correct answer scores 1, a wrong answer less', () => {
    for (const { seed } of all) {
      const p = prepared(seed);
      if (p.key === null || p.key.type === 'programming') continue;
      const key = p.key as unknown as ObjectiveKey;
      const grade = (response: unknown) => {
        const out = gradeObjective(key, response);
        if (!out.ok) throw new Error(`${label(seed)}: ${out.error}`);
        return out.result.score;
      };
      switch (key.type) {
        case 'single-choice':
          expect(grade(key.correct), label(seed)).toBe(1);
          for (const o of key.options.filter((o) => o !== key.correct)) expect(grade(o), `${label(seed)} (${o})`).toBe(0);
          break;
        case 'true-false':
          expect(grade(key.correct), label(seed)).toBe(1);
          expect(grade(!key.correct), label(seed)).toBe(0);
          break;
        case 'multiple-choice': {
          const wrong = key.options.filter((o) => !key.correct.includes(o));
          expect(grade(key.correct), label(seed)).toBe(1);
          expect(wrong.length, label(seed)).toBeGreaterThanOrEqual(1);
          expect(key.correct.length, label(seed)).toBeGreaterThanOrEqual(2);
          for (const o of wrong) expect(grade([...key.correct, o]), `${label(seed)} (+${o})`).toBeLessThan(1);
          // a partial-credit rule: one right option alone earns something, but not everything
          expect(key.rule, label(seed)).not.toBe('all-or-nothing');
          const partial = grade([key.correct[0]!]);
          expect(partial, label(seed)).toBeGreaterThan(0);
          expect(partial, label(seed)).toBeLessThan(1);
          break;
        }
        case 'fill-blank': {
          const first = (b: (typeof key.blanks)[number]) => {
            const a = b.accepted[0]!;
            return a.kind === 'number' ? String(a.value) : a.kind === 'text' ? a.value : '';
          };
          expect(key.blanks.every((b) => b.accepted[0]!.kind !== 'regex'), label(seed)).toBe(true);
          expect(grade(key.blanks.map(first)), label(seed)).toBe(1);
          // every accepted variant is accepted in its own blank
          key.blanks.forEach((b, i) =>
            b.accepted.forEach((a) => {
              if (a.kind !== 'text') return;
              const answers = key.blanks.map(first);
              answers[i] = a.value;
              expect(grade(answers), `${label(seed)} (${a.value})`).toBe(1);
            }),
          );
          expect(grade(key.blanks.map(() => '不确定')), label(seed)).toBe(0);
          if (key.blanks.length > 1 && key.order === 'sensitive') expect(grade([...key.blanks.map(first)].reverse()), label(seed)).toBeLessThan(1);
          break;
        }
        case 'short-answer':
          expect(seed.referenceSolution?.trim(), label(seed)).toBeTruthy();
          expect(grade(seed.referenceSolution), label(seed)).toBe(1);
          expect(grade('这个问题我不太清楚，需要请教同事。'), label(seed)).toBeLessThan(0.3);
          break;
      }
    }
    // Fill-in items accept variants somewhere (e.g. 检索增强生成 / RAG).
    const variants = all.filter(({ seed }) => seed.type === 'fill_blank' && (seed.answerKey as { blanks: { accepted: unknown[] }[] }).blanks.some((b) => b.accepted.length > 1));
    expect(variants.length).toBeGreaterThanOrEqual(5);
  });

  it('gives essays a rubric of criteria × levels, and programming items a reference solution that passes their hidden tests', () => {
    for (const { seed } of all) {
      if (seed.type === 'essay') {
        expect(seed.rubric.criteria.length, label(seed)).toBeGreaterThanOrEqual(3);
        for (const c of seed.rubric.criteria) expect(c.levels.length, `${label(seed)} ${c.name}`).toBeGreaterThanOrEqual(3);
      }
      if (seed.type !== 'programming') continue;
      expect(seed.referenceSolution?.trim(), label(seed)).toBeTruthy();
      const key = prepared(seed).key as { language: string; functionName: string; tests: { args: unknown[]; expected: unknown }[] };
      expect(key.language).toBe('js');
      expect(key.tests.length, label(seed)).toBeGreaterThanOrEqual(5);
      // Our own reference code (trusted seed data), run only to check the tests' expected values.
      const fn = vm.runInNewContext(`${seed.referenceSolution!}\n;${key.functionName}`) as (...args: unknown[]) => unknown;
      for (const t of key.tests) expect(JSON.parse(JSON.stringify(fn(...structuredClone(t.args)))), `${label(seed)} ${JSON.stringify(t.args)}`).toEqual(t.expected);
      // The starter code is not already a solution.
      const starter = vm.runInNewContext(`${(key as { starterCode?: string }).starterCode ?? ''}\n;${key.functionName}`) as (...args: unknown[]) => unknown;
      expect(key.tests.every((t) => JSON.stringify(starter(...structuredClone(t.args))) === JSON.stringify(t.expected)), label(seed)).toBe(false);
    }
  });
});

describe('seedItems', () => {
  let t: TestApp;
  let trainer: Client;
  let ids: SeededItemIds;
  let authorId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const author = await makeUser(t.db, { roles: ['trainer'] });
    authorId = author.user.id;
    trainer = await t.login(author.username);
    const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: FRAMEWORK.code, name: FRAMEWORK.name, version: FRAMEWORK.version, status: 'published' }).returning();
    const kps = await t.db
      .insert(knowledgePoints)
      .values(KNOWLEDGE_POINTS.map((k, i) => ({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: k.code, name: k.name, position: i })))
      .returning();
    ids = await t.db.transaction((tx) => seedItems(tx, { now: new Date('2026-03-01T08:00:00Z'), authorUserId: authorId, kpIdByCode: new Map(kps.map((k) => [k.code, k.id])) }));
  });
  afterAll(() => t.close());

  const rows = async <T>(q: ReturnType<typeof sql>) => {
    const res = await t.db.execute(q);
    return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
  };

  it('returns the inserted ids per course, in the order of the data', async () => {
    expect(Object.keys(ids)).toEqual(DEMO_ITEMS.map((c) => c.courseKey));
    for (const c of DEMO_ITEMS) expect(ids[c.courseKey], c.courseKey).toHaveLength(c.items.length);
    const flat = Object.values(ids).flat();
    expect(new Set(flat).size).toBe(all.length);
    const stems = await rows<{ id: number; stem: string }>(sql`select id, stem from items`);
    const stemOf = new Map(stems.map((r) => [r.id, r.stem]));
    for (const c of DEMO_ITEMS) expect(ids[c.courseKey]!.map((id) => stemOf.get(id)), c.courseKey).toEqual(c.items.map((s) => s.stem.trim()));
  });

  it('stores every item active at version 1 with the normalised key, its points and one version-1 snapshot', async () => {
    const stored = await rows<{ id: number; stem: string; status: string; version: number; answer_key: unknown; kps: string[]; versions: number; v1_note: string; changed_by: number }>(sql`
      select i.id, i.stem, i.status, i.version, i.answer_key,
             (select array_agg(k.code order by k.code) from item_kps ik join knowledge_points k on k.id = ik.kp_id where ik.item_id = i.id) as kps,
             (select count(*)::int from item_versions v where v.item_id = i.id) as versions,
             (select v.note from item_versions v where v.item_id = i.id and v.version = 1) as v1_note,
             (select v.changed_by from item_versions v where v.item_id = i.id and v.version = 1) as changed_by
      from items i`);
    expect(stored).toHaveLength(all.length);
    const byStem = new Map(stored.map((r) => [r.stem, r]));
    for (const { seed } of all) {
      const r = byStem.get(seed.stem.trim())!;
      expect(r, label(seed)).toMatchObject({ status: 'active', version: 1, versions: 1, v1_note: 'created', changed_by: authorId });
      expect(r.answer_key, label(seed)).toEqual(prepared(seed).key);
      expect(r.kps, label(seed)).toEqual(seed.knowledgePoints.map(String).sort());
      // the reference solution stays in the seed data
      if (seed.referenceSolution) expect(JSON.stringify(r.answer_key ?? {}), label(seed)).not.toContain(JSON.stringify(seed.referenceSolution).slice(1, -1));
    }
  });

  it('records snapshots identical to the item bank API view', async () => {
    const views = [];
    for (let page = 1; views.length < all.length; page++) {
      const res = await trainer.get(`/api/v1/items?status=active&pageSize=200&page=${page}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      views.push(...res.body.items);
    }
    const snaps = await rows<{ item_id: number; snapshot: unknown }>(sql`select item_id, snapshot from item_versions where version = 1`);
    const snapOf = new Map(snaps.map((s) => [s.item_id, s.snapshot]));
    for (const v of views) expect(snapOf.get(v.id), v.stem).toEqual(v);
    const hist = await trainer.get(`/api/v1/items/${ids[DEMO_ITEMS[0]!.courseKey]![0]}/versions`);
    expect(hist.body.items).toHaveLength(1);
    expect(hist.body.items[0]).toMatchObject({ version: 1, note: 'created' });
  });

  it('leaves the seeded items usable by the item bank: an author can retire one', async () => {
    const id = ids[DEMO_ITEMS[0]!.courseKey]![0]!;
    const res = await trainer.post(`/api/v1/items/${id}/status`, { status: 'retired' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'retired', version: 2 });
  });
});
