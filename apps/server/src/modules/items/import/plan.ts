/**
 * What every item import shares, whatever the format: a parser turns a file into `ParsedItem`s
 * (a candidate `createItemBody` with where it came from and the problems the parser found);
 * `checkCandidates` adds the default knowledge points and validates each candidate against the
 * API's request schema; the service then runs the API's own item checks (`prepareItems`) and
 * `buildReport` lists every problem with its place, in file order.
 */
import {
  createItemBody,
  type CreateItemBody,
  type ItemImportFormat,
  type ItemImportProblem,
  type ItemImportReport,
  type ItemTypeName,
  type Rubric,
} from '@xueli/contracts';

/** Problems (and warnings) listed in a report; `errorCount` tells how many were found in all. */
export const MAX_REPORTED_PROBLEMS = 1000;

/** Items one import may hold. */
export const MAX_IMPORT_ITEMS = 5000;

/** Where something is: a spreadsheet row (`line`/`row`), or the n-th item of a file and its line. */
export interface Where {
  /** How the place is written in messages: `line N`, `row N` (xlsx) or `item N (line L)`. */
  kind: 'line' | 'row' | 'item';
  /** The file within a package, or among several files; null for a single file. */
  file: string | null;
  item: number | null;
  line: number | null;
}

/** A problem or warning before its place is attached. */
export interface Issue {
  /** Spreadsheet column or item field it is about. */
  field: string | null;
  value: string | null;
  message: string;
  /** The item field (`answerKey`, `options`, …) whose later checks this problem makes redundant. */
  covers?: string;
}

export interface ParsedItem {
  where: Where;
  /** The item as a `createItemBody` candidate (knowledge points may be missing); null when nothing useful could be read. */
  candidate: Record<string, unknown> | null;
  issues: Issue[];
  warnings: Issue[];
}

/** A parsed file (or several): its items and its file-level problems. */
export interface ParsedFile {
  items: ParsedItem[];
  errors: { where: Where; issue: Issue }[];
  warnings: { where: Where; issue: Issue }[];
  encoding: string | null;
  layout: 'header' | 'mmlu' | null;
}

export const emptyParsedFile = (): ParsedFile => ({ items: [], errors: [], warnings: [], encoding: null, layout: null });

export const issue = (field: string | null, message: string, value: string | null = null, covers?: string): Issue => ({
  field,
  value,
  message,
  ...(covers ? { covers } : {}),
});

/** The place of a problem, as its message starts. */
export function placeOf(w: Where): string {
  let at: string;
  if (w.kind === 'item' && w.item != null) at = w.line != null ? `item ${w.item} (line ${w.line})` : `item ${w.item}`;
  else if (w.line != null) at = `${w.kind === 'row' ? 'row' : 'line'} ${w.line}`;
  else at = 'file';
  return w.file ? `${w.file}: ${at}` : at;
}

export const problemAt = (w: Where, i: Issue): ItemImportProblem => ({
  file: w.file,
  item: w.item,
  line: w.line,
  field: i.field,
  value: i.value,
  message: `${placeOf(w)}: ${i.message}`,
});

/** Splits a list cell or option: `a; b；c, d，e、f` (and line breaks). */
export const splitList = (s: string | undefined | null): string[] =>
  (s ?? '')
    .split(/[;；,，、\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The rubric given to an essay whose file carries none (Moodle, GIFT, QTI, a spreadsheet row
 * without one): one overall criterion with three levels up to `maxScore` points.
 */
export function defaultRubric(maxScore = 10): Rubric {
  const max = Number.isFinite(maxScore) && maxScore > 0 ? Math.min(1000, Math.round(maxScore * 100) / 100) : 10;
  return {
    criteria: [
      {
        id: 'overall',
        name: '总体评价 / Overall',
        levels: [
          { label: '未达到 / Not met', score: 0 },
          { label: '部分达到 / Partly met', score: Math.round((max / 2) * 100) / 100 },
          { label: '达到 / Met', score: max },
        ],
      },
    ],
  };
}

export type MultipleRule = 'all-or-nothing' | 'partial' | 'partial-with-penalty' | 'per-option' | 'right-minus-wrong';

/**
 * The partial-credit rule that scores like the weights of a file's multiple-answer question
 * (Moodle fractions, GIFT `%n%`, a QTI mapping): correct options share the credit, and
 *  - a wrong option that cancels the whole credit (≤ −100%) → `partial` (any wrong choice scores 0);
 *  - wrong options that each cancel one correct option → `partial-with-penalty`;
 *  - anything else is approximated, with a warning.
 */
export function ruleFromWeights(correct: number[], wrong: number[]): { rule: MultipleRule; warning?: string } {
  const total = correct.reduce((a, b) => a + b, 0);
  if (!wrong.length || total <= 0) return { rule: 'partial' };
  const per = total / correct.length;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(b));
  if (wrong.every((w) => w <= -total || near(w, -total))) return { rule: 'partial' };
  if (wrong.every((w) => near(w, -per))) return { rule: 'partial-with-penalty' };
  if (wrong.every((w) => w >= 0)) {
    return { rule: 'partial', warning: 'wrong options carry no penalty in the file; imported with the rule "partial" (any wrong choice scores 0)' };
  }
  return { rule: 'partial-with-penalty', warning: 'wrong options have uneven penalties in the file; imported with the rule "partial-with-penalty" (each wrong choice cancels one correct one)' };
}

/**
 * Option weights (percent) that score like `rule` in formats with additive weights (Moodle,
 * GIFT); `note` says when the rule has no exact equivalent. The inverse of `ruleFromWeights`.
 */
export function weightsForRule(rule: string, correctCount: number): { correct: number; wrong: number; note?: string } {
  const correct = 100 / Math.max(1, correctCount);
  if (rule === 'partial') return { correct, wrong: -100 };
  if (rule === 'partial-with-penalty') return { correct, wrong: -correct };
  if (rule === 'all-or-nothing') return { correct, wrong: -100, note: 'rule all-or-nothing exported as partial credit (any wrong choice scores 0)' };
  return { correct, wrong: -correct, note: `rule ${rule} exported as partial credit with a penalty per wrong choice` };
}

/** A weight (percent or fraction) as short text: 33.33333, 50, -100. */
export const weightText = (w: number): string => String(Math.round(w * 100000) / 100000);

const ITEM_FIELDS = new Set(['stem', 'options', 'answerKey', 'rubric', 'explanation', 'difficulty', 'discrimination', 'tags', 'knowledgePoints', 'type']);

export interface CheckedCandidate {
  where: Where;
  body: CreateItemBody | null;
  problems: Issue[];
  warnings: Issue[];
}

/**
 * Each parsed item as a request body: the default knowledge points where it names none, then
 * the API's request schema. `fieldOf` names the column (spreadsheets) a problem path is about.
 */
export function checkCandidates(
  items: ParsedItem[],
  defaultKps: string[],
  fieldOf: (path: readonly PropertyKey[]) => string | null = (p) => (p.length ? String(p[0]) : null),
): CheckedCandidate[] {
  return items.map((p) => {
    const problems = [...p.issues];
    if (!p.candidate) return { where: p.where, body: null, problems, warnings: p.warnings };
    const covered = new Set(p.issues.map((i) => i.covers).filter(Boolean));
    const c = { ...p.candidate };
    const kps = Array.isArray(c.knowledgePoints) ? c.knowledgePoints : [];
    if (!kps.length) {
      if (defaultKps.length) c.knowledgePoints = defaultKps;
      else if (!covered.has('knowledgePoints')) {
        problems.push(issue(fieldOf(['knowledgePoints']), 'no knowledge point: name one for the item, or give default knowledge points for the import (defaultKnowledgePoints, --kp)', null, 'knowledgePoints'));
        covered.add('knowledgePoints');
      }
    }
    const parsed = createItemBody.safeParse(c);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const top = i.path.length ? String(i.path[0]) : '';
        if (covered.has(top)) continue;
        const path = i.path.map(String).join('.');
        problems.push(issue(fieldOf(i.path), `${path ? `${path}: ` : ''}${i.message}`, null, ITEM_FIELDS.has(top) ? top : undefined));
      }
    }
    return { where: p.where, body: problems.length || !parsed.success ? null : parsed.data, problems, warnings: p.warnings };
  });
}

/** Turns the item service's problems (`answerKey: …`) into issues on the right column. */
export function serviceProblems(problems: string[], fieldOf: (path: readonly PropertyKey[]) => string | null): Issue[] {
  return problems.map((m) => {
    const top = /^([A-Za-z]+)[.:]/.exec(m)?.[1];
    return issue(top && ITEM_FIELDS.has(top) ? fieldOf([top]) : null, m);
  });
}

export function buildReport(args: {
  format: ItemImportFormat;
  dryRun: boolean;
  file: ParsedFile;
  checked: CheckedCandidate[];
  createdIds: number[];
}): ItemImportReport {
  const errors: ItemImportProblem[] = args.file.errors.map((e) => problemAt(e.where, e.issue));
  const warnings: ItemImportProblem[] = args.file.warnings.map((e) => problemAt(e.where, e.issue));
  const byType: Partial<Record<ItemTypeName, number>> = {};
  let valid = 0;
  for (const c of args.checked) {
    for (const p of c.problems) errors.push(problemAt(c.where, p));
    for (const w of c.warnings) warnings.push(problemAt(c.where, w));
    if (c.body && !c.problems.length) {
      valid++;
      byType[c.body.type] = (byType[c.body.type] ?? 0) + 1;
    }
  }
  return {
    format: args.format,
    dryRun: args.dryRun,
    encoding: args.file.encoding,
    layout: args.file.layout,
    totalItems: args.checked.length,
    validItems: valid,
    byType,
    created: args.createdIds.length,
    itemIds: args.createdIds,
    errors: errors.slice(0, MAX_REPORTED_PROBLEMS),
    errorCount: errors.length,
    warnings: warnings.slice(0, MAX_REPORTED_PROBLEMS),
    warningCount: warnings.length,
  };
}
