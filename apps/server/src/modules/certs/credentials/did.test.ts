import { createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  assertionKeysFromDidDocument,
  didDocument,
  didOfDidUrl,
  didWebDocumentUrl,
  didWebFromOrigin,
  jwksDocument,
} from './did.ts';
import { signVcJwt } from './jws.ts';
import { generateSigningKey, publicJwks, rotateSigningKeys, unsealSigningKey } from './keys.ts';
import { ServerSecret } from '../../../lib/secrets.ts';

describe('did:web', () => {
  it('names an origin: host lower-cased, port percent-encoded, optional path as segments', () => {
    expect(didWebFromOrigin('https://Certs.Example.com')).toBe('did:web:certs.example.com');
    expect(didWebFromOrigin('https://certs.example.com/')).toBe('did:web:certs.example.com');
    expect(didWebFromOrigin('http://localhost:3000')).toBe('did:web:localhost%3A3000');
    expect(didWebFromOrigin('https://example.com:8443', '/orgs/demo')).toBe('did:web:example.com%3A8443:orgs:demo');
    expect(didWebFromOrigin('https://example.com/xueli')).toBe('did:web:example.com:xueli');
    expect(didWebFromOrigin('https://学力.example')).toMatch(/^did:web:xn--[a-z0-9]+\.example$/); // IDNA (punycode) host
    for (const bad of [
      'ftp://example.com',
      'not a url',
      'https://[::1]:3000',
      'https://u:p@example.com',
      'https://example.com/?q=1',
    ]) {
      expect(() => didWebFromOrigin(bad), bad).toThrow();
    }
  });

  it('resolves to the did.json URL the method defines', () => {
    expect(didWebDocumentUrl('did:web:certs.example.com')).toBe('https://certs.example.com/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:localhost%3A3000')).toBe('https://localhost:3000/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:example.com%3A8443:orgs:demo')).toBe(
      'https://example.com:8443/orgs/demo/did.json',
    );
    expect(() => didWebDocumentUrl('did:key:z6Mk')).toThrow();
    expect(didOfDidUrl('did:web:localhost%3A3000#abc')).toBe('did:web:localhost%3A3000');
    expect(didOfDidUrl('abc')).toBeNull();
  });
});

describe('DID document and JWKS', () => {
  const secret = new ServerSecret('did test secret, long enough 0123456789', 'test');
  const did = didWebFromOrigin('https://certs.example.com');
  const first = generateSigningKey(secret, new Date('2026-01-01T00:00:00Z'));
  const rotated = rotateSigningKeys([first], secret, new Date('2026-06-01T00:00:00Z'));
  const jwks = publicJwks(rotated.keys, did);

  it('lists every key (active and rotated) as a JsonWebKey verification method used for assertions', () => {
    const doc = didDocument(did, jwks);
    expect(doc['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1']);
    expect(doc.id).toBe(did);
    expect(doc.verificationMethod).toHaveLength(2);
    for (const vm of doc.verificationMethod) {
      expect(vm).toMatchObject({ type: 'JsonWebKey', controller: did });
      expect(vm.id).toMatch(new RegExp(`^${did}#[A-Za-z0-9_-]{43}$`));
      expect(vm.publicKeyJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: vm.id });
      expect(vm.publicKeyJwk).not.toHaveProperty('d');
    }
    expect(doc.assertionMethod).toEqual([`${did}#${rotated.active.thumbprint}`, `${did}#${first.thumbprint}`]);
    expect(assertionKeysFromDidDocument(doc)).toEqual(jwks);
    expect(() => didDocument('did:web:other.example', jwks)).toThrow(/not under/);
  });

  it('publishes the same keys as a JWKS that jose uses to verify certificates from before and after rotation', async () => {
    const doc = jwksDocument(jwks);
    expect(Object.keys(doc)).toEqual(['keys']);
    expect(doc.keys.map((k) => Object.keys(k).sort())).toEqual([
      ['alg', 'crv', 'kid', 'kty', 'use', 'x'],
      ['alg', 'crv', 'kid', 'kty', 'use', 'x'],
    ]);
    const keySet = createLocalJWKSet(JSON.parse(JSON.stringify(doc)) as Parameters<typeof createLocalJWKSet>[0]);
    const cred = (id: string) => ({
      id,
      issuer: { id: did },
      validFrom: '2026-01-02T00:00:00Z',
      credentialSubject: {},
    });
    for (const key of [first, rotated.active]) {
      const jwt = signVcJwt(cred(`urn:uuid:${key.thumbprint}`), unsealSigningKey(key, secret, did));
      const { payload, protectedHeader } = await jwtVerify(jwt, keySet, {
        issuer: did,
        typ: 'vc+jwt',
        currentDate: new Date('2026-07-01T00:00:00Z'),
      });
      expect(payload.jti).toBe(`urn:uuid:${key.thumbprint}`);
      expect(protectedHeader.kid).toBe(`${did}#${key.thumbprint}`);
    }
    await expect(importJWK(doc.keys[0]!, 'EdDSA')).resolves.toBeDefined();
  });
});
