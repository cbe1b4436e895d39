/**
 * Bitstring Status List v1.0 (W3C): one bit per certificate (statusSize 1), index 0 = the left-most
 * (most significant) bit of the first byte, at least 131,072 bits (16 KB) for herd privacy, published
 * GZIP-compressed as multibase base64url (`u` prefix, no padding) in `encodedList` of a
 * `BitstringStatusListCredential`, itself secured as VC-JOSE like the certificates (ADR 0015).
 */
import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_V2_CONTEXT } from './contexts.ts';
import { signVcJwt } from './jws.ts';
import type { SigningKey } from './keys.ts';

/** The spec's minimum bitstring length: 16 KB. */
export const STATUS_LIST_MIN_BITS = 131_072;
/** Largest list we will inflate from a fetched credential (guards against compression bombs). */
export const STATUS_LIST_MAX_BYTES = 16 * 1024 * 1024;

export type StatusPurpose = 'revocation' | 'suspension';

export class StatusListError extends Error {
  constructor(
    readonly code: 'malformed' | 'too-short' | 'too-large' | 'range' | 'purpose',
    message: string,
  ) {
    super(message);
    this.name = 'StatusListError';
  }
}

/** A fixed-length bitstring in the spec's bit order. */
export class Bitstring {
  readonly bytes: Uint8Array;

  constructor(lengthOrBytes: number | Uint8Array = STATUS_LIST_MIN_BITS) {
    if (typeof lengthOrBytes === 'number') {
      if (!Number.isInteger(lengthOrBytes) || lengthOrBytes <= 0 || lengthOrBytes % 8 !== 0) {
        throw new RangeError('a bitstring length is a positive multiple of 8');
      }
      this.bytes = new Uint8Array(lengthOrBytes / 8);
    } else {
      this.bytes = lengthOrBytes;
    }
  }

  /** Length in bits. */
  get length(): number {
    return this.bytes.length * 8;
  }

  get(index: number): boolean {
    this.#check(index);
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  set(index: number, value: boolean): void {
    this.#check(index);
    const mask = 0x80 >> (index & 7);
    this.bytes[index >> 3] = value ? this.bytes[index >> 3]! | mask : this.bytes[index >> 3]! & ~mask;
  }

  #check(index: number) {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new StatusListError('range', `status index ${index} is outside the list (0…${this.length - 1})`);
    }
  }
}

/** `encodedList`: `u` + base64url(GZIP(bitstring)). */
export function encodeStatusList(bits: Bitstring): string {
  if (bits.length < STATUS_LIST_MIN_BITS)
    throw new StatusListError('too-short', `a status list has at least ${STATUS_LIST_MIN_BITS} bits`);
  return `u${gzipSync(bits.bytes, { level: 9 }).toString('base64url')}`;
}

/** Inverse of `encodeStatusList`; checks the multibase prefix, the GZIP data and the minimum length. */
export function decodeStatusList(encoded: string): Bitstring {
  if (typeof encoded !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encoded)) {
    throw new StatusListError('malformed', 'encodedList is not multibase base64url (u…)');
  }
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: STATUS_LIST_MAX_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new StatusListError('too-large', 'the status list is larger than we accept');
    throw new StatusListError('malformed', 'encodedList is not GZIP data');
  }
  if (bytes.length * 8 < STATUS_LIST_MIN_BITS) {
    throw new StatusListError(
      'too-short',
      `the status list has ${bytes.length * 8} bits, fewer than the minimum ${STATUS_LIST_MIN_BITS}`,
    );
  }
  return new Bitstring(new Uint8Array(bytes));
}

/** A `BitstringStatusListEntry` (the certificate's `credentialStatus` item). */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export function statusListEntry(listUrl: string, purpose: StatusPurpose, index: number): BitstringStatusListEntry {
  if (!Number.isInteger(index) || index < 0) throw new StatusListError('range', `bad status index ${index}`);
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
    /** Milliseconds a verifier may cache the list (spec's `ttl`). */
    ttl?: number;
  };
}

/** XML Schema dateTimeStamp at second precision (what VC 2.0 and NumericDate agree on). */
export const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** The status list credential for `purpose`, published at `id` (the `statusListCredential` URL). */
export function buildStatusListCredential(o: {
  id: string;
  issuer: string;
  purpose: StatusPurpose;
  bits: Bitstring;
  validFrom?: Date;
  validUntil?: Date;
  ttlMs?: number;
}): BitstringStatusListCredential {
  const credential: BitstringStatusListCredential = {
    '@context': [VC_V2_CONTEXT],
    id: o.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: o.issuer,
    validFrom: isoSeconds(o.validFrom ?? new Date()),
    credentialSubject: {
      id: `${o.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: o.purpose,
      encodedList: encodeStatusList(o.bits),
    },
  };
  if (o.validUntil) credential.validUntil = isoSeconds(o.validUntil);
  if (o.ttlMs !== undefined) credential.credentialSubject.ttl = o.ttlMs;
  return credential;
}

/** The status list credential secured as VC-JOSE (compact JWT, `typ: vc+jwt`). */
export function signStatusListCredential(credential: BitstringStatusListCredential, key: SigningKey): string {
  return signVcJwt(credential as unknown as Parameters<typeof signVcJwt>[0], key);
}

/** Whether `value` has the shape of a BitstringStatusListCredential (types, subject, encodedList). */
export function isStatusListCredential(value: unknown): value is BitstringStatusListCredential {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (
    !Array.isArray(v.type) ||
    !v.type.includes('VerifiableCredential') ||
    !v.type.includes('BitstringStatusListCredential')
  )
    return false;
  if (typeof v.validFrom !== 'string' && v.validFrom !== undefined) return false;
  const subject = v.credentialSubject as Record<string, unknown> | undefined;
  return (
    typeof subject === 'object' &&
    subject !== null &&
    subject.type === 'BitstringStatusList' &&
    typeof subject.encodedList === 'string'
  );
}

/**
 * The status bit at `index` in a status list credential, checking that its purpose is `purpose`
 * (the spec's STATUS_VERIFICATION_ERROR) and the index is in range (STATUS_RANGE_ERROR).
 */
export function readStatus(credential: BitstringStatusListCredential, index: number, purpose: StatusPurpose): boolean {
  const purposes = ([] as unknown[]).concat(credential.credentialSubject.statusPurpose);
  if (!purposes.includes(purpose)) {
    throw new StatusListError('purpose', `the status list is for ${purposes.join(', ')}, not ${purpose}`);
  }
  return decodeStatusList(credential.credentialSubject.encodedList).get(index);
}

/**
 * A random free index (the spec recommends random assignment so that an index says nothing about
 * issue order). `isTaken` reports indexes already used in this list.
 */
export function allocateStatusIndex(isTaken: (index: number) => boolean, length = STATUS_LIST_MIN_BITS): number {
  for (let attempt = 0; attempt < 64; attempt++) {
    const i = randomInt(length);
    if (!isTaken(i)) return i;
  }
  for (let i = 0; i < length; i++) if (!isTaken(i)) return i;
  throw new StatusListError('range', 'the status list is full');
}
