import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import jsQRModule from 'jsqr';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certAuditChain, certificates } from '../../db/schema/index.ts';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { certAuditVerifier } from './issuer.service.ts';
import { registerCertCommands } from '../../cli/certs.ts';
import { runCommands } from '../../../test/cli.ts';
import { decodeStatusList } from './credentials/status-list.ts';

let t: TestApp;
let admin: Client;
let learner: Client;
let learnerEmployeeId: number;
let other: Client;
const PUBLIC = 'https://learn.example.com';

const programme = (code: string, status = 'active') => ({
  code,
  name: 'AI大模型应用工程师',
  nameEn: 'AI Application Engineer',
  domain: '人工智能',
  domainEn: 'Artificial intelligence',
  description: '在工作中安全、有效地使用大模型',
  status,
  levels: [
    { level: 'junior', requirements: { components: [{ kind: 'practical', weight: 0.6, minScore: 0.5 }, { kind: 'interview', weight: 0.4, minScore: 0.5 }], passScore: 0.6 }, validityMonths: 24 },
    { level: 'intermediate', requirements: { requiresLevel: 'junior', passScore: 0.7 }, validityMonths: 24 },
  ],
});

beforeAll(async () => {
  t = await createTestApp({ XUELI_PUBLIC_URL: PUBLIC });
  admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
  const l = await makeUser(t.db, { roles: ['learner'], employee: { name: '张晓明' } });
  learnerEmployeeId = l.employee!.id;
  learner = await t.login(l.username);
  other = await t.login((await makeUser(t.db, { roles: ['learner'], employee: {} })).username);
});
afterAll(() => t.close());

async function issue(code: string) {
  const p = await admin.post('/api/v1/cert-programmes', programme(code));
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const junior = p.body.levels.find((l: { level: string }) => l.level === 'junior');
  const res = await admin.post('/api/v1/certificates', { levelId: junior.id, employeeId: learnerEmployeeId, reason: '委员会决定 2026-12-01' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; publicId: string; verifyUrl: string; validUntil: string };
}

const jwks = async () => createLocalJWKSet((await t.anon.get('/.well-known/jwks.json')).body as never);

describe('programmes', () => {
  it('validates a programme with every problem named, and refuses a duplicate code', async () => {
    const bad = await admin.post('/api/v1/cert-programmes', {
      ...programme('bad code'),
      levels: [{ level: 'junior', requirements: { components: [{ kind: 'practical', weight: 0.5, minScore: 0.5 }], requiresLevel: 'senior' } }],
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body);
    expect(text).toContain('code');
    expect(text).toContain('sum to 1');
    expect(text).toContain('not part of this programme');
    const missing = await admin.post('/api/v1/cert-programmes', {
      ...programme('missing-exam'),
      levels: [{ level: 'junior', requirements: { components: [{ kind: 'written', examId: 999999, weight: 1, minScore: 0.5 }] } }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('exam 999999 does not exist');
    expect((await admin.post('/api/v1/cert-programmes', programme('dup-code'))).status).toBe(201);
    expect((await admin.post('/api/v1/cert-programmes', programme('dup-code'))).status).toBe(409);
  });

  it('shows learners only active programmes', async () => {
    const draft = await admin.post('/api/v1/cert-programmes', programme('draft-prog', 'draft'));
    expect(draft.status).toBe(201);
    const list = await learner.get('/api/v1/cert-programmes');
    expect(list.body.items.map((p: { code: string }) => p.code)).not.toContain('draft-prog');
    expect((await learner.get(`/api/v1/cert-programmes/${draft.body.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/cert-programmes/${draft.body.id}`)).status).toBe(200);
  });
});

describe('certificates', () => {
  it('issues an Open Badges 3.0 credential that an independent JOSE library verifies against the published JWKS', async () => {
    const cert = await issue('prog-a');
    expect(cert.verifyUrl).toBe(`${PUBLIC}/verify/${cert.publicId}`);
    const jwt = (await t.anon.get(`/api/v1/public/certificates/${cert.publicId}/credential`)).body as string;
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    const { payload } = await jwtVerify(jwt, await jwks(), { issuer: 'did:web:learn.example.com', typ: 'vc+jwt' });
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload.id).toBe(cert.verifyUrl);
    const subject = payload.credentialSubject as { identifier: { identityHash: string }[]; result: { achievedLevel: string }[] };
    expect(subject.identifier[0]!.identityHash).toBe('张晓明');
    expect(subject.result[0]!.achievedLevel).toMatch(/#level-junior$/);
    // 24 months of validity, as the level says
    expect(new Date(payload.validUntil as string).getUTCFullYear() - new Date(payload.validFrom as string).getUTCFullYear()).toBe(2);
    // the DID document publishes the same key
    const did = (await t.anon.get('/.well-known/did.json')).body as { id: string; assertionMethod: string[] };
    expect(did.id).toBe('did:web:learn.example.com');
    expect(did.assertionMethod).toContain(decodeProtectedHeader(jwt).kid);
    // the JSON download holds the same JWT and the readable credential
    const file = await t.anon.get(`/api/v1/public/certificates/${cert.publicId}/credential?format=json`);
    expect(file.body.jwt).toBe(jwt);
    expect(file.body.credential.id).toBe(cert.verifyUrl);
  });

  it('verifies by id and says plainly why a changed, foreign or revoked certificate fails', async () => {
    const cert = await issue('prog-b');
    const ok = await t.anon.get(`/api/v1/public/certificates/${cert.publicId}`);
    expect(ok.status).toBe(200);
    expect(ok.body.valid).toBe(true);
    expect(ok.body.credential.holderName).toBe('张晓明');
    expect(ok.body.credential.level).toBe('junior');

    const jwt = (await t.anon.get(`/api/v1/public/certificates/${cert.publicId}/credential`)).body as string;
    const [h, p, s] = jwt.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
    payload.credentialSubject.identifier[0].identityHash = '李四';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const bad = await t.anon.post('/api/v1/public/certificates/verify', { credential: forged });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    const sig = bad.body.checks.find((c: { name: string }) => c.name === 'signature');
    expect(sig.ok).toBe(false);
    expect(sig.reason.en).toMatch(/changed after it was signed/);

    const garbage = await t.anon.post('/api/v1/public/certificates/verify', { credential: 'not-a-certificate-at-all' });
    expect(garbage.status).toBe(200);
    expect(garbage.body.valid).toBe(false);

    // the JSON file is accepted as presented
    const file = await t.anon.get(`/api/v1/public/certificates/${cert.publicId}/credential?format=json`);
    expect((await t.anon.post('/api/v1/public/certificates/verify', { credential: JSON.stringify(file.body) })).body.valid).toBe(true);

    // suspend → invalid (suspension), reinstate → valid, revoke → invalid for good
    expect((await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'suspend', reason: '' })).status).toBe(400);
    const susp = await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'suspend', reason: '调查中' });
    expect(susp.status).toBe(200);
    const v1 = (await t.anon.get(`/api/v1/public/certificates/${cert.publicId}`)).body;
    expect(v1.valid).toBe(false);
    expect(v1.checks.find((c: { name: string }) => c.name === 'suspension').ok).toBe(false);
    expect(v1.record.statusReason).toBe('调查中');
    expect((await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'reinstate', reason: '调查结束' })).status).toBe(200);
    expect((await t.anon.get(`/api/v1/public/certificates/${cert.publicId}`)).body.valid).toBe(true);
    expect((await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'revoke', reason: '考试作弊' })).status).toBe(200);
    const v2 = (await t.anon.get(`/api/v1/public/certificates/${cert.publicId}`)).body;
    expect(v2.valid).toBe(false);
    expect(v2.checks.find((c: { name: string }) => c.name === 'revocation').ok).toBe(false);
    expect(v2.record.status).toBe('revoked');
    expect((await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'reinstate', reason: 'x' })).status).toBe(409);

    // the published revocation list carries the bit, signed by the issuer
    const listJwt = (await t.anon.get('/api/v1/public/certificates/status/revocation')).body as string;
    const { payload: list } = await jwtVerify(listJwt, await jwks(), { issuer: 'did:web:learn.example.com' });
    const [row] = await t.db.select().from(certificates).where(sql`${certificates.id} = ${cert.id}`);
    const bits = decodeStatusList((list.credentialSubject as { encodedList: string }).encodedList);
    expect(bits.get(row!.revocationIndex)).toBe(true);
  });

  it('keeps old certificates verifying after a key rotation', async () => {
    const before = await issue('prog-c');
    const rotated = await admin.post('/api/v1/cert-keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.retired.length).toBe(1);
    const after = await issue('prog-d');
    expect((await t.anon.get(`/api/v1/public/certificates/${before.publicId}`)).body.valid).toBe(true);
    expect((await t.anon.get(`/api/v1/public/certificates/${after.publicId}`)).body.valid).toBe(true);
    const jwtOld = (await t.anon.get(`/api/v1/public/certificates/${before.publicId}/credential`)).body as string;
    const jwtNew = (await t.anon.get(`/api/v1/public/certificates/${after.publicId}/credential`)).body as string;
    expect(decodeProtectedHeader(jwtOld).kid).not.toBe(decodeProtectedHeader(jwtNew).kid);
    await jwtVerify(jwtOld, await jwks());
    await jwtVerify(jwtNew, await jwks());
  });

  it('shows holders their own certificates only, and admins all; learners cannot issue or revoke', async () => {
    await issue('prog-e');
    const mine = await learner.get('/api/v1/me/certificates');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((c: { employeeId: number }) => c.employeeId === learnerEmployeeId)).toBe(true);
    expect((await other.get('/api/v1/me/certificates')).body.items).toEqual([]);
    expect((await learner.get('/api/v1/certificates')).status).toBe(403);
    expect((await learner.post('/api/v1/certificates/1/status', { change: 'revoke', reason: 'x' })).status).toBe(403);
    const all = await admin.get('/api/v1/certificates?q=张晓明&pageSize=2');
    expect(all.body.total).toBeGreaterThan(2);
    expect(all.body.items.length).toBe(2);
    expect((await t.anon.get('/api/v1/public/certificates/not-a-uuid')).status).toBe(400);
    expect((await t.anon.get(`/api/v1/public/certificates/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('lists and exports certificates on the command line', async () => {
    const cert = await issue('prog-cli');
    const cli = (args: string[]) => runCommands((p) => registerCertCommands(p, (fn) => fn(t.deps)), args);
    const list = await cli(['cert', 'list', '--json']);
    expect(list.code).toBe(0);
    const items = JSON.parse(list.output) as { id: number; holder: string; programme: string; level: string; status: string }[];
    expect(items.find((i) => i.id === cert.id)).toMatchObject({ holder: '张晓明', programme: 'prog-cli', level: 'junior', status: 'active' });
    const exported = await cli(['cert', 'export', '--id', String(cert.id)]);
    expect(exported.code).toBe(0);
    const { payload } = await jwtVerify(exported.output.trim(), await jwks());
    expect(payload.id).toBe(cert.verifyUrl);
    expect((await cli(['cert', 'export', '--id', 'abc'])).code).not.toBe(0);
    const ok = await cli(['cert', 'audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/^OK: \d+ record/);
  });

  it('chains every decision in the audit trail and finds the first changed record', async () => {
    const report = await certAuditVerifier(t.deps);
    expect(report.records).toBeGreaterThan(5);
    expect(report.broken).toBeNull();
    const [victim] = await t.db.select().from(certAuditChain).orderBy(certAuditChain.seq).offset(2).limit(1);
    await t.db.execute(sql`update cert_audit_chain set entry = jsonb_set(entry, '{reason}', '"篡改"') where seq = ${victim!.seq}`);
    const broken = await certAuditVerifier(t.deps);
    expect(broken.broken?.kind).toBe('changed');
    expect(broken.broken?.id).toBe(victim!.seq);
    expect(broken.broken?.index).toBe(2);
    const cli = await runCommands((p) => registerCertCommands(p, (fn) => fn(t.deps)), ['cert', 'audit', 'verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain(`BROKEN at record 3`);
    expect(cli.output).toContain('changed after it was written');
  });
});

describe('printable PDF', () => {
  // PDF.js reads the font's predefined CMap (UniGB-UCS2-H) by name, and unpdf ships no CMap files: a
  // stand-in with the same two-byte code space lets it split the codes; the text comes from the file's
  // own ToUnicode CMap, which is what this checks.
  let cmaps: string;
  beforeAll(async () => {
    cmaps = await mkdtemp(join(tmpdir(), 'xueli-cmaps-'));
    await writeFile(
      join(cmaps, 'UniGB-UCS2-H'),
      [
        '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
        '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> def',
        '/CMapName /UniGB-UCS2-H def /CMapType 1 def',
        '1 begincodespacerange <0000> <FFFF> endcodespacerange',
        '1 begincidrange <0000> <FFFF> 0 endcidrange',
        'endcmap CMapName currentdict /CMap defineresource pop end end',
      ].join('\n'),
    );
  });
  afterAll(() => rm(cmaps, { recursive: true, force: true }));

  const getPdf = async (publicId: string) => {
    const res = await t.anon.get(`/api/v1/public/certificates/${publicId}/pdf`);
    return { res, bytes: new Uint8Array(res.raw.rawPayload) };
  };
  const textOf = async (bytes: Uint8Array) => {
    const doc = await getDocumentProxy(new Uint8Array(bytes), { cMapUrl: `${cmaps}/`, cMapPacked: false, isEvalSupported: false });
    try {
      return (await extractText(doc, { mergePages: true })).text;
    } finally {
      await doc.destroy();
    }
  };

  /** The black filled rectangles the page draws (the QR code's modules), from its content stream(s). */
  async function filledBlackRects(bytes: Uint8Array) {
    const doc = await PDFDocument.load(bytes);
    const page = doc.getPage(0);
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r) as PDFRawStream) : [contents as PDFRawStream];
    const ops = streams.map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1')).join('\n');
    const rects: { x: number; y: number; w: number; h: number }[] = [];
    let path: typeof rects = [];
    let operands: number[] = [];
    let fill = [0, 0, 0];
    const saved: number[][] = [];
    for (const token of ops.split(/\s+/)) {
      if (!token) continue;
      if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(token)) {
        operands.push(Number(token));
        continue;
      }
      if (token === 'rg') fill = operands.slice(-3);
      else if (token === 'q') saved.push(fill);
      else if (token === 'Q') fill = saved.pop() ?? [0, 0, 0];
      else if (token === 're') {
        const [x, y, w, h] = operands.slice(-4) as [number, number, number, number];
        path.push({ x, y, w, h });
      } else if (token === 'f' || token === 'F' || token === 'f*') {
        if (fill.every((v) => v === 0)) rects.push(...path);
        path = [];
      } else if (['S', 's', 'n', 'B', 'b', 'B*', 'b*'].includes(token)) path = [];
      operands = [];
    }
    return rects;
  }

  // jsqr is CommonJS with its function also on .default, which is how its types describe it
  const jsQR = jsQRModule.default;

  /** Rasterises the modules (4 × 4 pixels each, 4 modules of white quiet zone) and decodes the QR code. */
  function decodeQr(rects: { x: number; y: number; w: number; h: number }[]): string | null {
    const unit = Math.min(...rects.map((r) => r.w));
    const minX = Math.min(...rects.map((r) => r.x));
    const top = Math.max(...rects.map((r) => r.y + r.h));
    const cells = rects.map((r) => ({ col: Math.round((r.x - minX) / unit), row: Math.round((top - (r.y + r.h)) / unit) }));
    const n = Math.max(...cells.map((c) => Math.max(c.col, c.row))) + 1;
    const px = 4;
    const quiet = 4;
    const size = (n + 2 * quiet) * px;
    const data = new Uint8ClampedArray(size * size * 4).fill(255);
    for (const { col, row } of cells)
      for (let dy = 0; dy < px; dy++)
        for (let dx = 0; dx < px; dx++) {
          const i = (((row + quiet) * px + dy) * size + (col + quiet) * px + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    return jsQR(data, size, size)?.data ?? null;
  }

  it('prints a certificate in Chinese and English with its verification address, and a QR code that encodes it', async () => {
    const cert = await issue('prog-pdf');
    const { res, bytes } = await getPdf(cert.publicId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="certificate-${cert.publicId}.pdf"`);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // the CJK font is the standard STSong-Light through UniGB-UCS2-H, not embedded, with a ToUnicode map
    const doc = await PDFDocument.load(bytes);
    const fonts = doc.getPage(0).node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
    const type0 = fonts.lookup(PDFName.of('F_CJK'), PDFDict);
    expect(String(type0.get(PDFName.of('Subtype')))).toBe('/Type0');
    expect(String(type0.get(PDFName.of('BaseFont')))).toBe('/STSong-Light');
    expect(String(type0.get(PDFName.of('Encoding')))).toBe('/UniGB-UCS2-H');
    expect(type0.lookup(PDFName.of('ToUnicode'))).toBeInstanceOf(PDFRawStream);
    const cidFont = type0.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    expect(String(cidFont.get(PDFName.of('Subtype')))).toBe('/CIDFontType0');
    const info = cidFont.lookup(PDFName.of('CIDSystemInfo'), PDFDict);
    expect(info.lookup(PDFName.of('Ordering'), PDFString).decodeText()).toBe('GB1');
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    expect(['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)))).toBe(false);

    const text = await textOf(bytes);
    for (const s of ['张晓明', 'AI大模型应用工程师', 'AI Application Engineer', '初级', 'Junior', '示例银行', '证书', 'CERTIFICATE', cert.publicId, cert.verifyUrl]) {
      expect(text).toContain(s);
    }
    expect(text).toContain(cert.validUntil.slice(0, 10));
    expect(text).not.toContain('REVOKED');
    expect(text).not.toContain('已撤销');

    expect(decodeQr(await filledBlackRects(bytes))).toBe(cert.verifyUrl);
    // the QR code and the address are links to the verification page
    const uris = (doc.getPage(0).node.Annots()?.asArray() ?? []).map((ref) =>
      doc.context.lookup(ref, PDFDict).lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('URI'), PDFString).decodeText(),
    );
    expect(uris).toEqual([cert.verifyUrl, cert.verifyUrl]);
  });

  it('marks a revoked certificate, in both languages', async () => {
    const cert = await issue('prog-pdf-revoked');
    expect((await admin.post(`/api/v1/certificates/${cert.id}/status`, { change: 'revoke', reason: '考试作弊' })).status).toBe(200);
    const { res, bytes } = await getPdf(cert.publicId);
    expect(res.status).toBe(200);
    const text = await textOf(bytes);
    expect(text).toContain('已撤销');
    expect(text).toContain('REVOKED');
    expect(text).toContain('张晓明');
  });

  it('answers an unknown id with a 404 problem', async () => {
    const res = await t.anon.get(`/api/v1/public/certificates/${crypto.randomUUID()}/pdf`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await t.anon.get('/api/v1/public/certificates/not-a-uuid/pdf')).status).toBe(400);
  });
});
