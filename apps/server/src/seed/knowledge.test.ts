/** The demo knowledge base: seeded and indexed synchronously, the restricted collection only for its departments. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbDocuments } from '../db/schema/index.ts';
import { makeDepartment, makeUser } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { seedKnowledge } from './knowledge.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('seedKnowledge', () => {
  it('indexes every document at once; the model-risk rules are visible to risk management only', async () => {
    const risk = await makeDepartment(t.db, { code: 'RISK', name: '风险管理部' });
    const team = await makeDepartment(t.db, { name: '模型验证组', parentId: risk.id });
    const other = await makeDepartment(t.db, { name: '零售银行部' });
    const started = Date.now();
    const r = await seedKnowledge(t.deps, { createdBy: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.documents).toBe(5);
    const docs = await t.db.select().from(kbDocuments);
    expect(docs.every((d) => d.status === 'ready' && d.chunkCount > 0)).toBe(true);

    const inRisk = await t.login((await makeUser(t.db, { employee: { departmentId: team.id } })).username);
    const outside = await t.login((await makeUser(t.db, { employee: { departmentId: other.id } })).username);
    const q = `/api/v1/kb/search?q=${encodeURIComponent('模型上线前的独立验证')}&k=50`;
    const riskHits = (await inRisk.get(q)).body.items as { documentTitle: string; headingPath: string[] }[];
    expect(riskHits[0]).toMatchObject({ documentTitle: '模型风险管理办法', headingPath: ['模型风险管理办法', '第三章 模型验证'] });
    const outHits = (await outside.get(q)).body.items as { documentTitle: string }[];
    expect(outHits.some((h) => h.documentTitle === '模型风险管理办法')).toBe(false);
    const policy = (await outside.get(`/api/v1/kb/search?q=${encodeURIComponent('可以把客户身份证号输入外部AI工具吗')}&k=3`)).body.items as { documentTitle: string; headingPath: string[] }[];
    expect(policy[0]).toMatchObject({ documentTitle: '生成式AI使用规范', headingPath: ['生成式AI使用规范', '二、禁止输入客户敏感信息'] });
  });
});
