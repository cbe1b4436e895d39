/**
 * Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), signed and verified with node:crypto
 * (ADR 0015; tests check the output with the independent `jose` library), and the VC-JOSE envelope of
 * Securing Verifiable Credentials using JOSE and COSE: the JWS payload is the credential itself,
 * `typ: vc+jwt`, `cty: vc`, plus the registered claims Open Badges 3.0 asks for (iss, jti, nbf, exp,
 * sub) with values equal to the credential's.
 *
 * The verifier is strict: exactly three canonical base64url parts, a JSON object header, `alg` exactly
 * `EdDSA`, a string `kid` that names one of the given keys, no `crit`, a 64-byte signature.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { isPublicEd25519Jwk, type PublicJwk, type SigningKey } from './keys.ts';

export const JWS_ALG = 'EdDSA';
/** VC-JOSE-COSE §3.1.1: `typ` SHOULD be `vc+jwt`; when present, `cty` SHOULD be `vc`. */
export const VC_JWT_TYP = 'vc+jwt';
export const VC_JWT_CTY = 'vc';

export interface JwsHeader {
  alg: typeof JWS_ALG;
  kid: string;
  typ?: string;
  cty?: string;
}

export type JwsFailureCode = 'malformed' | 'unsupported-alg' | 'unknown-kid' | 'bad-signature' | 'wrong-typ';

export type JwsVerification =
  | { ok: true; header: JwsHeader; payload: Buffer; key: PublicJwk }
  | { ok: false; code: JwsFailureCode; message: string; header: Record<string, unknown> | null };

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes canonical unpadded base64url; null for anything else (padding, `+/`, stray bits, bad length). */
export function base64urlDecodeStrict(text: string): Buffer | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/** Signs `payload` (bytes, or a value serialised as JSON) as a compact JWS with EdDSA. */
export function signCompactJws(
  payload: Uint8Array | object,
  key: SigningKey,
  header: { typ?: string; cty?: string } = {},
): string {
  const h: JwsHeader = { alg: JWS_ALG, kid: key.kid, ...header };
  const body = payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload), 'utf8');
  const signingInput = `${Buffer.from(JSON.stringify(h), 'utf8').toString('base64url')}.${body.toString('base64url')}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Header and payload of a compact JWS without checking the signature (for display only); null if unreadable. */
export function decodeJwsUnverified(jws: string): { header: Record<string, unknown>; payload: Buffer } | null {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return null;
  const headerBytes = base64urlDecodeStrict(parts[0]!);
  const payload = base64urlDecodeStrict(parts[1]!);
  if (!headerBytes || !payload) return null;
  const header = parseJsonObject(headerBytes);
  return header ? { header, payload } : null;
}

/** Parses UTF-8 JSON that must be an object; null otherwise (bad UTF-8 included). */
export function parseJsonObject(bytes: Buffer): Record<string, unknown> | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const keyCache = new WeakMap<PublicJwk, KeyObject>();
function keyObject(jwk: PublicJwk): KeyObject {
  let k = keyCache.get(jwk);
  if (!k) {
    k = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    keyCache.set(jwk, k);
  }
  return k;
}

/**
 * Verifies a compact JWS against published keys (the `kid` must equal one key's `kid`). Never throws;
 * a failure says which rule failed.
 */
export function verifyCompactJws(
  jws: string,
  keys: readonly PublicJwk[],
  options: { typ?: string } = {},
): JwsVerification {
  const fail = (
    code: JwsFailureCode,
    message: string,
    header: Record<string, unknown> | null = null,
  ): JwsVerification => ({ ok: false, code, message, header });
  if (typeof jws !== 'string') return fail('malformed', 'not a string');
  const parts = jws.trim().split('.');
  if (parts.length !== 3)
    return fail('malformed', `a compact JWS has 3 parts separated by ".", this has ${parts.length}`);
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = base64urlDecodeStrict(h);
  const payload = base64urlDecodeStrict(p);
  const signature = base64urlDecodeStrict(s);
  if (!headerBytes || !payload || !signature) return fail('malformed', 'a part is not canonical unpadded base64url');
  const header = parseJsonObject(headerBytes);
  if (!header) return fail('malformed', 'the header is not a JSON object');
  if (header.alg !== JWS_ALG)
    return fail('unsupported-alg', `alg ${JSON.stringify(header.alg)} is not accepted (only EdDSA)`, header);
  if (header.crit !== undefined) return fail('malformed', 'critical header parameters are not supported', header);
  if (header.b64 !== undefined) return fail('malformed', 'unencoded payloads (b64) are not supported', header);
  if (typeof header.kid !== 'string' || header.kid === '') return fail('malformed', 'the header has no kid', header);
  if (header.typ !== undefined && typeof header.typ !== 'string')
    return fail('malformed', 'typ is not a string', header);
  if (header.cty !== undefined && typeof header.cty !== 'string')
    return fail('malformed', 'cty is not a string', header);
  if (options.typ !== undefined && header.typ !== options.typ) {
    return fail('wrong-typ', `typ is ${JSON.stringify(header.typ)}, expected ${JSON.stringify(options.typ)}`, header);
  }
  const key = keys.find((k) => k.kid === header.kid);
  if (!key) return fail('unknown-kid', `no published key has kid ${header.kid}`, header);
  if (!isPublicEd25519Jwk(key))
    return fail('unknown-kid', `published key ${header.kid} is not a public Ed25519 key`, header);
  if (signature.length !== 64)
    return fail('bad-signature', `an Ed25519 signature is 64 bytes, this is ${signature.length}`, header);
  let good = false;
  try {
    good = verify(null, Buffer.from(`${h}.${p}`, 'ascii'), keyObject(key), signature);
  } catch {
    good = false;
  }
  if (!good) return fail('bad-signature', `the signature does not match key ${key.kid}`, header);
  return { ok: true, header: header as unknown as JwsHeader, payload, key };
}

/** Registered JWT claims that the VC-JOSE envelope adds next to the credential's own members. */
export const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat'] as const;

/** What `signVcJwt` needs from a credential to derive its claims. */
export interface VcForJwt {
  id: string;
  issuer: string | { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string } | object;
  [member: string]: unknown;
}

const numericDate = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Secures a credential as VC-JOSE: the payload is the credential plus `iss` (issuer id), `jti` (id),
 * `nbf` (validFrom), `exp` (validUntil, when set) and `sub` (credentialSubject.id, when set).
 */
export function signVcJwt(credential: VcForJwt, key: SigningKey): string {
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  const subjectId = (credential.credentialSubject as { id?: unknown }).id;
  const claims: Record<string, string | number> = {
    iss: issuer,
    jti: credential.id,
    nbf: numericDate(credential.validFrom),
  };
  if (credential.validUntil) claims.exp = numericDate(credential.validUntil);
  if (typeof subjectId === 'string') claims.sub = subjectId;
  return signCompactJws({ ...credential, ...claims }, key, { typ: VC_JWT_TYP, cty: VC_JWT_CTY });
}

/**
 * Splits a VC-JOSE payload into the credential and its JWT claims, and checks that the claims agree
 * with the credential (Open Badges 3.0 §8.2 verification). `problems` is empty when they agree.
 */
export function splitVcJwtPayload(payload: Record<string, unknown>): {
  credential: Record<string, unknown>;
  claims: Partial<Record<(typeof JWT_CLAIMS)[number], unknown>>;
  problems: string[];
} {
  const credential: Record<string, unknown> = {};
  const claims: Partial<Record<(typeof JWT_CLAIMS)[number], unknown>> = {};
  for (const [k, v] of Object.entries(payload)) {
    if ((JWT_CLAIMS as readonly string[]).includes(k)) claims[k as (typeof JWT_CLAIMS)[number]] = v;
    else credential[k] = v;
  }
  const problems: string[] = [];
  const issuer = credential.issuer;
  const issuerId =
    typeof issuer === 'string'
      ? issuer
      : typeof issuer === 'object' && issuer !== null
        ? (issuer as { id?: unknown }).id
        : undefined;
  if (claims.iss !== undefined && claims.iss !== issuerId) problems.push('the iss claim differs from issuer.id');
  if (claims.jti !== undefined && claims.jti !== credential.id) problems.push('the jti claim differs from id');
  const subject = credential.credentialSubject;
  const subjectId = typeof subject === 'object' && subject !== null ? (subject as { id?: unknown }).id : undefined;
  if (claims.sub !== undefined && claims.sub !== subjectId)
    problems.push('the sub claim differs from credentialSubject.id');
  const dateClaim = (name: 'nbf' | 'exp', member: string) => {
    const v = claims[name];
    if (v === undefined) return;
    const m = credential[member];
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`the ${name} claim is not a NumericDate`);
    else if (typeof m !== 'string' || numericDate(m) !== v) problems.push(`the ${name} claim differs from ${member}`);
  };
  dateClaim('nbf', 'validFrom');
  dateClaim('exp', 'validUntil');
  return { credential, claims, problems };
}
