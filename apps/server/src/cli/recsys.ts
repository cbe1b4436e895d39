/**
 * `xueli recsys …` — course recommendations on CSV files, the product's recommender
 * (`fitRecommender` of `@xueli/engine`, ADR 0011) on the command line. Pure file → file: never
 * opens the database or reads the config.
 *
 *   xueli recsys recommend --train FILE --users FILE --k 10 --out FILE
 */
import type { Command } from 'commander';
import { fitRecommender, IdIndex, itemsOf, userItemMatrix } from '@xueli/engine';
import { CliInputError, csvField, forEachLine, guarded, readText, splitCsvLine, writeAtomically } from './files.ts';

/** A user error of a recsys command: printed as one line, exit code 2, nothing written. */
export class RecsysCliError extends CliInputError {}

export interface Enrolments {
  users: IdIndex;
  courses: IdIndex;
  user: Int32Array;
  course: Int32Array;
}

/**
 * Parses a `user,course` CSV (header required; ids are strings, trimmed, non-empty; fields may be
 * quoted; empty lines ignored; a repeated pair counts once). Every problem is a RecsysCliError naming
 * the file and line.
 */
export function parseEnrolmentsCsv(text: string, file: string): Enrolments {
  const fail = (line: number, why: string) => new RecsysCliError(`${file}: line ${line}: ${why}`);
  const users = new IdIndex(),
    courses = new IdIndex();
  const user: number[] = [],
    course: number[] = [];
  let header = false;
  forEachLine(text, (raw, lineNo) => {
    if (raw.trim() === '') return;
    const f = splitCsvLine(raw);
    if (!f) throw fail(lineNo, 'malformed quoting');
    if (!header) {
      const h = f.map((x) => x.trim().toLowerCase());
      if (h.length !== 2 || h[0] !== 'user' || h[1] !== 'course')
        throw fail(lineNo, `expected the header "user,course", got "${raw}"`);
      header = true;
      return;
    }
    if (f.length !== 2) throw fail(lineNo, `expected 2 fields (user,course), got ${f.length}`);
    const u = f[0]!.trim(),
      c = f[1]!.trim();
    if (u === '') throw fail(lineNo, 'empty user');
    if (c === '') throw fail(lineNo, 'empty course');
    user.push(users.add(u));
    course.push(courses.add(c));
  });
  if (!header) throw new RecsysCliError(`${file}: empty file (expected the header "user,course")`);
  if (user.length === 0) throw new RecsysCliError(`${file}: no enrolments after the header`);
  return { users, courses, user: Int32Array.from(user), course: Int32Array.from(course) };
}

/** Parses the users file: one user id per line (a CSV field: trimmed, may be quoted); empty lines ignored. */
export function parseUsersFile(text: string, file: string): string[] {
  const out: string[] = [];
  forEachLine(text, (raw, lineNo) => {
    if (raw.trim() === '') return;
    const f = splitCsvLine(raw.trim());
    if (!f) throw new RecsysCliError(`${file}: line ${lineNo}: malformed quoting`);
    if (f.length !== 1)
      throw new RecsysCliError(
        `${file}: line ${lineNo}: expected one user id per line, got ${f.length} fields (quote an id that holds a comma)`,
      );
    const id = f[0]!.trim();
    if (id === '') throw new RecsysCliError(`${file}: line ${lineNo}: empty user id`);
    out.push(id);
  });
  if (out.length === 0) throw new RecsysCliError(`${file}: no user ids`);
  return out;
}

export interface RecommendCliOptions {
  train: string;
  users: string;
  k: string;
  out: string;
}

export interface RecommendCliResult {
  users: number;
  /** Users of the users file absent from train (they got popularity). */
  coldStart: number;
  enrolments: number;
  trainUsers: number;
  courses: number;
  fitSeconds: number;
  seconds: number;
}

/**
 * Reads the files, fits the product's recommender on all of train and writes
 * `user,course1,…,courseK`: for each line of the users file, the k best courses the user does not
 * hold in train, best first (popularity for a user absent from train). A row has fewer courses only
 * when fewer are left; its remaining fields are empty.
 */
export function recsysRecommend(o: RecommendCliOptions): RecommendCliResult {
  const t0 = performance.now();
  if (!/^\d+$/.test(o.k.trim()) || Number(o.k) < 1)
    throw new RecsysCliError(`--k must be a positive integer, got "${o.k}"`);
  const k = Number(o.k);
  const e = parseEnrolmentsCsv(readText(o.train), o.train);
  const wanted = parseUsersFile(readText(o.users), o.users);
  const m = userItemMatrix({ user: e.user, item: e.course }, { users: e.users.size, items: e.courses.size });
  const t1 = performance.now();
  const model = fitRecommender(m);
  const fitSeconds = (performance.now() - t1) / 1000;
  const none = new Int32Array(0);
  let cold = 0;
  const lines: string[] = [['user', ...Array.from({ length: k }, (_, q) => `course${q + 1}`)].map(csvField).join(',')];
  for (const id of wanted) {
    const u = e.users.get(id);
    if (u === undefined) cold++;
    const recs = model.recommend(u === undefined ? none : itemsOf(m, u), k);
    const row = [csvField(id)];
    for (let q = 0; q < k; q++) row.push(q < recs.length ? csvField(e.courses.ids[recs[q]!.item]!) : '');
    lines.push(row.join(','));
  }
  writeAtomically(o.out, lines.join('\n') + '\n');
  return {
    users: wanted.length,
    coldStart: cold,
    enrolments: m.indices.length,
    trainUsers: m.users,
    courses: m.items,
    fitSeconds,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Adds `xueli recsys recommend` to the program. */
export function registerRecsysCommands(program: Command): Command {
  const recsys = program.command('recsys').description('course recommendations on CSV files (no database): recommend');

  recsys
    .command('recommend')
    .description('recommend to each user the k courses they are most likely to take next, from everyone’s enrolments')
    .requiredOption('--train <file>', 'CSV with the header "user,course": who is enrolled in what')
    .requiredOption('--users <file>', 'one user id per line: whom to recommend to')
    .option('--k <n>', 'courses per user', '10')
    .requiredOption('--out <file>', 'output CSV "user,course1,…,courseK"; written only when everything succeeded')
    .addHelpText(
      'after',
      `
Input: train is a CSV file with the header "user,course" and one enrolment per line (ids are strings,
fields may be quoted, empty lines are ignored, a repeated enrolment counts once); users has one user
id per line.
Output: "user,course1,...,courseK" with one line per line of the users file, in its order: the k best
courses the user is not enrolled in (in train), best first. A user absent from train gets the most
popular courses.
Model: the product's recommender (ADR 0011), fitted on all of train: a blend of EDLAE (EASE with
popularity-scaled regularisation, Steck 2019/2020) and RP3beta item-item weights, hyperparameters
chosen on a validation split of XuetangX (docs/BENCHMARKS.md).
A malformed input stops the command with "error: FILE: line N: reason" and exit code 2, and no
output file is written (the output is written to a temporary file and renamed at the end).`,
    )
    .action((o: RecommendCliOptions) =>
      guarded(() => {
        const r = recsysRecommend(o);
        process.stdout.write(
          `${o.out}: top-${o.k.trim()} courses for ${r.users} users (${r.coldStart} not in train: popularity), ` +
            `model fitted on ${r.enrolments} enrolments of ${r.trainUsers} users in ${r.courses} courses ` +
            `(fit ${r.fitSeconds.toFixed(2)} s, total ${r.seconds.toFixed(2)} s)\n`,
        );
      }),
    );

  return recsys;
}
