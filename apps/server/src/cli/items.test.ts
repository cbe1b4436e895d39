/**
 * `xueli items import|export` on a real embedded database in a temporary data directory, run
 * in-process through `runCli` (the entry the bin script calls).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { frameworks, items, knowledgePoints } from '../db/schema/index.ts';
import { runXueli } from '../../test/cli.ts';

let dir: string;
let output: string[];
const saved = { ...process.env };

async function run(...args: string[]) {
  const r = await runXueli(args);
  output = [r.output];
  return r.code;
}

const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> => {
  const database = await openDatabase(loadConfig().database);
  try {
    await database.migrate();
    return await fn(database.db);
  } finally {
    await database.close();
  }
};
const itemCount = () => withDb(async (db) => (await db.select({ id: items.id }).from(items)).length);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-items-cli-'));
  delete process.env.DATABASE_URL;
  process.env.XUELI_DATA_DIR = path.join(dir, 'data');
  process.env.LOG_LEVEL = 'silent';
  await withDb(async (db) => {
    const [fw] = await db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: 'CLI', name: 'CLI', version: '1.0', status: 'published' }).returning();
    await db.insert(knowledgePoints).values([
      { frameworkId: fw!.id, identifier: crypto.randomUUID(), code: 'K.1', name: 'one' },
      { frameworkId: fw!.id, identifier: crypto.randomUUID(), code: 'K.2', name: 'two' },
    ]);
  });
});
afterAll(() => {
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('xueli items import', () => {
  it('prints every problem with its line and exits 2, writing nothing', async () => {
    const csv = file('bad.csv', ['题型,题干,选项A,选项B,答案,知识点', '单选,好题,甲,乙,A,K.1', '单选,坏答案,甲,乙,Q,K.1', '判断,坏知识点,,,对,NOPE', '怪,?,,,,K.1'].join('\n'));
    expect(await run('items', 'import', '--format', 'csv', csv)).toBe(2);
    const text = output.join('');
    expect(text).toMatch(/bad\.csv \(csv, utf-8\): 4 item\(s\), 1 valid/);
    expect(text).toMatch(/line 3: answerKey: correct "Q" is not an option/);
    expect(text).toMatch(/line 4: knowledgePoints: knowledge point NOPE does not exist/);
    expect(text).toMatch(/line 5: unknown item type '怪'/);
    expect(text).not.toMatch(/line 2:/);
    expect(text).toMatch(/3 problem\(s\); nothing was imported\./);
    expect(await itemCount()).toBe(0);
  });

  it('dry-runs and imports GIFT with default knowledge points (--kp), inferring the format', async () => {
    const gift = file('bank.gift', '::a:: 2+2? {=4 ~5}\n\n天是蓝的 {T}\n\n写一篇短文 {}\n');
    expect(await run('items', 'import', gift, '--dry-run', '--kp', 'K.1,K.2')).toBe(0);
    expect(output.join('')).toMatch(/Dry run: all 3 item\(s\) are valid; nothing was written\./);
    expect(await run('items', 'import', gift)).toBe(2);
    expect(output.join('')).toMatch(/item 1 \(line 1\): no knowledge point/);
    expect(await run('items', 'import', gift, '--kp', 'K.1,K.2')).toBe(0);
    expect(output.join('')).toMatch(/Imported 3 item\(s\) as drafts \(ids \d+–\d+\)\./);
    expect(await itemCount()).toBe(3); // the dry run and the refused run wrote nothing
  });

  it('exports to a file and re-imports it; refuses a bad format and a missing file', async () => {
    const out = path.join(dir, 'out', 'bank.xml');
    expect(await run('items', 'export', '--format', 'moodle', '--out', out, '--type', 'single')).toBe(0);
    expect(output.join('')).toMatch(/1 item\(s\) written to/);
    expect(fs.readFileSync(out, 'utf8')).toContain('<question type="multichoice">');
    expect(await run('items', 'import', '--format', 'moodle', out, '--kp', 'K.1')).toBe(0);
    expect(await itemCount()).toBe(4);
    expect(await run('items', 'export', '--format', 'docx', '--out', out)).toBe(1);
    expect(output.join('')).toMatch(/format/);
    expect(await run('items', 'import', path.join(dir, 'missing.csv'))).toBe(1);
    expect(output.join('')).toMatch(/File not found/);
    expect(await run('items', 'import', '--format', 'pdf', out)).toBe(1);
    expect(await run('items', 'import')).toBe(2); // usage: a file is required
  });
});
