import { gunzipSync, gzipSync } from 'node:zlib';
import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, publicJwk, unsealSigningKey } from './keys.ts';
import { ServerSecret } from '../../../lib/secrets.ts';
import {
  allocateStatusIndex,
  Bitstring,
  buildStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  readStatus,
  signStatusListCredential,
  STATUS_LIST_MIN_BITS,
  StatusListError,
  statusListEntry,
} from './status-list.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusListError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('Bitstring Status List', () => {
  it('has at least 131,072 bits (16 KB) uncompressed by default', () => {
    const bits = new Bitstring();
    expect(bits.length).toBe(STATUS_LIST_MIN_BITS);
    expect(bits.bytes.length).toBe(16 * 1024);
    const decompressed = gunzipSync(Buffer.from(encodeStatusList(bits).slice(1), 'base64url'));
    expect(decompressed.length).toBeGreaterThanOrEqual(16 * 1024);
    expect(() => encodeStatusList(new Bitstring(8 * 1024))).toThrow(StatusListError);
  });

  it('puts index 0 in the left-most bit of the first byte', () => {
    const bits = new Bitstring();
    bits.set(0, true);
    expect(bits.bytes[0]).toBe(0b1000_0000);
    bits.set(7, true);
    expect(bits.bytes[0]).toBe(0b1000_0001);
    bits.set(8, true);
    expect(bits.bytes[1]).toBe(0b1000_0000);
    bits.set(STATUS_LIST_MIN_BITS - 1, true);
    expect(bits.bytes[bits.bytes.length - 1]).toBe(0b0000_0001);
    bits.set(0, false);
    expect(bits.bytes[0]).toBe(0b0000_0001);
    expect([0, 7, 8, 9].map((i) => bits.get(i))).toEqual([false, true, true, false]);
    expect(code(() => bits.get(STATUS_LIST_MIN_BITS))).toBe('range');
    expect(code(() => bits.set(-1, true))).toBe('range');
  });

  it('round-trips through GZIP + multibase base64url (u prefix, no padding)', () => {
    const bits = new Bitstring();
    const set = [0, 1, 42, 4096, 99_999, STATUS_LIST_MIN_BITS - 1];
    for (const i of set) bits.set(i, true);
    const encoded = encodeStatusList(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(400); // a sparse list compresses well
    const decoded = decodeStatusList(encoded);
    expect(decoded.length).toBe(STATUS_LIST_MIN_BITS);
    expect(Buffer.from(decoded.bytes).equals(Buffer.from(bits.bytes))).toBe(true);
    for (const i of set) expect(decoded.get(i)).toBe(true);
    expect(decoded.get(2)).toBe(false);
  });

  it('rejects an encodedList that is not multibase base64url, not GZIP, or too short', () => {
    expect(code(() => decodeStatusList('zAAAA'))).toBe('malformed');
    expect(code(() => decodeStatusList('uAA=='))).toBe('malformed');
    expect(code(() => decodeStatusList(`u${Buffer.from('not gzip').toString('base64url')}`))).toBe('malformed');
    expect(code(() => decodeStatusList(`u${gzipSync(new Uint8Array(1024)).toString('base64url')}`))).toBe('too-short');
    expect(code(() => decodeStatusList(`u${gzipSync(new Uint8Array(32 * 1024 * 1024)).toString('base64url')}`))).toBe(
      'too-large',
    );
  });

  it('builds a BitstringStatusListCredential, signed as VC-JOSE, that jose verifies', async () => {
    const secret = new ServerSecret('status list test secret 0123456789abcdef', 'test');
    const did = 'did:web:certs.example.com';
    const stored = generateSigningKey(secret);
    const url = 'https://certs.example.com/api/v1/public/status/revocation';
    const bits = new Bitstring();
    bits.set(7, true);
    const credential = buildStatusListCredential({
      id: url,
      issuer: did,
      purpose: 'revocation',
      bits,
      validFrom: new Date('2026-03-01T08:00:00.123Z'),
      ttlMs: 300_000,
    });
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: did,
      validFrom: '2026-03-01T08:00:00Z',
      credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300_000 },
    });
    const jwt = signStatusListCredential(credential, unsealSigningKey(stored, secret, did));
    const { payload, protectedHeader } = await jwtVerify(jwt, await importJWK(publicJwk(stored, did), 'EdDSA'), {
      typ: 'vc+jwt',
      issuer: did,
      currentDate: new Date('2026-03-02T00:00:00Z'),
    });
    expect(protectedHeader.cty).toBe('vc');
    expect(payload.credentialSubject).toEqual(credential.credentialSubject);
    expect(readStatus(credential, 7, 'revocation')).toBe(true);
    expect(readStatus(credential, 8, 'revocation')).toBe(false);
    expect(code(() => readStatus(credential, 7, 'suspension'))).toBe('purpose');
    expect(code(() => readStatus(credential, STATUS_LIST_MIN_BITS, 'revocation'))).toBe('range');
  });

  it('makes status entries and allocates random free indexes', () => {
    expect(statusListEntry('https://x/status/1', 'suspension', 5)).toEqual({
      id: 'https://x/status/1#5',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'suspension',
      statusListIndex: '5',
      statusListCredential: 'https://x/status/1',
    });
    const taken = new Set<number>();
    for (let n = 0; n < 200; n++) taken.add(allocateStatusIndex((i) => taken.has(i)));
    expect(taken.size).toBe(200);
    expect(Math.max(...taken)).toBeGreaterThan(1000); // random, not sequential
    const full = new Set(Array.from({ length: 16 }, (_, i) => i));
    full.delete(11);
    expect(allocateStatusIndex((i) => full.has(i), 16)).toBe(11);
    full.add(11);
    expect(code(() => allocateStatusIndex((i) => full.has(i), 16))).toBe('range');
  });
});
