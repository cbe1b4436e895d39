/**
 * The MMLU question files (../shared/data/items/mmlu/{dev,val}/*.csv beside the repository:
 * headerless `question,A,B,C,D,answer` rows) through the CSV import: every file at once as a
 * dry run, then one subject committed. Skipped, saying so, when the folder is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworks, items, knowledgePoints } from '../../../db/schema/index.ts';
import { unique } from '../../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../../test/harness.ts';
import { itemImporter, type ImportSource } from './import.service.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../../../../../shared/data/items/mmlu');
const present = fs.existsSync(path.join(ROOT, 'dev')) && fs.existsSync(path.join(ROOT, 'val'));

const files = (split: string): ImportSource[] =>
  fs
    .readdirSync(path.join(ROOT, split))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => ({ name: f, bytes: fs.readFileSync(path.join(ROOT, split, f)) }));
/** Records as csv-parse counts them, independently of the importer. */
const records = (s: ImportSource) => (parse(Buffer.from(s.bytes), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][]).length;

let t: TestApp;
let kp: string;
beforeAll(async () => {
  if (!present) return;
  t = await createTestApp();
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: unique('MMLU'), name: 'MMLU', version: '1.0', status: 'published' }).returning();
  kp = unique('MM');
  await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: kp, name: 'general knowledge' });
});
afterAll(() => t?.close());

describe('MMLU through the CSV import', () => {
  it.skipIf(!present)(present ? 'dry-runs every dev and val file: every row is a valid single-choice item' : `skipped: ${ROOT} is absent`, async () => {
    const dev = files('dev');
    const val = files('val');
    expect(dev).toHaveLength(57);
    expect(val).toHaveLength(57);
    const expected = [...dev, ...val].reduce((n, s) => n + records(s), 0);
    expect(dev.reduce((n, s) => n + records(s), 0)).toBe(57 * 5);
    const r = await itemImporter(t.deps, { actorUserId: null }, { format: 'csv', sources: [...dev, ...val], dryRun: true, defaultKnowledgePoints: kp });
    expect(r).toMatchObject({ layout: 'mmlu', totalItems: expected, validItems: expected, byType: { single: expected }, errorCount: 0, created: 0 });
    expect(expected).toBe(285 + 1542);
  }, 120_000);

  it.skipIf(!present)(present ? 'commits one subject (dev and val) as drafts tagged with the subject' : `skipped: ${ROOT} is absent`, async () => {
    const sources = [...files('dev'), ...files('val')].filter((s) => s.name!.startsWith('abstract_algebra_'));
    expect(sources).toHaveLength(2);
    const expected = sources.reduce((n, s) => n + records(s), 0);
    const r = await itemImporter(t.deps, { actorUserId: null }, { format: 'csv', sources, dryRun: false, defaultKnowledgePoints: kp });
    expect(r.created).toBe(expected);
    const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(items).where(sql`'abstract_algebra' = any(${items.tags})`);
    expect(row!.n).toBe(expected);
    const [first] = await t.db.select().from(items).where(eq(items.id, r.itemIds[0]!));
    expect(first).toMatchObject({ type: 'single', status: 'draft', stem: 'Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.', answerKey: { type: 'single-choice', correct: 'B', options: ['A', 'B', 'C', 'D'] } });
  }, 120_000);
});
