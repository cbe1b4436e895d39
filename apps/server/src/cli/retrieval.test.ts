/**
 * `xueli retrieval search` in-process through commander (as main.ts registers it), on small JSONL
 * files in a temporary folder; the last test runs it through the whole `xueli` program. No
 * database is involved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Retriever } from '@xueli/engine';
import { runCommands, runXueli } from '../../test/cli.ts';
import { registerRetrievalCommands } from './retrieval.ts';

let dir: string;
let output: string;
let docs: string, queries: string;

const DOCS = [
  { id: 'leave', text: '员工请假需要提前三天在系统中提交申请，由直属主管审批。' },
  { id: 'annual', text: '年假天数按工龄计算：满一年五天，满十年十天。' },
  { id: 'expense', text: '报销单据需在30天内提交财务部，逾期不予受理。' },
  { id: 'security', text: '访客进入机房需要登记并由信息安全部员工陪同。' },
  { id: 'training', text: '新员工入职培训为期两周，内容包括公司制度与产品知识。' },
  { id: 'hotel', text: 'Hotel costs are reimbursed up to 600 yuan per night.' },
];
const QUERIES = [
  { id: 'q1', text: '请假需要提前几天申请？' },
  { id: 'q2', text: '报销单据要在多少天内提交？' },
  { id: 'q3', text: 'How much is reimbursed for a hotel night?' },
  { id: 'q4', text: '鲸鱼' },
];

async function run(...args: string[]): Promise<number> {
  const r = await runCommands(registerRetrievalCommands, args);
  output = r.output;
  return r.code;
}

const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const readJsonl = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; hits: string[] });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-retrieval-'));
  docs = file('docs.jsonl', jsonl(DOCS));
  queries = file('queries.jsonl', jsonl(QUERIES));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('xueli retrieval search', () => {
  it('writes {"id","hits"} per query in input order, best first, with the product retriever', async () => {
    const out = path.join(dir, 'hits.jsonl');
    expect(await run('retrieval', 'search', '--docs', docs, '--queries', queries, '--k', '3', '--out', out)).toBe(0);
    const rows = readJsonl(out);
    expect(rows.map((r) => r.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(rows[0]!.hits[0]).toBe('leave');
    expect(rows[1]!.hits[0]).toBe('expense');
    expect(rows[2]!.hits[0]).toBe('hotel');
    expect(rows[3]!.hits).toEqual([]); // shares nothing with any doc
    for (const r of rows) expect(r.hits.length).toBeLessThanOrEqual(3);
    // exactly what the engine's Retriever returns
    const r = new Retriever();
    r.addAll(DOCS);
    QUERIES.forEach((q, i) => expect(rows[i]!.hits).toEqual(r.search(q.text, { k: 3 }).map((h) => h.id)));
    expect(output).toMatch(/top-3 hits for 4 queries over 6 docs \(1 queries matched nothing\)/);
  });

  it('defaults to k = 10, skips empty lines, accepts CRLF, a BOM, extra keys and a doc title', async () => {
    const d = file(
      'docs2.jsonl',
      '\ufeff' +
        DOCS.map((x, i) => JSON.stringify(i === 1 ? { ...x, title: '年假规定', lang: 'zh' } : x)).join('\r\n\r\n') +
        '\r\n',
    );
    const out = path.join(dir, 'hits2.jsonl');
    expect(await run('retrieval', 'search', '--docs', d, '--queries', queries, '--out', out)).toBe(0);
    const rows = readJsonl(out);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.hits.length).toBeGreaterThan(3);
    expect(rows[0]!.hits.length).toBeLessThanOrEqual(6);
  });

  it.each([
    ['a bad JSON line', jsonl(DOCS.slice(0, 2)) + '{"id": "x", "text": \n', /line 3: not valid JSON/],
    ['a JSON array', '["a", "b"]\n', /line 1: expected a JSON object \{"id", "text"\}/],
    ['a missing id', jsonl([DOCS[0], { text: 'no id' }]), /line 2: missing "id"/],
    ['a numeric id', jsonl([{ id: 7, text: 'x' }]), /line 1: "id" must be a string, got number/],
    ['an empty id', jsonl([{ id: '', text: 'x' }]), /line 1: empty "id"/],
    ['a duplicate id', jsonl([DOCS[0], DOCS[1], DOCS[0]]), /line 3: duplicate id "leave" \(first on line 1\)/],
    ['a missing text', jsonl([{ id: 'a' }]), /line 1: missing "text"/],
    ['a non-string text', jsonl([{ id: 'a', text: ['x'] }]), /line 1: "text" must be a string, got object/],
    ['a non-string title', jsonl([{ id: 'a', text: 'x', title: 3 }]), /line 1: "title" must be a string, got number/],
    ['an empty file', '', /empty file/],
    ['only blank lines', '\n  \n', /empty file/],
  ])('rejects a docs file with %s: file and line, exit code 2, nothing written', async (_what, body, message) => {
    const bad = file('bad-docs.jsonl', body);
    const out = path.join(dir, 'bad-out.jsonl');
    expect(await run('retrieval', 'search', '--docs', bad, '--queries', queries, '--out', out)).toBe(2);
    expect(output.startsWith(`error: ${bad}: `)).toBe(true);
    expect(output).toMatch(message);
    expect(output.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a duplicate id', jsonl([QUERIES[0], QUERIES[0]]), /line 2: duplicate id "q1"/],
    ['a null text', jsonl([{ id: 'q', text: null }]), /line 1: "text" must be a string, got null/],
    ['an empty file', '', /empty file/],
  ])('rejects a queries file with %s', async (_what, body, message) => {
    const bad = file('bad-queries.jsonl', body);
    const out = path.join(dir, 'bad-out.jsonl');
    expect(await run('retrieval', 'search', '--docs', docs, '--queries', bad, '--out', out)).toBe(2);
    expect(output).toContain(`error: ${bad}: `);
    expect(output).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('links docs given in reading order (detected) so a sentence borrows its neighbours’ subject; --order none does not', async () => {
    const articles = [
      ['黄鳍紫鱼是一种热带海水鱼。', '黄鳍紫鱼分布于印度洋与西太平洋珊瑚礁。', '体长可达50公分。', '黄鳍紫鱼以小型甲壳类为食。'],
      ['蓝鲸是地球上最大的动物，体长可达30米。', '蓝鲸主要吃磷虾。', '蓝鲸的叫声可以传到很远。', '蓝鲸曾被大量捕杀。'],
      ['鲸鲨是最大的鱼类，体长可达12米。', '鲸鲨性情温和。', '鲸鲨生活在温暖海域。', '鲸鲨行动缓慢。'],
      ['翻车鱼体长可达3米，以水母为食。', '翻车鱼是世界上最重的硬骨鱼。', '翻车鱼常在海面晒太阳。', '翻车鱼游泳能力很弱。'],
    ];
    const d = file('fish.jsonl', jsonl(articles.flatMap((a, i) => a.map((text, j) => ({ id: `a${i}s${j}`, text })))));
    const q = file('fish-q.jsonl', jsonl([{ id: 'q', text: '黄鳍紫鱼的体长可达多少？' }]));
    const rankOf = async (...extra: string[]) => {
      const out = path.join(dir, 'fish-out.jsonl');
      expect(await run('retrieval', 'search', '--docs', d, '--queries', q, '--out', out, ...extra)).toBe(0);
      return readJsonl(out)[0]!.hits.indexOf('a0s2');
    };
    const inOrder = await rankOf();
    expect(output).toMatch(/docs read in order, neighbours as context \(neighbours share [\d.]+× the rare words of random pairs\)/);
    const apart = await rankOf('--order', 'none');
    expect(output).toMatch(/docs taken one by one \(index/);
    expect(inOrder).toBeGreaterThanOrEqual(0);
    expect(inOrder).toBeLessThan(2);
    expect(apart).toBeGreaterThanOrEqual(4);
    expect(inOrder).toBeLessThan(apart);
    expect(await rankOf('--order', 'reading')).toBe(inOrder);
    // the same docs shuffled are not in reading order
    expect(
      await run('retrieval', 'search', '--docs', file('shuffled.jsonl', jsonl(articles.flatMap((a, i) => a.map((text, j) => ({ id: `a${i}s${j}`, text, k: (j * 7 + i * 3) % 16 }))).sort((x, y) => x.k - y.k))), '--queries', q, '--out', path.join(dir, 'sh.jsonl')),
    ).toBe(0);
    expect(output).toMatch(/docs taken one by one \(not in reading order/);
    expect(await run('retrieval', 'search', '--docs', d, '--queries', q, '--out', path.join(dir, 'x.jsonl'), '--order', 'sorted')).toBe(2);
    expect(output).toBe('error: --order must be one of auto, reading, none, got "sorted"\n');
  });

  it('rejects a bad --k, a missing file and a missing output folder', async () => {
    const out = path.join(dir, 'x.jsonl');
    expect(await run('retrieval', 'search', '--docs', docs, '--queries', queries, '--k', '0', '--out', out)).toBe(2);
    expect(output).toBe('error: --k must be a positive integer, got "0"\n');
    expect(await run('retrieval', 'search', '--docs', docs, '--queries', queries, '--k', 'ten', '--out', out)).toBe(2);
    expect(await run('retrieval', 'search', '--docs', path.join(dir, 'nope.jsonl'), '--queries', queries, '--out', out)).toBe(2);
    expect(output).toMatch(/nope\.jsonl: cannot read \(ENOENT\)/);
    const deep = path.join(dir, 'no-such-folder', 'out.jsonl');
    expect(await run('retrieval', 'search', '--docs', docs, '--queries', queries, '--out', deep)).toBe(2);
    expect(output).toContain('does not exist');
    expect(fs.existsSync(out)).toBe(false);
    expect(await run('retrieval', 'search', '--docs', docs, '--out', out)).toBe(2); // --queries is required
  });

  it('is registered in the xueli program', async () => {
    const out = path.join(dir, 'main-out.jsonl');
    const r = await runXueli(['retrieval', 'search', '--docs', docs, '--queries', queries, '--k', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(readJsonl(out)).toHaveLength(4);
  });
});
