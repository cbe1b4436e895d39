/**
 * `xueli irt calibrate` in-process through commander (as main.ts registers it), on small CSV files
 * in a temporary folder. No database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate2pl } from '@xueli/engine';
import { runCommands } from '../../test/cli.ts';
import { registerIrtCommands } from './irt.ts';

let dir: string;
let output: string[];
let good: string;
let sim: ReturnType<typeof simulate2pl>;

async function run(...args: string[]): Promise<number> {
  const r = await runCommands(registerIrtCommands, args);
  output = [r.output];
  return r.code;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-irt-'));
  sim = simulate2pl({ persons: 400, items: 12, seed: 2 });
  let text = 'person,item,score\r\n';
  for (let k = 0; k < sim.person.length; k++) text += `u${sim.person[k]},q${sim.item[k]! + 1},${sim.score[k]}\r\n`;
  good = path.join(dir, 'responses.csv');
  fs.writeFileSync(good, text);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xueli irt calibrate', () => {
  it('writes item,a,b for every item in order of first appearance, 6 decimals', async () => {
    const out = path.join(dir, 'params.csv');
    expect(await run('irt', 'calibrate', '--responses', good, '--out', out)).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('item,a,b');
    expect(lines).toHaveLength(13);
    const firstSeen: string[] = [];
    for (let k = 0; k < sim.item.length; k++) {
      const id = `q${sim.item[k]! + 1}`;
      if (!firstSeen.includes(id)) firstSeen.push(id);
    }
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(firstSeen);
    for (const [id, a, b] of rows) {
      expect(a).toMatch(/^\d+\.\d{6}$/);
      expect(b).toMatch(/^-?\d+\.\d{6}$/);
      const i = Number(id!.slice(1)) - 1;
      expect(Math.abs(Number(b) - sim.b[i]!)).toBeLessThan(0.5);
      expect(Number(a)).toBeGreaterThan(0);
    }
    expect(output.join('')).toMatch(/12 items from 4800 responses by 400 persons/);
  });

  it.each([
    ['a score that is not 0 or 1', 'u1,q1,1\nu1,q2,2\n', 'line 3: score must be 0 or 1, got "2"'],
    ['a missing field', 'u1,q1,1\nu2,q1\n', 'line 3: expected 3 fields'],
    ['a duplicate response', 'u1,q1,1\nu2,q1,0\nu1,q1,0\n', 'line 4: person "u1" already answered item "q1" (line 2)'],
    ['an empty item', 'u1,,1\n', 'line 2: empty item'],
    ['bad quoting', 'u1,"q1,1\n', 'line 2: malformed quoting'],
  ])('rejects %s with the file and line, exit code 2 and no output file', async (_what, body, message) => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'person,item,score\n' + body);
    const out = path.join(dir, 'bad-out.csv');
    expect(await run('irt', 'calibrate', '--responses', file, '--out', out)).toBe(2);
    expect(output.join('')).toContain(`error: ${file}: ${message}`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a missing header and a missing file', async () => {
    const file = path.join(dir, 'noheader.csv');
    fs.writeFileSync(file, 'u1,q1,1\n');
    const out = path.join(dir, 'x.csv');
    expect(await run('irt', 'calibrate', '--responses', file, '--out', out)).toBe(2);
    expect(output.join('')).toContain(`${file}: line 1: expected the header "person,item,score"`);
    expect(await run('irt', 'calibrate', '--responses', path.join(dir, 'nope.csv'), '--out', out)).toBe(2);
    expect(output.join('')).toMatch(/nope\.csv: cannot read \(ENOENT\)/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('quotes item ids that need it and accepts quoted fields', async () => {
    const file = path.join(dir, 'quoted.csv');
    fs.writeFileSync(file, 'person,item,score\n"p,1","item ""A""",1\np2,"item ""A""",0\np3,b,1\n');
    const out = path.join(dir, 'quoted-out.csv');
    expect(await run('irt', 'calibrate', '--responses', file, '--out', out)).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/,[-\d.]+,[-\d.]+$/, ''))).toEqual(['item,a,b', '"item ""A"""', 'b']);
  });
});
