/**
 * The issuer's identifiers and published keys (ADR 0015): its `did:web` DID (did:web method spec:
 * the host, a port percent-encoded as `%3A`, optional path segments joined by `:`), the DID document
 * served at `/.well-known/did.json` (or `<path>/did.json`), and the JWKS at `/.well-known/jwks.json`.
 * Both list every key that verifies, rotated keys included.
 */
import { DID_V1_CONTEXT, JWK_V1_CONTEXT } from './contexts.ts';
import type { PublicJwk } from './keys.ts';

export class DidError extends Error {
  override name = 'DidError';
}

/**
 * `did:web` for a public origin (`https://certs.example.com`, `http://localhost:3000`) and an
 * optional path (`/orgs/demo` → `did:web:certs.example.com:orgs:demo`).
 */
export function didWebFromOrigin(origin: string, path = ''): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new DidError(`not a URL: ${origin}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new DidError(`did:web needs an http(s) origin, not ${url.protocol}`);
  if (url.hostname.startsWith('[')) throw new DidError('did:web cannot name an IPv6 address');
  if (url.username || url.password || url.search || url.hash)
    throw new DidError('the origin must not carry credentials, a query or a fragment');
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = [...url.pathname.split('/'), ...path.split('/')].filter((s) => s !== '');
  return ['did', 'web', host, ...segments.map((s) => encodeURIComponent(decodeURIComponent(s)))].join(':');
}

/** Where a `did:web` DID document is fetched from (https, per the method). */
export function didWebDocumentUrl(did: string): string {
  const m = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)$/.exec(did);
  if (!m) throw new DidError(`not a did:web DID: ${did}`);
  const host = decodeURIComponent(m[1]!);
  const segments = m[2]
    ? m[2]
        .slice(1)
        .split(':')
        .map((s) => decodeURIComponent(s))
    : [];
  const pathPart = segments.length ? `/${segments.map(encodeURIComponent).join('/')}` : '/.well-known';
  return `https://${host}${pathPart}/did.json`;
}

/** The DID (before `#`) of a DID URL such as a `kid`; null when it is not a DID URL. */
export function didOfDidUrl(didUrl: string): string | null {
  const m = /^(did:[a-z0-9]+:[^#?/]+)(?:[#?/].*)?$/.exec(didUrl);
  return m ? m[1]! : null;
}

export interface VerificationMethod {
  id: string;
  type: 'JsonWebKey';
  controller: string;
  publicKeyJwk: PublicJwk;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  alsoKnownAs?: string[];
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
}

/**
 * The DID document: one `JsonWebKey` verification method per key (id = the key's `kid`, a DID URL
 * under `did`), all of them in `assertionMethod` (they sign credentials).
 */
export function didDocument(did: string, keys: readonly PublicJwk[], o: { alsoKnownAs?: string[] } = {}): DidDocument {
  for (const k of keys) {
    if (!k.kid.startsWith(`${did}#`)) throw new DidError(`key ${k.kid} is not under ${did}`);
  }
  const doc: DidDocument = {
    '@context': [DID_V1_CONTEXT, JWK_V1_CONTEXT],
    id: did,
    verificationMethod: keys.map((k) => ({ id: k.kid, type: 'JsonWebKey', controller: did, publicKeyJwk: { ...k } })),
    assertionMethod: keys.map((k) => k.kid),
  };
  if (o.alsoKnownAs?.length) doc.alsoKnownAs = o.alsoKnownAs;
  return doc;
}

/** The JWKS document for `/.well-known/jwks.json` (RFC 7517 §5). */
export function jwksDocument(keys: readonly PublicJwk[]): { keys: PublicJwk[] } {
  return { keys: keys.map((k) => ({ kty: k.kty, crv: k.crv, x: k.x, kid: k.kid, alg: k.alg, use: k.use })) };
}

/** Public keys from a DID document's `assertionMethod` (embedded or referenced `JsonWebKey` methods). */
export function assertionKeysFromDidDocument(doc: DidDocument): PublicJwk[] {
  const byId = new Map(doc.verificationMethod.map((vm) => [vm.id, vm]));
  return doc.assertionMethod
    .map((ref) => byId.get(ref))
    .filter((vm): vm is VerificationMethod => vm !== undefined && vm.type === 'JsonWebKey' && vm.controller === doc.id)
    .map((vm) => ({ ...vm.publicKeyJwk, kid: vm.id }));
}
