/**
 * The organisation's Ed25519 signing keys (ADR 0015). A stored key keeps its public half in the clear
 * (published in the JWKS and the DID document, also after rotation, so old certificates keep
 * verifying) and its private half sealed under the server secret (`secrets.ts`). The stable key id is
 * the RFC 7638 JWK thumbprint; the published `kid` is the DID URL `<issuer did>#<thumbprint>`, the same
 * string in the JWS header, the JWKS and the DID document's verification method.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { openSecret, sealSecret, SECRET_PURPOSES, type ServerSecret } from '../../../lib/secrets.ts';

/** The public members of an Ed25519 key (RFC 8037). */
export interface Ed25519PublicKey {
  kty: 'OKP';
  crv: 'Ed25519';
  /** The 32-byte public key, base64url. */
  x: string;
}

/** A published verification key (JWKS entry and `publicKeyJwk`); never contains `d`. */
export interface PublicJwk extends Ed25519PublicKey {
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** A signing key as stored (a database row later): public half in the clear, private half sealed. */
export interface StoredSigningKey {
  /** RFC 7638 thumbprint of the public key: the stable key id. */
  thumbprint: string;
  publicKey: Ed25519PublicKey;
  /** PKCS#8 PEM sealed with `sealSecret(…, SECRET_PURPOSES.certSigningKey)`. */
  sealedPrivateKey: string;
  /** `active` signs new certificates (exactly one); `retired` only verifies. */
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

/** A key ready to sign: the private key object and the `kid` to put in the JWS header. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** RFC 7638 thumbprint (SHA-256, base64url) over the required members of an OKP key, in order. */
export function jwkThumbprint(jwk: Ed25519PublicKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

/** The published `kid` of a key: the DID URL `<did>#<thumbprint>`. */
export const keyIdFor = (did: string, thumbprint: string) => `${did}#${thumbprint}`;

/** A fresh Ed25519 key pair, its private half sealed under the server secret. */
export function generateSigningKey(secret: ServerSecret, now: Date = new Date()): StoredSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' });
  if (pub.kty !== 'OKP' || pub.crv !== 'Ed25519' || typeof pub.x !== 'string')
    throw new Error('unexpected Ed25519 JWK export');
  const publicJwkMembers: Ed25519PublicKey = { kty: 'OKP', crv: 'Ed25519', x: pub.x };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  return {
    thumbprint: jwkThumbprint(publicJwkMembers),
    publicKey: publicJwkMembers,
    sealedPrivateKey: sealSecret(pem, SECRET_PURPOSES.certSigningKey, secret),
    status: 'active',
    createdAt: now.toISOString(),
    retiredAt: null,
  };
}

/** The published JWK of a stored key under the issuer's DID. */
export function publicJwk(key: StoredSigningKey, did: string): PublicJwk {
  return { ...key.publicKey, kid: keyIdFor(did, key.thumbprint), alg: 'EdDSA', use: 'sig' };
}

/** Every key that verifies (active first, then retired, newest first): the JWKS and DID document keys. */
export function publicJwks(keys: readonly StoredSigningKey[], did: string): PublicJwk[] {
  const order = (k: StoredSigningKey) => (k.status === 'active' ? 0 : 1);
  return [...keys]
    .sort((a, b) => order(a) - order(b) || b.createdAt.localeCompare(a.createdAt))
    .map((k) => publicJwk(k, did));
}

/** The one active key; throws when there is none or more than one. */
export function activeSigningKey(keys: readonly StoredSigningKey[]): StoredSigningKey {
  const active = keys.filter((k) => k.status === 'active');
  if (active.length !== 1) throw new Error(`expected exactly one active signing key, found ${active.length}`);
  return active[0]!;
}

/** Opens the sealed private key and checks that it belongs to the stored public key. */
export function unsealSigningKey(key: StoredSigningKey, secret: ServerSecret, did: string): SigningKey {
  const privateKey = createPrivateKey(openSecret(key.sealedPrivateKey, SECRET_PURPOSES.certSigningKey, secret));
  const derived = createPublicKey(privateKey).export({ format: 'jwk' });
  if (derived.x !== key.publicKey.x) throw new Error(`sealed private key does not match public key ${key.thumbprint}`);
  return { kid: keyIdFor(did, key.thumbprint), privateKey };
}

/**
 * Rotation: a new active key; the previous active key becomes `retired` (kept, still published, so
 * certificates it signed keep verifying). Returns the whole new set and the new key.
 */
export function rotateSigningKeys(
  keys: readonly StoredSigningKey[],
  secret: ServerSecret,
  now: Date = new Date(),
): { keys: StoredSigningKey[]; active: StoredSigningKey } {
  const active = generateSigningKey(secret, now);
  const kept = keys.map((k) =>
    k.status === 'active' ? { ...k, status: 'retired' as const, retiredAt: now.toISOString() } : k,
  );
  return { keys: [active, ...kept], active };
}

/** Whether `jwk` is a well-formed public Ed25519 JWK (and carries no private member). */
export function isPublicEd25519Jwk(jwk: unknown): jwk is PublicJwk {
  if (typeof jwk !== 'object' || jwk === null) return false;
  const j = jwk as Record<string, unknown>;
  return (
    j.kty === 'OKP' &&
    j.crv === 'Ed25519' &&
    typeof j.x === 'string' &&
    /^[A-Za-z0-9_-]{43}$/.test(j.x) &&
    typeof j.kid === 'string' &&
    j.d === undefined &&
    (j.alg === undefined || j.alg === 'EdDSA') &&
    (j.use === undefined || j.use === 'sig')
  );
}
