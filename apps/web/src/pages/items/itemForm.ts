/**
 * The item editor's state and its mapping to and from the API (pure, no React): one form state
 * for all seven types (switching the type while creating keeps what was typed), the request
 * bodies (create, and a PATCH with only what changed), the editor's own checks before saving,
 * the server's problems made readable, and the candidate's view of an item (never a key).
 */
import {
  ITEM_STATUSES,
  ITEM_TYPES,
  programmingKey,
  type CandidateItemView,
  type ItemStatusName,
  type ItemTypeName,
  type ItemView,
} from '@xueli/contracts';
import type { ItemFilter } from '../../api/items.ts';

/** The engine's partial-credit rules for multiple choice (packages/engine/src/grading/types.ts). */
export const MULTIPLE_CHOICE_RULES = [
  'all-or-nothing',
  'partial',
  'partial-with-penalty',
  'per-option',
  'right-minus-wrong',
] as const;
export type MultipleChoiceRule = (typeof MULTIPLE_CHOICE_RULES)[number];

export const CHOICE_TYPES: readonly ItemTypeName[] = ['single', 'multiple'];
export const MAX_OPTIONS = 26;

export interface OptionRow {
  id: string;
  text: string;
  correct: boolean;
}

export type AnswerKind = 'text' | 'number' | 'regex';

export interface AcceptedRow {
  kind: AnswerKind;
  /** kind text */
  text: string;
  /** kind number */
  value: number | null;
  abs: number | null;
  rel: number | null;
  /** kind regex */
  pattern: string;
  flags: string;
  /** Answers with the same concept count once (order-free blanks). */
  concept: string;
}

export interface BlankRow {
  weight: number | null;
  accepted: AcceptedRow[];
}

export interface KeywordRow {
  id: string;
  terms: string[];
  weight: number | null;
  required: boolean;
}

export interface NegativeRow {
  id: string;
  terms: string[];
  cap: number | null;
}

export interface LevelRow {
  label: string;
  score: number | null;
  description: string;
}

export interface CriterionRow {
  id: string;
  name: string;
  description: string;
  weight: number | null;
  levels: LevelRow[];
}

export interface ItemFormValues {
  type: ItemTypeName;
  stem: string;
  /** single, multiple: ids A, B, C… by position (kept as loaded until the list changes). */
  options: OptionRow[];
  rule: MultipleChoiceRule;
  trueFalse: boolean | null;
  order: 'sensitive' | 'free';
  blanks: BlankRow[];
  keywords: KeywordRow[];
  negative: NegativeRow[];
  passScore: number | null;
  reviewLow: number | null;
  reviewHigh: number | null;
  requiredMissingCap: number | null;
  /** short_answer: also carry a rubric for people. */
  useRubric: boolean;
  criteria: CriterionRow[];
  language: 'js' | 'ts';
  functionName: string;
  starterCode: string;
  /** The test cases as JSON text: [{ "args": [...], "expected": ..., "weight"?: n, "sample"?: true }]. */
  testsJson: string;
  /** Numbers match within tolerance × max(1, |expected|); null: exactly. */
  tolerance: number | null;
  cpuMs: number | null;
  memoryMb: number | null;
  wallMs: number | null;
  knowledgePoints: number[];
  difficulty: number | null;
  discrimination: number | null;
  tags: string[];
  explanation: string;
  /** Why it changed (edits only; kept in the version history). */
  note: string;
}

// ---- rows --------------------------------------------------------------------------------

/** A, B, …, Z for positions 0…25. */
export const optionLetter = (i: number) => String.fromCharCode(65 + i);

/** Gives every option the id of its position (after an add, a remove or a move). */
export const reletter = (options: OptionRow[]): OptionRow[] => options.map((o, i) => ({ ...o, id: optionLetter(i) }));

/** Moves row `from` by `by` places (no-op at the ends). */
export function moveRow<T>(rows: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row as T);
  return next;
}

/** The first `<prefix><n>` (n = 1, 2, …) that no row uses yet. */
export function nextId(prefix: string, rows: readonly { id: string }[]): string {
  const taken = new Set(rows.map((r) => r.id));
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export const emptyAnswer = (kind: AnswerKind = 'text'): AcceptedRow => ({
  kind,
  text: '',
  value: null,
  abs: null,
  rel: null,
  pattern: '',
  flags: '',
  concept: '',
});

export const emptyBlank = (): BlankRow => ({ weight: null, accepted: [emptyAnswer()] });

export const emptyLevel = (score: number | null = null): LevelRow => ({ label: '', score, description: '' });

export const emptyCriterion = (id: string): CriterionRow => ({
  id,
  name: '',
  description: '',
  weight: null,
  levels: [emptyLevel(0), emptyLevel()],
});

export const DEFAULT_TESTS = '[\n  { "args": [1, 2], "expected": 3 }\n]';
export const DEFAULT_LIMITS = { cpuMs: 1000, memoryMb: 64, wallMs: 3000 };

/** A new item of `type` (every type's parts start filled with sensible blanks). */
export function emptyForm(type: ItemTypeName = 'single'): ItemFormValues {
  return {
    type,
    stem: '',
    options: reletter([0, 1, 2, 3].map(() => ({ id: '', text: '', correct: false }))),
    rule: 'all-or-nothing',
    trueFalse: null,
    order: 'sensitive',
    blanks: [emptyBlank()],
    keywords: [{ id: 'k1', terms: [], weight: null, required: false }],
    negative: [],
    passScore: null,
    reviewLow: null,
    reviewHigh: null,
    requiredMissingCap: null,
    useRubric: false,
    criteria: [emptyCriterion('c1')],
    language: 'js',
    functionName: '',
    starterCode: '',
    testsJson: DEFAULT_TESTS,
    tolerance: null,
    ...DEFAULT_LIMITS,
    knowledgePoints: [],
    difficulty: null,
    discrimination: null,
    tags: [],
    explanation: '',
    note: '',
  };
}

// ---- from an item ------------------------------------------------------------------------

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

function answerFrom(v: unknown): AcceptedRow {
  const a = obj(v);
  const tol = obj(a.tolerance);
  const kind: AnswerKind = a.kind === 'number' || a.kind === 'regex' ? a.kind : 'text';
  return {
    ...emptyAnswer(kind),
    text: kind === 'text' ? str(a.value) : '',
    value: kind === 'number' ? num(a.value) : null,
    abs: num(tol.abs),
    rel: num(tol.rel),
    pattern: str(a.pattern),
    flags: str(a.flags),
    concept: str(a.concept),
  };
}

function rubricFrom(v: unknown): CriterionRow[] {
  return arr(obj(v).criteria).map((c, i) => {
    const cr = obj(c);
    return {
      id: str(cr.id) || `c${i + 1}`,
      name: str(cr.name),
      description: str(cr.description),
      weight: num(cr.weight),
      levels: arr(cr.levels).map((l) => {
        const lv = obj(l);
        return { label: str(lv.label), score: num(lv.score), description: str(lv.description) };
      }),
    };
  });
}

/** The editor's state for a saved item (parts of other types keep their blanks). */
export function formFromItem(item: ItemView): ItemFormValues {
  const base = emptyForm(item.type);
  const key = obj(item.answerKey);
  const common = {
    ...base,
    stem: item.stem,
    knowledgePoints: item.knowledgePoints.map((k) => k.id),
    difficulty: item.difficulty,
    discrimination: item.discrimination,
    tags: [...item.tags],
    explanation: item.explanation,
  };
  const criteria = item.rubric ? rubricFrom(item.rubric) : base.criteria;
  switch (item.type) {
    case 'single':
    case 'multiple': {
      const correct = new Set(item.type === 'single' ? [str(key.correct)] : strs(key.correct));
      const rule = MULTIPLE_CHOICE_RULES.find((r) => r === key.rule) ?? base.rule;
      return {
        ...common,
        rule,
        options: (item.options ?? []).map((o) => ({ id: o.id, text: o.text, correct: correct.has(o.id) })),
      };
    }
    case 'true_false':
      return { ...common, trueFalse: typeof key.correct === 'boolean' ? key.correct : null };
    case 'fill_blank':
      return {
        ...common,
        order: key.order === 'free' ? 'free' : 'sensitive',
        blanks: arr(key.blanks).map((b) => ({
          weight: num(obj(b).weight),
          accepted: arr(obj(b).accepted).map(answerFrom),
        })),
      };
    case 'short_answer': {
      const review = obj(key.review);
      return {
        ...common,
        keywords: arr(key.keywords).map((g, i) => {
          const k = obj(g);
          return {
            id: str(k.id) || `k${i + 1}`,
            terms: strs(k.terms),
            weight: num(k.weight),
            required: k.required === true,
          };
        }),
        negative: arr(key.negative).map((g, i) => {
          const k = obj(g);
          return { id: str(k.id) || `n${i + 1}`, terms: strs(k.terms), cap: num(k.cap) };
        }),
        passScore: num(key.passScore),
        reviewLow: num(review.low),
        reviewHigh: num(review.high),
        requiredMissingCap: num(key.requiredMissingCap),
        useRubric: item.rubric !== null,
        criteria,
      };
    }
    case 'essay':
      return { ...common, criteria };
    case 'programming': {
      const limits = obj(key.limits);
      return {
        ...common,
        language: key.language === 'ts' ? 'ts' : 'js',
        functionName: str(key.functionName),
        starterCode: str(key.starterCode),
        testsJson: JSON.stringify(arr(key.tests), null, 2),
        tolerance: num(key.tolerance),
        cpuMs: num(limits.cpuMs) ?? DEFAULT_LIMITS.cpuMs,
        memoryMb: num(limits.memoryMb) ?? DEFAULT_LIMITS.memoryMb,
        wallMs: num(limits.wallMs) ?? DEFAULT_LIMITS.wallMs,
      };
    }
  }
}

// ---- to the API --------------------------------------------------------------------------

export type TestsParse = { ok: true; tests: Json[] } | { ok: false; reason: 'json' | 'shape'; detail: string };

/** Reads the test-case JSON and checks it against the contract (what the server will check). */
export function parseTests(text: string): TestsParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'json', detail: e instanceof Error ? e.message : String(e) };
  }
  const r = programmingKey.shape.tests.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${humanPath(issue.path.map(String))}: ` : '';
    return { ok: false, reason: 'shape', detail: `${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, tests: parsed as Json[] };
}

const trimmed = (s: string) => s.trim();
const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

function answerBody(a: AcceptedRow): Json {
  const concept = a.concept.trim() ? { concept: a.concept.trim() } : {};
  if (a.kind === 'number') {
    const tolerance = { ...(present(a.abs) && { abs: a.abs }), ...(present(a.rel) && { rel: a.rel }) };
    return { kind: 'number', value: a.value, ...(Object.keys(tolerance).length && { tolerance }), ...concept };
  }
  if (a.kind === 'regex')
    return { kind: 'regex', pattern: a.pattern, ...(a.flags.trim() && { flags: a.flags.trim() }), ...concept };
  return { kind: 'text', value: a.text.trim(), ...concept };
}

function rubricBody(criteria: CriterionRow[]): Json {
  return {
    criteria: criteria.map((c) => ({
      id: c.id,
      name: c.name.trim(),
      ...(c.description.trim() && { description: c.description.trim() }),
      ...(present(c.weight) && { weight: c.weight }),
      levels: c.levels.map((l) => ({
        label: l.label.trim(),
        score: l.score,
        ...(l.description.trim() && { description: l.description.trim() }),
      })),
    })),
  };
}

/** The key fields the editor manages per type; any others on a saved key are kept as they are. */
const MANAGED_KEY_FIELDS: Record<ItemTypeName, readonly string[]> = {
  single: ['correct'],
  multiple: ['correct', 'rule'],
  true_false: ['correct'],
  fill_blank: ['blanks', 'order'],
  short_answer: ['keywords', 'negative', 'passScore', 'review', 'requiredMissingCap'],
  essay: [],
  programming: ['language', 'functionName', 'starterCode', 'tests', 'tolerance', 'limits'],
};

/** Fields of a saved key the editor does not show (e.g. `normalize`), to send back unchanged. */
function keptKeyFields(type: ItemTypeName, saved: unknown): Json {
  const drop = new Set(['type', 'options', ...MANAGED_KEY_FIELDS[type]]);
  return Object.fromEntries(Object.entries(obj(saved)).filter(([k]) => !drop.has(k)));
}

function keyBody(v: ItemFormValues): Json | undefined {
  switch (v.type) {
    case 'single':
      return { correct: v.options.find((o) => o.correct)?.id ?? '' };
    case 'multiple':
      return { correct: v.options.filter((o) => o.correct).map((o) => o.id), rule: v.rule };
    case 'true_false':
      return { correct: v.trueFalse };
    case 'fill_blank':
      return {
        order: v.order,
        blanks: v.blanks.map((b) => ({
          accepted: b.accepted.map(answerBody),
          ...(present(b.weight) && { weight: b.weight }),
        })),
      };
    case 'short_answer':
      return {
        keywords: v.keywords.map((k) => ({
          id: k.id,
          terms: k.terms.map(trimmed).filter(Boolean),
          ...(present(k.weight) && { weight: k.weight }),
          ...(k.required && { required: true }),
        })),
        ...(v.negative.length && {
          negative: v.negative.map((n) => ({ id: n.id, terms: n.terms.map(trimmed).filter(Boolean), cap: n.cap ?? 0 })),
        }),
        ...(present(v.passScore) && { passScore: v.passScore }),
        ...(present(v.reviewLow) && present(v.reviewHigh) && { review: { low: v.reviewLow, high: v.reviewHigh } }),
        ...(present(v.requiredMissingCap) && { requiredMissingCap: v.requiredMissingCap }),
      };
    case 'essay':
      return undefined;
    case 'programming': {
      const tests = parseTests(v.testsJson);
      return {
        language: v.language,
        functionName: v.functionName.trim(),
        ...(v.starterCode.trim() && { starterCode: v.starterCode }),
        tests: tests.ok ? tests.tests : [],
        ...(present(v.tolerance) && { tolerance: v.tolerance }),
        limits: {
          cpuMs: v.cpuMs ?? DEFAULT_LIMITS.cpuMs,
          memoryMb: v.memoryMb ?? DEFAULT_LIMITS.memoryMb,
          wallMs: v.wallMs ?? DEFAULT_LIMITS.wallMs,
        },
      };
    }
  }
}

/**
 * The POST /items body for the editor's state. `saved` (when editing) supplies key fields the
 * editor does not manage, so they survive a save.
 */
export function itemBody(v: ItemFormValues, saved?: Pick<ItemView, 'answerKey'>): Json {
  const body: Json = {
    type: v.type,
    stem: v.stem.trim(),
    knowledgePoints: v.knowledgePoints,
    explanation: v.explanation.trim(),
    difficulty: v.difficulty,
    discrimination: v.discrimination,
    tags: [...new Set(v.tags.map(trimmed).filter(Boolean))],
  };
  if (CHOICE_TYPES.includes(v.type)) body.options = v.options.map((o) => ({ id: o.id, text: o.text.trim() }));
  const key = keyBody(v);
  if (key) body.answerKey = { ...keptKeyFields(v.type, saved?.answerKey), ...key };
  if (v.type === 'essay' || (v.type === 'short_answer' && v.useRubric)) body.rubric = rubricBody(v.criteria);
  return body;
}

const UPDATABLE = [
  'stem',
  'options',
  'answerKey',
  'rubric',
  'explanation',
  'difficulty',
  'discrimination',
  'tags',
  'knowledgePoints',
] as const;

/**
 * The PATCH body: only the fields whose value differs from the saved item's (compared through
 * the same mapping, so loading and saving an untouched item sends nothing), plus the note.
 * null when nothing changed.
 */
export function updateBody(v: ItemFormValues, saved: ItemView): Json | null {
  const before = itemBody(formFromItem(saved), saved);
  const after = itemBody(v, saved);
  const out: Json = {};
  for (const f of UPDATABLE) {
    if (JSON.stringify(before[f]) === JSON.stringify(after[f])) continue;
    // A short answer whose rubric was switched off: remove it.
    out[f] = f === 'rubric' && after[f] === undefined ? null : after[f];
  }
  if (!Object.keys(out).length) return null;
  if (v.note.trim()) out.note = v.note.trim();
  return out;
}

/** True when the editor holds something other than `initial` (the unsaved-changes guard). */
export const isDirty = (v: ItemFormValues, initial: ItemFormValues) => JSON.stringify(v) !== JSON.stringify(initial);

// ---- the editor's own checks -------------------------------------------------------------

/** One problem found before saving: `field` names the part of the editor, `message` an i18n key. */
export interface FormProblem {
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function rubricProblems(criteria: CriterionRow[], out: FormProblem[]) {
  if (!criteria.length) out.push({ field: 'criteria', message: 'items.check.criteria' });
  criteria.forEach((c, i) => {
    if (!c.name.trim()) out.push({ field: `criteria.${i}.name`, message: 'items.check.required' });
    if (c.levels.length < 2) out.push({ field: `criteria.${i}.levels`, message: 'items.check.levels' });
    c.levels.forEach((l, j) => {
      if (!l.label.trim()) out.push({ field: `criteria.${i}.levels.${j}.label`, message: 'items.check.required' });
      if (!present(l.score)) out.push({ field: `criteria.${i}.levels.${j}.score`, message: 'items.check.required' });
    });
  });
}

/**
 * What the editor checks before it sends anything (required parts, one correct option, …).
 * Deeper checks (safe regular expressions, unknown points, limits) are the server's, whose
 * problems are shown the same way.
 */
export function formProblems(v: ItemFormValues): FormProblem[] {
  const out: FormProblem[] = [];
  if (!v.stem.trim()) out.push({ field: 'stem', message: 'items.check.stem' });
  if (!v.knowledgePoints.length) out.push({ field: 'knowledgePoints', message: 'items.check.kps' });
  switch (v.type) {
    case 'single':
    case 'multiple': {
      if (v.options.length < 2) out.push({ field: 'options', message: 'items.check.twoOptions' });
      v.options.forEach((o, i) => {
        if (!o.text.trim())
          out.push({ field: `options.${i}`, message: 'items.check.optionText', params: { id: o.id } });
      });
      const correct = v.options.filter((o) => o.correct).length;
      if (v.type === 'single' && correct !== 1) out.push({ field: 'correct', message: 'items.check.oneCorrect' });
      if (v.type === 'multiple' && correct < 1) out.push({ field: 'correct', message: 'items.check.someCorrect' });
      break;
    }
    case 'true_false':
      if (v.trueFalse === null) out.push({ field: 'trueFalse', message: 'items.check.trueFalse' });
      break;
    case 'fill_blank':
      if (!v.blanks.length) out.push({ field: 'blanks', message: 'items.check.blanks' });
      v.blanks.forEach((b, i) => {
        if (!b.accepted.length)
          out.push({ field: `blanks.${i}`, message: 'items.check.accepted', params: { n: i + 1 } });
        b.accepted.forEach((a, j) => {
          const empty =
            a.kind === 'text' ? !a.text.trim() : a.kind === 'number' ? !present(a.value) : !a.pattern.trim();
          if (empty)
            out.push({
              field: `blanks.${i}.accepted.${j}`,
              message: 'items.check.answer',
              params: { n: i + 1, m: j + 1 },
            });
        });
      });
      break;
    case 'short_answer':
      if (!v.keywords.length) out.push({ field: 'keywords', message: 'items.check.keywords' });
      v.keywords.forEach((k, i) => {
        if (!k.terms.some((t) => t.trim()))
          out.push({ field: `keywords.${i}`, message: 'items.check.terms', params: { id: k.id } });
      });
      v.negative.forEach((n, i) => {
        if (!n.terms.some((t) => t.trim()))
          out.push({ field: `negative.${i}`, message: 'items.check.terms', params: { id: n.id } });
      });
      if (present(v.reviewLow) !== present(v.reviewHigh))
        out.push({ field: 'review', message: 'items.check.reviewBoth' });
      else if (present(v.reviewLow) && present(v.reviewHigh) && v.reviewLow > v.reviewHigh)
        out.push({ field: 'review', message: 'items.check.reviewOrder' });
      if (v.useRubric) rubricProblems(v.criteria, out);
      break;
    case 'essay':
      rubricProblems(v.criteria, out);
      break;
    case 'programming': {
      if (!IDENTIFIER.test(v.functionName.trim()))
        out.push({ field: 'functionName', message: 'items.check.functionName' });
      const tests = parseTests(v.testsJson);
      if (!tests.ok)
        out.push({
          field: 'testsJson',
          message: tests.reason === 'json' ? 'items.check.testsJson' : 'items.check.testsShape',
          params: { detail: tests.detail },
        });
      break;
    }
  }
  return out;
}

// ---- the server's problems ---------------------------------------------------------------

/** The part of the item a server problem concerns (an i18n key under items.section). */
export const SECTIONS = [
  'stem',
  'options',
  'answerKey',
  'rubric',
  'knowledgePoints',
  'tags',
  'difficulty',
  'discrimination',
  'explanation',
  'note',
  'type',
  'other',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface ServerProblem {
  section: Section;
  message: string;
}

/** `['tests', '0', 'args']` → `tests 1 › args` (list positions counted from 1). */
export function humanPath(path: readonly string[]): string {
  return path
    .map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p))
    .join(' › ')
    .replace(/ › (\d+)/g, ' $1');
}

function split(path: string): { section: Section; rest: string } {
  const [head = '', ...tail] = path.split('.');
  const section = (SECTIONS as readonly string[]).includes(head) ? (head as Section) : 'other';
  const rest = section === 'other' ? path : humanPath(tail);
  return { section, rest };
}

/**
 * Every problem of a rejected save, by the part of the item it concerns: the item check's
 * `problems` ("answerKey: blank 1, answer 1: …"), the request check's `errors` ({ path, message })
 * or, failing both, the detail.
 */
export function serverProblems(
  problem: { detail?: string; problems?: unknown; errors?: unknown } | null | undefined,
): ServerProblem[] {
  if (!problem) return [];
  const out: ServerProblem[] = [];
  for (const p of arr(problem.problems)) {
    if (typeof p !== 'string') continue;
    const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(p);
    if (!m) {
      out.push({ section: 'other', message: p });
      continue;
    }
    const { section, rest } = split(m[1]!);
    out.push({ section, message: section === 'other' ? p : rest ? `${rest}: ${m[2]!}` : m[2]! });
  }
  for (const e of arr(problem.errors)) {
    const { path, message } = obj(e);
    if (typeof message !== 'string') continue;
    const where = typeof path === 'string' ? path : '';
    const { section, rest } = split(where);
    let text = message;
    if (section !== 'other') text = rest ? `${rest}: ${message}` : message;
    else if (where && where !== '(root)') text = `${where}: ${message}`;
    out.push({ section, message: text });
  }
  if (!out.length && problem.detail) out.push({ section: 'other', message: problem.detail });
  return out;
}

/** The editor sections a problem shows in: the key editor gathers answerKey and the type's own parts. */
export const problemsIn = (problems: readonly ServerProblem[], ...sections: Section[]) =>
  problems.filter((p) => sections.includes(p.section));

// ---- the candidate's view ----------------------------------------------------------------

/**
 * What a candidate sees of an item, built field by field like the server's presentCandidateItem:
 * the stem and the options (id and text), how many blanks, which function to write — never a
 * key, a rubric or an explanation.
 */
export function candidateView(body: Json, meta: { id?: number; version?: number } = {}): CandidateItemView {
  const type = body.type as ItemTypeName;
  const out: CandidateItemView = {
    id: meta.id ?? 0,
    type,
    version: meta.version ?? 0,
    stem: str(body.stem),
    options: Array.isArray(body.options)
      ? body.options.map((o) => ({ id: str(obj(o).id), text: str(obj(o).text) }))
      : null,
  };
  const key = obj(body.answerKey);
  if (type === 'fill_blank') out.blanks = arr(key.blanks).length;
  if (type === 'programming') {
    out.programming = { language: key.language === 'ts' ? 'ts' : 'js', functionName: str(key.functionName) };
    if (typeof key.starterCode === 'string') out.programming.starterCode = key.starterCode;
  }
  return out;
}

// ---- the list ----------------------------------------------------------------------------

/** The stem as one short line of plain text (Markdown marks removed) for the list. */
export function stemExcerpt(stem: string, max = 60): string {
  const plain = stem
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...plain];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : plain;
}

/** Status tag colours. */
export const ITEM_STATUS_COLORS: Record<ItemStatusName, string> = {
  draft: 'orange',
  review: 'blue',
  active: 'green',
  retired: 'default',
};

export type ListFilter = ItemFilter;

const PAGE_SIZES = [10, 20, 50, 100];

/** The list's filters as kept in the URL (`?type=&status=&kp=&tag=&q=&page=&size=`); bad values are ignored. */
export function filterFromParams(p: URLSearchParams): ListFilter {
  const type = p.get('type');
  const status = p.get('status');
  const kp = Number(p.get('kp'));
  const page = Number(p.get('page'));
  const size = Number(p.get('size'));
  return {
    type: (ITEM_TYPES as readonly string[]).includes(type ?? '') ? (type as ItemTypeName) : undefined,
    status: (ITEM_STATUSES as readonly string[]).includes(status ?? '') ? (status as ItemStatusName) : undefined,
    kpId: Number.isInteger(kp) && kp > 0 ? kp : undefined,
    tag: p.get('tag')?.trim() || undefined,
    search: p.get('q')?.trim() || undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
  };
}

/** The URL parameters for `f` (defaults left out, so a plain list has a plain address). */
export function filterToParams(f: ListFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.type) p.set('type', f.type);
  if (f.status) p.set('status', f.status);
  if (f.kpId) p.set('kp', String(f.kpId));
  if (f.tag) p.set('tag', f.tag);
  if (f.search) p.set('q', f.search);
  if (f.page > 1) p.set('page', String(f.page));
  if (f.pageSize !== 20) p.set('size', String(f.pageSize));
  return p;
}
