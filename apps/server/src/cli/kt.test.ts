/**
 * `xueli kt …` in-process through commander (as main.ts registers it), on small TSV files in a
 * temporary folder. No database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKtTsv, simulateLearners } from '@xueli/engine';
import { runCommands } from '../../test/cli.ts';
import { registerKtCommands } from './kt.ts';

let dir: string;
let output: string[];
let trainFile: string, testFile: string;

async function run(...args: string[]): Promise<number> {
  const r = await runCommands(registerKtCommands, args);
  output = [r.output];
  return r.code;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-kt-'));
  const rows = simulateLearners({
    learners: 60,
    steps: 25,
    skills: [
      { pL0: 0.2, pT: 0.15, pS: 0.1, pG: 0.2, pF: 0 },
      { pL0: 0.4, pT: 0.1, pS: 0.05, pG: 0.25, pF: 0 },
    ],
    itemSpread: 0.7,
    seed: 4,
  });
  trainFile = path.join(dir, 'train.tsv');
  testFile = path.join(dir, 'test.tsv');
  fs.writeFileSync(trainFile, formatKtTsv(rows.filter((r) => Number(r.user.slice(1)) < 45)));
  fs.writeFileSync(testFile, formatKtTsv(rows.filter((r) => Number(r.user.slice(1)) >= 45)));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n');

describe('xueli kt', () => {
  it.each(['bkt', 'lr', 'best'])(
    'predict --model %s writes a header "p" and one probability per test row',
    async (model) => {
      const out = path.join(dir, `pred-${model}.tsv`);
      expect(await run('kt', 'predict', '--model', model, '--train', trainFile, '--test', testFile, '--out', out)).toBe(
        0,
      );
      const got = lines(out);
      expect(got[0]).toBe('p');
      expect(got).toHaveLength(lines(testFile).length);
      for (const l of got.slice(1)) {
        expect(l).toMatch(/^0\.\d{8}$/);
      }
      expect(output.join('')).toMatch(/375 predictions by (bkt|lr|best → \S+)/);
    },
  );

  it('predict --format rows keeps the test rows and adds p_correct', async () => {
    const out = path.join(dir, 'pred-rows.tsv');
    expect(
      await run(
        'kt',
        'predict',
        '--model',
        'lr+',
        '--train',
        trainFile,
        '--test',
        testFile,
        '--out',
        out,
        '--format',
        'rows',
      ),
    ).toBe(0);
    const got = lines(out),
      src = lines(testFile);
    expect(got).toHaveLength(src.length);
    expect(got[0]).toBe(src[0] + '\tp_correct');
    got.slice(1).forEach((l, i) => {
      const cols = l.split('\t');
      expect(cols).toHaveLength(6);
      expect(cols.slice(0, 5).join('\t')).toBe(src[i + 1]);
      expect(Number(cols[5])).toBeGreaterThan(0);
    });
  });

  it('a malformed TSV names the file and line, exits 2 and writes no output file', async () => {
    const bad = path.join(dir, 'bad.tsv');
    const src = lines(testFile);
    src[7] = src[7]!.replace(/\t[01]\t/, '\tmaybe\t');
    fs.writeFileSync(bad, src.join('\n') + '\n');
    const out = path.join(dir, 'never.tsv');
    expect(await run('kt', 'predict', '--model', 'lr', '--train', trainFile, '--test', bad, '--out', out)).toBe(2);
    expect(output.join('')).toContain(`error: ${bad}: line 8: correct is not a number`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('never'))).toEqual([]);
    // a bad training file too, and an existing output is left as it was
    fs.writeFileSync(out, 'old\n');
    const badTrain = path.join(dir, 'bad-train.tsv');
    fs.writeFileSync(badTrain, 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\nu1\ti1\t0\t1\n');
    expect(await run('kt', 'predict', '--model', 'bkt', '--train', badTrain, '--test', testFile, '--out', out)).toBe(2);
    expect(output.join('')).toContain(`${badTrain}: line 2: expected 5 tab-separated columns, got 4`);
    expect(fs.readFileSync(out, 'utf8')).toBe('old\n');
  });

  it('an output path that cannot be written is an error with exit code 2 and leaves no temporary file', async () => {
    const out = path.join(dir, 'a-folder');
    fs.mkdirSync(out);
    expect(await run('kt', 'predict', '--model', 'lr', '--train', trainFile, '--test', testFile, '--out', out)).toBe(2);
    expect(output.join('')).toContain(`error: ${out}: cannot write`);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects an unknown model as a usage error', async () => {
    expect(
      await run(
        'kt',
        'predict',
        '--model',
        'dkt',
        '--train',
        trainFile,
        '--test',
        testFile,
        '--out',
        path.join(dir, 'x.tsv'),
      ),
    ).toBe(2);
    expect(output.join('')).toMatch(/Allowed choices are bkt, bkt-f, lr, lr\+, best/);
  });

  it('evaluate cross-validates by learner and prints a table or JSON', async () => {
    expect(await run('kt', 'evaluate', '--model', 'lr', '--data', trainFile, '--folds', '3', '--seed', '2')).toBe(0);
    const table = output.join('');
    expect(table).toMatch(/3-fold cross-validation by learner/);
    expect(table).toMatch(/^lr\s+0\.\d{4}\s+0\.\d{4}/m);
    expect(await run('kt', 'evaluate', '--model', 'all', '--train', trainFile, '--test', testFile, '--json')).toBe(0);
    const json = JSON.parse(output.join('')) as {
      mode: string;
      results: { model: string; auc: number; ece: number; fitSeconds: number; peakRssMiB: number }[];
    };
    expect(json.mode).toBe('train-test');
    expect(json.results.map((r) => r.model)).toEqual(['bkt', 'bkt-f', 'lr', 'lr+', 'best']);
    for (const r of json.results) {
      expect(r.auc).toBeGreaterThan(0.5);
      expect(r.ece).toBeLessThan(0.2);
      expect(r.peakRssMiB).toBeGreaterThan(0);
    }
    expect(await run('kt', 'evaluate', '--model', 'lr', '--data', trainFile, '--test', testFile)).toBe(2);
    expect(await run('kt', 'evaluate', '--model', 'lr', '--data', trainFile, '--folds', '1')).toBe(2);
  });
});
