/**
 * Moodle XML (`<quiz><question type="…">…`), the format of Moodle's question bank export.
 *
 * Import: multichoice (single → single, several → multiple with the partial-credit rule read
 * from the answer fractions), truefalse, shortanswer → fill_blank (one blank, the 100% answers;
 * `*` wildcards become a pattern; usecase → case-sensitive), numerical → fill_blank (numbers
 * with their tolerance), essay (the default rubric, out of the question's default grade).
 * Categories are skipped; `description` questions are skipped with a warning; other types
 * (matching, cloze, calculated…) are errors. Question text and feedback HTML become plain text;
 * general feedback is the explanation; tags are kept.
 *
 * Export: the same types; multi-blank or pattern fill-ins, short answers (keyword-graded) and
 * programming items have no Moodle equivalent and are left out (listed as comments).
 */
import type { ItemView } from '@xueli/contracts';
import { childEl, childEls, escapeXml, hasImages, htmlToText, lineAtOffset, parseXml, textOf, textToHtml, toHtml, type XmlEl } from './markup.ts';
import { defaultRubric, issue, ruleFromWeights, weightsForRule, weightText, type Issue, type ParsedFile, type ParsedItem, type Where } from './plan.ts';
import { LETTERS } from './table.ts';

const SUPPORTED = ['multichoice', 'truefalse', 'shortanswer', 'numerical', 'essay'];

/** A `<text>`-holding element as plain text (HTML unless its format says otherwise). */
function richText(el: XmlEl | undefined, warnings: Issue[]): string {
  if (!el) return '';
  const format = el.attrs.format ?? 'html';
  const t = childEl(el, 'text');
  const source = t ? toHtml(t.children, undefined, true) : textOf(el);
  if (format === 'plain_text' || format === 'markdown') return source.trim();
  if (hasImages(source) && !warnings.some((w) => w.field === 'images')) warnings.push(issue('images', 'images in the question are not imported'));
  return htmlToText(source);
}

const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? NaN : Number(s.trim()));

/** `*` wildcards (Moodle short answer) as a whole-answer pattern. */
const wildcardPattern = (s: string) =>
  s
    .split(/(?<!\\)\*/)
    .map((part) => part.replace(/\\\*/g, '*').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');

function questionToItem(q: XmlEl, type: string, where: Where): ParsedItem {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const stem = richText(childEl(q, 'questiontext'), warnings);
  const c: Record<string, unknown> = { stem };
  const explanation = richText(childEl(q, 'generalfeedback'), warnings);
  if (explanation) c.explanation = explanation;
  const tags = childEls(childEl(q, 'tags') ?? { name: '', attrs: {}, children: [], start: 0 }, 'tag')
    .map((t) => textOf(childEl(t, 'text')).trim())
    .filter(Boolean);
  if (tags.length) c.tags = [...new Set(tags)];
  const answers = childEls(q, 'answer').map((a) => ({ fraction: num(a.attrs.fraction ?? '0'), el: a, text: childEl(a, 'text') }));

  switch (type) {
    case 'multichoice': {
      const single = !['false', '0'].includes(textOf(childEl(q, 'single')).trim().toLowerCase());
      if (answers.length > LETTERS.length) {
        issues.push(issue('options', `${answers.length} answers; at most ${LETTERS.length} are accepted`, null, 'options'));
        break;
      }
      const options = answers.map((a, i) => ({ id: LETTERS[i]!, text: richText(a.el, warnings) }));
      c.options = options;
      if (answers.some((a) => Number.isNaN(a.fraction))) {
        issues.push(issue('answerKey', 'an answer has a fraction that is not a number', null, 'answerKey'));
        break;
      }
      if (single) {
        c.type = 'single';
        const best = answers.reduce((m, a, i) => (a.fraction > (answers[m]?.fraction ?? -Infinity) ? i : m), 0);
        if (!answers.length || answers[best]!.fraction < 100) issues.push(issue('answerKey', 'no answer has fraction 100', null, 'answerKey'));
        else {
          c.answerKey = { correct: options[best]!.id };
          if (answers.some((a, i) => i !== best && a.fraction > 0)) warnings.push(issue('answerKey', 'partial credit for other answers is not kept (a single-choice item has one correct option)'));
        }
      } else {
        c.type = 'multiple';
        const correct = answers.map((a, i) => ({ ...a, id: options[i]!.id })).filter((a) => a.fraction > 0);
        if (!correct.length) issues.push(issue('answerKey', 'no answer has a positive fraction', null, 'answerKey'));
        else {
          const r = ruleFromWeights(
            correct.map((a) => a.fraction),
            answers.filter((a) => a.fraction <= 0).map((a) => a.fraction),
          );
          if (r.warning) warnings.push(issue('answerKey', r.warning));
          c.answerKey = { correct: correct.map((a) => a.id), rule: r.rule };
        }
      }
      break;
    }
    case 'truefalse': {
      c.type = 'true_false';
      const right = answers.find((a) => a.fraction >= 100);
      const word = textOf(right?.text).trim().toLowerCase();
      if (!right || !['true', 'false'].includes(word)) issues.push(issue('answerKey', 'the answer with fraction 100 must be "true" or "false"', word || null, 'answerKey'));
      else c.answerKey = { correct: word === 'true' };
      break;
    }
    case 'shortanswer':
    case 'numerical': {
      c.type = 'fill_blank';
      const accepted: Record<string, unknown>[] = [];
      for (const a of answers) {
        const raw = textOf(a.text).trim();
        if (a.fraction < 100) {
          if (a.fraction > 0) warnings.push(issue('answerKey', `the partial-credit answer '${raw}' (${a.fraction}%) is not kept`));
          continue;
        }
        if (type === 'numerical') {
          if (raw === '*') continue;
          const value = num(raw);
          const tol = num(textOf(childEl(a.el, 'tolerance')) || '0');
          if (Number.isNaN(value)) issues.push(issue('answerKey', `the numerical answer '${raw}' is not a number`, raw, 'answerKey'));
          else accepted.push({ kind: 'number', value, ...(tol > 0 ? { tolerance: { abs: tol } } : {}) });
        } else if (/(?<!\\)\*/.test(raw)) {
          accepted.push({ kind: 'regex', pattern: wildcardPattern(raw), ...(textOf(childEl(q, 'usecase')).trim() === '1' ? {} : { flags: 'i' }) });
        } else if (raw) accepted.push({ kind: 'text', value: raw.replace(/\\\*/g, '*') });
      }
      if (type === 'numerical' && childEls(childEl(q, 'units') ?? q, 'unit').length) warnings.push(issue('answerKey', 'units are not kept (answers are graded as numbers)'));
      if (!accepted.length && !issues.length) issues.push(issue('answerKey', 'no answer has fraction 100', null, 'answerKey'));
      const key: Record<string, unknown> = { order: 'sensitive', blanks: [{ accepted }] };
      if (type === 'shortanswer' && textOf(childEl(q, 'usecase')).trim() === '1') key.normalize = { caseFold: false };
      if (!issues.length) c.answerKey = key;
      break;
    }
    case 'essay': {
      c.type = 'essay';
      c.rubric = defaultRubric(num(textOf(childEl(q, 'defaultgrade'))) || 10);
      break;
    }
  }
  return { where, candidate: c.type ? c : null, issues, warnings };
}

export function parseMoodleXml(text: string, file: string | null = null): ParsedFile {
  const out: ParsedFile = { items: [], errors: [], warnings: [], encoding: null, layout: null };
  const at = (line: number | null, item: number | null = null): Where => ({ kind: 'item', file, item, line });
  const parsed = parseXml(text);
  if ('error' in parsed) {
    out.errors.push({ where: at(parsed.error.line), issue: issue(null, parsed.error.message) });
    return out;
  }
  if (parsed.root.name !== 'quiz') {
    out.errors.push({ where: at(1), issue: issue(null, `not Moodle XML: the root element is <${parsed.root.name}>, not <quiz>`) });
    return out;
  }
  const lineOf = lineAtOffset(text);
  let n = 0;
  for (const q of childEls(parsed.root, 'question')) {
    const type = q.attrs.type ?? '';
    const line = lineOf(q.start);
    if (type === 'category') continue;
    if (type === 'description') {
      out.warnings.push({ where: at(line), issue: issue(null, 'a description (text with no question) is skipped') });
      continue;
    }
    n++;
    if (!SUPPORTED.includes(type)) {
      out.items.push({ where: at(line, n), candidate: null, issues: [issue('type', `Moodle question type '${type || '(none)'}' is not supported (multichoice, truefalse, shortanswer, numerical, essay)`, type || null, 'type')], warnings: [] });
      continue;
    }
    out.items.push(questionToItem(q, type, at(line, n)));
  }
  if (!n) out.errors.push({ where: at(1), issue: issue(null, 'the file has no questions') });
  return out;
}

// ---- export ---------------------------------------------------------------------------

const text = (s: string) => `<text>${escapeXml(s)}</text>`;
const html = (s: string) => `<text><![CDATA[${textToHtml(s).replaceAll(']]>', ']]]]><![CDATA[>')}]]></text>`;
const name = (item: ItemView) => {
  const first = item.stem.split('\n')[0]!.trim();
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
};

/** A Moodle answer text: `*` is a wildcard in short answers, so literal stars are escaped. */
const literal = (s: string) => s.replace(/\*/g, '\\*');

function questionXml(item: ItemView): { xml: string; note?: string } | { skip: string } {
  const key = item.answerKey ?? {};
  const head = (type: string) => [
    `  <question type="${type}">`,
    `    <name>${text(name(item))}</name>`,
    `    <questiontext format="html">${html(item.stem)}</questiontext>`,
    `    <generalfeedback format="html">${html(item.explanation)}</generalfeedback>`,
    `    <defaultgrade>1</defaultgrade>`,
    `    <penalty>0</penalty>`,
    `    <hidden>0</hidden>`,
  ];
  const tags = item.tags.length ? [`    <tags>${item.tags.map((t) => `<tag>${text(t)}</tag>`).join('')}</tags>`] : [];
  const answer = (fraction: number, body: string, extra = '') => `    <answer fraction="${weightText(fraction)}" format="html">${body}${extra}<feedback format="html"><text></text></feedback></answer>`;
  const end = [...tags, '  </question>'];
  let note: string | undefined;
  let lines: string[];
  switch (item.type) {
    case 'single':
    case 'multiple': {
      const options = item.options ?? [];
      const correct = new Set(item.type === 'single' ? [String(key.correct)] : ((key.correct as string[] | undefined) ?? []));
      const w = item.type === 'single' ? { correct: 100, wrong: 0 } : weightsForRule(String(key.rule), correct.size);
      if ('note' in w) note = w.note;
      lines = [
        ...head('multichoice'),
        `    <single>${item.type === 'single' ? 'true' : 'false'}</single>`,
        '    <shuffleanswers>false</shuffleanswers>',
        '    <answernumbering>ABCD</answernumbering>',
        ...options.map((o) => answer(correct.has(o.id) ? w.correct : w.wrong, html(o.text))),
      ];
      break;
    }
    case 'true_false':
      lines = [...head('truefalse'), answer(key.correct === true ? 100 : 0, text('true')), answer(key.correct === true ? 0 : 100, text('false'))];
      break;
    case 'fill_blank': {
      const blanks = (key.blanks as { accepted: Record<string, unknown>[] }[] | undefined) ?? [];
      if (blanks.length !== 1) return { skip: 'a fill-in-the-blank item with several blanks has no Moodle question type (use QTI)' };
      const accepted = blanks[0]!.accepted;
      if (accepted.every((a) => a.kind === 'number')) {
        lines = [
          ...head('numerical'),
          ...accepted.map((a) => {
            const t = a.tolerance as { abs?: number; rel?: number } | undefined;
            const tol = t?.abs ?? (t?.rel !== undefined ? Math.abs(Number(a.value)) * t.rel : 0);
            return answer(100, text(String(a.value)), `<tolerance>${tol}</tolerance>`);
          }),
        ];
      } else if (accepted.every((a) => a.kind === 'text' || a.kind === 'number')) {
        const normalize = key.normalize as { caseFold?: boolean } | undefined;
        lines = [...head('shortanswer'), `    <usecase>${normalize?.caseFold === false ? 1 : 0}</usecase>`, ...accepted.map((a) => answer(100, text(literal(String(a.value)))))];
      } else return { skip: 'a fill-in-the-blank item with a pattern answer has no Moodle equivalent' };
      break;
    }
    case 'essay':
      lines = [...head('essay'), '    <responseformat>editor</responseformat>', '    <responserequired>1</responserequired>', '    <responsefieldlines>15</responsefieldlines>', '    <attachments>0</attachments>'];
      break;
    case 'short_answer':
      return { skip: 'a keyword-graded short answer has no Moodle equivalent' };
    default:
      return { skip: `${item.type} items have no Moodle equivalent` };
  }
  return { xml: [...lines, ...end].join('\n'), ...(note ? { note } : {}) };
}

export function writeMoodleXml(items: ItemView[]): { body: Buffer; exported: number; skipped: { id: number; reason: string }[] } {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  const skipped: { id: number; reason: string }[] = [];
  for (const item of items) {
    const q = questionXml(item);
    if ('skip' in q) {
      skipped.push({ id: item.id, reason: q.skip });
      parts.push(`  <!-- item ${item.id} left out: ${q.skip.replaceAll('--', '-')} -->`);
      continue;
    }
    parts.push(`  <!-- item ${item.id}${q.note ? `: ${q.note.replaceAll('--', '-')}` : ''} -->`, q.xml);
  }
  parts.push('</quiz>', '');
  return { body: Buffer.from(parts.join('\n'), 'utf8'), exported: items.length - skipped.length, skipped };
}
