/**
 * GIFT, Moodle's text format for questions. A question is text with one answer block in braces;
 * questions are separated by blank lines; lines starting with `//` are comments (Moodle's
 * `// [tag:name]` comment before a question gives it a tag); `$CATEGORY:` lines are skipped.
 *
 *   ::title:: [html] question text {answers} optional text after the block
 *
 * Answer blocks: `{}` essay; `{T}` `{TRUE}` `{F}` `{FALSE}` true/false; `{=right ~wrong}` single
 * choice; `{~%50%a ~%50%b ~%-100%c}` several correct (multiple, rule from the weights);
 * `{=a =b}` short answer → fill-in-the-blank (accepted answers); `{#3.14:0.01}`, `{#1..5}`,
 * `{#=2:0 =%50%3:1}` numerical → fill-in-the-blank with tolerance. `#feedback` after an answer is
 * ignored; `####text` is the general feedback, kept as the explanation. Text after the block
 * (the "missing word" form) stays in the stem with `____` where the block was. Escapes: `\~ \=
 * \# \{ \} \: \\` and `\n` for a line break. Matching questions are not supported.
 */
import type { ItemView } from '@xueli/contracts';
import { htmlToText } from './markup.ts';
import { defaultRubric, issue, ruleFromWeights, weightsForRule, weightText, type Issue, type ParsedFile, type ParsedItem, type Where } from './plan.ts';
import { LETTERS } from './table.ts';

const SPECIAL = '~=#{}:\\';

/** Index of the next unescaped occurrence of `token` at or after `from`, or -1. */
function findUnescaped(s: string, token: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s.startsWith(token, i)) return i;
  }
  return -1;
}

/** Splits at every unescaped occurrence of `token`. */
function splitUnescaped(s: string, token: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = findUnescaped(s, token); i !== -1; i = findUnescaped(s, token, from)) {
    out.push(s.slice(from, i));
    from = i + token.length;
  }
  out.push(s.slice(from));
  return out;
}

/** GIFT escapes resolved: `\~ \= \# \{ \} \: \\` and `\n` (a line break). */
export const unescapeGift = (s: string): string => s.replace(/\\([~=#{}:\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/** Text written so that GIFT reads it back unchanged (line breaks as `\n`). */
export const escapeGift = (s: string): string =>
  [...s]
    .map((c) => (SPECIAL.includes(c) ? `\\${c}` : c))
    .join('')
    .replace(/\r?\n/g, '\\n');

interface Answer {
  marker: '=' | '~';
  weight: number | undefined;
  text: string;
}

/** `=a ~%50%b #feedback` → answers (feedback dropped, escapes kept for the caller). */
function answersOf(body: string): Answer[] | null {
  const out: Answer[] = [];
  let cur: { marker: '=' | '~'; raw: string } | null = null;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      if (cur) cur.raw += c + body[i + 1]!;
      else if (body.slice(0, i).trim() === '') return null;
      i++;
      continue;
    }
    if (c === '=' || c === '~') {
      if (cur) out.push(finish(cur));
      cur = { marker: c, raw: '' };
      continue;
    }
    if (cur) cur.raw += c;
    else if (c.trim()) return null; // text before the first answer marker
  }
  if (cur) out.push(finish(cur));
  return out;
  function finish(a: { marker: '=' | '~'; raw: string }): Answer {
    let raw = splitUnescaped(a.raw, '#')[0]!.trim();
    let weight: number | undefined;
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(raw);
    if (w) {
      weight = Number(w[1]);
      raw = raw.slice(w[0].length).trim();
    }
    return { marker: a.marker, weight, text: raw };
  }
}

// Unambiguous (no two ways to split a run of digits), so a long run cannot make it backtrack.
const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUM_TOL = new RegExp(`^(${NUM})(?::(${NUM}))?$`);
const NUM_RANGE = new RegExp(`^(${NUM})\\.\\.(${NUM})$`);

function numberAnswer(raw: string): Record<string, unknown> | null {
  const s = splitUnescaped(raw, '#')[0]!.trim();
  const r = NUM_RANGE.exec(s);
  if (r) {
    const lo = Number(r[1]);
    const hi = Number(r[2]);
    return { kind: 'number', value: (lo + hi) / 2, tolerance: { abs: Math.abs(hi - lo) / 2 } };
  }
  const t = NUM_TOL.exec(s);
  if (!t) return null;
  const tol = t[2] === undefined ? 0 : Math.abs(Number(t[2]));
  return { kind: 'number', value: Number(t[1]), ...(tol > 0 ? { tolerance: { abs: tol } } : {}) };
}

interface Block {
  line: number;
  lines: string[];
  tags: string[];
}

function parseBlock(b: Block, where: Where): ParsedItem | { warning: Issue } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  let text = b.lines.join('\n');
  const c: Record<string, unknown> = {};
  if (text.startsWith('::')) {
    const end = findUnescaped(text, '::', 2);
    if (end === -1) {
      issues.push(issue('stem', 'the title (::title::) is never closed', null, 'stem'));
      return { where, candidate: null, issues, warnings };
    }
    text = text.slice(end + 2);
  }
  let format = 'moodle';
  const f = /^\s*\[(html|moodle|plain|markdown)\]/.exec(text);
  if (f) {
    format = f[1]!;
    text = text.slice(f[0].length);
  }
  const open = findUnescaped(text, '{');
  if (open === -1) return { warning: issue(null, 'text with no answer block {…} (a description) is skipped') };
  const close = findUnescaped(text, '}', open + 1);
  const whole = b.lines.join('\n');
  const openLine = b.line + (whole.slice(0, whole.length - text.length + open).match(/\n/g)?.length ?? 0);
  if (close === -1) {
    issues.push(issue('answerKey', `the answer block opened on line ${openLine} is never closed (a } is missing, or a { in the text needs \\{)`, null, 'answerKey'));
    return { where, candidate: null, issues, warnings };
  }
  const after = text.slice(close + 1);
  if (findUnescaped(after, '{') !== -1) {
    issues.push(issue('answerKey', 'a question has one answer block; escape braces in the text as \\{ and \\}', null, 'answerKey'));
    return { where, candidate: null, issues, warnings };
  }
  const asText = (s: string) => (format === 'html' ? htmlToText(unescapeGift(s)) : unescapeGift(s).trim());
  const before = asText(text.slice(0, open));
  const rest = asText(after);
  c.stem = rest ? `${before} ____ ${rest}` : before;
  if (b.tags.length) c.tags = b.tags;

  const [answerPart, ...feedback] = splitUnescaped(text.slice(open + 1, close), '####');
  const general = feedback.length ? asText(feedback.join('####')) : '';
  if (general) c.explanation = general;
  const body = answerPart!.trim();

  if (body === '') {
    c.type = 'essay';
    c.rubric = defaultRubric();
  } else if (/^(T|TRUE|F|FALSE)\s*(#|$)/i.test(body)) {
    c.type = 'true_false';
    c.answerKey = { correct: /^T/i.test(body) };
  } else if (body.startsWith('#')) {
    c.type = 'fill_blank';
    const inner = body.slice(1).trim();
    const accepted: Record<string, unknown>[] = [];
    const parts = inner.startsWith('=') ? splitUnescaped(inner, '=').slice(1) : [inner];
    for (const p of parts) {
      const w = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(p);
      const weight = w ? Number(w[1]) : 100;
      const raw = w ? p.slice(w[0].length) : p;
      if (weight < 100) {
        if (weight > 0) warnings.push(issue('answerKey', `the partial-credit answer '${raw.trim()}' (${weight}%) is not kept`));
        continue;
      }
      const a = numberAnswer(raw);
      if (!a) issues.push(issue('answerKey', `'${raw.trim()}' is not a number answer (value, value:tolerance or min..max)`, raw.trim(), 'answerKey'));
      else accepted.push(a);
    }
    if (!issues.length) {
      if (!accepted.length) issues.push(issue('answerKey', 'no full-credit number answer', null, 'answerKey'));
      else c.answerKey = { order: 'sensitive', blanks: [{ accepted }] };
    }
  } else {
    const answers = answersOf(body);
    if (!answers?.length) {
      issues.push(issue('answerKey', `cannot read the answer block {${body.length > 40 ? `${body.slice(0, 40)}…` : body}} (answers start with = or ~)`, body, 'answerKey'));
    } else if (answers.some((a) => findUnescaped(a.text, '->') !== -1)) {
      issues.push(issue('type', 'matching questions are not supported', null, 'type'));
    } else if (!answers.some((a) => a.marker === '~')) {
      c.type = 'fill_blank';
      const accepted: Record<string, unknown>[] = [];
      for (const a of answers) {
        const value = unescapeGift(a.text).trim();
        if (a.weight !== undefined && a.weight < 100) {
          if (a.weight > 0) warnings.push(issue('answerKey', `the partial-credit answer '${value}' (${a.weight}%) is not kept`));
        } else if (value) accepted.push({ kind: 'text', value });
      }
      if (!accepted.length) issues.push(issue('answerKey', 'no full-credit answer', null, 'answerKey'));
      else c.answerKey = { order: 'sensitive', blanks: [{ accepted }] };
    } else if (answers.length > LETTERS.length) {
      issues.push(issue('options', `${answers.length} answers; at most ${LETTERS.length} are accepted`, null, 'options'));
    } else {
      const options = answers.map((a, i) => ({ id: LETTERS[i]!, text: asText(a.text) }));
      c.options = options;
      const weightOf = (a: Answer) => a.weight ?? (a.marker === '=' ? 100 : 0);
      const right = answers.map((a, i) => ({ a, id: options[i]!.id })).filter(({ a }) => weightOf(a) > 0);
      if (!right.length) issues.push(issue('answerKey', 'no answer is marked correct (= or a positive %weight%)', null, 'answerKey'));
      else if (right.length === 1 && weightOf(right[0]!.a) >= 100) {
        c.type = 'single';
        c.answerKey = { correct: right[0]!.id };
      } else {
        c.type = 'multiple';
        const r = ruleFromWeights(
          right.map(({ a }) => weightOf(a)),
          answers.filter((a) => weightOf(a) <= 0).map(weightOf),
        );
        if (r.warning) warnings.push(issue('answerKey', r.warning));
        c.answerKey = { correct: right.map((x) => x.id), rule: r.rule };
      }
    }
  }
  return { where, candidate: c.type ? c : null, issues, warnings };
}

export function parseGift(text: string, file: string | null = null): ParsedFile {
  const out: ParsedFile = { items: [], errors: [], warnings: [], encoding: null, layout: null };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const blocks: Block[] = [];
  let cur: Block | null = null;
  let pendingTags: string[] = [];
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('//')) {
      for (const m of trimmed.matchAll(/\[tag:([^\]]+)\]/g)) pendingTags.push(m[1]!.trim());
      return;
    }
    if (!trimmed) {
      if (cur) blocks.push(cur);
      cur = null;
      return;
    }
    if (!cur) {
      cur = { line: i + 1, lines: [], tags: pendingTags };
      pendingTags = [];
    }
    cur.lines.push(raw);
  });
  if (cur) blocks.push(cur);

  let n = 0;
  for (const b of blocks) {
    if (b.lines[0]!.trim().startsWith('$CATEGORY:')) {
      if (b.lines.length === 1) continue;
      b.lines.shift();
      b.line++;
    }
    const where: Where = { kind: 'item', file, item: n + 1, line: b.line };
    const r = parseBlock(b, where);
    if ('warning' in r) {
      out.warnings.push({ where: { ...where, item: null }, issue: r.warning });
      continue;
    }
    n++;
    out.items.push(r);
  }
  if (!n) out.errors.push({ where: { kind: 'item', file, item: null, line: 1 }, issue: issue(null, 'the file has no questions (a GIFT question is text with an answer block {…}; questions are separated by blank lines)') });
  return out;
}

// ---- export ---------------------------------------------------------------------------

function answerBlock(item: ItemView): { body: string; note?: string } | { skip: string } {
  const key = item.answerKey ?? {};
  switch (item.type) {
    case 'single':
      return { body: (item.options ?? []).map((o) => `\t${o.id === key.correct ? '=' : '~'}${escapeGift(o.text)}`).join('\n') };
    case 'multiple': {
      const correct = new Set((key.correct as string[] | undefined) ?? []);
      const w = weightsForRule(String(key.rule), correct.size);
      const body = (item.options ?? []).map((o) => `\t~%${weightText(correct.has(o.id) ? w.correct : w.wrong)}%${escapeGift(o.text)}`).join('\n');
      return { body, ...(w.note ? { note: w.note } : {}) };
    }
    case 'true_false':
      return { body: key.correct === true ? 'TRUE' : 'FALSE' };
    case 'fill_blank': {
      const blanks = (key.blanks as { accepted: Record<string, unknown>[] }[] | undefined) ?? [];
      if (blanks.length !== 1) return { skip: 'a fill-in-the-blank item with several blanks has no GIFT form (use QTI)' };
      const accepted = blanks[0]!.accepted;
      if (accepted.every((a) => a.kind === 'number')) {
        const nums = accepted.map((a) => {
          const t = a.tolerance as { abs?: number; rel?: number } | undefined;
          const tol = t?.abs ?? (t?.rel !== undefined ? Math.abs(Number(a.value)) * t.rel : 0);
          return `${String(a.value)}:${tol}`;
        });
        return { body: nums.length === 1 ? `#${nums[0]}` : `#${nums.map((x) => `=${x}`).join(' ')}` };
      }
      if (accepted.every((a) => a.kind === 'text' || a.kind === 'number')) return { body: accepted.map((a) => `\t=${escapeGift(String(a.value))}`).join('\n') };
      return { skip: 'a fill-in-the-blank item with a pattern answer has no GIFT form' };
    }
    case 'essay':
      return { body: '' };
    case 'short_answer':
      return { skip: 'a keyword-graded short answer has no GIFT form' };
    default:
      return { skip: `${item.type} items have no GIFT form` };
  }
}

export function writeGift(items: ItemView[]): { body: Buffer; exported: number; skipped: { id: number; reason: string }[] } {
  const out: string[] = ['// Xueli item bank export (GIFT)', ''];
  const skipped: { id: number; reason: string }[] = [];
  for (const item of items) {
    const a = answerBlock(item);
    if ('skip' in a) {
      skipped.push({ id: item.id, reason: a.skip });
      out.push(`// item ${item.id} left out: ${a.skip}`, '');
      continue;
    }
    const title = item.stem.split('\n')[0]!.trim().slice(0, 60);
    out.push(`// item ${item.id}${a.note ? `: ${a.note}` : ''}`);
    if (item.tags.length) out.push(`// ${item.tags.map((t) => `[tag:${t.replace(/[\]\n]/g, ' ')}]`).join(' ')}`);
    const general = item.explanation ? `${a.body.includes('\n') ? '\n' : ''}####${escapeGift(item.explanation)}` : '';
    const block = a.body.includes('\n') ? `{\n${a.body}${general}\n}` : `{${a.body}${general}}`;
    out.push(`::${escapeGift(title)}:: ${escapeGift(item.stem)} ${block}`, '');
  }
  return { body: Buffer.from(out.join('\n'), 'utf8'), exported: items.length - skipped.length, skipped };
}
