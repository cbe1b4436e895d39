/**
 * `xueli paths …` — learning paths (issue 5), the product's planner (`@xueli/engine`) on the
 * command line. Pure file → file: never opens the database or reads the config.
 *
 *   xueli paths plan --in FILE --out FILE [--locale zh-CN|en-US]
 */
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { formatPath, pathReferenceProblems, PathPlanner, type PathLocale, type PathPlan } from '@xueli/engine';
import { CliInputError, guarded, writeAtomically } from './files.ts';

/** A user error of a paths command: printed as one line per problem, exit code 2, nothing written. */
export class PathsCliError extends CliInputError {}

const id = z.string().min(1, 'must not be empty');
const unit = (what: string) => z.number().min(0, `${what} must be in [0, 1]`).max(1, `${what} must be in [0, 1]`);
const nonNegative = (what: string) => z.number().min(0, `${what} must be ≥ 0`);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO 8601 date');

/**
 * The input file: the issue's format (skills, prerequisites, modules, mastery, targets,
 * budgetHours) plus the optional learner choices and time of the engine (names, goal, pinned,
 * skipped, order, hoursPerWeek, deadlineWeeks, startDate, endDate). Ranges are zod checks; the
 * references between the parts (unknown skills or modules, duplicates, a prerequisite cycle) are
 * checked after them, so that one run reports every problem of a well-formed file.
 */
export const pathsInputSchema = z
  .strictObject({
    skills: z.array(id),
    prerequisites: z.array(z.tuple([id, id])),
    modules: z.array(
      z.strictObject({
        id,
        hours: nonNegative('hours'),
        gains: z.record(z.string(), unit('gain')),
        requires: z.array(id).optional(),
        title: z.string().optional(),
      }),
    ),
    mastery: z.record(z.string(), unit('mastery')).default({}),
    targets: z.record(z.string(), z.strictObject({ target: unit('target'), weight: nonNegative('weight') })),
    budgetHours: nonNegative('budgetHours'),
    names: z.record(z.string(), z.string()).optional(),
    goal: z.string().optional(),
    pinned: z.array(id).optional(),
    skipped: z.array(id).optional(),
    order: z.array(id).optional(),
    hoursPerWeek: nonNegative('hoursPerWeek').optional(),
    deadlineWeeks: z.number().optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
  })
  .superRefine((x, ctx) => {
    for (const p of pathReferenceProblems(x)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    const modules = new Set(x.modules.map((m) => m.id));
    for (const key of ['pinned', 'skipped', 'order'] as const)
      x[key]?.forEach((m, i) => {
        if (!modules.has(m)) ctx.addIssue({ code: 'custom', path: [key, i], message: `unknown module "${m}"` });
      });
    for (const s of Object.keys(x.names ?? {}))
      if (!x.skills.includes(s)) ctx.addIssue({ code: 'custom', path: ['names', s], message: `unknown skill "${s}"` });
    if ((x.startDate === undefined) !== (x.endDate === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [x.startDate === undefined ? 'startDate' : 'endDate'],
        message: 'startDate and endDate go together',
      });
  });

export type PathsInput = z.infer<typeof pathsInputSchema>;

/** Parses and validates the input text; every problem is one line "FILE: path: message". */
export function parsePathsInput(text: string, file: string): PathsInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PathsCliError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const r = pathsInputSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map(
    (i) => `${file}: ${formatPath(i.path.map((p) => (typeof p === 'number' ? p : String(p))))}: ${i.message}`,
  );
  throw new PathsCliError([...new Set(lines)].join('\nerror: '));
}

export interface PlanCliOptions {
  in: string;
  out: string;
  locale?: PathLocale;
}

/** Reads the input, plans, writes the plan as JSON (`steps` and `expectedGap` first). */
export function pathsPlan(o: PlanCliOptions): PathPlan {
  let text: string;
  try {
    text = fs.readFileSync(o.in, 'utf8');
  } catch (e) {
    throw new PathsCliError(`${o.in}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const input = parsePathsInput(text, o.in);
  const plan = new PathPlanner(input).plan(input, { locale: o.locale ?? 'en-US' });
  writeAtomically(o.out, JSON.stringify(plan, null, 2) + '\n');
  return plan;
}

/** Adds `xueli paths plan` to the program. */
export function registerPathsCommands(program: Command): Command {
  const paths = program.command('paths').description('learning paths from JSON files (no database): plan');

  paths
    .command('plan')
    .description('plan a learning path: modules in order within the time budget, each with its reason')
    .requiredOption('--in <file>', 'input JSON (skills, prerequisites, modules, mastery, targets, budgetHours)')
    .requiredOption('--out <file>', 'output JSON; written only when everything succeeded')
    .addOption(
      new Option('--locale <locale>', 'language of each step\'s "reason"').choices(['en-US', 'zh-CN']).default('en-US'),
    )
    .addHelpText(
      'after',
      `
Input: {"skills": [ids], "prerequisites": [[before, after], …], "modules": [{"id", "hours",
"gains": {skill: expected gain}, "requires": [skills]}], "mastery": {skill: K}, "targets":
{skill: {"target": T, "weight": w}}, "budgetHours": h}. Optional: "names" {skill: display name},
"goal" (named in reasons), "pinned" / "skipped" / "order" (module ids), "hoursPerWeek" with
"deadlineWeeks" or "startDate" and "endDate" (ISO 8601): the budget is then the smaller of
budgetHours and hoursPerWeek × weeks.
Rules: a module may start only when each skill in its "requires", and each prerequisite of each
skill it teaches (gain > 0), is expected at or above its target (0.6 where the skill has none);
after a module K = min(1, K + gain); each module at most once; hours within the budget.
Output: {"steps": [{"module", "reason", "reasons": {"zh-CN", "en-US"}, "why", "hours",
"cumulativeHours", "moves", "gapBefore", "gapAfter", "pinned"}], "expectedGap" (Σ w·max(0, T − K)²
after the plan), "initialGap", "reachableGap", "totalHours", "budgetHours", "hoursNeeded",
"warnings", "unreachable"}.
A malformed input stops the command with one line "error: FILE: path: problem" per problem and
exit code 2, and no output file is written.`,
    )
    .action((o: PlanCliOptions) =>
      guarded(() => {
        const plan = pathsPlan(o);
        process.stdout.write(
          `${o.out}: ${plan.steps.length} steps, ${plan.totalHours} h` +
            (plan.budgetHours !== null ? ` of ${plan.budgetHours} h` : '') +
            `, expected gap ${plan.initialGap.toFixed(3)} → ${plan.expectedGap.toFixed(3)}` +
            (plan.warnings.length
              ? `; ${plan.warnings.length} warning(s): ${plan.warnings.map((w) => w.code).join(', ')}`
              : '') +
            '\n',
        );
      }),
    );

  return paths;
}
