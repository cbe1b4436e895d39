/**
 * IMS QTI 3.0 assessment items (`<qti-assessment-item>`), one item per XML file; several come
 * as a content package (a zip with imsmanifest.xml, whose item resources give the order).
 *
 * Import: one choice interaction → single (cardinality single), multiple (cardinality multiple;
 * the rule is all-or-nothing under match_correct and read from the mapping under map_response),
 * or true/false (two choices identified `true` and `false`); text-entry interactions → a
 * fill-in-the-blank with one blank each (accepted answers: the correct response and the
 * positively mapped keys; float/integer responses are numbers, with the tolerance of a
 * `qti-equal` in the response processing; a case-sensitive map entry keeps case); one
 * extended-text interaction → essay (the default rubric). The item body without its
 * interactions is the stem (a text entry reads `____`); modal feedback is the explanation.
 *
 * Export: the same mapping back; short answers (keyword-graded) and programming items have no
 * QTI interaction here and are left out; regex answers are dropped (a blank left with none
 * leaves its item out).
 */
import type { ItemView } from '@xueli/contracts';
import { childEl, childEls, descendants, escapeXml, hasImages, htmlToText, isEl, lineAtOffset, parseXml, textOf, textToHtml, toHtml, type XmlEl } from './markup.ts';
import { defaultRubric, issue, ruleFromWeights, type Issue, type ParsedFile, type ParsedItem, type Where } from './plan.ts';
import { writeZip } from './zip.ts';

export const QTI_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const RP_MATCH_CORRECT = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml';
const RP_MAP_RESPONSE = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml';
const SUPPORTED = ['qti-choice-interaction', 'qti-text-entry-interaction', 'qti-extended-text-interaction'];

interface Declaration {
  cardinality: string;
  baseType: string;
  correct: string[];
  mapping: { key: string; value: number; caseSensitive: boolean }[] | null;
  defaultValue: number;
}

function declarations(root: XmlEl): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const d of childEls(root, 'qti-response-declaration')) {
    const mappingEl = childEl(d, 'qti-mapping');
    out.set(d.attrs.identifier ?? '', {
      cardinality: d.attrs.cardinality ?? 'single',
      baseType: d.attrs['base-type'] ?? 'identifier',
      correct: childEls(childEl(d, 'qti-correct-response') ?? d, 'qti-value').map((v) => textOf(v).trim()),
      mapping: mappingEl
        ? childEls(mappingEl, 'qti-map-entry').map((e) => ({ key: (e.attrs['map-key'] ?? '').trim(), value: Number(e.attrs['mapped-value'] ?? '0'), caseSensitive: e.attrs['case-sensitive'] === 'true' }))
        : null,
      defaultValue: Number(mappingEl?.attrs['default-value'] ?? '0') || 0,
    });
  }
  return out;
}

/** Tolerances set by `qti-equal` on a response in custom response processing. */
function tolerances(root: XmlEl): Map<string, { abs?: number; rel?: number }> {
  const out = new Map<string, { abs?: number; rel?: number }>();
  const rp = childEl(root, 'qti-response-processing');
  if (!rp) return out;
  for (const eq of descendants(rp, 'qti-equal')) {
    const v = childEls(eq).find((c) => c.name === 'qti-variable');
    const t = Number((eq.attrs.tolerance ?? '').trim().split(/\s+/)[0]);
    if (!v?.attrs.identifier || !Number.isFinite(t) || t <= 0) continue;
    out.set(v.attrs.identifier, eq.attrs['tolerance-mode'] === 'relative' ? { rel: t / 100 } : eq.attrs['tolerance-mode'] === 'absolute' ? { abs: t } : {});
  }
  return out;
}

function itemOf(root: XmlEl, where: Where, lineOf: (offset: number) => number): ParsedItem {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const fail = (field: string | null, message: string, el?: XmlEl): ParsedItem => {
    issues.push(issue(field, el ? `${message} (line ${lineOf(el.start)})` : message, null, field ?? undefined));
    return { where, candidate: null, issues, warnings };
  };
  const body = childEl(root, 'qti-item-body');
  if (!body) return fail('stem', 'the item has no <qti-item-body>');
  const interactions = descendants(body, '').length ? [] : collectInteractions(body);
  const unsupported = interactions.find((i) => !SUPPORTED.includes(i.name));
  if (unsupported) return fail('type', `<${unsupported.name}> is not supported (choice, text-entry and extended-text interactions are)`, unsupported);
  const names = new Set(interactions.map((i) => i.name));
  if (!interactions.length) return fail('type', 'the item body has no interaction');
  if (names.size > 1 || (!names.has('qti-text-entry-interaction') && interactions.length > 1)) {
    return fail('type', 'an item with several interactions is supported only when they are all text entries (a fill-in-the-blank)', interactions[1]);
  }
  const decls = declarations(root);
  const template = childEl(root, 'qti-response-processing')?.attrs.template ?? '';

  const stemHtml = toHtml(body.children, (el) => {
    if (el.name === 'qti-text-entry-interaction') return '____';
    if (el.name === 'qti-choice-interaction' || el.name === 'qti-extended-text-interaction') {
      const prompt = childEl(el, 'qti-prompt');
      return prompt ? `<p>${toHtml(prompt.children)}</p>` : '';
    }
    if (el.name === 'qti-rubric-block') return '';
    return undefined;
  });
  if (hasImages(stemHtml)) warnings.push(issue('images', 'images in the item are not imported'));
  const c: Record<string, unknown> = { stem: htmlToText(stemHtml) };
  const feedback = childEls(root, 'qti-modal-feedback')
    .map((f) => htmlToText(toHtml(f.children)))
    .filter(Boolean);
  if (feedback.length) c.explanation = feedback.join('\n\n');

  const first = interactions[0]!;
  const declOf = (el: XmlEl) => decls.get(el.attrs['response-identifier'] ?? '');
  if (first.name === 'qti-choice-interaction') {
    const decl = declOf(first);
    const choices = descendants(first, 'qti-simple-choice').map((ch) => ({ id: (ch.attrs.identifier ?? '').trim(), text: htmlToText(toHtml(ch.children)), el: ch }));
    const badId = choices.find((ch) => !ch.id || ch.id.length > 40);
    if (badId) return fail('options', 'a choice needs an identifier of 1 to 40 characters', badId.el);
    const cardinality = decl?.cardinality ?? (first.attrs['max-choices'] === '1' ? 'single' : 'multiple');
    const mapped = decl?.mapping ?? null;
    const correct = decl?.correct.length ? decl.correct : (mapped ?? []).filter((m) => m.value > 0).map((m) => m.key);
    const ids = choices.map((ch) => ch.id.toLowerCase()).sort();
    if (cardinality === 'single' && ids.length === 2 && ids[0] === 'false' && ids[1] === 'true') {
      c.type = 'true_false';
      if (correct.length !== 1) issues.push(issue('answerKey', 'the correct response must be one of the choices true and false', null, 'answerKey'));
      else c.answerKey = { correct: correct[0]!.toLowerCase() === 'true' };
      return { where, candidate: c, issues, warnings };
    }
    c.options = choices.map(({ id, text }) => ({ id, text }));
    if (!correct.length) issues.push(issue('answerKey', 'the response declaration has no correct response (or positive mapping)', null, 'answerKey'));
    else if (cardinality === 'single') {
      c.type = 'single';
      if (correct.length > 1) warnings.push(issue('answerKey', `several correct values for a single response; the first (${correct[0]}) is kept`));
      c.answerKey = { correct: correct[0] };
    } else {
      c.type = 'multiple';
      let rule = 'all-or-nothing';
      if (mapped && (template.includes('map_response') || !template)) {
        const value = (id: string) => mapped.find((m) => m.key === id)?.value ?? decl!.defaultValue;
        const r = ruleFromWeights(
          correct.map(value),
          choices.filter((ch) => !correct.includes(ch.id)).map((ch) => value(ch.id)),
        );
        if (r.warning) warnings.push(issue('answerKey', r.warning));
        rule = r.rule;
      }
      c.answerKey = { correct, rule };
    }
    if (!c.type) c.type = cardinality === 'single' ? 'single' : 'multiple';
    return { where, candidate: c, issues, warnings };
  }
  if (first.name === 'qti-extended-text-interaction') {
    c.type = 'essay';
    c.rubric = defaultRubric();
    return { where, candidate: c, issues, warnings };
  }
  // Text entries: one blank each.
  c.type = 'fill_blank';
  const tol = tolerances(root);
  let caseSensitive = false;
  const blanks = interactions.map((te, i) => {
    const rid = te.attrs['response-identifier'] ?? '';
    const decl = decls.get(rid);
    if (!decl) {
      issues.push(issue('answerKey', `blank ${i + 1}: no response declaration '${rid}' (line ${lineOf(te.start)})`, rid || null, 'answerKey'));
      return { accepted: [] };
    }
    const values = [...new Set([...decl.correct, ...(decl.mapping ?? []).filter((m) => m.value > 0).map((m) => m.key)])].filter(Boolean);
    if ((decl.mapping ?? []).some((m) => m.caseSensitive)) caseSensitive = true;
    const numeric = decl.baseType === 'float' || decl.baseType === 'integer';
    const t = tol.get(rid);
    const accepted = values.map((v) => {
      if (!numeric) return { kind: 'text', value: v };
      const n = Number(v);
      if (!Number.isFinite(n)) issues.push(issue('answerKey', `blank ${i + 1}: '${v}' is not a number`, v, 'answerKey'));
      return { kind: 'number', value: n, ...(t && (t.abs !== undefined || t.rel !== undefined) ? { tolerance: t } : {}) };
    });
    if (!accepted.length) issues.push(issue('answerKey', `blank ${i + 1}: no correct response`, null, 'answerKey'));
    return { accepted };
  });
  if (!issues.length) c.answerKey = { order: 'sensitive', blanks, ...(caseSensitive ? { normalize: { caseFold: false } } : {}) };
  return { where, candidate: c, issues, warnings };
}

/** The interactions of an item body, in document order (not looking inside an interaction). */
function collectInteractions(el: XmlEl): XmlEl[] {
  const out: XmlEl[] = [];
  for (const c of el.children) {
    if (!isEl(c)) continue;
    if (/^qti-.*-interaction$/.test(c.name)) out.push(c);
    else out.push(...collectInteractions(c));
  }
  return out;
}

export interface QtiSource {
  name: string | null;
  text: string;
}

/** Items of QTI files (a package's files, or one item file). */
export function parseQti(sources: QtiSource[]): ParsedFile {
  const out: ParsedFile = { items: [], errors: [], warnings: [], encoding: null, layout: null };
  let n = 0;
  for (const src of sources) {
    const at = (line: number | null, item: number | null = null): Where => ({ kind: 'item', file: src.name, item, line });
    const parsed = parseXml(src.text);
    if ('error' in parsed) {
      out.errors.push({ where: at(parsed.error.line), issue: issue(null, parsed.error.message) });
      continue;
    }
    const lineOf = lineAtOffset(src.text);
    const root = parsed.root;
    if (root.name === 'assessmentItem') {
      out.errors.push({ where: at(lineOf(root.start)), issue: issue(null, 'this is QTI 2.x (<assessmentItem>); only QTI 3.0 (<qti-assessment-item>) is supported') });
      continue;
    }
    if (root.name !== 'qti-assessment-item') {
      out.warnings.push({ where: at(lineOf(root.start)), issue: issue(null, `<${root.name}> is not an assessment item and is skipped`) });
      continue;
    }
    n++;
    out.items.push(itemOf(root, at(lineOf(root.start), n), lineOf));
  }
  if (!n && !out.errors.length) out.errors.push({ where: { kind: 'item', file: null, item: null, line: null }, issue: issue(null, 'no QTI 3.0 assessment item (<qti-assessment-item>) was found') });
  return out;
}

/** The item files of a package, in the manifest's order (then any others, by name). */
export function packageItemFiles(entries: { name: string; data: Buffer }[]): { name: string; data: Buffer }[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifest = byName.get('imsmanifest.xml');
  const ordered: { name: string; data: Buffer }[] = [];
  if (manifest) {
    const parsed = parseXml(manifest.data.toString('utf8'));
    if ('root' in parsed) {
      for (const r of descendants(parsed.root, 'resource')) {
        const href = r.attrs.href;
        if (href && /imsqti_item/.test(r.attrs.type ?? '') && byName.has(href)) ordered.push(byName.get(href)!);
      }
    }
  }
  const seen = new Set(ordered.map((e) => e.name));
  const rest = entries.filter((e) => !seen.has(e.name) && e.name !== 'imsmanifest.xml' && /\.xml$/i.test(e.name) && !e.name.split('/').some((p) => p.startsWith('.') || p === '__MACOSX')).sort((a, b) => a.name.localeCompare(b.name));
  return [...ordered, ...rest];
}

// ---- export ---------------------------------------------------------------------------

const IDENT = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const cjk = (s: string) => /[\u3400-\u9fff]/.test(s);

function modalFeedback(explanation: string): string[] {
  if (!explanation) return [];
  return [`  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show"><qti-content-body>${textToHtml(explanation)}</qti-content-body></qti-modal-feedback>`];
}

function itemXml(item: ItemView): { xml: string; notes: string[] } | { skip: string } {
  const key = item.answerKey ?? {};
  const notes: string[] = [];
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-item xmlns="${QTI_NS}" identifier="item-${item.id}" title="${escapeXml(item.stem.split('\n')[0]!.slice(0, 80))}" adaptive="false" time-dependent="false"${cjk(item.stem) ? ' xml:lang="zh-CN"' : ''}>`,
  ];
  const score = '  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"><qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>';
  const fb = item.explanation ? ['  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"/>'] : [];
  const tail = [...modalFeedback(item.explanation), '</qti-assessment-item>', ''];
  const value = (v: string) => `<qti-value>${escapeXml(v)}</qti-value>`;
  switch (item.type) {
    case 'single':
    case 'multiple':
    case 'true_false': {
      let choices: { id: string; text: string }[];
      let correct: string[];
      if (item.type === 'true_false') {
        choices = cjk(item.stem) ? [{ id: 'true', text: '正确' }, { id: 'false', text: '错误' }] : [{ id: 'true', text: 'True' }, { id: 'false', text: 'False' }];
        correct = [key.correct === true ? 'true' : 'false'];
      } else {
        // Option ids that are not QTI identifiers are renamed by position.
        const rename = new Map((item.options ?? []).map((o, i) => [o.id, IDENT.test(o.id) ? o.id : `C${i + 1}`]));
        choices = (item.options ?? []).map((o) => ({ id: rename.get(o.id)!, text: o.text }));
        correct = (item.type === 'single' ? [String(key.correct)] : ((key.correct as string[] | undefined) ?? [])).map((id) => rename.get(id) ?? id);
        if ([...rename].some(([a, b]) => a !== b)) notes.push('option ids renamed to QTI identifiers');
      }
      const multiple = item.type === 'multiple';
      const rule = typeof key.rule === 'string' ? key.rule : 'all-or-nothing';
      const mapped = multiple && rule !== 'all-or-nothing';
      let mapping = '';
      if (mapped) {
        const per = 1 / Math.max(1, correct.length);
        const wrong = rule === 'partial' ? -1 : -per;
        if (rule !== 'partial' && rule !== 'partial-with-penalty') notes.push(`rule ${rule} exported as partial credit with a penalty per wrong choice`);
        mapping = `<qti-mapping lower-bound="0" upper-bound="1" default-value="0">${choices
          .map((ch) => `<qti-map-entry map-key="${escapeXml(ch.id)}" mapped-value="${Math.round((correct.includes(ch.id) ? per : wrong) * 1e6) / 1e6}"/>`)
          .join('')}</qti-mapping>`;
      }
      return {
        xml: [
          ...head,
          `  <qti-response-declaration identifier="RESPONSE" cardinality="${multiple ? 'multiple' : 'single'}" base-type="identifier"><qti-correct-response>${correct.map(value).join('')}</qti-correct-response>${mapping}</qti-response-declaration>`,
          score,
          ...fb,
          '  <qti-item-body>',
          `    ${textToHtml(item.stem)}`,
          `    <qti-choice-interaction response-identifier="RESPONSE" shuffle="false" max-choices="${multiple ? 0 : 1}">`,
          ...choices.map((ch) => `      <qti-simple-choice identifier="${escapeXml(ch.id)}">${escapeXml(ch.text).replace(/\n/g, '<br/>')}</qti-simple-choice>`),
          '    </qti-choice-interaction>',
          '  </qti-item-body>',
          `  <qti-response-processing template="${mapped ? RP_MAP_RESPONSE : RP_MATCH_CORRECT}"/>`,
          ...tail,
        ].join('\n'),
        notes,
      };
    }
    case 'fill_blank': {
      const blanks = ((key.blanks as { accepted: Record<string, unknown>[] }[] | undefined) ?? []).map((b) => b.accepted.filter((a) => a.kind !== 'regex'));
      if (blanks.some((b) => !b.length)) return { skip: 'a blank accepts only pattern answers, which QTI text entries cannot carry' };
      if (((key.blanks as { accepted: unknown[] }[] | undefined) ?? []).some((b, i) => b.accepted.length !== blanks[i]!.length)) notes.push('pattern answers left out');
      if (key.order === 'free') notes.push('blanks exported in order (QTI has no order-free blanks)');
      const caseSensitive = (key.normalize as { caseFold?: boolean } | undefined)?.caseFold === false;
      const rid = (i: number) => (blanks.length === 1 ? 'RESPONSE' : `RESPONSE${i + 1}`);
      const decls: string[] = [];
      const rules: string[] = ['    <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">0</qti-base-value></qti-set-outcome-value>'];
      blanks.forEach((accepted, i) => {
        const numeric = accepted.every((a) => a.kind === 'number');
        const values = accepted.map((a) => String(a.value));
        const tol = numeric ? (accepted[0]!.tolerance as { abs?: number; rel?: number } | undefined) : undefined;
        if (tol && (tol.abs !== undefined || tol.rel !== undefined)) {
          if (values.length > 1) notes.push(`blank ${i + 1}: only the first number is graded with its tolerance`);
          const [mode, t] = tol.abs !== undefined ? ['absolute', tol.abs] : ['relative', (tol.rel ?? 0) * 100];
          decls.push(`  <qti-response-declaration identifier="${rid(i)}" cardinality="single" base-type="float"><qti-correct-response>${value(values[0]!)}</qti-correct-response></qti-response-declaration>`);
          rules.push(
            `    <qti-response-condition><qti-response-if><qti-equal tolerance-mode="${mode}" tolerance="${t} ${t}"><qti-variable identifier="${rid(i)}"/><qti-correct identifier="${rid(i)}"/></qti-equal><qti-set-outcome-value identifier="SCORE"><qti-sum><qti-variable identifier="SCORE"/><qti-base-value base-type="float">1</qti-base-value></qti-sum></qti-set-outcome-value></qti-response-if></qti-response-condition>`,
          );
          return;
        }
        decls.push(
          `  <qti-response-declaration identifier="${rid(i)}" cardinality="single" base-type="${numeric ? 'float' : 'string'}"><qti-correct-response>${value(values[0]!)}</qti-correct-response><qti-mapping default-value="0">${values
            .map((v) => `<qti-map-entry map-key="${escapeXml(v)}" mapped-value="1" case-sensitive="${caseSensitive}"/>`)
            .join('')}</qti-mapping></qti-response-declaration>`,
        );
        rules.push(`    <qti-set-outcome-value identifier="SCORE"><qti-sum><qti-variable identifier="SCORE"/><qti-map-response identifier="${rid(i)}"/></qti-sum></qti-set-outcome-value>`);
      });
      // Blanks go where the stem has runs of underscores, when there is one run per blank.
      const runs = item.stem.match(/_{2,}/g) ?? [];
      let bodyHtml: string;
      const entry = (i: number) => `<qti-text-entry-interaction response-identifier="${rid(i)}"/>`;
      if (runs.length === blanks.length) {
        let k = 0;
        bodyHtml = textToHtml(item.stem).replace(/_{2,}/g, () => entry(k++));
      } else {
        bodyHtml = `${textToHtml(item.stem)}<p>${blanks.map((_, i) => entry(i)).join(' ')}</p>`;
        notes.push('the stem has no ____ for each blank; the entries follow the stem');
      }
      return {
        xml: [...head, ...decls, score, ...fb, '  <qti-item-body>', `    ${bodyHtml}`, '  </qti-item-body>', '  <qti-response-processing>', ...rules, '  </qti-response-processing>', ...tail].join('\n'),
        notes,
      };
    }
    case 'essay':
      return {
        xml: [
          ...head,
          '  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>',
          score,
          ...fb,
          '  <qti-item-body>',
          `    ${textToHtml(item.stem)}`,
          '    <qti-extended-text-interaction response-identifier="RESPONSE"/>',
          '  </qti-item-body>',
          ...tail,
        ].join('\n'),
        notes,
      };
    case 'short_answer':
      return { skip: 'a keyword-graded short answer has no QTI interaction here' };
    default:
      return { skip: `${item.type} items have no QTI form` };
  }
}

/** A QTI 3.0 content package: imsmanifest.xml and one assessment-item file per item. */
export function writeQtiPackage(items: ItemView[]): { body: Buffer; exported: number; skipped: { id: number; reason: string }[] } {
  const files: { name: string; data: Buffer }[] = [];
  const skipped: { id: number; reason: string }[] = [];
  const resources: string[] = [];
  for (const item of items) {
    const x = itemXml(item);
    if ('skip' in x) {
      skipped.push({ id: item.id, reason: x.skip });
      continue;
    }
    const href = `items/item-${item.id}.xml`;
    const notes = x.notes.length ? `<!-- ${x.notes.join('; ').replaceAll('--', '-')} -->\n` : '';
    files.push({ name: href, data: Buffer.from(x.xml.replace('\n', `\n${notes}`), 'utf8') });
    resources.push(`    <resource identifier="item-${item.id}" type="imsqti_item_xmlv3p0" href="${href}"><file href="${href}"/></resource>`);
  }
  const manifest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="xueli-items">',
    '  <metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>',
    '  <organizations/>',
    '  <resources>',
    ...resources,
    '  </resources>',
    '</manifest>',
    '',
  ].join('\n');
  return { body: writeZip([{ name: 'imsmanifest.xml', data: Buffer.from(manifest, 'utf8') }, ...files]), exported: files.length, skipped };
}
