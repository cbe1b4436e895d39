/**
 * The knowledge base through HTTP on a real database: uploads of every format indexed by the job,
 * bad files refused with nothing left behind, the visibility rule in search, passages and
 * documents (departments with their subtrees, positions, roles), re-indexing, deletion, course
 * scoping and another process's changes.
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { eq, inArray } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kbChunks, kbDocuments } from '../../db/schema/index.ts';
import { waitForJobs } from '../../lib/jobs.ts';
import { makeCourse, makeDepartment, makePosition, makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { multipart } from '../catalog/test/fixtures.ts';
import { searchPassages } from './passages.service.ts';
import { CHECK_INTERVAL_MS } from './search-index.ts';

let t: TestApp;
let admin: Client, trainer: Client, learnerA: Client, learnerSubB: Client, learnerPos: Client, assessor: Client;
let deptA: number, deptB: number, deptSubB: number, posX: number;

beforeAll(async () => {
  t = await createTestApp({ XUELI_MAX_UPLOAD_MB: '0.5' });
  const a = await makeDepartment(t.db, { name: '销售部' });
  const b = await makeDepartment(t.db, { name: '风控部' });
  const sub = await makeDepartment(t.db, { name: '模型验证组', parentId: b.id });
  const pos = await makePosition(t.db, { name: '数据分析师' });
  deptA = a.id;
  deptB = b.id;
  deptSubB = sub.id;
  posX = pos.id;
  const [ad, tr, la, lb, lp, as] = await Promise.all([
    makeUser(t.db, { roles: ['admin'] }),
    makeUser(t.db, { roles: ['trainer'] }),
    makeUser(t.db, { employee: { departmentId: deptA } }),
    makeUser(t.db, { employee: { departmentId: deptSubB } }),
    makeUser(t.db, { employee: { departmentId: deptA, positionId: posX } }),
    makeUser(t.db, { roles: ['assessor'], employee: { departmentId: deptA } }),
  ]);
  const clients = await Promise.all([ad, tr, la, lb, lp, as].map((u) => t.login(u.username)));
  [admin, trainer, learnerA, learnerSubB, learnerPos, assessor] = clients as [Client, Client, Client, Client, Client, Client];
}, 60_000);

afterAll(async () => {
  await waitForJobs();
  await t?.close();
});

const upload = (c: Client, collectionId: number, filename: string, data: Buffer, title?: string) => {
  const body = multipart([
    { name: 'file', filename, contentType: 'application/octet-stream', data },
    ...(title ? [{ name: 'title', value: title }] : []),
  ]);
  return c.request({ method: 'POST', url: `/api/v1/kb/collections/${collectionId}/documents`, headers: body.headers, payload: body.payload });
};

async function collection(body: Record<string, unknown>): Promise<number> {
  const res = await trainer.post('/api/v1/kb/collections', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function paste(collectionId: number, title: string, text: string): Promise<{ id: number; jobId: number }> {
  const res = await trainer.post(`/api/v1/kb/collections/${collectionId}/documents/paste`, { title, text });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await waitForJobs();
  return res.body;
}

const chunksOf = (documentId: number) => t.db.select().from(kbChunks).where(eq(kbChunks.documentId, documentId)).orderBy(kbChunks.ord);
const search = async (c: Client, q: string, extra = '') => {
  const res = await c.get(`/api/v1/kb/search?q=${encodeURIComponent(q)}&k=50${extra}`);
  expect(res.status).toBe(200);
  return res.body.items as { chunkId: number; documentId: number; collectionId: number; text: string; headingPath: string[] }[];
};

describe('uploads of every format', () => {
  let coll: number;
  beforeAll(async () => {
    coll = await collection({ name: '制度库', visibility: 'everyone' });
  });

  async function uploadAndIndex(filename: string, data: Buffer) {
    const res = await upload(trainer, coll, filename, data);
    expect(res.statusCode, res.body).toBe(202);
    const doc = res.json<{ id: number; jobId: number; status: string }>();
    expect(doc.jobId).toBeGreaterThan(0);
    await waitForJobs();
    const job = await admin.get(`/api/v1/jobs/${doc.jobId}`);
    expect(job.body).toMatchObject({ kind: 'kb.index', status: 'succeeded', progress: 1 });
    const detail = await learnerA.get(`/api/v1/kb/documents/${doc.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('ready');
    expect(detail.body.chunkCount).toBe(detail.body.passages.length);
    expect(detail.body.indexedAt).not.toBeNull();
    return detail.body as { id: number; title: string; format: string; passages: { headingPath: string[]; text: string }[] };
  }

  it('indexes Markdown along its headings, titled by its first heading', async () => {
    const d = await uploadAndIndex('handbook.md', Buffer.from('# 员工手册\n\n## 差旅\n\n出差住宿每晚不超过五百元。\n\n## 休假\n\n年假每年十天。\n'));
    expect(d.title).toBe('员工手册');
    expect(d.passages.map((p) => [p.headingPath, p.text])).toEqual([
      [['员工手册', '差旅'], '出差住宿每晚不超过五百元。'],
      [['员工手册', '休假'], '年假每年十天。'],
    ]);
  });

  it('indexes HTML, plain text, Word and PDF', async () => {
    const html = await uploadAndIndex('safety.html', Buffer.from('<html><body><nav>菜单</nav><h1>安全</h1><p>机房门禁卡不得借给他人。</p></body></html>'));
    expect(html.passages).toEqual([expect.objectContaining({ headingPath: ['安全'], text: '机房门禁卡不得借给他人。' })]);
    const txt = await uploadAndIndex('note.txt', Buffer.from('会议纪要。\n\n下周一发布新版本。'));
    expect(txt.format).toBe('text');
    const word = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph({ text: '采购制度', heading: HeadingLevel.HEADING_1 }), new Paragraph('单笔超过十万元需总经理审批。')] }] }),
    );
    const docx = await uploadAndIndex('采购.docx', word);
    expect(docx.passages).toEqual([expect.objectContaining({ headingPath: ['采购制度'], text: '单笔超过十万元需总经理审批。' })]);
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Visitors must sign in at the front desk.', { x: 40, y: 700, size: 12, font });
    const p = await uploadAndIndex('visitors.pdf', Buffer.from(await pdf.save()));
    expect(p.passages[0]).toMatchObject({ headingPath: ['p. 1'], text: 'Visitors must sign in at the front desk.' });
    expect((await search(learnerA, 'front desk visitors'))[0]?.documentId).toBe(p.id);
  });

  it('refuses unsupported, corrupt, empty and oversized files with a clear 4xx and leaves nothing behind', async () => {
    const bad = await collection({ name: '坏文件', visibility: 'everyone' });
    const cases: [string, Buffer, number, RegExp][] = [
      ['corrupt.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF'), 400, /PDF/],
      ['fake.docx', Buffer.from('I am not a zip'), 400, /not a Word \.docx/],
      ['table.xlsx', Buffer.from('PK\u0003\u0004'), 415, /not supported/],
      ['empty.md', Buffer.from('#\n\n   \n'), 400, /No text/],
      ['big.txt', Buffer.alloc(600 * 1024, 'a'), 413, /.+/],
    ];
    for (const [name, data, status, message] of cases) {
      const res = await upload(trainer, bad, name, data);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json<{ detail: string }>().detail, name).toMatch(message);
    }
    await waitForJobs();
    const docs = await t.db.select().from(kbDocuments).where(eq(kbDocuments.collectionId, bad));
    expect(docs).toEqual([]);
    expect((await trainer.get(`/api/v1/kb/collections/${bad}/documents`)).body.total).toBe(0);
  });

  it('lets only admins and trainers upload', async () => {
    const res = await upload(learnerA, coll, 'x.md', Buffer.from('# x\n\ny'));
    expect(res.statusCode).toBe(403);
  });
});

describe('visibility', () => {
  let open: number, riskOnly: number, riskDoc: number;
  const secret = '模型风险三道防线：业务部门、模型验证组与内部审计各司其职，模型上线前必须独立验证。';

  beforeAll(async () => {
    open = await collection({ name: '公开指南', visibility: 'everyone' });
    riskOnly = await collection({ name: '风控制度', visibility: 'restricted', access: { departmentIds: [deptB] } });
    await paste(open, '通用指南', '# 通用指南\n\n模型上线需要经过评审。风险提示要写清楚。');
    riskDoc = (await paste(riskOnly, '模型风险管理办法', `# 模型风险管理办法\n\n## 三道防线\n\n${secret}`)).id;
  });

  it('never returns a restricted passage to someone outside, even as a lower-ranked hit', async () => {
    const hits = await search(learnerA, '模型风险三道防线 独立验证');
    expect(hits.length).toBeGreaterThan(0); // the open collection still answers
    expect(hits.every((h) => h.collectionId !== riskOnly)).toBe(true);
    // the service the tutor calls, with a large k and the document asked for explicitly
    const actor = { userId: 0, username: 'x', displayName: 'x', roles: new Set(['learner'] as const), employeeId: null, via: 'session' as const };
    expect(await searchPassages(t.deps, { actor, query: secret, k: 50, documentIds: [riskDoc] })).toEqual([]);
    const chunk = (await chunksOf(riskDoc))[0]!;
    expect((await learnerA.get(`/api/v1/kb/passages/${chunk.id}`)).status).toBe(404);
    expect((await learnerA.get(`/api/v1/kb/passages/99999999`)).status).toBe(404);
    expect((await learnerA.get(`/api/v1/kb/documents/${riskDoc}`)).status).toBe(404);
    expect((await learnerA.get(`/api/v1/kb/collections/${riskOnly}/documents`)).status).toBe(404);
    const list = (await learnerA.get('/api/v1/kb/collections')).body.items as { id: number }[];
    expect(list.map((c) => c.id)).toContain(open);
    expect(list.map((c) => c.id)).not.toContain(riskOnly);
  });

  it('shows it to a sub-department of the listed department, and to admins and trainers', async () => {
    for (const c of [learnerSubB, trainer, admin]) {
      const hits = await search(c, '模型风险三道防线 独立验证');
      expect(hits[0]).toMatchObject({ documentId: riskDoc, headingPath: ['模型风险管理办法', '三道防线'] });
    }
    const chunk = (await chunksOf(riskDoc))[0]!;
    const p = await learnerSubB.get(`/api/v1/kb/passages/${chunk.id}`);
    expect(p.status).toBe(200);
    expect(p.body.text).toBe(secret);
  });

  it('grants access by position and by role, and takes it away again', async () => {
    expect((await search(learnerPos, '三道防线')).some((h) => h.documentId === riskDoc)).toBe(false);
    expect((await search(assessor, '三道防线')).some((h) => h.documentId === riskDoc)).toBe(false);
    const patched = await trainer.patch(`/api/v1/kb/collections/${riskOnly}`, { access: { departmentIds: [deptB], positionIds: [posX], roles: ['assessor'] } });
    expect(patched.status).toBe(200);
    expect(patched.body.access).toMatchObject({ departments: [{ id: deptB, name: '风控部' }], positions: [{ id: posX }], roles: ['assessor'] });
    expect((await search(learnerPos, '三道防线'))[0]?.documentId).toBe(riskDoc);
    expect((await search(assessor, '三道防线'))[0]?.documentId).toBe(riskDoc);
    expect((await search(learnerA, '三道防线')).some((h) => h.documentId === riskDoc)).toBe(false);
    await trainer.patch(`/api/v1/kb/collections/${riskOnly}`, { access: { departmentIds: [deptB], positionIds: [], roles: [] } });
    expect((await search(learnerPos, '三道防线')).some((h) => h.documentId === riskDoc)).toBe(false);
  });

  it('refuses unknown departments and lets only admins and trainers manage collections', async () => {
    const res = await trainer.post('/api/v1/kb/collections', { name: 'x', visibility: 'restricted', access: { departmentIds: [99999999] } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/unknown departments: 99999999/);
    expect((await learnerA.post('/api/v1/kb/collections', { name: 'x' })).status).toBe(403);
    expect((await learnerA.delete(`/api/v1/kb/collections/${open}`)).status).toBe(403);
  });
});

describe('index lifecycle', () => {
  let coll: number;
  beforeAll(async () => {
    coll = await collection({ name: '生命周期', visibility: 'everyone' });
  });

  it('re-indexing replaces the chunks; a failed re-index keeps the previous ones', async () => {
    const doc = await paste(coll, '旧版制度', '# 报销\n\n发票须在三十天内提交。');
    const before = await chunksOf(doc.id);
    expect(before).toHaveLength(1);
    await t.db.update(kbDocuments).set({ pastedText: '# 报销\n\n电子发票须在十五天内提交，纸质发票停止受理。' }).where(eq(kbDocuments.id, doc.id));
    const job = await trainer.post(`/api/v1/kb/collections/${coll}/documents/${doc.id}/reindex`);
    expect(job.status).toBe(202);
    await waitForJobs();
    const after = await chunksOf(doc.id);
    expect(after.map((c) => c.text)).toEqual(['电子发票须在十五天内提交，纸质发票停止受理。']);
    expect(after[0]!.id).not.toBe(before[0]!.id);
    expect((await search(learnerA, '纸质发票停止受理'))[0]?.chunkId).toBe(after[0]!.id);
    expect((await search(learnerA, '三十天内提交')).some((h) => h.chunkId === before[0]!.id)).toBe(false);

    // now the source has no text: the job fails, the document says why, the chunks stay
    await t.db.update(kbDocuments).set({ pastedText: '   ' }).where(eq(kbDocuments.id, doc.id));
    const failing = await trainer.post(`/api/v1/kb/collections/${coll}/documents/${doc.id}/reindex`);
    await waitForJobs();
    expect((await admin.get(`/api/v1/jobs/${failing.body.id}`)).body).toMatchObject({ status: 'failed', message: expect.stringMatching(/No text/) });
    const d = (await trainer.get(`/api/v1/kb/documents/${doc.id}`)).body;
    expect(d).toMatchObject({ status: 'failed', error: expect.stringMatching(/No text/), chunkCount: 1 });
    expect((await chunksOf(doc.id)).map((c) => c.id)).toEqual([after[0]!.id]);
  });

  it('re-indexes a whole collection as one job', async () => {
    const c2 = await collection({ name: '批量', visibility: 'everyone' });
    await paste(c2, '甲', '甲文档内容。');
    await paste(c2, '乙', '乙文档内容。');
    const job = await trainer.post(`/api/v1/kb/collections/${c2}/reindex`);
    expect(job.status).toBe(202);
    await waitForJobs();
    expect((await admin.get(`/api/v1/jobs/${job.body.id}`)).body).toMatchObject({ status: 'succeeded', progress: 1, result: { indexed: 2, chunks: 2, failed: [] } });
  });

  it('deleting a document or a collection removes its passages from search at once', async () => {
    const doc = await paste(coll, '临时通知', '本周五下午消防演练，请全员参加。');
    expect((await search(learnerA, '消防演练'))[0]?.documentId).toBe(doc.id);
    expect((await trainer.delete(`/api/v1/kb/collections/${coll}/documents/${doc.id}`)).status).toBe(200);
    expect((await search(learnerA, '消防演练')).some((h) => h.documentId === doc.id)).toBe(false);
    expect(await chunksOf(doc.id)).toEqual([]);

    const c3 = await collection({ name: '将删除', visibility: 'everyone' });
    const d3 = await paste(c3, '年会', '年会在十二月二十日举行。');
    expect((await search(learnerA, '年会十二月'))[0]?.documentId).toBe(d3.id);
    expect((await trainer.delete(`/api/v1/kb/collections/${c3}`)).status).toBe(200);
    expect((await search(learnerA, '年会十二月')).some((h) => h.documentId === d3.id)).toBe(false);
  });

  it("searches a course's collections when it has any", async () => {
    const { course } = await makeCourse(t.db);
    const linked = await collection({ name: '课程资料', visibility: 'everyone', courseId: course.id });
    const inCourse = await paste(linked, '课程讲义', '梯度下降每一步沿负梯度方向更新参数。');
    const elsewhere = await paste(coll, '别处', '梯度下降的学习率不宜过大。');
    const scoped = await search(learnerA, '梯度下降', `&courseId=${course.id}`);
    expect(scoped.map((h) => h.documentId)).toEqual([inCourse.id]);
    const all = await search(learnerA, '梯度下降');
    expect(all.slice(0, 2).map((h) => h.documentId).sort()).toEqual([inCourse.id, elsewhere.id].sort());
    // a course without collections: every visible collection
    const { course: bare } = await makeCourse(t.db);
    expect((await search(learnerA, '梯度下降', `&courseId=${bare.id}`)).map((h) => h.documentId)).toEqual(all.map((h) => h.documentId));
  });

  it("sees another process's changes after the staleness check", async () => {
    await search(learnerA, '量子纠缠通信'); // the index is built and fresh
    // another process indexes a document: rows appear without this process's index knowing
    const [d] = await t.db.insert(kbDocuments).values({ collectionId: coll, title: '外部', sourceKind: 'paste', format: 'text', status: 'ready', chunkCount: 1, indexedAt: new Date() }).returning();
    await t.db.insert(kbChunks).values({ documentId: d!.id, ord: 0, text: '量子纠缠通信的原理简介。' });
    const now = Date.now();
    // within the check interval the index is not re-checked
    expect((await search(learnerA, '量子纠缠通信')).some((h) => h.documentId === d!.id)).toBe(false);
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + CHECK_INTERVAL_MS + 1000);
    try {
      expect((await search(learnerA, '量子纠缠通信'))[0]?.documentId).toBe(d!.id);
    } finally {
      spy.mockRestore();
    }
    await t.db.delete(kbDocuments).where(inArray(kbDocuments.id, [d!.id]));
  });
});
