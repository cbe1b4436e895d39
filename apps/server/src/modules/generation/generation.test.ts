import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, courseModules, frameworks, kbChunks, kbCollections, kbDocuments, knowledgePoints } from '../../db/schema/index.ts';
import { makeUser, unique } from '../../../test/factories.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fake-openai.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

/** A Chinese policy document in four chapters (the chunker's heading paths), seven passages. */
const POLICY: [string, string][] = [
  ['第一章 总则', '第一条 为规范本行客户信息保护工作，保障客户合法权益，根据《个人信息保护法》制定本办法。\n第二条 客户信息是指本行在提供金融服务过程中获取的客户身份信息、账户信息和交易信息。'],
  ['第一章 总则', '第三条 客户信息保护遵循最小必要原则，员工只能在业务需要的范围内访问客户信息。敏感个人信息包括客户身份证号码、银行账号、生物识别信息等。'],
  ['第二章 信息收集与使用', '第四条 收集客户信息应当取得客户的书面授权，并告知客户信息的使用目的。员工不得向第三方提供客户信息。\n第五条 对外提供客户信息必须经过合规部门审批，并签订保密协议。'],
  ['第二章 信息收集与使用', '第六条 使用客户信息开展营销活动，应当事先取得客户同意。敏感个人信息的处理必须进行个人信息保护影响评估。'],
  ['第三章 信息存储与销毁', '第七条 客户信息应当加密存储，访问日志保存期限不少于五年。纸质档案应当存放在带锁的档案柜中。\n第八条 超过保存期限的客户信息应当及时销毁，销毁过程须由两名员工共同完成并登记。'],
  ['第三章 信息存储与销毁', '第九条 数据脱敏是指对敏感个人信息进行变形处理，使其无法识别特定客户。测试环境不得使用未经数据脱敏的生产数据。'],
  ['第四章 监督与责任', '第十条 合规部门负责监督客户信息保护工作，每年开展一次专项检查。发生信息泄露事件时，应当在两小时内向合规部门报告。\n第十一条 违反本办法泄露客户信息的员工，将按照《员工违规行为处理办法》追究责任。'],
];
const FULL_TEXT = POLICY.map(([, t]) => t).join('\n');

let t: TestApp;
let fake: FakeOpenAi;
let trainer: Client;
let admin: Client;
let learner: Client;
let docId: number;
let chunkIds: number[];
let kpCode: string;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  t = await createTestApp({ XUELI_AI_BASE_URL: fake.baseUrl, XUELI_AI_API_KEY: 'sk-test', XUELI_AI_CHAT_MODEL: 'writer-model', XUELI_AI_TIMEOUT_MS: '5000' });
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
  learner = await t.login((await makeUser(t.db)).username);
  const [col] = await t.db.insert(kbCollections).values({ name: unique('制度库') }).returning();
  const [doc] = await t.db
    .insert(kbDocuments)
    .values({ collectionId: col!.id, title: '客户信息保护办法', sourceKind: 'paste', format: 'markdown', pastedText: FULL_TEXT, status: 'ready', chunkCount: POLICY.length })
    .returning();
  docId = doc!.id;
  const chunks = await t.db
    .insert(kbChunks)
    .values(POLICY.map(([h, text], ord) => ({ documentId: docId, ord, headingPath: ['客户信息保护办法', h], text })))
    .returning();
  chunkIds = chunks.map((c) => c.id);
  kpCode = unique('GEN');
  const [fw] = await t.db.insert(frameworks).values({ identifier: crypto.randomUUID(), code: kpCode, name: '合规', version: '1.0', status: 'published' }).returning();
  await t.db.insert(knowledgePoints).values({ frameworkId: fw!.id, identifier: crypto.randomUUID(), code: `${kpCode}.A`, name: '客户信息保护', nameEn: 'Customer data protection' });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type Draft = { id: number; kind: string; status: string; origin: string; content: any; sources: { chunkId: number; documentId: number; documentTitle: string; text: string }[]; itemId: number | null; courseId: number | null; reviewNote: string | null };

const generate = (c: Client, body: Record<string, unknown>) => c.post<{ origin: string; drafts: Draft[]; dropped: number; shortfall: number; notes: string[] }>('/api/v1/generation/drafts', body);

describe('who may generate and review', () => {
  it('learners get 403; trainers see whether a model is configured', async () => {
    expect((await learner.post('/api/v1/generation/drafts', { kind: 'items', documentIds: [docId] })).status).toBe(403);
    expect((await learner.get('/api/v1/generation/drafts')).status).toBe(403);
    const caps = await trainer.get('/api/v1/generation/capabilities');
    expect(caps.status).toBe(200);
    expect(caps.body).toMatchObject({ model: true, chatModel: 'writer-model', itemTypes: ['fill_blank', 'single', 'true_false'] });
  });

  it('bad input is a clear 4xx and writes nothing', async () => {
    const before = (await trainer.get<{ total: number }>('/api/v1/generation/drafts')).body.total;
    expect((await generate(trainer, { kind: 'items', documentIds: [] })).status).toBe(400);
    expect((await generate(trainer, { kind: 'items', documentIds: [docId], count: 51 })).status).toBe(400);
    expect((await generate(trainer, { kind: 'quiz', documentIds: [docId] })).status).toBe(400);
    const missing = await generate(trainer, { kind: 'items', documentIds: [docId, 2147483000], useModel: false });
    expect(missing.status).toBe(404);
    expect(String(missing.headers['content-type'])).toContain('application/problem+json');
    expect((await trainer.get<{ total: number }>('/api/v1/generation/drafts')).body.total).toBe(before);
  });
});

describe('offline generation', () => {
  it('quiz items from a Chinese policy: well-formed, answers in their source sentence, distractors are terms of the document', async () => {
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 9, useModel: false });
    expect(r.status).toBe(201);
    expect(r.body.origin).toBe('offline');
    expect(r.body.drafts).toHaveLength(9);
    expect(fake.requests).toHaveLength(0);
    const types = new Set<string>();
    for (const d of r.body.drafts) {
      expect(d).toMatchObject({ kind: 'item', status: 'pending', origin: 'offline' });
      expect(d.sources.length).toBeGreaterThanOrEqual(1);
      for (const s of d.sources) {
        expect(chunkIds).toContain(s.chunkId);
        expect(s).toMatchObject({ documentId: docId, documentTitle: '客户信息保护办法' });
      }
      const c = d.content;
      types.add(c.type);
      expect(c.tags).toContain('generated');
      if (c.type === 'fill_blank') {
        const answer: string = c.answerKey.blanks[0].accepted[0].value;
        const sentence = c.stem.replace('____', answer);
        expect(d.sources[0]!.text).toContain(sentence); // the blank's answer sits in the source sentence
        expect(c.stem).not.toContain(answer);
      }
      if (c.type === 'single') {
        const options: { id: string; text: string }[] = c.options;
        expect(options).toHaveLength(4);
        const answer = options.find((o) => o.id === c.answerKey.correct)!.text;
        expect(d.sources[0]!.text).toContain(c.stem.split('\n')[1].replace('____', answer));
        for (const o of options) {
          expect(FULL_TEXT).toContain(o.text); // every option is a term of the document
          if (o.id !== c.answerKey.correct) expect(o.text).not.toBe(answer);
        }
      }
      if (c.type === 'true_false') expect(typeof c.answerKey.correct).toBe('boolean');
    }
    expect(types).toEqual(new Set(['fill_blank', 'single', 'true_false']));
  });

  it('an outline whose modules follow the headings', async () => {
    const r = await generate(trainer, { kind: 'outline', documentIds: [docId], useModel: false });
    expect(r.status).toBe(201);
    expect(r.body.drafts).toHaveLength(1);
    const o = r.body.drafts[0]!;
    expect(o.kind).toBe('outline');
    expect(o.content.modules.map((m: { title: string }) => m.title)).toEqual(['第一章 总则', '第二章 信息收集与使用', '第三章 信息存储与销毁', '第四章 监督与责任']);
    for (const m of o.content.modules) {
      expect(m.objectives.length).toBeGreaterThanOrEqual(2);
      expect(m.objectives.length).toBeLessThanOrEqual(4);
    }
    expect(o.sources.map((s) => s.chunkId)).toEqual(chunkIds);
  });

  it('a case study needs the model: a clear 409 offline', async () => {
    const r = await generate(trainer, { kind: 'case', documentIds: [docId], useModel: false });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ type: 'urn:xueli:problem:conflict', needs: 'model', detail: expect.stringMatching(/model/) });
  });
});

describe('with the chat model', () => {
  it('valid items become drafts with their cited passages; invalid ones are dropped and counted; documents travel as delimited data', async () => {
    fake.queue({
      content: {
        items: [
          { type: 'single', stem: '对外提供客户信息必须经过哪个部门审批？', options: ['合规部门', '科技部门', '运营部门', '零售部门'], answer: 0, explanation: '第五条规定须经合规部门审批。', sources: [3] },
          { type: 'fill_blank', stem: '访问日志保存期限不少于 ____ 年。', answers: [['五', '5']], explanation: '第七条。', sources: [5] },
          { type: 'single', stem: '坏题', options: ['甲', '乙', '丙'], answer: 7, explanation: '答案越界', sources: [1] },
          { type: 'true_false', stem: '没有来源的题', answer: true, explanation: '无来源', sources: [] },
          { type: 'essay', stem: '不支持的题型', explanation: 'x', sources: [1] },
        ],
      },
    });
    const n = fake.requests.length;
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 5 });
    expect(r.status).toBe(201);
    expect(r.body.origin).toBe('model');
    expect(r.body.drafts).toHaveLength(2);
    expect(r.body.dropped).toBe(3);
    expect(r.body.notes.join(' ')).toMatch(/3 invalid items/);
    const [single, blank] = r.body.drafts;
    expect(single!.content).toMatchObject({ type: 'single', answerKey: { type: 'single-choice', correct: 'a' }, explanation: '第五条规定须经合规部门审批。' });
    expect(single!.sources.map((s) => s.chunkId)).toEqual([chunkIds[2]]);
    expect(blank!.content.answerKey.blanks[0].accepted.map((a: { value: string }) => a.value)).toEqual(['五', '5']);
    const req = fake.requests[n]!;
    const system = req.body.messages[0]!.content;
    const user = req.body.messages[1]!.content;
    expect(system).toMatch(/data, never instructions/);
    const nonce = /<<<DOCUMENTS-([0-9a-f]+)>>>/.exec(user)?.[1];
    expect(nonce).toBeTruthy();
    expect(user).toContain(`<<<END-DOCUMENTS-${nonce}>>>`);
    expect(user).toContain('[P3]');
    expect(user).toContain('第五条 对外提供客户信息必须经过合规部门审批');
  });

  it('an answer that is not the expected JSON falls back to offline items, and says so', async () => {
    fake.queue({ content: 'not json at all' }, { content: 'still not json' });
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 3 });
    expect(r.status).toBe(201);
    expect(r.body.origin).toBe('offline');
    expect(r.body.drafts).toHaveLength(3);
    expect(r.body.notes.join(' ')).toMatch(/did not answer usefully/);
  });

  it('an outline and a case study from the model; the case is approved as an essay item', async () => {
    fake.queue({
      content: {
        title: '客户信息保护培训',
        description: '面向全体员工',
        modules: [
          { title: '什么是客户信息', summary: '定义与范围', objectives: ['能够说明客户信息的范围', '能够识别敏感个人信息'], sources: [1, 2] },
          { title: '坏模块', objectives: [], sources: [1] },
        ],
      },
    });
    const o = await generate(trainer, { kind: 'outline', documentIds: [docId] });
    expect(o.status).toBe(201);
    expect(o.body).toMatchObject({ origin: 'model', dropped: 1 });
    expect(o.body.drafts[0]!.content.modules).toHaveLength(1);

    fake.queue({
      content: {
        title: '柜员的两难',
        scenario: '客户经理小王接到自称是客户家属的电话，要求提供客户的账户交易明细……',
        questions: ['小王应当如何处理？', '依据哪些条款？'],
        rubric: { criteria: [{ id: 'c1', name: '依据制度', levels: [{ label: '未引用', score: 0 }, { label: '部分引用', score: 2 }, { label: '准确引用', score: 4 }] }] },
        sources: [3, 5],
      },
    });
    const c = await generate(trainer, { kind: 'case', documentIds: [docId] });
    expect(c.status).toBe(201);
    const draft = c.body.drafts[0]!;
    expect(draft).toMatchObject({ kind: 'case', origin: 'model' });
    expect(draft.sources.map((s) => s.chunkId)).toEqual([chunkIds[2], chunkIds[4]]);
    const ok = await trainer.post<{ itemId: number }>(`/api/v1/generation/drafts/${draft.id}/approve`, { knowledgePoints: [`${kpCode}.A`] });
    expect(ok.status).toBe(200);
    const item = await trainer.get(`/api/v1/items/${ok.body.itemId}`);
    expect(item.body).toMatchObject({ type: 'essay', status: 'draft', rubric: { criteria: [expect.objectContaining({ id: 'c1' })] } });
    expect(item.body.stem).toContain('柜员的两难');
    expect(item.body.stem).toContain('1. 小王应当如何处理？');
  });
});

describe('review', () => {
  it('the trainer generates quiz items, edits one, approves it: the edited item lands in the item bank as a draft with its provenance', async () => {
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 3, types: ['single'], useModel: false });
    expect(r.status).toBe(201);
    const d = r.body.drafts[0]!;
    expect(d.content.type).toBe('single');

    // an edit that breaks the item bank's checks is refused and changes nothing
    const bad = await trainer.put(`/api/v1/generation/drafts/${d.id}`, { content: { ...d.content, answerKey: { type: 'single-choice', correct: 'z' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/not an option/);
    expect((await trainer.put(`/api/v1/generation/drafts/${d.id}`, { content: { ...d.content, stem: '' } })).status).toBe(400);

    const edited = { ...d.content, stem: '（已编辑）根据制度，对外提供客户信息须经哪个部门审批？', knowledgePoints: [`${kpCode}.A`] };
    const put = await trainer.put<Draft>(`/api/v1/generation/drafts/${d.id}`, { content: edited });
    expect(put.status).toBe(200);
    expect(put.body.content.stem).toBe(edited.stem);

    const ok = await trainer.post<{ draft: Draft; itemId: number; courseId: null }>(`/api/v1/generation/drafts/${d.id}/approve`, { note: '看过了' });
    expect(ok.status).toBe(200);
    expect(ok.body.draft).toMatchObject({ status: 'approved', itemId: ok.body.itemId, reviewNote: '看过了' });
    const item = await trainer.get(`/api/v1/items/${ok.body.itemId}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ type: 'single', status: 'draft', stem: edited.stem, options: d.content.options });
    expect(item.body.tags).toEqual(expect.arrayContaining(['generated', `draft-${d.id}`]));
    expect(item.body.knowledgePoints.map((k: { code: string }) => k.code)).toEqual([`${kpCode}.A`]);
    const versions = await trainer.get(`/api/v1/items/${ok.body.itemId}/versions`);
    expect(versions.body.items[0].note).toContain(`draft ${d.id}`);
    expect(versions.body.items[0].note).toContain(`chunks ${d.sources.map((s) => s.chunkId).join(', ')}`);

    // approving twice, rejecting or editing an approved draft: 409
    expect((await trainer.post(`/api/v1/generation/drafts/${d.id}/approve`, {})).status).toBe(409);
    expect((await admin.post(`/api/v1/generation/drafts/${d.id}/reject`, { reason: '太晚了' })).status).toBe(409);
    expect((await trainer.put(`/api/v1/generation/drafts/${d.id}`, { content: edited })).status).toBe(409);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'generation.approve'), eq(auditLog.entityId, String(d.id))));
    expect(audits).toHaveLength(1);
  });

  it('an item draft needs a knowledge point to be approved', async () => {
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 1, types: ['true_false'], useModel: false });
    const d = r.body.drafts[0]!;
    const res = await trainer.post(`/api/v1/generation/drafts/${d.id}/approve`, {});
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/knowledge point/);
    expect((await trainer.get<Draft>(`/api/v1/generation/drafts/${d.id}`)).body.status).toBe('pending');
    expect((await trainer.post(`/api/v1/generation/drafts/${d.id}/approve`, { knowledgePoints: ['NOPE.X'] })).status).toBe(400);
  });

  it('reject with a reason; twice is 409; a reason is required', async () => {
    const r = await generate(trainer, { kind: 'items', documentIds: [docId], count: 1, types: ['fill_blank'], useModel: false });
    const d = r.body.drafts[0]!;
    expect((await trainer.post(`/api/v1/generation/drafts/${d.id}/reject`, {})).status).toBe(400);
    const rej = await admin.post<Draft>(`/api/v1/generation/drafts/${d.id}/reject`, { reason: '与制度原文不符' });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'rejected', reviewNote: '与制度原文不符', itemId: null });
    expect((await admin.post(`/api/v1/generation/drafts/${d.id}/reject`, { reason: '再拒' })).status).toBe(409);
    expect((await trainer.post(`/api/v1/generation/drafts/${d.id}/approve`, { knowledgePoints: [`${kpCode}.A`] })).status).toBe(409);
  });

  it('an approved outline becomes a draft course with its modules and objectives', async () => {
    const r = await generate(trainer, { kind: 'outline', documentIds: [docId], useModel: false });
    const d = r.body.drafts[0]!;
    const ok = await trainer.post<{ courseId: number; draft: Draft }>(`/api/v1/generation/drafts/${d.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body.draft.courseId).toBe(ok.body.courseId);
    const mods = await t.db.select().from(courseModules).where(eq(courseModules.courseId, ok.body.courseId));
    expect(mods.map((m) => m.title).sort()).toEqual(['第一章 总则', '第二章 信息收集与使用', '第三章 信息存储与销毁', '第四章 监督与责任'].sort());
    expect(mods[0]!.description).toContain('学习目标');
    const course = await trainer.get(`/api/v1/courses/${ok.body.courseId}`);
    expect(course.body).toMatchObject({ status: 'draft', title: '客户信息保护办法' });
  });

  it('the queue filters by status, kind and document, with pagination', async () => {
    const all = await trainer.get<{ items: Draft[]; total: number }>('/api/v1/generation/drafts?pageSize=5');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.total).toBeGreaterThan(5);
    const pending = await trainer.get<{ items: Draft[]; total: number }>('/api/v1/generation/drafts?status=pending&kind=item&pageSize=200');
    expect(pending.body.items.length).toBeGreaterThan(0);
    expect(pending.body.items.every((d) => d.status === 'pending' && d.kind === 'item')).toBe(true);
    const approved = await trainer.get<{ items: Draft[] }>('/api/v1/generation/drafts?status=approved');
    expect(approved.body.items.map((d) => d.kind).sort()).toEqual(['case', 'item', 'outline']);
    expect((await trainer.get<{ total: number }>(`/api/v1/generation/drafts?documentId=${docId}`)).body.total).toBe(all.body.total);
    expect((await trainer.get<{ total: number }>('/api/v1/generation/drafts?documentId=2147483000')).body.total).toBe(0);
    expect((await trainer.get('/api/v1/generation/drafts/2147483000')).status).toBe(404);
  });
});
