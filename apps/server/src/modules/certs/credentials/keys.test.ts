import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactJws } from './jws.ts';
import {
  activeSigningKey,
  generateSigningKey,
  isPublicEd25519Jwk,
  jwkThumbprint,
  publicJwk,
  publicJwks,
  rotateSigningKeys,
  unsealSigningKey,
} from './keys.ts';
import { openSecret, SECRET_PURPOSES, ServerSecret } from '../../../lib/secrets.ts';

const secret = new ServerSecret('test server secret, long enough: 0123456789', 'test');
const DID = 'did:web:certs.example.com';

describe('Ed25519 signing keys', () => {
  it('generates a key whose public JWK has the published shape and whose private half is sealed', () => {
    const key = generateSigningKey(secret, new Date('2026-01-01T00:00:00Z'));
    const jwk = publicJwk(key, DID);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(jwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: `${DID}#${key.thumbprint}`,
    });
    expect(Buffer.from(jwk.x, 'base64url')).toHaveLength(32);
    expect(isPublicEd25519Jwk(jwk)).toBe(true);
    expect(key).toMatchObject({ status: 'active', createdAt: '2026-01-01T00:00:00.000Z', retiredAt: null });
    expect(key.sealedPrivateKey).toMatch(/^xs1\./);
    expect(key.sealedPrivateKey).not.toMatch(/PRIVATE KEY/);
    expect(openSecret(key.sealedPrivateKey, SECRET_PURPOSES.certSigningKey, secret)).toMatch(
      /^-----BEGIN PRIVATE KEY-----/,
    );
    expect(JSON.stringify(publicJwks([key], DID))).not.toMatch(/"d"/);
  });

  it('uses the RFC 7638 thumbprint as the stable key id (checked by jose and by the RFC 8037 example)', async () => {
    const key = generateSigningKey(secret);
    expect(key.thumbprint).toBe(await calculateJwkThumbprint(key.publicKey, 'sha256'));
    // RFC 8037 §A.3: the thumbprint of the example Ed25519 key.
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
  });

  it('unseals a key that signs what jose verifies with the published JWK', async () => {
    const key = generateSigningKey(secret);
    const signer = unsealSigningKey(key, secret, DID);
    expect(signer.kid).toBe(`${DID}#${key.thumbprint}`);
    const jws = signCompactJws(Buffer.from('学力 payload'), signer);
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(publicJwk(key, DID), 'EdDSA'));
    expect(Buffer.from(payload).toString('utf8')).toBe('学力 payload');
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: signer.kid });
  });

  it('refuses to unseal under another server secret or when the stored public key was swapped', () => {
    const key = generateSigningKey(secret);
    expect(() => unsealSigningKey(key, new ServerSecret('a different server secret, 0123456789'), DID)).toThrow(
      /another server secret/,
    );
    const other = generateSigningKey(secret);
    expect(() => unsealSigningKey({ ...key, publicKey: other.publicKey }, secret, DID)).toThrow(/does not match/);
  });

  it('rotates: one new active key, the old one retired but still published', () => {
    const first = generateSigningKey(secret, new Date('2026-01-01T00:00:00Z'));
    const { keys, active } = rotateSigningKeys([first], secret, new Date('2026-06-01T00:00:00Z'));
    expect(keys).toHaveLength(2);
    expect(activeSigningKey(keys)).toBe(active);
    expect(active.thumbprint).not.toBe(first.thumbprint);
    expect(keys.find((k) => k.thumbprint === first.thumbprint)).toMatchObject({
      status: 'retired',
      retiredAt: '2026-06-01T00:00:00.000Z',
    });
    const again = rotateSigningKeys(keys, secret, new Date('2027-01-01T00:00:00Z'));
    expect(again.keys.filter((k) => k.status === 'active')).toHaveLength(1);
    expect(publicJwks(again.keys, DID).map((j) => j.kid)).toEqual(
      [again.active, active, first].map((k) => `${DID}#${k.thumbprint}`),
    );
    expect(() => activeSigningKey([])).toThrow(/exactly one active/);
  });
});
