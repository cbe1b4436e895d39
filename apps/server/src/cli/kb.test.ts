/** `xueli kb import|reindex` in-process on a real migrated database (the test app's). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbChunks, kbCollections, kbDocuments } from '../db/schema/index.ts';
import { runCommands } from '../../test/cli.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { registerKbCommands } from './kb.ts';

let t: TestApp;
let dir: string;
let collectionId: number;

beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-kb-'));
  const [c] = await t.db.insert(kbCollections).values({ name: 'CLI' }).returning();
  collectionId = c!.id;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCommands((p) => registerKbCommands(p, (fn) => fn(t.deps)), args);
const write = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};

describe('xueli kb', () => {
  it('imports files, indexing each, and names every file that failed (exit 1)', async () => {
    const good = write('守则.md', '# 守则\n\n## 着装\n\n周五可着便装。');
    const bad = write('broken.pdf', 'not a pdf');
    const r = await run('kb', 'import', '--collection', String(collectionId), good, bad, path.join(dir, 'missing.txt'));
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/守则\.md: document \d+, 1 passages/);
    expect(r.output).toMatch(/broken\.pdf: This is not a PDF file/);
    expect(r.output).toMatch(/missing\.txt: file not found/);
    expect(r.output).toMatch(/Imported 1 of 3 file\(s\)/);
    const docs = await t.db.select().from(kbDocuments).where(eq(kbDocuments.collectionId, collectionId));
    expect(docs.map((d) => [d.title, d.status, d.chunkCount])).toEqual([['守则', 'ready', 1]]);
  });

  it('re-indexes a collection, replacing the chunks', async () => {
    const [doc] = await t.db.select().from(kbDocuments).where(eq(kbDocuments.collectionId, collectionId));
    const before = await t.db.select().from(kbChunks).where(eq(kbChunks.documentId, doc!.id));
    const r = await run('kb', 'reindex', '--collection', String(collectionId));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Re-indexed 1 of 1 document\(s\), 1 passages/);
    const after = await t.db.select().from(kbChunks).where(eq(kbChunks.documentId, doc!.id));
    expect(after.map((c) => c.text)).toEqual(before.map((c) => c.text));
    expect(after[0]!.id).not.toBe(before[0]!.id);
  });

  it('refuses an unknown collection', async () => {
    await expect(run('kb', 'import', '--collection', '999999', write('a.txt', 'x'))).rejects.toThrow(/Collection 999999 was not found/);
    expect((await run('kb', 'import', '--collection', 'abc', 'a')).code).toBe(2);
  });
});
