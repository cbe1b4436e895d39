import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, frameworks, knowledgePoints, mastery, positionTargets } from '../../db/schema/index.ts';
import { makeEmployee, makePosition, makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
let trainer: Client;
let learner: Client;
beforeAll(async () => {
  t = await createTestApp({ XUELI_MAX_UPLOAD_MB: '2' });
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
});
afterAll(() => t.close());

const API = '/api/v1';

async function createFramework(over: Record<string, unknown> = {}) {
  const res = await trainer.post(`${API}/frameworks`, { code: unique('FW'), name: '大模型应用能力', nameEn: 'LLM skills', version: '1.0', ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function addPoint(frameworkId: number, code: string, over: Record<string, unknown> = {}) {
  const res = await trainer.post(`${API}/frameworks/${frameworkId}/points`, { code, name: `知识点 ${code}`, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; code: string; identifier: string; depth: number; parentId: number | null };
}

async function addEdge(frameworkId: number, fromId: number, toId: number) {
  return trainer.post(`${API}/frameworks/${frameworkId}/prerequisites`, { fromId, toId });
}

/**
 * PE (提示词工程) with PE.1, PE.2 and PE.1.1 below; RAG with RAG.1; prerequisites
 * RAG.1 → PE.1 → PE.2.
 */
async function sampleFramework() {
  const fw = await createFramework({ description: '示例框架' });
  const pe = await addPoint(fw.id, 'PE', { name: '提示词工程', nameEn: 'Prompt engineering', domain: '提示词工程' });
  const pe1 = await addPoint(fw.id, 'PE.1', { name: '提示词基础', parentId: pe.id, description: '角色、任务、格式' });
  const pe2 = await addPoint(fw.id, 'PE.2', { name: '少样本提示', parentId: pe.id });
  const pe11 = await addPoint(fw.id, 'PE.1.1', { name: '角色设定', parentId: pe1.id });
  const rag = await addPoint(fw.id, 'RAG', { name: '检索增强生成', domain: 'RAG' });
  const rag1 = await addPoint(fw.id, 'RAG.1', { name: '向量检索', parentId: rag.id, nameEn: 'Vector search' });
  expect((await addEdge(fw.id, rag1.id, pe1.id)).status).toBe(201);
  expect((await addEdge(fw.id, pe1.id, pe2.id)).status).toBe(201);
  return { fw, pe, pe1, pe2, pe11, rag, rag1 };
}

const detail = async (id: number) => (await trainer.get(`${API}/frameworks/${id}`)).body;

interface Shape {
  points: { code: string; name: string; nameEn: string | null; description: string; domain: string; parent: string | null | undefined; depth: number }[];
  edges: string[];
}

/** Points and edges by code, independent of ids: what a copy or a round trip must preserve. */
function shape(d: any): Shape {
  const codeOf = new Map<number, string>(d.points.map((p: any) => [p.id, p.code]));
  return {
    points: d.points.map((p: any) => ({
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      description: p.description,
      domain: p.domain,
      parent: p.parentId == null ? null : codeOf.get(p.parentId),
      depth: p.depth,
    })),
    edges: d.prerequisites.map((e: any) => `${codeOf.get(e.fromId)}→${codeOf.get(e.toId)}`).sort(),
  };
}

/** The package as a different document: a new identifier everywhere it is referred to, and a new code. */
function asNewDocument(pkg: any, code = unique('CASE')) {
  const copy = structuredClone(pkg);
  const old = copy.CFDocument.identifier;
  const id = crypto.randomUUID();
  copy.CFDocument.identifier = id;
  copy.CFDocument.extensions.xueliCode = code;
  for (const a of copy.CFAssociations) if (a.destinationNodeURI.identifier === old) a.destinationNodeURI.identifier = id;
  return { pkg: copy, id, code };
}

const frameworkCount = async () => Number((await t.db.select({ n: sql<number>`count(*)::int` }).from(frameworks))[0]!.n);

describe('frameworks and knowledge points', () => {
  it('creates, lists and shows a framework with its tree depth-first and its edges', async () => {
    const s = await sampleFramework();
    const d = await detail(s.fw.id);
    expect(d).toMatchObject({ code: s.fw.code, version: '1.0', status: 'draft', pointCount: 6, prerequisiteCount: 2 });
    expect(d.identifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.points.map((p: any) => [p.code, p.depth])).toEqual([
      ['PE', 0],
      ['PE.1', 1],
      ['PE.1.1', 2],
      ['PE.2', 1],
      ['RAG', 0],
      ['RAG.1', 1],
    ]);
    expect(d.points[1]).toMatchObject({ parentId: s.pe.id, description: '角色、任务、格式', originId: null });
    expect(d.prerequisites).toEqual(
      expect.arrayContaining([
        { fromId: s.rag1.id, toId: s.pe1.id },
        { fromId: s.pe1.id, toId: s.pe2.id },
      ]),
    );

    const list = await learner.get(`${API}/frameworks?status=draft&code=${s.fw.code}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: s.fw.id, pointCount: 6, prerequisiteCount: 2 });
    expect((await learner.get(`${API}/frameworks?status=published&code=${s.fw.code}`)).body.items).toEqual([]);
    expect((await learner.get(`${API}/frameworks/${s.fw.id}`)).status).toBe(200);
  });

  it('refuses a taken code + version and a taken point code with 409', async () => {
    const fw = await createFramework();
    const dup = await trainer.post(`${API}/frameworks`, { code: fw.code, name: 'x', version: '1.0' });
    expect(dup.status).toBe(409);
    expect(dup.headers['content-type']).toMatch(/application\/problem\+json/);
    await addPoint(fw.id, 'A');
    const again = await trainer.post(`${API}/frameworks/${fw.id}/points`, { code: 'A', name: '重复' });
    expect(again.status).toBe(409);
    expect((await trainer.patch(`${API}/frameworks/${fw.id}`, { name: '新名称', nameEn: null })).body).toMatchObject({
      name: '新名称',
      nameEn: null,
    });
  });

  it('refuses a move that would make a cycle in the hierarchy, naming the loop', async () => {
    const s = await sampleFramework();
    const deep = await trainer.patch(`${API}/points/${s.pe.id}`, { parentId: s.pe11.id });
    expect(deep.status).toBe(409);
    expect(deep.body.cycle).toEqual(['PE', 'PE.1.1', 'PE.1', 'PE']);
    expect(deep.body.detail).toContain('PE → PE.1.1 → PE.1 → PE');
    const self = await trainer.patch(`${API}/points/${s.pe1.id}`, { parentId: s.pe1.id });
    expect(self.status).toBe(409);
    expect(self.body.cycle).toEqual(['PE.1', 'PE.1']);
    // a legal move: PE.1.1 to the top of RAG
    const ok = await trainer.patch(`${API}/points/${s.pe11.id}`, { parentId: s.rag.id, position: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ parentId: s.rag.id, depth: 1 });
    // a parent from another framework
    const other = await createFramework();
    const foreign = await addPoint(other.id, 'X');
    const cross = await trainer.patch(`${API}/points/${s.pe1.id}`, { parentId: foreign.id });
    expect(cross.status).toBe(400);
    expect(cross.body.detail).toContain('another framework');
    expect((await detail(s.fw.id)).points.find((p: any) => p.code === 'PE.1').parentId).toBe(s.pe.id);
  });

  it('refuses a prerequisite that would close a cycle with 409 spelling out the cycle by codes', async () => {
    const s = await sampleFramework();
    const res = await addEdge(s.fw.id, s.pe2.id, s.rag1.id);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:xueli:problem:conflict');
    expect(res.body.cycle).toEqual(['PE.2', 'RAG.1', 'PE.1', 'PE.2']);
    expect(res.body.detail).toContain('PE.2 → RAG.1 → PE.1 → PE.2');
    expect((await addEdge(s.fw.id, s.pe2.id, s.pe2.id)).body.cycle).toEqual(['PE.2', 'PE.2']);
    expect((await addEdge(s.fw.id, s.rag1.id, s.pe1.id)).status).toBe(409); // already there
    // both points must belong to the framework
    const other = await createFramework();
    const foreign = await addPoint(other.id, 'X');
    expect((await addEdge(s.fw.id, foreign.id, s.pe1.id)).status).toBe(400);
    expect((await addEdge(s.fw.id, 999999, s.pe1.id)).status).toBe(404);
    expect((await detail(s.fw.id)).prerequisites).toHaveLength(2);
    // a legal edge, then removing it
    expect((await addEdge(s.fw.id, s.rag1.id, s.pe2.id)).status).toBe(201);
    expect((await trainer.delete(`${API}/frameworks/${s.fw.id}/prerequisites/${s.rag1.id}/${s.pe2.id}`)).status).toBe(200);
    expect((await trainer.delete(`${API}/frameworks/${s.fw.id}/prerequisites/${s.rag1.id}/${s.pe2.id}`)).status).toBe(404);
    // edge changes are audited (refusals are not changes)
    const edits = await t.db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'framework'), eq(auditLog.entityId, String(s.fw.id)), inArray(auditLog.action, ['prerequisite.add', 'prerequisite.remove'])));
    expect(edits.filter((e) => (e.details as { from?: string }).from === 'RAG.1' && (e.details as { to?: string }).to === 'PE.2').map((e) => e.action).sort()).toEqual(['prerequisite.add', 'prerequisite.remove']);
  });

  it('deletes a point only without children and references', async () => {
    const s = await sampleFramework();
    const parent = await trainer.delete(`${API}/points/${s.pe1.id}`);
    expect(parent.status).toBe(409);
    expect(parent.body.detail).toMatch(/child/);
    const pos = await makePosition(t.db);
    await t.db.insert(positionTargets).values({ positionId: pos.id, kpId: s.pe11.id, target: 0.8 });
    const emp = await makeEmployee(t.db);
    await t.db.insert(mastery).values({ employeeId: emp.id, kpId: s.pe11.id, p: 0.4 });
    const used = await trainer.delete(`${API}/points/${s.pe11.id}`);
    expect(used.status).toBe(409);
    expect(used.body.references).toMatchObject({ positionTargets: 1, mastery: 1 });
    expect(used.body.detail).toContain('position target');
    // …and the framework cannot be deleted either
    expect((await trainer.delete(`${API}/frameworks/${s.fw.id}`)).status).toBe(409);
    // an unused leaf goes, with its edges
    expect((await trainer.delete(`${API}/points/${s.pe2.id}`)).status).toBe(200);
    const d = await detail(s.fw.id);
    expect(d.points.map((p: any) => p.code)).not.toContain('PE.2');
    expect(d.prerequisites).toEqual([{ fromId: s.rag1.id, toId: s.pe1.id }]);
    // an unused draft framework can be deleted
    const empty = await createFramework();
    expect((await trainer.delete(`${API}/frameworks/${empty.id}`)).status).toBe(200);
    expect((await trainer.get(`${API}/frameworks/${empty.id}`)).status).toBe(404);
  });

  it('answers unknown ids with 404 problem+json', async () => {
    for (const [method, url, body] of [
      ['GET', `${API}/frameworks/999999`],
      ['PATCH', `${API}/frameworks/999999`, { name: 'x' }],
      ['DELETE', `${API}/frameworks/999999`],
      ['POST', `${API}/frameworks/999999/publish`, {}],
      ['POST', `${API}/frameworks/999999/versions`, { version: '2' }],
      ['POST', `${API}/frameworks/999999/points`, { code: 'A', name: 'A' }],
      ['PATCH', `${API}/points/999999`, { name: 'x' }],
      ['DELETE', `${API}/points/999999`],
      ['POST', `${API}/frameworks/999999/prerequisites`, { fromId: 1, toId: 2 }],
      ['DELETE', `${API}/frameworks/999999/prerequisites/1/2`],
      ['GET', `${API}/frameworks/999999/case`],
      ['GET', `${API}/frameworks/999999/points.csv`],
    ] as const) {
      const res = await trainer.request({
        method,
        url,
        ...(body ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().type).toBe('urn:xueli:problem:not-found');
    }
  });

  it('lets learners read but not write', async () => {
    const s = await sampleFramework();
    expect((await learner.post(`${API}/frameworks`, { code: unique('FW'), name: 'x', version: '1' })).status).toBe(403);
    expect((await learner.post(`${API}/frameworks/${s.fw.id}/points`, { code: 'Z', name: 'z' })).status).toBe(403);
    expect((await learner.post(`${API}/frameworks/${s.fw.id}/prerequisites`, { fromId: s.pe2.id, toId: s.rag.id })).status).toBe(403);
    expect((await learner.post(`${API}/frameworks/${s.fw.id}/publish`)).status).toBe(403);
    expect((await learner.get(`${API}/frameworks/${s.fw.id}/case`)).status).toBe(200);
    expect((await learner.get(`${API}/frameworks/${s.fw.id}/points.csv`)).status).toBe(200);
    expect((await t.anon.get(`${API}/frameworks`)).status).toBe(401);
  });
});

describe('versions', () => {
  it('makes a published framework read-only, retiring the previous published version on publish', async () => {
    const s = await sampleFramework();
    const empty = await createFramework();
    expect((await trainer.post(`${API}/frameworks/${empty.id}/publish`)).status).toBe(409);

    const pub = await trainer.post(`${API}/frameworks/${s.fw.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published' });
    expect(pub.body.publishedAt).not.toBeNull();

    for (const res of [
      await trainer.patch(`${API}/frameworks/${s.fw.id}`, { name: '改名' }),
      await trainer.post(`${API}/frameworks/${s.fw.id}/points`, { code: 'NEW', name: '新' }),
      await trainer.patch(`${API}/points/${s.pe1.id}`, { name: '改名' }),
      await trainer.delete(`${API}/points/${s.pe11.id}`),
      await addEdge(s.fw.id, s.rag1.id, s.pe2.id),
      await trainer.delete(`${API}/frameworks/${s.fw.id}/prerequisites/${s.rag1.id}/${s.pe1.id}`),
      await trainer.delete(`${API}/frameworks/${s.fw.id}`),
      await trainer.post(`${API}/frameworks/${s.fw.id}/publish`),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
    }
    expect(shape(await detail(s.fw.id)).points.map((p) => p.name)).not.toContain('改名');

    // a new version, published, retires this one
    const v2 = await trainer.post(`${API}/frameworks/${s.fw.id}/versions`, { version: '2.0' });
    expect(v2.status).toBe(201);
    expect((await trainer.post(`${API}/frameworks/${v2.body.id}/publish`)).status).toBe(200);
    expect((await detail(s.fw.id)).status).toBe('retired');
    // a retired framework is read-only; a published one can be retired by hand
    expect((await trainer.patch(`${API}/frameworks/${s.fw.id}`, { status: 'retired' })).status).toBe(409);
    const retire = await trainer.patch(`${API}/frameworks/${v2.body.id}`, { status: 'retired' });
    expect(retire.status).toBe(200);
    expect(retire.body.status).toBe('retired');
    // a draft does not retire
    expect((await trainer.patch(`${API}/frameworks/${empty.id}`, { status: 'retired' })).status).toBe(409);

    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'framework'), inArray(auditLog.entityId, [String(s.fw.id), String(v2.body.id)])));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['framework.create', 'framework.publish', 'framework.version', 'framework.retire']),
    );
  });

  it('copies points, hierarchy and edges into a new draft with origin ids', async () => {
    const s = await sampleFramework();
    await trainer.post(`${API}/frameworks/${s.fw.id}/publish`);
    const before = await detail(s.fw.id);
    const res = await trainer.post(`${API}/frameworks/${s.fw.id}/versions`, { version: '2.0' });
    expect(res.status).toBe(201);
    const v2 = res.body;
    expect(v2).toMatchObject({ code: s.fw.code, version: '2.0', status: 'draft', previousVersionId: s.fw.id });
    expect(v2.identifier).not.toBe(before.identifier);
    expect(shape(v2)).toEqual(shape(before));
    const old = new Map<string, any>(before.points.map((p: any) => [p.code, p]));
    for (const p of v2.points) {
      const o = old.get(p.code);
      expect(p.id).not.toBe(o.id);
      expect(p.originId).toBe(o.id);
      expect(p.identifier).toBe(o.identifier);
    }
    expect((await trainer.post(`${API}/frameworks/${s.fw.id}/versions`, { version: '2.0' })).status).toBe(409);
    // the copy is editable, the original is untouched
    expect((await trainer.patch(`${API}/points/${v2.points[0].id}`, { name: '提示词工程（新）' })).status).toBe(200);
    expect((await detail(s.fw.id)).points[0].name).toBe('提示词工程');
  });
});

describe('CASE 1.0', () => {
  it('exports a CFPackage with isChildOf and precedes associations', async () => {
    const s = await sampleFramework();
    const res = await trainer.get(`${API}/frameworks/${s.fw.id}/case`);
    expect(res.status).toBe(200);
    const pkg = res.body;
    expect(pkg.CFDocument).toMatchObject({
      identifier: s.fw.identifier,
      uri: `urn:uuid:${s.fw.identifier}`,
      title: '大模型应用能力',
      version: '1.0',
      creator: 'Xueli',
      adoptionStatus: 'Draft',
      extensions: { xueliCode: s.fw.code, titleEn: 'LLM skills' },
    });
    expect(pkg.CFDocument.lastChangeDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(pkg.CFItems.map((i: any) => i.humanCodingScheme)).toEqual(['PE', 'PE.1', 'PE.1.1', 'PE.2', 'RAG', 'RAG.1']);
    expect(pkg.CFItems[0]).toMatchObject({
      identifier: s.pe.identifier,
      fullStatement: '提示词工程',
      abbreviatedStatement: 'Prompt engineering',
      conceptKeywords: ['提示词工程'],
      CFItemType: 'Knowledge Point',
      language: 'zh',
    });
    const child = pkg.CFAssociations.filter((a: any) => a.associationType === 'isChildOf');
    const precedes = pkg.CFAssociations.filter((a: any) => a.associationType === 'precedes');
    expect(child).toHaveLength(6);
    expect(precedes).toHaveLength(2);
    const top = child.find((a: any) => a.originNodeURI.identifier === s.pe.identifier);
    expect(top.destinationNodeURI.identifier).toBe(s.fw.identifier);
    const pe11 = child.find((a: any) => a.originNodeURI.identifier === s.pe11.identifier);
    expect(pe11.destinationNodeURI).toMatchObject({ identifier: s.pe1.identifier, title: '提示词基础' });
    expect(precedes.map((a: any) => [a.originNodeURI.identifier, a.destinationNodeURI.identifier])).toEqual(
      expect.arrayContaining([
        [s.rag1.identifier, s.pe1.identifier],
        [s.pe1.identifier, s.pe2.identifier],
      ]),
    );
    // stable identifiers: exporting twice gives the same associations
    const again = (await trainer.get(`${API}/frameworks/${s.fw.id}/case`)).body;
    expect(again.CFAssociations.map((a: any) => a.identifier)).toEqual(pkg.CFAssociations.map((a: any) => a.identifier));
  });

  it('round-trips: export then import gives the same points and edges', async () => {
    const s = await sampleFramework();
    const before = await detail(s.fw.id);
    const pkg = (await trainer.get(`${API}/frameworks/${s.fw.id}/case`)).body;
    const count = await frameworkCount();

    // same document identifier: a new version of the same framework
    const dry = await trainer.post(`${API}/frameworks/import/case?dryRun=true&version=rt`, pkg);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      mode: 'version',
      code: s.fw.code,
      version: 'rt',
      previousVersionId: s.fw.id,
      points: 6,
      hierarchyLinks: 4,
      prerequisites: 2,
      warnings: [],
      frameworkId: null,
    });
    expect(await frameworkCount()).toBe(count);
    // without ?version the document's 1.0 is taken
    expect((await trainer.post(`${API}/frameworks/import/case?dryRun=false`, pkg)).status).toBe(409);

    const res = await trainer.post(`${API}/frameworks/import/case?dryRun=false&version=rt`, pkg);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const imported = await detail(res.body.frameworkId);
    expect(imported).toMatchObject({ code: s.fw.code, version: 'rt', status: 'draft', previousVersionId: s.fw.id, nameEn: 'LLM skills' });
    expect(shape(imported)).toEqual(shape(before));
    const old = new Map<string, any>(before.points.map((p: any) => [p.code, p]));
    for (const p of imported.points) {
      expect(p.identifier).toBe(old.get(p.code).identifier);
      expect(p.originId).toBe(old.get(p.code).id);
    }

    // a different document and code: a new framework keeping the document identifier
    const { pkg: fresh, id: newId, code: newCode } = asNewDocument(pkg);
    const created = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, fresh);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ mode: 'new', code: newCode, version: '1.0', previousVersionId: null });
    const d = await detail(created.body.frameworkId);
    expect(d.identifier).toBe(newId);
    expect(shape(d)).toEqual(shape(before));
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'framework.import'), eq(auditLog.entityId, String(d.id))));
    expect(audit).toHaveLength(1);
  });

  it('reports broken associations, cycles and duplicate codes with 400 and writes nothing', async () => {
    const s = await sampleFramework();
    const { pkg } = asNewDocument((await trainer.get(`${API}/frameworks/${s.fw.id}/case`)).body);
    const count = await frameworkCount();

    const broken = structuredClone(pkg);
    broken.CFAssociations[3].destinationNodeURI.identifier = 'no-such-item';
    broken.CFAssociations.push({ associationType: 'exactMatchOf', originNodeURI: { identifier: 'x' }, destinationNodeURI: { identifier: 'y' } });
    for (const dryRun of ['true', 'false']) {
      const res = await trainer.post(`${API}/frameworks/import/case?dryRun=${dryRun}`, broken);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        {
          path: 'CFAssociations[3].destinationNodeURI.identifier',
          message: expect.stringContaining('no-such-item is neither a CFItem nor the CFDocument'),
        },
      ]);
      expect(res.body.warnings).toEqual(['1 association(s) of type exactMatchOf ignored: Xueli reads isChildOf and precedes']);
    }

    const cyclic = structuredClone(pkg);
    const idOf = (code: string) => pkg.CFItems.find((i: any) => i.humanCodingScheme === code).identifier;
    cyclic.CFAssociations.push({
      associationType: 'precedes',
      originNodeURI: { identifier: idOf('PE.2') },
      destinationNodeURI: { identifier: idOf('RAG.1') },
    });
    const cyc = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, cyclic);
    expect(cyc.status).toBe(400);
    // spelled from the association that closes it (the last one)
    expect(cyc.body.cycle).toEqual(['PE.2', 'RAG.1', 'PE.1', 'PE.2']);
    expect(cyc.body.detail).toContain('PE.2 → RAG.1 → PE.1 → PE.2');

    const twoParents = structuredClone(pkg);
    twoParents.CFAssociations.push({
      associationType: 'isChildOf',
      originNodeURI: { identifier: idOf('PE') },
      destinationNodeURI: { identifier: idOf('PE.1.1') },
    });
    const tp = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, twoParents);
    expect(tp.status).toBe(400);
    expect(tp.body.detail).toContain('one parent');

    const loop = structuredClone(pkg);
    loop.CFAssociations.find((a: any) => a.associationType === 'isChildOf' && a.originNodeURI.identifier === idOf('PE')).destinationNodeURI = {
      identifier: idOf('PE.1.1'),
    };
    const lp = await trainer.post(`${API}/frameworks/import/case?dryRun=true`, loop);
    expect(lp.status).toBe(400);
    expect(lp.body.cycle).toEqual(['PE.1.1', 'PE.1', 'PE', 'PE.1.1']);
    expect(lp.body.detail).toContain('isChildOf associations form a cycle: PE.1.1 → PE.1 → PE → PE.1.1');

    const dupCodes = structuredClone(pkg);
    dupCodes.CFItems[1].humanCodingScheme = 'PE';
    delete dupCodes.CFItems[2].humanCodingScheme;
    const dup = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, dupCodes);
    expect(dup.status).toBe(400);
    expect(dup.body.errors.map((e: any) => e.path)).toEqual(['CFItems[1].humanCodingScheme', 'CFItems[2].humanCodingScheme']);

    const shapeless = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, { CFDocument: { title: 'x' } });
    expect(shapeless.status).toBe(400);

    expect(await frameworkCount()).toBe(count);
  });

  it('imports a package from another tool: top-level items without isChildOf, extra fields, no Xueli code', async () => {
    const doc = crypto.randomUUID();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const pkg = {
      CFDocument: { identifier: doc, uri: `https://case.example/${doc}`, title: `Data literacy ${unique('')}`, creator: 'Someone', lastChangeDateTime: '2024-01-01T00:00:00Z', CFPackageURI: { identifier: doc } },
      CFItems: [
        { identifier: a, fullStatement: 'Read a chart', humanCodingScheme: 'DL.1', educationLevel: ['09'] },
        { identifier: b, fullStatement: 'Interpret a regression', humanCodingScheme: 'DL.2', abbreviatedStatement: 'Regression' },
      ],
      CFAssociations: [
        { associationType: 'precedes', originNodeURI: { identifier: a }, destinationNodeURI: { identifier: b } },
        { associationType: 'isRelatedTo', originNodeURI: { identifier: a }, destinationNodeURI: { identifier: 'elsewhere' } },
      ],
      CFDefinitions: { CFItemTypes: [] },
    };
    const res = await trainer.post(`${API}/frameworks/import/case?dryRun=false`, pkg);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mode: 'new', version: '1.0', points: 2, prerequisites: 1, hierarchyLinks: 0 });
    expect(res.body.code).toMatch(/^DATA-LITERACY/);
    expect(res.body.warnings).toHaveLength(1);
    const d = await detail(res.body.frameworkId);
    expect(shape(d).edges).toEqual(['DL.1→DL.2']);
    expect(d.points.map((p: any) => [p.code, p.nameEn, p.depth])).toEqual([
      ['DL.1', null, 0],
      ['DL.2', 'Regression', 0],
    ]);
  });
});

describe('CSV', () => {
  const upload = (frameworkId: number, csv: string | Buffer, dryRun: boolean, as: 'csv' | 'multipart' = 'csv', c = trainer) => {
    const bytes = Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8');
    if (as === 'csv') {
      return c.request({ method: 'POST', url: `${API}/frameworks/${frameworkId}/points/import?dryRun=${dryRun}`, headers: { 'content-type': 'text/csv' }, payload: bytes });
    }
    const boundary = `----xueli${Math.random().toString(16).slice(2)}`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="points.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    return c.request({
      method: 'POST',
      url: `${API}/frameworks/${frameworkId}/points/import?dryRun=${dryRun}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
  };

  it('exports the points with a BOM and the documented columns', async () => {
    const s = await sampleFramework();
    await trainer.patch(`${API}/points/${s.pe2.id}`, { description: '=1+1, "quoted"' });
    const res = await trainer.get(`${API}/frameworks/${s.fw.id}/points.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${s.fw.code}-1.0-points.csv"`);
    expect(res.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.raw.rawPayload.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('code,name,name_en,domain,parent_code,prerequisites,description');
    expect(lines.slice(1, 7)).toEqual([
      'PE,提示词工程,Prompt engineering,提示词工程,,,',
      'PE.1,提示词基础,,,PE,RAG.1,角色、任务、格式',
      'PE.1.1,角色设定,,,PE.1,,',
      `PE.2,少样本提示,,,PE,PE.1,"'=1+1, ""quoted"""`,
      'RAG,检索增强生成,,RAG,,,',
      'RAG.1,向量检索,Vector search,,RAG,,',
    ]);
  });

  it('round-trips through export and import into an empty draft', async () => {
    const s = await sampleFramework();
    await trainer.patch(`${API}/points/${s.pe2.id}`, { description: '=1+1, "quoted"' });
    const csv = (await trainer.get(`${API}/frameworks/${s.fw.id}/points.csv`)).raw.rawPayload;
    const target = await createFramework();
    const res = await upload(target.id, csv, false, 'multipart');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, totalRows: 6, toCreate: 6, toUpdate: 0, errorCount: 0 });
    expect(shape(await detail(target.id))).toEqual(shape(await detail(s.fw.id)));
    // importing the same file again changes nothing
    expect((await upload(target.id, csv, true)).json()).toMatchObject({ toCreate: 0, toUpdate: 0, unchanged: 6 });
  });

  it('reports every bad row with its line number and writes nothing; the fixed file commits', async () => {
    const s = await sampleFramework();
    const before = await detail(s.fw.id);
    const bad = [
      '编码,名称,英文名称,领域,上级编码,先修知识点,描述',
      'PE.3,思维链,Chain of thought,提示词工程,PE,PE.2；PE.1,',
      'PE.4,,,,PE,,', // line 3: no name
      'AG.1,智能体,,,NOPE,,', // line 4: unknown parent
      'AG.2,工具调用,,,,PE.3;GHOST,', // line 5: unknown prerequisite
      'PE.3,重复,,,,,', // line 6: duplicate code
      'PE.1,提示词基础,,,PE,PE.2,', // line 7: PE.1 → PE.2 exists, PE.2 → PE.1 closes a cycle
      'bad code,x,,,,,', // line 8: code format
      '"RAG",检索增强生成,,RAG,RAG.1,,', // line 9: RAG under its own child
    ].join('\r\n');
    const dry = await upload(s.fw.id, bad, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.errors.map((e: any) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const at = (line: number) => report.errors.find((e: any) => e.line === line);
    expect(at(3)).toMatchObject({ field: 'name', message: 'line 3: name is required' });
    expect(at(4)).toMatchObject({ field: 'parentCode', value: 'NOPE' });
    expect(at(5)).toMatchObject({ field: 'prerequisites', value: 'GHOST' });
    expect(at(6).message).toContain('already on line 2');
    expect(at(7).message).toContain('PE.2 → PE.1 → PE.2');
    expect(at(8)).toMatchObject({ field: 'code', value: 'bad code' });
    expect(at(9).message).toContain('cycle in the hierarchy: RAG → RAG.1 → RAG');
    expect(report).toMatchObject({ dryRun: true, totalRows: 8, errorCount: 7 });

    const commit = await upload(s.fw.id, bad, false);
    expect(commit.statusCode).toBe(422);
    expect(commit.json()).toMatchObject({ type: 'urn:xueli:problem:import-invalid', errorCount: 7 });
    expect(shape(await detail(s.fw.id))).toEqual(shape(before));

    const fixed = [
      '编码,名称,英文名称,领域,上级编码,先修知识点,描述',
      'PE.3,思维链,Chain of thought,提示词工程,PE,PE.2；PE.1,',
      'AG.1,智能体,,,,,',
      'AG.2,工具调用,,,AG.1,PE.3;RAG.1,',
      'PE.1,提示词基础（修订）,,,PE,,',
    ].join('\n');
    const ok = await upload(s.fw.id, fixed, false);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ dryRun: false, totalRows: 4, toCreate: 3, toUpdate: 1, unchanged: 0, errorCount: 0 });
    const after = shape(await detail(s.fw.id));
    expect(after.points.find((p) => p.code === 'PE.3')).toMatchObject({ parent: 'PE', nameEn: 'Chain of thought', domain: '提示词工程', depth: 1 });
    expect(after.points.find((p) => p.code === 'AG.2')).toMatchObject({ parent: 'AG.1', depth: 1 });
    expect(after.points.find((p) => p.code === 'PE.1')).toMatchObject({ name: '提示词基础（修订）', parent: 'PE', description: '' });
    // PE.1's prerequisites were replaced by an empty list; the others were added
    expect(after.edges).toEqual(['PE.1→PE.2', 'PE.1→PE.3', 'PE.2→PE.3', 'PE.3→AG.2', 'RAG.1→AG.2'].sort());
    const ids = (await t.db.select({ code: knowledgePoints.code, parentId: knowledgePoints.parentId }).from(knowledgePoints).where(eq(knowledgePoints.frameworkId, s.fw.id))).length;
    expect(ids).toBe(9);
  });

  it('refuses imports into a published framework, and files without the required columns', async () => {
    const s = await sampleFramework();
    const noName = await upload(s.fw.id, 'code,domain\nX,Y\n', true);
    expect(noName.json().errors[0].message).toBe('line 1: required column missing: name');
    await trainer.post(`${API}/frameworks/${s.fw.id}/publish`);
    const res = await upload(s.fw.id, 'code,name\nX,Y\n', true);
    expect(res.statusCode).toBe(409);
    const wrongType = await trainer.request({ method: 'POST', url: `${API}/frameworks/${s.fw.id}/points/import`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(wrongType.statusCode).toBe(415);
    expect((await upload(s.fw.id, 'code,name\nX,Y\n', false, 'csv', learner)).statusCode).toBe(403);
  });
});
