/**
 * Item bank spreadsheets (CSV and xlsx share this): one row per item, Chinese or English
 * headers, values as Chinese enterprises keep question banks.
 *
 * Columns (any case and spacing; full-width letters fold): 题型/type, 题干/stem, 选项A…选项Z
 * (or A…Z), 答案/answer, 解析/explanation, 知识点/knowledgePoints, 难度/difficulty,
 * 区分度/discrimination, 标签/tags, 关键词/keywords, 多选规则/rule, 填空顺序/blankOrder,
 * 评分标准/rubric. Lists (knowledge points, tags) are separated by `;` `；` `,` `，` or `、`.
 *
 *  - 题型: 单选 多选 判断 填空 简答 论述 (with or without 题) or single multiple true_false
 *    fill_blank short_answer essay.
 *  - 答案: choices `B`, `ABD`, `A,B,D`; true/false 对/错, 正确/错误, true/false, T/F, √/×
 *    (or the letter of an option reading 正确/错误); fill-in-the-blank `;` between blanks and `|`
 *    between accepted answers — `2` (a number), `3.14±0.01`, `100±5%` (tolerance), `/^RAG$/i` (a
 *    pattern), anything else is text, `\` makes the next character literal; or the key as JSON.
 *  - 关键词 (short answer): `;` between keyword groups, `|` between synonyms, or the key as JSON.
 *    Without it the answer column is read as the keywords; otherwise a short answer's or an
 *    essay's answer is kept in the explanation as the reference answer.
 *  - 多选规则: all-or-nothing (default) 全对得分, partial 少选得部分分, partial-with-penalty 错选扣分,
 *    per-option 按选项计分, right-minus-wrong 对减错.
 *  - 填空顺序: sensitive 有序 (default) or free 无序. 难度: IRT b (−10…10) or 易/较易/中/较难/难.
 *  - 评分标准: the rubric as JSON; an essay without one gets the default rubric.
 *
 * A file whose first row names no known column and has six cells ending in A–D is read as the
 * MMLU layout: headerless `question,A,B,C,D,answer` rows of single-choice items.
 */
import type { ItemTypeName, ItemView } from '@xueli/contracts';
import { headerMapper, unescapeFormula, type HeaderMapper, type TableRecord, tableOfRecords } from '../../../lib/csv.ts';
import { defaultRubric, issue, splitList, type Issue, type ParsedFile, type ParsedItem, type Where } from './plan.ts';

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'] as const;
type Letter = (typeof LETTERS)[number];
type OptionField = `option${Letter}`;
export type TableField = 'type' | 'stem' | 'answer' | 'explanation' | 'knowledgePoints' | 'difficulty' | 'discrimination' | 'tags' | 'keywords' | 'rule' | 'blankOrder' | 'rubric' | OptionField;
const optionField = (l: Letter): OptionField => `option${l}`;

const ALIASES: Record<TableField, readonly string[]> = {
  type: ['type', 'itemType', 'questionType', '题型', '题目类型', '试题类型', '类型'],
  stem: ['stem', 'question', 'questionText', 'content', '题干', '题目', '题目内容', '试题内容', '问题'],
  answer: ['answer', 'answers', 'key', 'correctAnswer', '答案', '正确答案', '参考答案', '标准答案'],
  explanation: ['explanation', 'analysis', '解析', '答案解析', '试题解析', '题目解析'],
  knowledgePoints: ['knowledgePoints', 'knowledge_points', 'knowledgePoint', 'kp', 'kps', '知识点', '知识点编码', '知识点代码'],
  difficulty: ['difficulty', '难度'],
  discrimination: ['discrimination', '区分度'],
  tags: ['tags', 'tag', 'labels', '标签'],
  keywords: ['keywords', 'keyword', '关键词', '关键字', '得分点'],
  rule: ['rule', 'multipleRule', 'scoringRule', '多选规则', '评分规则', '计分规则'],
  blankOrder: ['blankOrder', 'order', '填空顺序', '答案顺序'],
  rubric: ['rubric', '评分标准', '评分量规'],
  ...(Object.fromEntries(LETTERS.map((l) => [optionField(l), [`option${l}`, `选项${l}`, l, `choice${l}`]])) as Record<OptionField, string[]>),
};

export const tableHeaders: HeaderMapper<TableField> = headerMapper<TableField>(ALIASES, ['type', 'stem']);

/** Template and export headers, in column order (options A–H; an export adds columns when needed). */
export function tableHeaderRow(lang: 'zh' | 'en', optionCount = 8): { fields: TableField[]; headers: string[] } {
  const opts = LETTERS.slice(0, Math.max(8, optionCount));
  const fields: TableField[] = ['type', 'stem', ...opts.map(optionField), 'answer', 'explanation', 'knowledgePoints', 'difficulty', 'discrimination', 'tags', 'keywords', 'rule', 'blankOrder', 'rubric'];
  const zh: Record<string, string> = { type: '题型', stem: '题干', answer: '答案', explanation: '解析', knowledgePoints: '知识点', difficulty: '难度', discrimination: '区分度', tags: '标签', keywords: '关键词', rule: '多选规则', blankOrder: '填空顺序', rubric: '评分标准' };
  const headers = fields.map((f) => (f.startsWith('option') ? (lang === 'zh' ? `选项${f.slice(6)}` : f.slice(6)) : lang === 'zh' ? zh[f]! : f));
  return { fields, headers };
}

// ---- values ---------------------------------------------------------------------------

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s_\-.]+/g, '');

const TYPE_NAMES: Record<string, ItemTypeName> = {};
const names = (type: ItemTypeName, list: string[]) => list.forEach((n) => (TYPE_NAMES[fold(n)] = type));
names('single', ['单选', '单选题', '单项选择', '单项选择题', '单选择题', 'single', 'single_choice', 'singlechoice', 'radio']);
names('multiple', ['多选', '多选题', '多项选择', '多项选择题', '不定项', '不定项选择', '不定项选择题', 'multiple', 'multiple_choice', 'multiplechoice', 'multi', 'checkbox']);
names('true_false', ['判断', '判断题', '是非', '是非题', '对错题', 'true_false', 'truefalse', 'tf', 'judge', 'boolean']);
names('fill_blank', ['填空', '填空题', 'fill_blank', 'fillblank', 'fill', 'blank', 'fill_in_the_blank']);
names('short_answer', ['简答', '简答题', '问答', '问答题', 'short_answer', 'shortanswer', 'short']);
names('essay', ['论述', '论述题', '案例分析', '案例分析题', '作文', 'essay', 'long_answer']);
names('programming', ['编程', '编程题', 'programming', 'code']);

export const TYPE_LABEL: Record<'zh' | 'en', Record<ItemTypeName, string>> = {
  zh: { single: '单选', multiple: '多选', true_false: '判断', fill_blank: '填空', short_answer: '简答', essay: '论述', programming: '编程' },
  en: { single: 'single', multiple: 'multiple', true_false: 'true_false', fill_blank: 'fill_blank', short_answer: 'short_answer', essay: 'essay', programming: 'programming' },
};

const TRUE_WORDS = new Set(['对', '正确', '是', '真', '√', '✓', '✔', 't', 'true', 'y', 'yes', '1', 'right', 'correct']);
const FALSE_WORDS = new Set(['错', '错误', '否', '假', '×', '✗', '✘', 'x', 'f', 'false', 'n', 'no', '0', 'wrong', 'incorrect']);

/** A true/false answer as written in Chinese and English banks; undefined when it is neither. */
export function truthOf(raw: string): boolean | undefined {
  const v = fold(raw);
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return undefined;
}

/** Choice letters: `B`, `ABD`, `a, b、d`; null when anything else is written. */
export function choiceLetters(raw: string): string[] | null {
  const s = raw.normalize('NFKC').toUpperCase().replace(/[\s,，、;；|/()（）]+/g, '');
  return /^[A-Z]+$/.test(s) ? [...s] : null;
}

const RULES: Record<string, string> = {};
const rule = (id: string, list: string[]) => [id, ...list].forEach((n) => (RULES[fold(n)] = id));
rule('all-or-nothing', ['allornothing', '全对得分', '全对', '全部正确', '少选不得分', '完全正确']);
rule('partial', ['部分得分', '少选得分', '少选得部分分', '按比例']);
rule('partial-with-penalty', ['penalty', '错选扣分', '倒扣', '扣分']);
rule('per-option', ['peroption', '按选项计分', '按选项', '逐项计分']);
rule('right-minus-wrong', ['rightminuswrong', '对减错', '答对减答错']);

const ORDERS: Record<string, 'sensitive' | 'free'> = {};
for (const n of ['sensitive', 'ordered', '有序', '按顺序', '顺序']) ORDERS[fold(n)] = 'sensitive';
for (const n of ['free', 'unordered', 'any', '无序', '不分顺序', '任意顺序']) ORDERS[fold(n)] = 'free';

const DIFFICULTY_WORDS: Record<string, number> = {};
for (const [n, v] of [['易', -1], ['容易', -1], ['简单', -1], ['easy', -1], ['较易', -0.5], ['中', 0], ['中等', 0], ['适中', 0], ['一般', 0], ['medium', 0], ['较难', 0.5], ['难', 1], ['困难', 1], ['hard', 1], ['difficult', 1]] as const) {
  DIFFICULTY_WORDS[fold(n)] = v;
}

const NUM = String.raw`[+-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const NUMBER_RE = new RegExp(`^${NUM}$`);
const TOLERANCE_RE = new RegExp(`^(${NUM})\\s*(?:±|\\+-|\\+/-)\\s*(${NUM})(%?)$`);
const REGEX_RE = /^\/(.+)\/([ims]*)$/s;

/** A number cell (full-width digits fold); undefined when blank, NaN when not a number. */
function numberCell(raw: string): number | undefined {
  const s = raw.normalize('NFKC').trim();
  if (!s) return undefined;
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
}

interface Piece {
  /** As written, escapes kept. */
  source: string;
  /** Escapes resolved. */
  text: string;
  escaped: boolean;
}

/** Splits at unescaped separators: `;`/`；` between groups, `|` between alternatives. */
function splitEscaped(raw: string): Piece[][] {
  const groups: Piece[][] = [];
  let group: Piece[] = [];
  let cur: Piece = { source: '', text: '', escaped: false };
  const endPiece = () => {
    group.push({ source: cur.source.trim(), text: cur.text.trim(), escaped: cur.escaped });
    cur = { source: '', text: '', escaped: false };
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      cur.source += c + raw[i + 1]!;
      cur.text += raw[i + 1]!;
      cur.escaped = true;
      i++;
    } else if (c === '|') endPiece();
    else if (c === ';' || c === '；') {
      endPiece();
      groups.push(group);
      group = [];
    } else {
      cur.source += c;
      cur.text += c;
    }
  }
  endPiece();
  groups.push(group);
  // A trailing separator (`a;b;`) leaves an empty last group: not a blank.
  if (groups.length > 1 && groups.at(-1)!.every((p) => !p.source)) groups.pop();
  return groups;
}

type Accepted = { kind: 'text'; value: string } | { kind: 'number'; value: number; tolerance?: { abs?: number; rel?: number } } | { kind: 'regex'; pattern: string; flags?: string };

function acceptedOf(p: Piece): Accepted | null {
  if (!p.source) return null;
  const re = REGEX_RE.exec(p.source);
  if (re && !p.source.startsWith('\\')) return { kind: 'regex', pattern: re[1]!, ...(re[2] ? { flags: re[2] } : {}) };
  if (!p.escaped) {
    const s = p.text.normalize('NFKC');
    if (NUMBER_RE.test(s)) return { kind: 'number', value: Number(s) };
    const t = TOLERANCE_RE.exec(s);
    if (t) {
      const tol = Number(t[2]);
      return { kind: 'number', value: Number(t[1]), tolerance: t[3] ? { rel: tol / 100 } : { abs: tol } };
    }
  }
  return { kind: 'text', value: p.text };
}

const escapeText = (s: string): string => {
  const e = s.replace(/[\\;；|]/g, (c) => `\\${c}`);
  // Text that would read back as a number, a pattern or JSON keeps its first character literal.
  const piece: Piece = { source: e, text: s, escaped: e !== s };
  const back = acceptedOf(piece);
  return back?.kind === 'text' && !/^[{[]/.test(e) ? e : `\\${e}`;
};

function jsonCell(raw: string, what: string): { value?: Record<string, unknown>; error?: string } {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `${what} as JSON must be an object` };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { error: `${what} is not valid JSON (${e instanceof Error ? e.message : 'syntax error'})` };
  }
}

// ---- row → item -----------------------------------------------------------------------

const isCjk = (s: string) => /[\u3400-\u9fff]/.test(s);

/**
 * One spreadsheet row as a `createItemBody` candidate, with every problem of its cells.
 * `zhSheet` decides the wording of a reference answer kept in the explanation.
 */
export function rowToItem(cells: Partial<Record<TableField, string>>, where: Where, zhSheet: boolean): ParsedItem {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const get = (f: TableField) => unescapeFormula(cells[f] ?? '').trim();
  const typeRaw = get('type');
  const type = TYPE_NAMES[fold(typeRaw)];
  if (!type) {
    issues.push(issue('type', typeRaw ? `unknown item type '${typeRaw}' (use 单选 多选 判断 填空 简答 论述 or single multiple true_false fill_blank short_answer essay)` : 'the item type is missing', typeRaw || null, 'type'));
    return { where, candidate: null, issues, warnings };
  }
  if (type === 'programming') {
    issues.push(issue('type', 'programming items cannot be imported from a spreadsheet (their tests do not fit in cells); create them with the API', typeRaw, 'type'));
    return { where, candidate: null, issues, warnings };
  }
  const c: Record<string, unknown> = { type, stem: get('stem') };

  // Options: filled from A with no gaps.
  const options: { id: string; text: string }[] = [];
  let gapAt: Letter | null = null;
  for (const l of LETTERS) {
    const text = get(optionField(l));
    if (!text) {
      gapAt ??= l;
      continue;
    }
    if (gapAt && !issues.some((i) => i.covers === 'options')) issues.push(issue(optionField(gapAt), `option ${gapAt} is blank but option ${l} is not: fill the options from A without gaps`, null, 'options'));
    options.push({ id: l, text });
  }

  const answer = get('answer');
  const explanation = [get('explanation')];
  const reference = () => {
    if (answer) explanation.push(`${zhSheet ? '参考答案：' : 'Reference answer: '}${answer}`);
  };
  const answerIssue = (message: string) => issues.push(issue('answer', message, answer || null, 'answerKey'));

  switch (type) {
    case 'single':
    case 'multiple': {
      c.options = options;
      const letters = choiceLetters(answer);
      if (!answer) answerIssue('the answer is missing (the letter of the correct option, e.g. B)');
      else if (!letters) answerIssue(`the answer '${answer}' is not option letters (e.g. B or ABD)`);
      else if (new Set(letters).size !== letters.length) answerIssue(`the answer '${answer}' repeats a letter`);
      else if (type === 'single' && letters.length !== 1) answerIssue(`a single-choice item has one answer, not '${answer}' (use 多选/multiple for several)`);
      else {
        const r = get('rule');
        const ruleId = r ? RULES[fold(r)] : 'all-or-nothing';
        if (type === 'multiple' && !ruleId) issues.push(issue('rule', `unknown rule '${r}' (all-or-nothing, partial, partial-with-penalty, per-option, right-minus-wrong)`, r, 'answerKey'));
        c.answerKey = type === 'single' ? { correct: letters[0] } : { correct: letters, rule: ruleId ?? 'all-or-nothing' };
      }
      break;
    }
    case 'true_false': {
      let truth = truthOf(answer);
      const letters = choiceLetters(answer);
      const optionTruths = options.map((o) => truthOf(o.text));
      if (options.length && optionTruths.every((t) => t !== undefined)) {
        // 判断 rows that list A 正确 / B 错误 as options: the letter names the truth.
        if (truth === undefined && letters?.length === 1) truth = optionTruths[LETTERS.indexOf(letters[0] as Letter)];
      } else if (options.length) issues.push(issue('optionA', 'a true/false item has no options (or only 正确/错误)', options[0]!.text, 'options'));
      if (!answer) answerIssue('the answer is missing (对/错, 正确/错误, true/false)');
      else if (truth === undefined) answerIssue(`the answer '${answer}' is not true or false (对/错, 正确/错误, true/false, T/F, √/×)`);
      else c.answerKey = { correct: truth };
      break;
    }
    case 'fill_blank': {
      if (options.length) issues.push(issue('optionA', 'a fill-in-the-blank item has no options', options[0]!.text, 'options'));
      const orderRaw = get('blankOrder');
      const order = orderRaw ? ORDERS[fold(orderRaw)] : 'sensitive';
      if (!order) issues.push(issue('blankOrder', `unknown blank order '${orderRaw}' (sensitive/有序 or free/无序)`, orderRaw, 'answerKey'));
      if (!answer) answerIssue('the answer is missing (accepted answers: `|` between alternatives, `;` between blanks)');
      else if (answer.startsWith('{')) {
        const j = jsonCell(answer, 'the answer');
        if (j.error) answerIssue(j.error);
        else c.answerKey = { order: order ?? 'sensitive', ...j.value };
      } else {
        const blanks = splitEscaped(answer).map((alts, bi) =>
          alts.map((p) => {
            const a = acceptedOf(p);
            if (!a) answerIssue(`blank ${bi + 1} has an empty accepted answer`);
            return a;
          }),
        );
        if (!issues.some((i) => i.covers === 'answerKey')) c.answerKey = { order: order ?? 'sensitive', blanks: blanks.map((alts) => ({ accepted: alts })) };
      }
      break;
    }
    case 'short_answer': {
      if (options.length) issues.push(issue('optionA', 'a short-answer item has no options', options[0]!.text, 'options'));
      const kw = get('keywords');
      const source = kw || answer;
      const field = kw ? 'keywords' : 'answer';
      if (kw) reference();
      if (!source) issues.push(issue('keywords', 'a short-answer item needs keywords (关键词: `;` between groups, `|` between synonyms)', null, 'answerKey'));
      else if (source.startsWith('{')) {
        const j = jsonCell(source, `the ${field}`);
        if (j.error) issues.push(issue(field, j.error, source, 'answerKey'));
        else c.answerKey = j.value;
      } else {
        const groups = splitEscaped(source).map((alts) => alts.map((p) => p.text).filter(Boolean));
        if (groups.some((g) => !g.length)) issues.push(issue(field, 'a keyword group is empty', source, 'answerKey'));
        else c.answerKey = { keywords: groups.map((terms, i) => ({ id: `k${i + 1}`, terms })) };
      }
      break;
    }
    case 'essay':
      if (options.length) issues.push(issue('optionA', 'an essay has no options', options[0]!.text, 'options'));
      reference();
      break;
  }

  const rubric = get('rubric');
  if (rubric) {
    if (type !== 'essay' && type !== 'short_answer') issues.push(issue('rubric', `a ${type} item has no rubric`, rubric, 'rubric'));
    else {
      const j = jsonCell(rubric, 'the rubric');
      if (j.error) issues.push(issue('rubric', j.error, rubric, 'rubric'));
      else c.rubric = j.value;
    }
  } else if (type === 'essay') c.rubric = defaultRubric();

  const text = explanation.filter(Boolean).join('\n\n');
  if (text) c.explanation = text;
  for (const f of ['difficulty', 'discrimination'] as const) {
    const raw = get(f);
    if (!raw) continue;
    const n = f === 'difficulty' && DIFFICULTY_WORDS[fold(raw)] !== undefined ? DIFFICULTY_WORDS[fold(raw)] : numberCell(raw);
    if (n === undefined || Number.isNaN(n)) issues.push(issue(f, `${f} '${raw}' is not a number${f === 'difficulty' ? ' (IRT b, or 易/较易/中/较难/难)' : ''}`, raw, f));
    else c[f] = n;
  }
  const tags = splitList(get('tags'));
  if (tags.length) c.tags = tags;
  const kps = splitList(get('knowledgePoints'));
  if (kps.length) c.knowledgePoints = kps;
  return { where, candidate: c, issues, warnings };
}

/** The spreadsheet column a problem path is about (`options.2.text` → optionC, `answerKey` → answer). */
export function tableFieldOf(path: readonly PropertyKey[]): string | null {
  const [top, second] = path;
  if (top === 'options' && typeof second === 'number' && second < LETTERS.length) return optionField(LETTERS[second]!);
  if (top === 'answerKey') return 'answer';
  return top === undefined ? null : String(top);
}

// ---- reading a whole sheet --------------------------------------------------------------

const stripPlace = (m: string) => m.replace(/^line \d+: /, '');

/** MMLU: headerless `question,A,B,C,D,answer` rows. */
function looksLikeMmlu(first: TableRecord, headers: HeaderMapper<TableField>): boolean {
  const cells = first.cells.map((c) => c.trim());
  // A header row names the type and the stem; a bare answer letter would read as column B.
  const named = new Set(headers.mapHeaders(cells).columns.values());
  return !named.has('type') && !named.has('stem') && cells.length === 6 && /^[A-D]$/i.test(cells[5]!);
}

/**
 * Reads the records of a sheet (CSV records or spreadsheet rows, each with its line or row
 * number) into parsed items; `kind` says how places are written (`line` or `row`).
 */
export function parseTableRecords(records: TableRecord[], kind: 'line' | 'row', tag?: string): Omit<ParsedFile, 'encoding'> {
  const where = (line: number): Where => ({ kind, file: null, item: null, line });
  const out: Omit<ParsedFile, 'encoding'> = { items: [], errors: [], warnings: [], layout: null };
  const data = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!data.length) {
    out.errors.push({ where: where(1), issue: issue(null, 'the file is empty; the first row must be a header row (题型, 题干, 选项A…, 答案, …)') });
    return out;
  }
  if (looksLikeMmlu(data[0]!, tableHeaders)) {
    out.layout = 'mmlu';
    for (const r of data) {
      const cells = r.cells.map((c) => unescapeFormula(c).trim());
      while (cells.length > 6 && cells.at(-1) === '') cells.pop();
      if (cells.length !== 6) {
        out.items.push({ where: where(r.line), candidate: null, issues: [issue(null, `an MMLU row has 6 cells (question,A,B,C,D,answer), this one has ${cells.length}`)], warnings: [] });
        continue;
      }
      const [stem, a, b, c, d, ans] = cells as [string, string, string, string, string, string];
      const row: Partial<Record<TableField, string>> = { type: 'single', stem, optionA: a, optionB: b, optionC: c, optionD: d, answer: ans };
      if (tag) row.tags = tag;
      out.items.push(rowToItem(row, where(r.line), false));
    }
    return out;
  }
  out.layout = 'header';
  const table = tableOfRecords(data, tableHeaders);
  for (const e of table.errors) out.errors.push({ where: where(e.line), issue: issue(e.field, stripPlace(e.message), e.value) });
  if (table.errors.length && !table.rows.length) return out;
  const zhSheet = isCjk(data[0]!.cells.join(''));
  for (const row of table.rows) out.items.push(rowToItem(row.cells, where(row.line), zhSheet));
  return out;
}

// ---- item → row -----------------------------------------------------------------------

const isPlain = (o: Record<string, unknown>, allowed: string[]) => Object.keys(o).every((k) => allowed.includes(k));

function fillBlankCell(key: Record<string, unknown>): { answer: string; order: string } {
  const order = key.order === 'free' ? 'free' : 'sensitive';
  const blanks = Array.isArray(key.blanks) ? (key.blanks as Record<string, unknown>[]) : [];
  const simple =
    isPlain(key, ['type', 'order', 'blanks']) &&
    blanks.every(
      (b) =>
        isPlain(b, ['accepted']) &&
        Array.isArray(b.accepted) &&
        (b.accepted as Record<string, unknown>[]).every((a) => {
          if (a.kind === 'text') return isPlain(a, ['kind', 'value']) && typeof a.value === 'string' && a.value.trim() === a.value && a.value !== '';
          if (a.kind === 'number') {
            const t = a.tolerance as Record<string, unknown> | undefined;
            return isPlain(a, ['kind', 'value', 'tolerance']) && (t === undefined || (isPlain(t, ['abs', 'rel']) && Object.keys(t).length === 1));
          }
          if (a.kind === 'regex') return isPlain(a, ['kind', 'pattern', 'flags']) && typeof a.pattern === 'string' && !/[;；|]/.test(a.pattern) && a.pattern.trim() === a.pattern;
          return false;
        }),
    );
  if (!simple) {
    const { type: _type, ...rest } = key;
    return { answer: JSON.stringify(rest), order };
  }
  const alt = (a: Record<string, unknown>): string => {
    if (a.kind === 'text') return escapeText(String(a.value));
    if (a.kind === 'regex') return `/${String(a.pattern)}/${typeof a.flags === 'string' ? a.flags : ''}`;
    const t = a.tolerance as { abs?: number; rel?: number } | undefined;
    const v = String(a.value);
    if (t?.abs !== undefined) return `${v}±${t.abs}`;
    if (t?.rel !== undefined) return `${v}±${Math.round(t.rel * 1e8) / 1e6}%`;
    return v;
  };
  return { answer: blanks.map((b) => (b.accepted as Record<string, unknown>[]).map(alt).join('|')).join(';'), order };
}

function keywordsCell(key: Record<string, unknown>): string {
  const groups = Array.isArray(key.keywords) ? (key.keywords as Record<string, unknown>[]) : [];
  const simple = isPlain(key, ['type', 'keywords']) && groups.every((g, i) => isPlain(g, ['id', 'terms']) && g.id === `k${i + 1}` && Array.isArray(g.terms) && (g.terms as unknown[]).every((t) => typeof t === 'string' && t.trim() === t && t !== ''));
  if (!simple) {
    const { type: _type, ...rest } = key;
    return JSON.stringify(rest);
  }
  const cell = groups.map((g) => (g.terms as string[]).map((t) => t.replace(/[\\;；|]/g, (c) => `\\${c}`)).join('|')).join(';');
  return cell.startsWith('{') ? `\\${cell}` : cell;
}

/**
 * An item as a spreadsheet row (cells by field), or why it cannot be one. Option ids become
 * the letters of their columns, in order.
 */
export function itemToRow(item: ItemView, lang: 'zh' | 'en', kpRef: (kp: ItemView['knowledgePoints'][number]) => string): { cells: Partial<Record<TableField, string | number>> } | { skip: string } {
  if (item.type === 'programming') return { skip: 'programming items have no spreadsheet columns (export them with the API)' };
  const key = item.answerKey ?? {};
  const cells: Partial<Record<TableField, string | number>> = { type: TYPE_LABEL[lang][item.type], stem: item.stem };
  const options = item.options ?? [];
  if (options.length > LETTERS.length) return { skip: `more than ${LETTERS.length} options` };
  const letterOf = new Map(options.map((o, i) => [o.id, LETTERS[i]!]));
  options.forEach((o, i) => (cells[optionField(LETTERS[i]!)] = o.text));
  switch (item.type) {
    case 'single':
      cells.answer = letterOf.get(String(key.correct)) ?? '';
      break;
    case 'multiple':
      cells.answer = (Array.isArray(key.correct) ? (key.correct as string[]) : []).map((id) => letterOf.get(id) ?? '').join('');
      cells.rule = typeof key.rule === 'string' ? key.rule : '';
      break;
    case 'true_false':
      cells.answer = key.correct === true ? (lang === 'zh' ? '正确' : 'true') : lang === 'zh' ? '错误' : 'false';
      break;
    case 'fill_blank': {
      const f = fillBlankCell(key);
      cells.answer = f.answer;
      cells.blankOrder = f.order;
      break;
    }
    case 'short_answer':
      cells.keywords = keywordsCell(key);
      break;
    case 'essay':
      break;
  }
  if (item.rubric && (item.type === 'essay' || item.type === 'short_answer')) cells.rubric = JSON.stringify(item.rubric);
  cells.explanation = item.explanation;
  cells.knowledgePoints = item.knowledgePoints.map(kpRef).join('; ');
  if (item.difficulty != null) cells.difficulty = item.difficulty;
  if (item.discrimination != null) cells.discrimination = item.discrimination;
  cells.tags = item.tags.join('; ');
  return { cells };
}

/** Example rows for the templates, one per type (knowledge points left blank: give a default, or fill them in). */
export function templateRows(lang: 'zh' | 'en'): Partial<Record<TableField, string>>[] {
  const t = TYPE_LABEL[lang];
  if (lang === 'zh')
    return [
      { type: t.single, stem: '检索增强生成（RAG）的主要作用是？', optionA: '让模型依据检索到的资料作答', optionB: '提高模型的训练速度', optionC: '减少显存占用', optionD: '让模型永远不会出错', answer: 'A', explanation: 'RAG 先检索相关资料，再交给模型据此生成答案。', difficulty: '中', tags: 'RAG; 示例' },
      { type: t.multiple, stem: '以下哪些属于常用的提示词技巧？', optionA: '给出少量示例', optionB: '要求逐步推理', optionC: '反复重启电脑', optionD: '明确输出格式', answer: 'ABD', rule: 'partial', explanation: '示例、逐步推理和明确格式都能提升输出质量。', tags: '提示词' },
      { type: t.true_false, stem: '温度（temperature）越高，模型输出越随机。', answer: '对' },
      { type: t.fill_blank, stem: '模型一次能处理的最大 token 数称为____；1+1=____。', answer: '上下文窗口|上下文长度|context window;2', blankOrder: '有序' },
      { type: t.short_answer, stem: '简述在客服场景使用大模型时需要注意的数据安全问题。', keywords: '脱敏|去标识化;权限|授权;审计|日志', explanation: '要点：客户信息脱敏、最小权限、操作留痕。' },
      { type: t.essay, stem: '结合一个银行业务场景，论述大模型的应用价值与风险。', explanation: '可从效率、合规、数据安全、人工复核等角度展开。' },
    ];
  return [
    { type: t.single, stem: 'What does retrieval-augmented generation (RAG) do?', optionA: 'Lets the model answer from retrieved documents', optionB: 'Speeds up model training', optionC: 'Reduces GPU memory', optionD: 'Makes the model never wrong', answer: 'A', explanation: 'RAG retrieves relevant documents first and has the model answer from them.', difficulty: 'medium', tags: 'RAG; example' },
    { type: t.multiple, stem: 'Which of these are common prompting techniques?', optionA: 'Give a few examples', optionB: 'Ask for step-by-step reasoning', optionC: 'Restart the computer', optionD: 'State the output format', answer: 'ABD', rule: 'partial', tags: 'prompting' },
    { type: t.true_false, stem: 'A higher temperature makes the output more random.', answer: 'true' },
    { type: t.fill_blank, stem: 'The most tokens a model can take at once is its ____; 1+1=____.', answer: 'context window|context length;2', blankOrder: 'sensitive' },
    { type: t.short_answer, stem: 'Name the data-security concerns of using an LLM in customer service.', keywords: 'masking|de-identification;permission|authorisation;audit|log' },
    { type: t.essay, stem: 'Using a banking scenario, discuss the value and the risks of LLMs.' },
  ];
}

/** Column notes for the template's help sheet. */
export const TEMPLATE_HELP: Record<'zh' | 'en', [string, string][]> = {
  zh: [
    ['题型', '单选 / 多选 / 判断 / 填空 / 简答 / 论述'],
    ['题干', '题目正文（必填）'],
    ['选项A…选项H', '选择题的选项，从 A 开始连续填写；需要更多选项时可增加 选项I…选项Z 列'],
    ['答案', '单选 B；多选 ABD；判断 对/错、正确/错误；填空：空与空之间用 ; 分隔，同一空的多个可接受答案用 | 分隔，数字可写 3.14±0.01 或 100±5%，/正则/ 为模式，\\ 使下一个字符按原样处理'],
    ['解析', '答案解析'],
    ['知识点', '知识点编码，多个用 ; 或 ； 分隔；留空时使用导入时指定的默认知识点'],
    ['难度', 'IRT 难度 b（-10…10），或 易 / 较易 / 中 / 较难 / 难'],
    ['区分度', 'IRT 区分度 a（0…10）'],
    ['标签', '多个用 ; 分隔'],
    ['关键词', '简答题的得分关键词：组与组之间用 ; 分隔，同义词用 | 分隔'],
    ['多选规则', 'all-or-nothing（全对得分，默认）/ partial（少选得部分分）/ partial-with-penalty（错选扣分）/ per-option / right-minus-wrong'],
    ['填空顺序', '有序（默认）/ 无序'],
    ['评分标准', '评分量规 JSON；论述题留空时使用默认量规'],
  ],
  en: [
    ['type', 'single / multiple / true_false / fill_blank / short_answer / essay'],
    ['stem', 'The question text (required)'],
    ['A…H', 'Options of a choice item, filled from A without gaps; add columns I…Z for more'],
    ['answer', 'single B; multiple ABD; true/false true/false; fill-in-the-blank: ; between blanks, | between accepted answers, numbers as 3.14±0.01 or 100±5%, /pattern/ for a pattern, \\ makes the next character literal'],
    ['explanation', 'Shown after answering'],
    ['knowledgePoints', 'Knowledge-point codes separated by ; — blank: the default given to the import'],
    ['difficulty', 'IRT b (−10…10), or easy / medium / hard'],
    ['discrimination', 'IRT a (0…10)'],
    ['tags', 'Separated by ;'],
    ['keywords', 'Short answer: ; between keyword groups, | between synonyms'],
    ['rule', 'Multiple choice: all-or-nothing (default), partial, partial-with-penalty, per-option, right-minus-wrong'],
    ['blankOrder', 'sensitive (default) or free'],
    ['rubric', 'The rubric as JSON; an essay without one gets the default rubric'],
  ],
};
