/**
 * The `xueli` CLI on a real embedded database in a temporary data directory. The commands run
 * in-process through `runCli` (the same entry the bin script calls).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runXueli } from '../../test/cli.ts';

let dir: string;
let output: string[];
const saved = { ...process.env };

async function run(...args: string[]) {
  const r = await runXueli(args);
  output = [r.output];
  return r.code;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-cli-'));
  delete process.env.DATABASE_URL;
  process.env.XUELI_DATA_DIR = path.join(dir, 'data');
  process.env.LOG_LEVEL = 'silent';
});
afterAll(() => {
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('xueli CLI', () => {
  it('migrates, creates an admin, and rejects a weak admin password readably', async () => {
    expect(await run('migrate')).toBe(0);
    expect(await run('create-admin', '-u', 'root-admin', '-p', 'a-strong-pass-1')).toBe(0);
    expect(output.join('')).toMatch(/Administrator root-admin created/);
    expect(await run('create-admin', '-u', 'weak', '-p', 'short')).toBe(1);
    expect(output.join('')).toMatch(/error: Password/);
  });

  it('reports every bad row of an employee CSV with its line on a dry run, exits 1 and writes nothing', async () => {
    const csv = path.join(dir, 'bad.csv');
    fs.writeFileSync(csv, '工号,姓名,邮箱\nC001,甲,a@example.com\nC002,,b@example.com\nC003,丙,not-an-email\n');
    expect(await run('import-employees', csv, '--dry-run')).toBe(1);
    const text = output.join('');
    expect(text).toMatch(/line 3/);
    expect(text).toMatch(/line 4/);
    expect(text).not.toMatch(/line 2\b/);
  });

  it('imports a valid CSV', async () => {
    const csv = path.join(dir, 'good.csv');
    fs.writeFileSync(csv, 'employeeNo,name,email\nC101,Alice,alice@example.com\nC102,Bob,bob@example.com\n');
    expect(await run('import-employees', csv)).toBe(0);
    expect(output.join('')).toMatch(/2 to create/);
  });

  it('backs up and restores into a fresh data directory', async () => {
    const file = path.join(dir, 'backup.jsonl.gz');
    expect(await run('backup', '-o', file)).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    process.env.XUELI_DATA_DIR = path.join(dir, 'restored');
    expect(await run('restore', file)).toBe(0);
    expect(output.join('')).toMatch(/Restored \d+ rows/);
    // restored data is there: the same admin cannot be created twice
    expect(await run('create-admin', '-u', 'root-admin', '-p', 'a-strong-pass-1')).toBe(1);
    expect(output.join('')).toMatch(/taken/);
    process.env.XUELI_DATA_DIR = path.join(dir, 'data');
  });

  it('refuses to open an embedded database that a running server holds', async () => {
    const lock = path.join(dir, 'data', 'xueli.lock');
    fs.writeFileSync(lock, `${process.ppid}\nxueli server\n`);
    try {
      expect(await run('migrate')).toBe(2);
      expect(output.join('')).toMatch(/in use by xueli server/);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it('exits 2 with usage for an unknown command', async () => {
    expect(await run('frobnicate')).toBe(2);
  });
});
