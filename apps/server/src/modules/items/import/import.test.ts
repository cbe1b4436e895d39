/**
 * Item import and export through HTTP on a real database: dry run, commit (drafts, version-1
 * snapshots, one audit entry), all-or-nothing, the 4xx answers, templates, and a round trip
 * export → import for each format that keeps type, stem, options and key.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, frameworks, items, itemVersions, knowledgePoints } from '../../../db/schema/index.ts';
import { makeUser, unique } from '../../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../../test/harness.ts';
import { itemImporter } from './import.service.ts';

let t: TestApp;
let trainer: Client;
let learner: Client;
let kpA: { id: number; code: string };
let kpB: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp({ XUELI_MAX_UPLOAD_MB: '1' });
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: unique('FW'), name: '大模型应用', version: '1.0', status: 'published' }).returning();
  const kp = async (code: string) => (await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code, name: code }).returning())[0]!;
  kpA = await kp(unique('IA'));
  kpB = await kp(unique('IB'));
});
afterAll(() => t.close());

/** A multipart/form-data body: the file and text fields, as a browser sends them. */
function multipart(bytes: Buffer, fields: Record<string, string> = {}, filename = 'items.csv', fileField = 'file') {
  const boundary = `----xueli${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([...parts, head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

async function upload(bytes: Buffer, fields: Record<string, string>, opts: { filename?: string; client?: Client; query?: string } = {}) {
  const res = await (opts.client ?? trainer).request({ method: 'POST', url: `/api/v1/items/import${opts.query ?? ''}`, ...multipart(bytes, fields, opts.filename) });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const itemCount = async () => (await t.db.select({ id: items.id }).from(items)).length;

const CSV = (kp: string) =>
  [
    '题型,题干,选项A,选项B,选项C,答案,知识点,标签',
    `单选,RAG 的含义是？,检索增强生成,随机生成,重复生成,A,${kp},导入`,
    '判断,温度越高输出越随机。,,,,对,,导入',
    '填空,1+1=____,,,,2,,导入',
  ].join('\n');

describe('POST /items/import', () => {
  it('dry run: reports every item and writes nothing', async () => {
    const before = await itemCount();
    const r = await upload(Buffer.from(CSV(kpA.code)), { format: 'csv', defaultKnowledgePoints: kpB.code });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'csv', dryRun: true, encoding: 'utf-8', layout: 'header', totalItems: 3, validItems: 3, created: 0, itemIds: [], errors: [], errorCount: 0, byType: { single: 1, true_false: 1, fill_blank: 1 } });
    expect(await itemCount()).toBe(before);
  });

  it('commit: creates drafts with version-1 snapshots, the default knowledge points, and one audit entry', async () => {
    const r = await upload(Buffer.from(CSV(kpA.code)), { format: 'csv', dryRun: 'false', defaultKnowledgePoints: kpB.code });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, created: 3, validItems: 3 });
    const ids: number[] = r.body.itemIds;
    expect(ids).toHaveLength(3);
    const first = (await trainer.get(`/api/v1/items/${ids[0]}`)).body;
    expect(first).toMatchObject({ type: 'single', status: 'draft', version: 1, stem: 'RAG 的含义是？', answerKey: { type: 'single-choice', options: ['A', 'B', 'C'], correct: 'A' }, tags: ['导入'] });
    expect(first.knowledgePoints.map((k: { id: number }) => k.id)).toEqual([kpA.id]);
    const second = (await trainer.get(`/api/v1/items/${ids[1]}`)).body;
    expect(second.knowledgePoints.map((k: { id: number }) => k.id)).toEqual([kpB.id]);
    const versions = await t.db.select().from(itemVersions).where(inArray(itemVersions.itemId, ids));
    expect(versions).toHaveLength(3);
    const v1 = versions.find((v) => v.itemId === ids[0])!;
    expect(v1).toMatchObject({ version: 1, note: 'imported (csv)' });
    expect(v1.snapshot).toEqual(first);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'item.import'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ format: 'csv', created: 3, firstId: ids[0], lastId: ids[2] });
  });

  it('all-or-nothing: one bad row refuses the whole file with 422 and the report, writing nothing', async () => {
    const before = await itemCount();
    const csv = `${CSV(kpA.code)}\n单选,坏题,甲,乙,,A,NO-SUCH-KP,\n多选,also bad,甲,乙,,AZ,,`;
    const r = await upload(Buffer.from(csv), { format: 'csv', dryRun: 'false', defaultKnowledgePoints: kpB.code });
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({ type: 'urn:xueli:problem:import-invalid', totalItems: 5, validItems: 3, created: 0, errorCount: 2 });
    expect(r.body.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^line 5: knowledgePoints: knowledge point NO-SUCH-KP does not exist/),
      expect.stringMatching(/^line 6: answerKey: correct "Z" is not an option/),
    ]);
    expect(r.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [5, 'knowledgePoints'],
      [6, 'answer'],
    ]);
    expect(await itemCount()).toBe(before);
  });

  it('says when items have no knowledge point and no default is given', async () => {
    const r = await upload(Buffer.from('type,stem\nessay,Discuss.\n'), { format: 'csv' });
    expect(r.body.errors[0].message).toMatch(/^line 2: no knowledge point/);
  });

  it('accepts a raw body with the options in the query, and infers the format from the file name or content', async () => {
    const gift = Buffer.from('::g1:: 2+2? {=4 ~5}\n\n天是蓝的 {T}\n');
    const raw = await trainer.request({ method: 'POST', url: `/api/v1/items/import?format=gift&defaultKnowledgePoints=${kpA.code}`, headers: { 'content-type': 'text/plain' }, payload: gift });
    expect(raw.statusCode).toBe(200);
    expect(raw.json()).toMatchObject({ format: 'gift', validItems: 2, byType: { single: 1, true_false: 1 } });
    const byName = await upload(gift, { defaultKnowledgePoints: kpA.code }, { filename: 'bank.gift' });
    expect(byName.body).toMatchObject({ format: 'gift', validItems: 2 });
    const moodle = Buffer.from('<?xml version="1.0"?><quiz><question type="truefalse"><questiontext><text>ok?</text></questiontext><answer fraction="100"><text>true</text></answer></question></quiz>');
    expect((await upload(moodle, { defaultKnowledgePoints: kpA.code }, { filename: 'export.xml' })).body).toMatchObject({ format: 'moodle', validItems: 1 });
    // multipart fields win over the query
    expect((await upload(gift, { format: 'gift', defaultKnowledgePoints: kpA.code }, { query: '?format=csv' })).body).toMatchObject({ format: 'gift' });
  });

  it('answers 4xx problem documents for bad requests and bad files, never 500', async () => {
    const unknownFormat = await upload(Buffer.from('x'), { format: 'docx' });
    expect(unknownFormat.status).toBe(400);
    const noFormat = await upload(Buffer.from('hello'), {}, { filename: 'notes.bin' });
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.detail).toMatch(/which format/);
    const empty = await upload(Buffer.alloc(0), { format: 'csv' });
    expect(empty.status).toBe(400);
    const wrongField = await trainer.request({ method: 'POST', url: '/api/v1/items/import', ...multipart(Buffer.from('x'), { format: 'csv' }, 'a.csv', 'upload') });
    expect(wrongField.statusCode).toBe(400);
    const json = await trainer.request({ method: 'POST', url: '/api/v1/items/import', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
    expect(json.statusCode).toBe(415);
    const big = await upload(Buffer.alloc(1024 * 1024 + 10, 0x61), { format: 'csv' });
    expect(big.status).toBe(413);
    for (const [format, bytes] of [
      ['xlsx', Buffer.from('not a workbook')],
      ['xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
      ['qti', Buffer.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9])],
      ['moodle', Buffer.from('<quiz><question>')],
      ['qti', Buffer.from('<qti-assessment-item><qti-item-body></qti-assessment-item>')],
      ['gift', Buffer.from('\u0000\u0001{{{')],
      ['csv', Buffer.from([0xff, 0xfe, 0x00, 0xd8])],
    ] as const) {
      const dry = await upload(bytes, { format });
      expect(dry.status, `${format} dry run`).toBe(200);
      expect(dry.body.errorCount, format).toBeGreaterThan(0);
      const real = await upload(bytes, { format, dryRun: 'false' });
      expect(real.status, `${format} commit`).toBe(422);
      expect(real.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses more than 5000 items in one import', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `判断,第${i}题,对`);
    const r = await upload(Buffer.from(`题型,题干,答案\n${rows.join('\n')}`), { format: 'csv', defaultKnowledgePoints: kpA.code });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ totalItems: 5001, validItems: 0, errorCount: 1 });
    expect(r.body.errors[0].message).toMatch(/5001 items; import at most 5000/);
  });

  it('imports several QTI item files at once, naming the file in each problem', async () => {
    const qti = (id: string, correct: string) =>
      Buffer.from(
        `<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="${id}">\n<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"><qti-correct-response><qti-value>${correct}</qti-value></qti-correct-response></qti-response-declaration>\n<qti-item-body><p>${id}?</p><qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><qti-simple-choice identifier="A">a</qti-simple-choice><qti-simple-choice identifier="B">b</qti-simple-choice></qti-choice-interaction></qti-item-body>\n</qti-assessment-item>`,
      );
    const sources = [
      { name: 'one.xml', bytes: qti('one', 'A') },
      { name: 'two.xml', bytes: qti('two', 'Z') },
    ];
    const dry = await itemImporter(t.deps, { actorUserId: null }, { format: 'qti', sources, dryRun: true, defaultKnowledgePoints: kpA.code });
    expect(dry).toMatchObject({ totalItems: 2, validItems: 1, errorCount: 1 });
    expect(dry.errors[0]).toMatchObject({ file: 'two.xml', item: 2, line: 1, message: expect.stringMatching(/^two\.xml: item 2 \(line 1\): answerKey: correct "Z" is not an option/) });
    sources[1] = { name: 'two.xml', bytes: qti('two', 'B') };
    const real = await itemImporter(t.deps, { actorUserId: null }, { format: 'qti', sources, dryRun: false, defaultKnowledgePoints: [kpA.code] });
    expect(real.created).toBe(2);
  });

  it('is for authors only', async () => {
    expect((await upload(Buffer.from(CSV(kpA.code)), { format: 'csv' }, { client: learner })).status).toBe(403);
    expect((await learner.get('/api/v1/items/export?format=csv')).status).toBe(403);
    expect((await learner.get('/api/v1/items/import/template')).status).toBe(403);
    expect((await t.anon.get('/api/v1/items/export?format=csv')).status).toBe(401);
  });
});

describe('GET /items/import/template', () => {
  it('serves CSV and xlsx templates in Chinese and English that import with a default knowledge point', async () => {
    for (const [format, lang, type] of [
      ['csv', 'zh', 'text/csv'],
      ['csv', 'en', 'text/csv'],
      ['xlsx', 'zh', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['xlsx', 'en', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      const res = await trainer.request({ method: 'GET', url: `/api/v1/items/import/template?format=${format}&lang=${lang}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="items-template-${lang}.${format}"`);
      const r = await upload(res.rawPayload, { format, defaultKnowledgePoints: kpA.code });
      expect(r.body, `${format} ${lang}`).toMatchObject({ validItems: 6, errorCount: 0 });
    }
    expect((await trainer.get('/api/v1/items/import/template?format=pdf')).status).toBe(400);
  });
});

describe('GET /items/export', () => {
  const rubric = { criteria: [{ id: 'c1', name: '论点', levels: [{ label: '弱', score: 0 }, { label: '强', score: 4 }] }] };
  const options = [
    { id: 'A', text: '检索增强生成' },
    { id: 'B', text: '随机生成 & <重复>' },
    { id: 'C', text: '以上都不对' },
  ];
  const bodies = (tag: string, kp: number) => ({
    single: { type: 'single', stem: 'RAG 的含义是？\n请选择一项。', options, answerKey: { correct: 'A' }, knowledgePoints: [kp], tags: [tag], explanation: 'RAG = Retrieval-Augmented Generation' },
    multiple: { type: 'multiple', stem: '哪些是提示词技巧？', options, answerKey: { correct: ['A', 'C'], rule: 'partial' }, knowledgePoints: [kp], tags: [tag] },
    true_false: { type: 'true_false', stem: '温度越高输出越随机。', answerKey: { correct: true }, knowledgePoints: [kp], tags: [tag] },
    fill_text: { type: 'fill_blank', stem: 'RAG 的中文是____', answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'text', value: '检索增强生成' }, { kind: 'text', value: 'RAG' }] }] }, knowledgePoints: [kp], tags: [tag] },
    fill_number: { type: 'fill_blank', stem: '圆周率约为____', answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 3.14, tolerance: { abs: 0.01 } }] }] }, knowledgePoints: [kp], tags: [tag] },
    fill_two: { type: 'fill_blank', stem: '1+1=____，2+2=____', answerKey: { order: 'sensitive', blanks: [{ accepted: [{ kind: 'number', value: 2 }] }, { accepted: [{ kind: 'number', value: 4 }] }] }, knowledgePoints: [kp], tags: [tag] },
    short_answer: { type: 'short_answer', stem: '简述 RAG 的作用。', answerKey: { keywords: [{ id: 'k1', terms: ['检索', 'retrieval'] }] }, rubric, knowledgePoints: [kp], tags: [tag] },
    essay: { type: 'essay', stem: '论述大模型在银行的应用。', rubric, knowledgePoints: [kp], tags: [tag] },
    programming: { type: 'programming', stem: '实现 add(a, b)。', answerKey: { language: 'ts', functionName: 'add', tests: [{ args: [1, 2], expected: 3 }] }, knowledgePoints: [kp], tags: [tag] },
  });
  /** What each format can hold exactly (the rest is left out of the export and counted). */
  const KEPT: Record<string, string[]> = {
    csv: ['single', 'multiple', 'true_false', 'fill_text', 'fill_number', 'fill_two', 'short_answer', 'essay'],
    xlsx: ['single', 'multiple', 'true_false', 'fill_text', 'fill_number', 'fill_two', 'short_answer', 'essay'],
    moodle: ['single', 'multiple', 'true_false', 'fill_text', 'fill_number', 'essay'],
    gift: ['single', 'multiple', 'true_false', 'fill_text', 'fill_number', 'essay'],
    qti: ['single', 'multiple', 'true_false', 'fill_text', 'fill_number', 'fill_two', 'essay'],
  };

  for (const format of ['csv', 'xlsx', 'moodle', 'gift', 'qti'] as const) {
    it(`round-trips ${format}: export → import keeps type, stem, options and key`, async () => {
      const tag = unique(`rt-${format}-`);
      const made: Record<string, any> = {};
      for (const [name, body] of Object.entries(bodies(tag, kpA.id))) {
        const res = await trainer.post('/api/v1/items', body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        made[name] = res.body;
      }
      const exp = await trainer.request({ method: 'GET', url: `/api/v1/items/export?format=${format}&tag=${encodeURIComponent(tag)}&lang=en` });
      expect(exp.statusCode).toBe(200);
      const kept = KEPT[format]!;
      expect(exp.headers['x-xueli-exported']).toBe(String(kept.length));
      expect(exp.headers['x-xueli-skipped']).toBe(String(9 - kept.length));
      expect(exp.headers['content-disposition']).toMatch(/^attachment; filename="items-/);

      const imp = await upload(exp.rawPayload, { format, dryRun: 'false', defaultKnowledgePoints: kpB.code });
      expect(imp.status, JSON.stringify(imp.body)).toBe(200);
      expect(imp.body.created).toBe(kept.length);
      const back = await Promise.all((imp.body.itemIds as number[]).map(async (id) => (await trainer.get(`/api/v1/items/${id}`)).body));
      kept.forEach((name, i) => {
        const a = made[name];
        const b = back[i];
        expect(b.type, name).toBe(a.type);
        expect(b.stem, name).toBe(a.stem);
        expect(b.options, name).toEqual(a.options);
        expect(b.answerKey, name).toEqual(a.answerKey);
        expect(b.status).toBe('draft');
      });
      if (format === 'csv' || format === 'xlsx') {
        // spreadsheets carry the knowledge points, explanation, tags and rubric too
        expect(back.map((b) => b.knowledgePoints.map((k: { id: number }) => k.id))).toEqual(kept.map(() => [kpA.id]));
        expect(back[0]).toMatchObject({ explanation: made.single.explanation, tags: [tag] });
        expect(back[kept.indexOf('essay')].rubric).toEqual(rubric);
      } else {
        expect(back[0].knowledgePoints.map((k: { id: number }) => k.id)).toEqual([kpB.id]);
        if (format !== 'qti') expect(back[0].tags).toEqual([tag]);
        expect(back[0].explanation).toBe(made.single.explanation);
      }
    });
  }

  it('applies the filters of GET /items, writes FRAMEWORK:CODE for ambiguous codes, and refuses a bad query', async () => {
    const tag = unique('flt-');
    await trainer.post('/api/v1/items', { type: 'true_false', stem: 'filtered one', answerKey: { correct: true }, knowledgePoints: [kpA.id], tags: [tag] });
    await trainer.post('/api/v1/items', { type: 'true_false', stem: 'other', answerKey: { correct: false }, knowledgePoints: [kpA.id], tags: [tag] });
    const res = await trainer.request({ method: 'GET', url: `/api/v1/items/export?format=csv&tag=${tag}&search=filtered&type=true_false&status=draft&kpId=${kpA.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-xueli-exported']).toBe('1');
    const text = res.body.replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toMatch(/^题型,题干,选项A/);
    expect(text).toContain(`判断,filtered one,`);
    expect(text).toContain(`,${kpA.code},`);
    // the same code in a second published framework: the export qualifies it
    const [fw2] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: unique('FX'), name: 'x', version: '1.0', status: 'published' }).returning();
    await t.db.insert(knowledgePoints).values({ frameworkId: fw2!.id, identifier: crypto.randomUUID(), code: kpA.code, name: 'dup' });
    const again = await trainer.request({ method: 'GET', url: `/api/v1/items/export?format=csv&tag=${tag}&search=filtered` });
    const fwCode = (await t.db.select({ code: frameworks.code }).from(frameworks).innerJoin(knowledgePoints, eq(knowledgePoints.frameworkId, frameworks.id)).where(and(eq(knowledgePoints.id, kpA.id))))[0]!.code;
    expect(again.body).toContain(`,${fwCode}:${kpA.code},`);
    expect((await trainer.get('/api/v1/items/export')).status).toBe(400);
    expect((await trainer.get('/api/v1/items/export?format=csv&page=2')).status).toBe(400);
  });
});
