/**
 * `xueli kt …` — knowledge tracing on TSV files, the product's engine (`@xueli/engine`) on the
 * command line. Pure file → file: these commands never open the database or read the config.
 *
 *   xueli kt predict  --model <m> --train FILE --test FILE --out FILE
 *   xueli kt evaluate --model <m|all> --data FILE [--folds 5] [--seed 1] [--json]
 *   xueli kt evaluate --model <m|all> --train FILE --test FILE [--json]
 */
import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  createKtModel,
  crossValidate,
  evaluatePredictions,
  KT_MODEL_NAMES,
  KtTsvError,
  parseKtTsv,
  predictHeldOut,
  type AnyKtModel,
  type BestModel,
  type KtModelName,
  type Metrics,
  type Response,
} from '@xueli/engine';
import { CliInputError, guarded, writeAtomically } from './files.ts';

type ModelChoice = KtModelName | 'best';
const MODEL_CHOICES: readonly ModelChoice[] = [...KT_MODEL_NAMES, 'best'];

const MODELS_HELP = `Models: bkt = Bayesian Knowledge Tracing per skill (EM); bkt-f = BKT with forgetting;
lr = logistic regression with the Best-LR features (Gervet et al. 2020: item, skill, and the learner's
earlier correct/wrong counts per skill and overall); lr+ = lr with extra features (per-skill count
slopes, recent outcomes on the skill and overall, difficulty-adjusted ability);
best = the one of bkt, lr, lr+ with the highest AUC on 20% of the training learners held out, refitted
on all of them.`;

const TSV_HELP = `Input files: tab-separated, header "user_id<TAB>item_id<TAB>timestamp<TAB>correct<TAB>skill_id",
one response per line, each learner's rows in their order (as ../shared/data/kt/*/train.tsv);
correct is 0 or 1; skill_id may list several skills separated by commas.`;

/** A user error of a kt command: printed as one line, exit code 2, nothing written. */
export class KtCliError extends CliInputError {}

/** Reads and parses a KT TSV file; errors name the file and the line. */
export function readKtFile(file: string): Response[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KtCliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return parseKtTsv(text);
  } catch (e) {
    if (e instanceof KtTsvError) throw new KtCliError(`${file}: ${e.message}`);
    throw e;
  }
}

export interface PredictOptions {
  model: ModelChoice;
  train: string;
  test: string;
  out: string;
  /** p (default): header "p" and one probability per test row; rows: the test rows plus a p_correct column. */
  format?: 'p' | 'rows';
}

/**
 * Fits on the training file and writes P(correct) for every test row, in order, each computed from
 * the fitted model and that learner's earlier rows in the test file only.
 */
export function ktPredict(o: PredictOptions): { rows: number; model: string; fitSeconds: number } {
  const train = readKtFile(o.train);
  const test = readKtFile(o.test);
  if (train.length === 0) throw new KtCliError(`${o.train}: no responses to fit on`);
  const model = createKtModel(o.model);
  const t0 = performance.now();
  model.fit(train);
  const fitSeconds = (performance.now() - t0) / 1000;
  const { p } = predictHeldOut(model, test);
  writeAtomically(o.out, (fd) => {
    const rowsFormat = o.format === 'rows';
    let buf = rowsFormat ? 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\tp_correct\n' : 'p\n';
    for (let i = 0; i < test.length; i++) {
      const r = test[i]!;
      buf += rowsFormat
        ? `${r.user}\t${r.item}\t${r.t}\t${r.correct}\t${r.skills.join(',')}\t${p[i]!.toFixed(8)}\n`
        : `${p[i]!.toFixed(8)}\n`;
      if (buf.length > 1 << 16) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
  });
  const name = o.model === 'best' ? `best → ${(model as BestModel).chosen?.name ?? '?'}` : model.name;
  return { rows: test.length, model: name, fitSeconds };
}

export interface EvaluateOptions {
  model: ModelChoice | 'all';
  data?: string;
  train?: string;
  test?: string;
  folds?: number;
  seed?: number;
}

export interface EvaluateRow extends Metrics {
  model: string;
  /** ECE of mastery (typical-item P(correct) per skill) as a forecast of the next response. */
  masteryEce: number;
  /** Seconds to fit: mean over folds in cross-validation. */
  fitSeconds: number;
  /** Peak resident memory of this process so far, in MiB (models run one after another). */
  peakRssMiB: number;
  /** best only: the model it chose (per fold in cross-validation). */
  chosen?: string[];
  folds?: { fold: number; auc: number; testRows: number; fitSeconds: number }[];
}

export interface EvaluateResult {
  mode: 'cv' | 'train-test';
  data?: string;
  train?: string;
  test?: string;
  folds?: number;
  seed?: number;
  rows: number;
  results: EvaluateRow[];
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export function ktEvaluate(o: EvaluateOptions): EvaluateResult {
  const models: ModelChoice[] = o.model === 'all' ? [...MODEL_CHOICES] : [o.model];
  const results: EvaluateRow[] = [];
  if (o.data) {
    if (o.train || o.test) throw new KtCliError('use either --data (cross-validation) or --train and --test, not both');
    const rows = readKtFile(o.data);
    const folds = o.folds ?? 5;
    const users = new Set(rows.map((r) => r.user)).size;
    if (!Number.isInteger(folds) || folds < 2 || folds > users)
      throw new KtCliError(`--folds must be an integer from 2 to the number of learners (${users})`);
    for (const name of models) {
      const chosen: string[] = [];
      const cv = crossValidate(
        rows,
        () => {
          const m = createKtModel(name);
          if (name === 'best') chosenOf(m, chosen);
          return m;
        },
        { folds, seed: o.seed ?? 1, mastery: true },
      );
      results.push({
        model: name,
        ...cv.pooled,
        masteryEce: cv.mastery!.ece,
        fitSeconds: cv.folds.reduce((s, f) => s + f.fitMs, 0) / cv.folds.length / 1000,
        peakRssMiB: peakRssMiB(),
        ...(name === 'best' ? { chosen } : {}),
        folds: cv.folds.map((f) => ({
          fold: f.fold,
          auc: f.metrics.auc,
          testRows: f.testRows,
          fitSeconds: f.fitMs / 1000,
        })),
      });
    }
    return { mode: 'cv', data: o.data, folds, seed: o.seed ?? 1, rows: rows.length, results };
  }
  if (!o.train || !o.test)
    throw new KtCliError('give --data FILE (cross-validation by learner) or both --train FILE and --test FILE');
  const train = readKtFile(o.train);
  const test = readKtFile(o.test);
  for (const name of models) {
    const m = createKtModel(name);
    const t0 = performance.now();
    m.fit(train);
    const fitSeconds = (performance.now() - t0) / 1000;
    const pr = predictHeldOut(m, test, true);
    const chosen: string[] = [];
    if (name === 'best') chosenOf(m, chosen, true);
    results.push({
      model: name,
      ...evaluatePredictions(pr.y, pr.p),
      masteryEce: evaluatePredictions(pr.y, pr.mastery!).ece,
      fitSeconds,
      peakRssMiB: peakRssMiB(),
      ...(name === 'best' ? { chosen } : {}),
    });
  }
  return { mode: 'train-test', train: o.train, test: o.test, rows: test.length, results };
}

/** Records which model `best` chose, after its fit (now, or after each later fit). */
function chosenOf(m: AnyKtModel, into: string[], now = false): void {
  const b = m as BestModel;
  if (now) {
    if (b.chosen) into.push(b.chosen.name);
    return;
  }
  const fit = b.fit.bind(b);
  b.fit = (train) => {
    fit(train);
    if (b.chosen) into.push(b.chosen.name);
  };
}

export function formatEvaluateTable(r: EvaluateResult): string {
  const head = ['model', 'AUC', 'RMSE', 'log-loss', 'ECE', 'mastery ECE', 'fit s', 'peak RSS MiB', 'n'];
  const lines = r.results.map((x) => [
    x.model + (x.chosen?.length ? ` (${[...new Set(x.chosen)].join('/')})` : ''),
    x.auc.toFixed(4),
    x.rmse.toFixed(4),
    x.logLoss.toFixed(4),
    x.ece.toFixed(4),
    x.masteryEce.toFixed(4),
    x.fitSeconds.toFixed(2),
    x.peakRssMiB.toFixed(0),
    String(x.n),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const title =
    r.mode === 'cv'
      ? `${r.data}: ${r.folds}-fold cross-validation by learner (seed ${r.seed}), ${r.rows} responses; fit s = mean per fold`
      : `fit on ${r.train}, predict ${r.test} (${r.rows} responses)`;
  return [title, fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

/** Option parser: a commander usage error (exit code 2) for anything but a non-negative integer. */
const nonNegativeInt = (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};

/** Adds `xueli kt predict` and `xueli kt evaluate` to the program. */
export function registerKtCommands(program: Command): Command {
  const kt = program.command('kt').description('knowledge tracing on TSV files (no database): predict, evaluate');

  kt.command('predict')
    .description('fit a model on --train and write P(correct) for every row of --test')
    .addOption(
      new Option('--model <model>', 'bkt | bkt-f | lr | lr+ | best').choices(MODEL_CHOICES).makeOptionMandatory(),
    )
    .requiredOption('--train <file>', 'training responses (TSV)')
    .requiredOption('--test <file>', 'responses to predict (TSV)')
    .requiredOption('--out <file>', 'output file (TSV); written only when everything succeeded')
    .addOption(
      new Option('--format <format>', 'p: one column "p"; rows: the test rows plus "p_correct"')
        .choices(['p', 'rows'])
        .default('p'),
    )
    .addHelpText(
      'after',
      `
${TSV_HELP}

Output (--format p, the default): a header line "p", then one line per test row, in the same order,
with the predicted probability that the row is correct as a decimal with 8 digits (e.g. 0.73120544).
With --format rows: "user_id<TAB>item_id<TAB>timestamp<TAB>correct<TAB>skill_id<TAB>p_correct", the
test rows followed by the same probability. Each prediction uses only the model fitted on --train and
that learner's earlier rows in --test (never the row itself or later rows); learners start fresh.
A malformed input file stops the command with "error: FILE: line N: reason" and exit code 2, and no
output file is written (the output is written to a temporary file and renamed at the end).

${MODELS_HELP}`,
    )
    .action((o: PredictOptions) =>
      guarded(() => {
        const r = ktPredict(o);
        process.stdout.write(`${o.out}: ${r.rows} predictions by ${r.model} (fit in ${r.fitSeconds.toFixed(2)} s)\n`);
      }),
    );

  kt.command('evaluate')
    .description(
      'AUC, RMSE, log-loss, ECE, fit time and peak memory: k-fold cross-validation by learner on --data, or --train/--test',
    )
    .addOption(
      new Option('--model <model>', 'bkt | bkt-f | lr | lr+ | best | all')
        .choices([...MODEL_CHOICES, 'all'])
        .default('all'),
    )
    .option('--data <file>', 'one file: k-fold cross-validation by learner')
    .option('--folds <k>', 'number of folds', nonNegativeInt, 5)
    .option('--seed <n>', 'seed of the learner shuffle', nonNegativeInt, 1)
    .option('--train <file>', 'fit on this file …')
    .option('--test <file>', '… and score predictions on this one')
    .option('--json', 'print JSON instead of a table', false)
    .addHelpText(
      'after',
      `
${TSV_HELP}

Metrics over all predicted rows (pooled over folds): AUC (ties as average ranks), RMSE, log-loss
(natural log, clipped at 1e-7), ECE (10 equal-width bins, weighted by count); "mastery ECE" scores the
model's mastery (P(correct) on a typical item of the skill) as a forecast of the next response.
Fit time is the mean per fold; peak RSS is the peak resident memory of this process up to the end of
that model (models run one after another in one process).

${MODELS_HELP}`,
    )
    .action((o: EvaluateOptions & { json: boolean }) =>
      guarded(() => {
        const r = ktEvaluate(o);
        process.stdout.write(o.json ? JSON.stringify(r, null, 2) + '\n' : formatEvaluateTable(r) + '\n');
      }),
    );

  return kt;
}
