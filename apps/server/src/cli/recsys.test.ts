/**
 * `xueli recsys recommend` in-process through commander (as main.ts registers it), on small CSV
 * files in a temporary folder; the last test runs it through the whole `xueli` program. No
 * database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '@xueli/engine';
import { runCommands, runXueli } from '../../test/cli.ts';
import { registerRecsysCommands } from './recsys.ts';

let dir: string;
let output: string;
let train: string, users: string;
const held = new Map<string, Set<string>>();

async function run(...args: string[]): Promise<number> {
  const r = await runCommands(registerRecsysCommands, args);
  output = r.output;
  return r.code;
}

const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const readCsv = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-recsys-'));
  // 120 users in three taste groups ("a…", "b…", "c…" courses, six each), 2–5 courses each
  const rand = mulberry32(5);
  let text = 'user,course\r\n';
  for (let u = 0; u < 120; u++) {
    const g = 'abc'[u % 3]!;
    const mine = new Set<string>();
    const n = 2 + Math.floor(rand() * 4);
    while (mine.size < n) mine.add(`${g}${Math.floor(rand() * 6)}`);
    held.set(`u${u}`, mine);
    for (const c of mine) text += `u${u},${c}\r\n`;
  }
  train = file('train.csv', text);
  users = file('users.txt', 'u0\nu1\n\nu2\nnewcomer\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xueli recsys recommend', () => {
  it('writes user,course1..courseK best first, never a course the user holds, popularity for a new user', async () => {
    const out = path.join(dir, 'recs.csv');
    expect(await run('recsys', 'recommend', '--train', train, '--users', users, '--k', '3', '--out', out)).toBe(0);
    const rows = readCsv(out);
    expect(rows[0]).toEqual(['user', 'course1', 'course2', 'course3']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['u0', 'u1', 'u2', 'newcomer']);
    for (const r of rows.slice(1, 4)) {
      const mine = held.get(r[0]!)!;
      const group = [...mine][0]![0]!;
      expect(r).toHaveLength(4);
      expect(new Set(r.slice(1)).size).toBe(3);
      for (const c of r.slice(1)) expect(mine.has(c)).toBe(false);
      expect(r[1]![0]).toBe(group); // the best course is from the user's taste group
    }
    // the newcomer gets the most popular courses
    const counts = new Map<string, number>();
    for (const s of held.values()) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    const popular = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    expect(counts.get(rows[4]![1]!)).toBe(popular[0]![1]);
    expect(output).toMatch(
      /top-3 courses for 4 users \(1 not in train: popularity\), model fitted on \d+ enrolments of 120 users in 18 courses/,
    );
  });

  it('defaults to k = 10, pads a row when fewer courses are left, and quotes ids that need it', async () => {
    const t = file('small.csv', 'user,course\n"p,1","course ""A"""\np2,b\np2,"course ""A"""\np3,c\n');
    const u = file('small-users.txt', '"p,1"\np2\n');
    const out = path.join(dir, 'small-out.csv');
    expect(await run('recsys', 'recommend', '--train', t, '--users', u, '--out', out)).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('user,' + Array.from({ length: 10 }, (_, q) => `course${q + 1}`).join(','));
    expect(lines[1]).toMatch(/^"p,1",b,c,{8}$/); // b co-occurs with "course A", then c; 8 empty fields
    expect(lines[2]).toMatch(/^p2,c,{9}$/);
  });

  it.each([
    ['a missing field', 'user,course\nu1,c1\nu2\n', 'line 3: expected 2 fields (user,course), got 1'],
    ['an extra field', 'user,course\nu1,c1,x\n', 'line 2: expected 2 fields (user,course), got 3'],
    ['an empty user', 'user,course\nu1,c1\n ,c2\n', 'line 3: empty user'],
    ['an empty course', 'user,course\nu1,\n', 'line 2: empty course'],
    ['bad quoting', 'user,course\nu1,"c1\n', 'line 2: malformed quoting'],
    ['a missing header', 'u1,c1\nu2,c2\n', 'line 1: expected the header "user,course", got "u1,c1"'],
    ['no enrolments', 'user,course\n\n', 'no enrolments after the header'],
    ['an empty file', '', 'empty file (expected the header "user,course")'],
  ])('rejects a train file with %s: file and line, exit code 2, nothing written', async (_what, body, message) => {
    const bad = file('bad.csv', body);
    const out = path.join(dir, 'bad-out.csv');
    expect(await run('recsys', 'recommend', '--train', bad, '--users', users, '--out', out)).toBe(2);
    expect(output).toBe(`error: ${bad}: ${message}\n`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['two fields on a line', 'u1\nu2,u3\n', 'line 2: expected one user id per line, got 2 fields'],
    ['an empty quoted id', 'u1\n""\n', 'line 2: empty user id'],
    ['no ids', '\n\n', 'no user ids'],
  ])('rejects a users file with %s', async (_what, body, message) => {
    const bad = file('bad-users.txt', body);
    const out = path.join(dir, 'bad-out.csv');
    expect(await run('recsys', 'recommend', '--train', train, '--users', bad, '--out', out)).toBe(2);
    expect(output).toContain(`error: ${bad}: ${message}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rejects a bad --k, a missing file and a missing output folder', async () => {
    const out = path.join(dir, 'x.csv');
    expect(await run('recsys', 'recommend', '--train', train, '--users', users, '--k', '0', '--out', out)).toBe(2);
    expect(output).toBe('error: --k must be a positive integer, got "0"\n');
    expect(await run('recsys', 'recommend', '--train', train, '--users', users, '--k', 'ten', '--out', out)).toBe(2);
    expect(
      await run('recsys', 'recommend', '--train', path.join(dir, 'nope.csv'), '--users', users, '--out', out),
    ).toBe(2);
    expect(output).toMatch(/nope\.csv: cannot read \(ENOENT\)/);
    const deep = path.join(dir, 'no-such-folder', 'out.csv');
    expect(await run('recsys', 'recommend', '--train', train, '--users', users, '--out', deep)).toBe(2);
    expect(output).toContain('does not exist');
    expect(fs.existsSync(out)).toBe(false);
    expect(await run('recsys', 'recommend', '--train', train, '--out', out)).toBe(2); // --users is required
  });

  it('is registered in the xueli program', async () => {
    const out = path.join(dir, 'main-out.csv');
    const r = await runXueli(['recsys', 'recommend', '--train', train, '--users', users, '--k', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(readCsv(out)).toHaveLength(5);
  });
});
