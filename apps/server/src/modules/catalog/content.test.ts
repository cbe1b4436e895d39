import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../db/schema/index.ts';
import { makeUser, unique } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { multipart, pngBytes } from './test/fixtures.ts';

let t: TestApp;
let trainer: Client;
let otherTrainer: Client;
let learner: Client;

beforeAll(async () => {
  t = await createTestApp({ XUELI_MAX_UPLOAD_MB: '3' });
  trainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  otherTrainer = await t.login((await makeUser(t.db, { roles: ['trainer'] })).username);
  learner = await t.login((await makeUser(t.db, { roles: ['learner'] })).username);
});
afterAll(() => t.close());

/** A draft course with one module; returns both ids. */
async function courseWithModule() {
  const course = await trainer.post('/api/v1/courses', { title: unique('课程 ') });
  const mod = await trainer.post(`/api/v1/courses/${course.body.id}/modules`, { title: '模块' });
  return { courseId: course.body.id as number, moduleId: mod.body.id as number };
}

const upload = (c: Client, url: string, parts: Parameters<typeof multipart>[0]) => {
  const body = multipart(parts);
  return c.request({ method: 'POST', url, headers: body.headers, payload: body.payload });
};

describe('resources', () => {
  it('adds Markdown, video and link resources in order and shows them in the course', async () => {
    const { courseId, moduleId } = await courseWithModule();
    const md = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'markdown', title: '阅读', body: '# 标题\n\n<script>kept as text</script>' });
    expect(md.status).toBe(201);
    expect(md.body).toMatchObject({ kind: 'markdown', position: 0, url: null, fileUrl: null });
    expect(md.body.body).toContain('<script>');
    const video = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'video', title: '视频', url: 'https://video.example.com/v/1' });
    expect(video.body).toMatchObject({ kind: 'video', position: 1, body: null });
    await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'link', title: '链接', url: 'http://intranet.example/doc' });
    const detail = await trainer.get(`/api/v1/courses/${courseId}`);
    expect(detail.body.modules[0].resources.map((r: { kind: string }) => r.kind)).toEqual(['markdown', 'video', 'link']);
  });

  it('reorders a module\'s resources, refusing anything but a permutation of them', async () => {
    const { courseId, moduleId } = await courseWithModule();
    const ids: number[] = [];
    for (const title of ['一', '二', '三']) {
      ids.push((await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'link', title, url: 'https://example.com/' })).body.id);
    }
    const partial = await trainer.put(`/api/v1/modules/${moduleId}/resource-order`, { resourceIds: [ids[0], ids[1]] });
    expect(partial.status).toBe(400);
    expect(partial.body.expected).toEqual(ids);
    expect((await trainer.put(`/api/v1/modules/${moduleId}/resource-order`, { resourceIds: [ids[0], ids[0], ids[1]] })).status).toBe(400);
    expect((await otherTrainer.put(`/api/v1/modules/${moduleId}/resource-order`, { resourceIds: [ids[2], ids[1], ids[0]] })).status).toBe(403);
    const ok = await trainer.put(`/api/v1/modules/${moduleId}/resource-order`, { resourceIds: [ids[2], ids[0], ids[1]] });
    expect(ok.status).toBe(200);
    expect(ok.body.modules[0].resources.map((r: { title: string }) => r.title)).toEqual(['三', '一', '二']);
    const detail = await trainer.get(`/api/v1/courses/${courseId}`);
    expect(detail.body.modules[0].resources.map((r: { position: number }) => r.position)).toEqual([0, 1, 2]);
  });

  it('refuses a javascript: URL, a Markdown body over 200 KB and a body on a link', async () => {
    const { moduleId } = await courseWithModule();
    const js = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'link', title: 'x', url: 'javascript:alert(1)' });
    expect(js.status).toBe(400);
    expect(js.body.type).toBe('urn:xueli:problem:validation');
    expect(js.body.errors[0].path).toBe('url');
    const big = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'markdown', title: 'x', body: '字'.repeat(70_000) });
    expect(big.status).toBe(400);
    const missing = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'markdown', title: 'x' });
    expect(missing.status).toBe(400);
    const link = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'link', title: 'l', url: 'https://example.com' });
    const patch = await trainer.patch(`/api/v1/resources/${link.body.id}`, { body: '# no' });
    expect(patch.status).toBe(400);
    expect((await trainer.patch(`/api/v1/resources/${link.body.id}`, { url: 'https://example.org/new' })).body.url).toBe('https://example.org/new');
  });

  it("does not let another trainer change this trainer's resources", async () => {
    const { moduleId } = await courseWithModule();
    const r = await trainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'markdown', title: 'a', body: 'b' });
    expect((await otherTrainer.patch(`/api/v1/resources/${r.body.id}`, { title: 'c' })).status).toBe(403);
    expect((await otherTrainer.delete(`/api/v1/resources/${r.body.id}`)).status).toBe(403);
    expect((await otherTrainer.post(`/api/v1/modules/${moduleId}/resources`, { kind: 'markdown', title: 'a', body: 'b' })).status).toBe(403);
  });
});

describe('file resources and downloads', () => {
  it('uploads a file resource, and a learner downloads it as an attachment once the course is published', async () => {
    const { courseId, moduleId } = await courseWithModule();
    const bytes = Buffer.from('%PDF-1.7\n培训手册 content\n');
    const res = await upload(trainer, `/api/v1/modules/${moduleId}/resources`, [
      { name: 'title', value: '培训手册' },
      { name: 'file', filename: '培训手册.pdf', contentType: 'application/pdf', data: bytes },
    ]);
    expect(res.statusCode).toBe(201);
    const resource = res.json();
    expect(resource).toMatchObject({ kind: 'file', title: '培训手册', fileName: '培训手册.pdf', fileSize: bytes.length });
    const [row] = await t.db.select().from(files).where(eq(files.id, resource.fileId));
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await learner.get(resource.fileUrl)).status).toBe(404);
    await trainer.patch(`/api/v1/courses/${courseId}`, { status: 'published' });
    const dl = await learner.request({ method: 'GET', url: resource.fileUrl });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(bytes)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''%E5%9F%B9/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
  });

  it('needs a title and a file in the multipart form', async () => {
    const { moduleId } = await courseWithModule();
    const noTitle = await upload(trainer, `/api/v1/modules/${moduleId}/resources`, [{ name: 'file', filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('a') }]);
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors[0].path).toBe('title');
    const noFile = await upload(trainer, `/api/v1/modules/${moduleId}/resources`, [{ name: 'title', value: 'x' }]);
    expect(noFile.statusCode).toBe(400);
  });

  it('refuses a file over the upload limit with 413', async () => {
    const { moduleId } = await courseWithModule();
    const res = await upload(trainer, `/api/v1/modules/${moduleId}/resources`, [
      { name: 'title', value: 'big' },
      { name: 'file', filename: 'big.bin', contentType: 'application/octet-stream', data: Buffer.alloc(3 * 1024 * 1024 + 10) },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('urn:xueli:problem:payload-too-large');
  });

  it('deletes the stored file with its resource', async () => {
    const { moduleId } = await courseWithModule();
    const res = await upload(trainer, `/api/v1/modules/${moduleId}/resources`, [
      { name: 'title', value: 't' },
      { name: 'file', filename: 'n.txt', contentType: 'text/plain', data: Buffer.from('notes') },
    ]);
    const { id, fileId } = res.json();
    expect((await trainer.delete(`/api/v1/resources/${id}`)).status).toBe(200);
    expect(await t.db.select().from(files).where(eq(files.id, fileId))).toEqual([]);
    expect((await trainer.get(`/api/v1/files/${fileId}`)).status).toBe(404);
  });
});

describe('course cover', () => {
  it('accepts a PNG cover and serves it inline', async () => {
    const { courseId } = await courseWithModule();
    const png = pngBytes(256);
    const res = await upload(trainer, `/api/v1/courses/${courseId}/cover`, [{ name: 'file', filename: 'cover.png', contentType: 'image/png', data: png }]);
    expect(res.statusCode).toBe(200);
    const coverUrl = res.json().coverUrl as string;
    expect(coverUrl).toMatch(/^\/api\/v1\/files\/\d+$/);
    const img = await trainer.request({ method: 'GET', url: coverUrl });
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['content-disposition']).toMatch(/^inline;/);
    expect(img.rawPayload.equals(png)).toBe(true);
  });

  it('rejects a non-image sent with an image/png type (magic bytes are checked)', async () => {
    const { courseId } = await courseWithModule();
    const res = await upload(trainer, `/api/v1/courses/${courseId}/cover`, [
      { name: 'file', filename: 'cover.png', contentType: 'image/png', data: Buffer.from('<svg onload="alert(1)"></svg>') },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().type).toBe('urn:xueli:problem:unsupported-media');
    expect((await trainer.get(`/api/v1/courses/${courseId}`)).body.coverUrl).toBeNull();
  });

  it('rejects a cover over 2 MB and a request that is not multipart', async () => {
    const { courseId } = await courseWithModule();
    const big = await upload(trainer, `/api/v1/courses/${courseId}/cover`, [{ name: 'file', filename: 'c.png', contentType: 'image/png', data: pngBytes(2 * 1024 * 1024 + 1) }]);
    expect(big.statusCode).toBe(413);
    const json = await trainer.post(`/api/v1/courses/${courseId}/cover`, { file: 'x' });
    expect(json.status).toBe(415);
  });

  it("does not let another trainer replace the cover", async () => {
    const { courseId } = await courseWithModule();
    const res = await upload(otherTrainer, `/api/v1/courses/${courseId}/cover`, [{ name: 'file', filename: 'c.png', contentType: 'image/png', data: pngBytes() }]);
    expect(res.statusCode).toBe(403);
  });
});
