/**
 * `xueli irt …` — item response theory on CSV files, the product's engine (`@xueli/engine`) on the
 * command line. Pure file → file: never opens the database or reads the config.
 *
 *   xueli irt calibrate --responses FILE --out FILE
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { calibrateResponses, type IrtResponse } from '@xueli/engine';
import { CliInputError, csvField, guarded, splitCsvLine, writeAtomically } from './files.ts';

/** A user error of an irt command: printed as one line, exit code 2, nothing written. */
export class IrtCliError extends CliInputError {}

/**
 * Parses a `person,item,score` CSV (header required; score 0 or 1; empty lines ignored). Every problem
 * is an IrtCliError naming the file and line; a person answering the same item twice is an error.
 */
export function parseResponsesCsv(text: string, file: string): IrtResponse[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const fail = (line: number, why: string) => new IrtCliError(`${file}: line ${line}: ${why}`);
  let header = -1;
  const out: IrtResponse[] = [];
  const seen = new Map<string, number>();
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!.endsWith('\r') ? lines[k]!.slice(0, -1) : lines[k]!;
    if (raw.trim() === '') continue;
    const f = splitCsvLine(raw);
    if (!f) throw fail(k + 1, 'malformed quoting');
    if (header < 0) {
      const h = f.map((x) => x.trim().toLowerCase());
      if (h.length !== 3 || h[0] !== 'person' || h[1] !== 'item' || h[2] !== 'score')
        throw fail(k + 1, `expected the header "person,item,score", got "${raw}"`);
      header = k;
      continue;
    }
    if (f.length !== 3) throw fail(k + 1, `expected 3 fields (person,item,score), got ${f.length}`);
    const person = f[0]!.trim();
    const item = f[1]!.trim();
    const s = f[2]!.trim();
    if (person === '') throw fail(k + 1, 'empty person');
    if (item === '') throw fail(k + 1, 'empty item');
    if (s !== '0' && s !== '1') throw fail(k + 1, `score must be 0 or 1, got "${f[2]}"`);
    const pair = JSON.stringify([person, item]);
    const first = seen.get(pair);
    if (first !== undefined)
      throw fail(k + 1, `person "${person}" already answered item "${item}" (line ${first})`);
    seen.set(pair, k + 1);
    out.push({ person, item, score: s === '1' ? 1 : 0 });
  }
  if (header < 0) throw new IrtCliError(`${file}: empty file (expected the header "person,item,score")`);
  if (out.length === 0) throw new IrtCliError(`${file}: no responses after the header`);
  return out;
}

export interface CalibrateCliOptions {
  responses: string;
  out: string;
}

export interface CalibrateCliResult {
  items: number;
  persons: number;
  responses: number;
  iterations: number;
  converged: boolean;
  seconds: number;
}

/** Reads the responses, calibrates the 2PL model and writes `item,a,b` (6 decimals, first-appearance order). */
export function irtCalibrate(o: CalibrateCliOptions): CalibrateCliResult {
  let text: string;
  try {
    text = fs.readFileSync(o.responses, 'utf8');
  } catch (e) {
    throw new IrtCliError(`${o.responses}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const responses = parseResponsesCsv(text, o.responses);
  const t0 = performance.now();
  const fit = calibrateResponses(responses);
  const seconds = (performance.now() - t0) / 1000;
  let buf = 'item,a,b\n';
  for (const it of fit.items) buf += `${csvField(it.item)},${it.a.toFixed(6)},${it.b.toFixed(6)}\n`;
  writeAtomically(o.out, buf);
  return {
    items: fit.items.length,
    persons: fit.persons,
    responses: responses.length,
    iterations: fit.iterations,
    converged: fit.converged,
    seconds,
  };
}

/** Adds `xueli irt calibrate` to the program. */
export function registerIrtCommands(program: Command): Command {
  const irt = program.command('irt').description('item response theory on CSV files (no database): calibrate');

  irt
    .command('calibrate')
    .description('estimate 2PL item parameters (discrimination a, difficulty b) from scored responses')
    .requiredOption('--responses <file>', 'CSV with the header "person,item,score" (score 0 or 1)')
    .requiredOption('--out <file>', 'output CSV "item,a,b"; written only when everything succeeded')
    .addHelpText(
      'after',
      `
Input: a CSV file with the header "person,item,score" and one response per line; score is 0 or 1;
fields may be quoted ("a,b"); empty lines are ignored; each person answers an item at most once.
Output: "item,a,b", one line per item in order of first appearance, a and b with 6 decimals.
Model: 2PL, P(correct) = 1 / (1 + exp(-a(θ - b))) (logistic metric, no 1.7 constant), θ ~ N(0, 1).
Estimation: marginal maximum likelihood by EM over 41 quadrature points on [-4, 4], with weak priors
log a ~ N(0, 0.5²) and b ~ N(0, 3²) so that items everyone (or no one) answered correctly still get
finite estimates.
A malformed input stops the command with "error: FILE: line N: reason" and exit code 2, and no
output file is written (the output is written to a temporary file and renamed at the end).`,
    )
    .action((o: CalibrateCliOptions) =>
      guarded(() => {
        const r = irtCalibrate(o);
        process.stdout.write(
          `${o.out}: ${r.items} items from ${r.responses} responses by ${r.persons} persons ` +
            `(${r.iterations} EM iterations${r.converged ? '' : ', not converged'}, ${r.seconds.toFixed(2)} s)\n`,
        );
      }),
    );

  return irt;
}
