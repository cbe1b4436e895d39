/**
 * `xueli paths plan` in-process through commander (as main.ts registers it), on small JSON files
 * in a temporary folder. No database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommands, runXueli } from '../../test/cli.ts';
import { registerPathsCommands } from './paths.ts';

let dir: string;
let output: string;

async function run(...args: string[]): Promise<number> {
  const r = await runCommands(registerPathsCommands, args);
  output = r.output;
  return r.code;
}

/** The example format. */
const good = {
  skills: ['py', 'pe', 'rag'],
  prerequisites: [
    ['py', 'pe'],
    ['pe', 'rag'],
  ],
  modules: [
    { id: 'py-101', hours: 2, gains: { py: 0.4 }, requires: [] },
    { id: 'pe-201', hours: 3, gains: { pe: 0.28 }, requires: [] },
    { id: 'pe-202', hours: 2, gains: { pe: 0.15 }, requires: [] },
    { id: 'rag-301', hours: 4, gains: { rag: 0.5 }, requires: ['py'] },
  ],
  mastery: { py: 0.3, pe: 0.42, rag: 0.1 },
  targets: { pe: { target: 0.8, weight: 2 }, rag: { target: 0.6, weight: 1 } },
  budgetHours: 20,
};

const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-paths-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xueli paths plan', () => {
  it('writes the steps with their reasons and the expected gap', async () => {
    const input = write('in.json', good);
    const out = path.join(dir, 'plan.json');
    expect(await run('paths', 'plan', '--in', input, '--out', out)).toBe(0);
    const plan = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(plan).slice(0, 2)).toEqual(['steps', 'expectedGap']);
    expect(plan.steps.map((s: { module: string }) => s.module)).toEqual(['py-101', 'pe-201', 'pe-202', 'rag-301']);
    expect(plan.steps[1].reason).toBe('closes the gap on pe from 0.42 to ≈0.70 (target 0.80); unlocks rag-301');
    expect(plan.steps[0].reason).toBe(
      'raises the prerequisite py from 0.30 to ≈0.70 to unlock pe-201, pe-202, rag-301, which closes the gap on pe',
    );
    expect(plan.expectedGap).toBe(0);
    expect(plan.initialGap).toBeCloseTo(2 * 0.38 ** 2 + 0.5 ** 2, 12);
    expect(plan.warnings).toEqual([]);
    expect(output).toMatch(/4 steps, 11 h of 20 h, expected gap 0\.539 → 0\.000/);
  });

  it('writes reasons in Chinese with --locale zh-CN, with display names and the goal', async () => {
    const input = write('in-zh.json', { ...good, names: { pe: '提示词工程' }, goal: '中级认证' });
    const out = path.join(dir, 'plan-zh.json');
    expect(await run('paths', 'plan', '--in', input, '--out', out, '--locale', 'zh-CN')).toBe(0);
    const plan = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(plan.steps[1].reason).toBe(
      '缩小「提示词工程」的差距：0.42 → ≈0.70（目标 0.80）；解锁「rag-301」；为「中级认证」所需',
    );
    expect(plan.steps[1].reasons['en-US']).toContain('closes the gap on 提示词工程 from 0.42 to ≈0.70');
  });

  it('returns the plan and a warning when the deadline is too short, and reports unreachable targets', async () => {
    const input = write('late.json', {
      ...good,
      skills: [...good.skills, 'cert'],
      targets: { ...good.targets, cert: { target: 0.7, weight: 1 } },
      hoursPerWeek: 2,
      deadlineWeeks: 3,
    });
    const out = path.join(dir, 'late-plan.json');
    expect(await run('paths', 'plan', '--in', input, '--out', out)).toBe(0);
    const plan = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(plan.budgetHours).toBe(6);
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.warnings.map((w: { code: string }) => w.code)).toEqual(['unreachable-targets', 'deadline-too-short']);
    expect(plan.unreachable).toMatchObject([{ skill: 'cert', reason: 'no-module' }]);
    expect(plan.hoursNeeded).toBe(11);
    expect(output).toContain('2 warning(s): unreachable-targets, deadline-too-short');
  });

  it('reports every problem with its JSON path, exit code 2, and writes nothing', async () => {
    const input = write('bad.json', {
      ...good,
      prerequisites: [...good.prerequisites, ['rag', 'py'], ['py', 'nope']],
      modules: [...good.modules, { id: 'pe-201', hours: -1, gains: { zz: 0.2, pe: 1.5 }, requires: ['qq'] }],
      mastery: { py: 1.2 },
      targets: { ...good.targets, xx: { target: 0.5, weight: 1 } },
      pinned: ['nope-module'],
    });
    const out = path.join(dir, 'bad-out.json');
    expect(await run('paths', 'plan', '--in', input, '--out', out)).toBe(2);
    const lines = output.trimEnd().split('\n');
    expect(lines).toEqual([
      `error: ${input}: modules[4].hours: hours must be ≥ 0`,
      `error: ${input}: modules[4].gains.pe: gain must be in [0, 1]`,
      `error: ${input}: mastery.py: mastery must be in [0, 1]`,
      `error: ${input}: prerequisites[3][1]: unknown skill "nope"`,
      `error: ${input}: modules[4].id: duplicate module id "pe-201" (also modules[1])`,
      `error: ${input}: modules[4].gains.zz: unknown skill "zz"`,
      `error: ${input}: modules[4].requires[0]: unknown skill "qq"`,
      `error: ${input}: targets.xx: unknown skill "xx"`,
      `error: ${input}: prerequisites: the prerequisites form a cycle: py → pe → rag → py`,
      `error: ${input}: pinned[0]: unknown module "nope-module"`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [
      'a missing field',
      { ...good, budgetHours: undefined },
      'budgetHours: Invalid input: expected number, received undefined',
    ],
    ['a misspelt field', { ...good, budgetHour: 3 }, '(root): Unrecognized key: "budgetHour"'],
    [
      'a wrong type',
      { ...good, modules: [{ id: 'm', hours: '2', gains: {} }] },
      'modules[0].hours: Invalid input: expected number, received string',
    ],
    ['not JSON', '{"skills": [', 'not valid JSON'],
  ])('rejects %s with exit code 2', async (_what, body, message) => {
    const input = write('bad2.json', body);
    const out = path.join(dir, 'bad2-out.json');
    expect(await run('paths', 'plan', '--in', input, '--out', out)).toBe(2);
    expect(output).toContain(`error: ${input}: ${message}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rejects a missing input file and a missing output folder', async () => {
    expect(await run('paths', 'plan', '--in', path.join(dir, 'nope.json'), '--out', path.join(dir, 'x.json'))).toBe(2);
    expect(output).toMatch(/nope\.json: cannot read \(ENOENT\)/);
    const input = write('in2.json', good);
    expect(await run('paths', 'plan', '--in', input, '--out', path.join(dir, 'no', 'such', 'x.json'))).toBe(2);
    expect(output).toMatch(/the folder .* does not exist/);
  });

  it('is part of the xueli program', async () => {
    const input = write('in3.json', good);
    const out = path.join(dir, 'plan3.json');
    const r = await runXueli(['paths', 'plan', '--in', input, '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).steps).toHaveLength(4);
  });
});
