import { generateKeyPairSync } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecodeStrict, signCompactJws, signVcJwt, splitVcJwtPayload, verifyCompactJws } from './jws.ts';
import type { PublicJwk, SigningKey } from './keys.ts';

const KID = 'did:web:certs.example.com#k1';

function testKey(kid = KID): { signer: SigningKey; jwk: PublicJwk } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { signer: { kid, privateKey }, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

describe('compact JWS (EdDSA)', () => {
  const { signer, jwk } = testKey();
  const jws = signCompactJws({ hello: '世界' }, signer, { typ: 'vc+jwt', cty: 'vc' });

  it('produces a JWS that jose verifies, and verifies it ourselves', async () => {
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(jwk, 'EdDSA'), {
      algorithms: ['EdDSA'],
    });
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toEqual({ hello: '世界' });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: KID, typ: 'vc+jwt', cty: 'vc' });
    const ours = verifyCompactJws(jws, [jwk], { typ: 'vc+jwt' });
    expect(ours.ok).toBe(true);
    if (ours.ok) expect(JSON.parse(ours.payload.toString('utf8'))).toEqual({ hello: '世界' });
  });

  it('verifies a JWS that jose signed (the other direction)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const pub = { ...(await exportJWK(publicKey)), kid: 'did:web:x#jose', alg: 'EdDSA', use: 'sig' } as PublicJwk;
    const joseJws = await new CompactSign(Buffer.from('signed by jose'))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'did:web:x#jose' })
      .sign(privateKey);
    const ours = verifyCompactJws(joseJws, [pub]);
    expect(ours.ok && ours.payload.toString()).toBe('signed by jose');
  });

  it('rejects alg other than EdDSA (none, HS256, ES256, Ed25519)', () => {
    const [, p, s] = jws.split('.') as [string, string, string];
    for (const alg of ['none', 'HS256', 'ES256', 'Ed25519', undefined]) {
      const r = verifyCompactJws(`${b64({ alg, kid: KID })}.${p}.${s}`, [jwk]);
      expect(r.ok ? 'ok' : r.code).toBe('unsupported-alg');
    }
    expect(verifyCompactJws(`${b64({ alg: 'none' })}.${p}.`, [jwk]).ok).toBe(false);
  });

  it('rejects an unknown kid, and a kid that names another key (bad signature)', () => {
    const other = testKey('did:web:certs.example.com#other');
    const r1 = verifyCompactJws(jws, [other.jwk]);
    expect(r1.ok ? 'ok' : r1.code).toBe('unknown-kid');
    const impostor = { ...other.jwk, kid: KID };
    const r2 = verifyCompactJws(jws, [impostor]);
    expect(r2.ok ? 'ok' : r2.code).toBe('bad-signature');
  });

  it('rejects a changed payload byte and a changed signature byte', () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = Buffer.from(p, 'base64url');
    payload[payload.length - 3] = payload[payload.length - 3]! ^ 0x01;
    const r1 = verifyCompactJws(`${h}.${payload.toString('base64url')}.${s}`, [jwk]);
    expect(r1.ok ? 'ok' : r1.code).toBe('bad-signature');
    const sig = Buffer.from(s, 'base64url');
    sig[0] = sig[0]! ^ 0x80;
    const r2 = verifyCompactJws(`${h}.${p}.${sig.toString('base64url')}`, [jwk]);
    expect(r2.ok ? 'ok' : r2.code).toBe('bad-signature');
    const r3 = verifyCompactJws(`${h}.${p}.${sig.subarray(0, 63).toString('base64url')}`, [jwk]);
    expect(r3.ok ? 'ok' : r3.code).toBe('bad-signature');
  });

  it('parses strictly: part count, base64url alphabet and padding, header shape, crit, typ', () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const cases: Array<[string, string]> = [
      ['', 'malformed'],
      [`${h}.${p}`, 'malformed'],
      [`${h}.${p}.${s}.x`, 'malformed'],
      [`${h}=.${p}.${s}`, 'malformed'],
      [`${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}x+/.${s}`, 'malformed'],
      [`${h}.${p}.${s}==`, 'malformed'],
      [`${b64('not json')}.${p}.${s}`, 'malformed'],
      [`${b64([1, 2])}.${p}.${s}`, 'malformed'],
      [`${b64({ alg: 'EdDSA' })}.${p}.${s}`, 'malformed'],
      [`${b64({ alg: 'EdDSA', kid: KID, crit: ['exp'], exp: 1 })}.${p}.${s}`, 'malformed'],
      [`${b64({ alg: 'EdDSA', kid: KID, b64: false, crit: ['b64'] })}.${p}.${s}`, 'malformed'],
      [`${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${p}.${s}`, 'malformed'],
    ];
    for (const [input, code] of cases) {
      const r = verifyCompactJws(input, [jwk]);
      expect(r.ok ? 'ok' : r.code, input.slice(0, 40)).toBe(code);
    }
    const untyped = signCompactJws({ a: 1 }, signer);
    const r = verifyCompactJws(untyped, [jwk], { typ: 'vc+jwt' });
    expect(r.ok ? 'ok' : r.code).toBe('wrong-typ');
  });

  it('decodes base64url only in its canonical unpadded form', () => {
    expect(base64urlDecodeStrict('AQID')?.toString('hex')).toBe('010203');
    expect(base64urlDecodeStrict('AQI')?.toString('hex')).toBe('0102');
    expect(base64urlDecodeStrict('AQJ')).toBeNull(); // non-zero trailing bits
    expect(base64urlDecodeStrict('AQ==')).toBeNull();
    expect(base64urlDecodeStrict('A')).toBeNull();
    expect(base64urlDecodeStrict('a+b/')).toBeNull();
  });
});

describe('VC-JOSE envelope', () => {
  it('adds iss, jti, nbf, exp and sub equal to the credential, and splits them back', () => {
    const { signer, jwk } = testKey();
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:1',
      type: ['VerifiableCredential'],
      issuer: { id: 'did:web:certs.example.com' },
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2029-01-01T00:00:00Z',
      credentialSubject: { id: 'urn:uuid:holder' },
    };
    const r = verifyCompactJws(signVcJwt(credential, signer), [jwk], { typ: 'vc+jwt' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header).toMatchObject({ typ: 'vc+jwt', cty: 'vc' });
    const payload = JSON.parse(r.payload.toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({
      iss: 'did:web:certs.example.com',
      jti: 'urn:uuid:1',
      sub: 'urn:uuid:holder',
      nbf: 1767225600,
      exp: 1861920000,
    });
    expect(payload).not.toHaveProperty('vc');
    const split = splitVcJwtPayload(payload);
    expect(split.credential).toEqual(credential);
    expect(split.problems).toEqual([]);
    expect(splitVcJwtPayload({ ...payload, nbf: 1, iss: 'did:web:evil' }).problems).toEqual([
      'the iss claim differs from issuer.id',
      'the nbf claim differs from validFrom',
    ]);
  });
});
