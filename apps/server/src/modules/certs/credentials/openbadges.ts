/**
 * Certificates as Open Badges 3.0 `OpenBadgeCredential`s (W3C VC 2.0), secured as VC-JOSE with the
 * organisation's Ed25519 key, and their verification (ADR 0015). `verifyCertificate` runs every check a
 * public verifier needs — format, signature, issuer, validity period, revocation, suspension — and
 * says in English and Chinese why a certificate fails.
 */
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { didOfDidUrl } from './did.ts';
import {
  parseJsonObject,
  signVcJwt,
  splitVcJwtPayload,
  VC_JWT_TYP,
  verifyCompactJws,
  type JwsFailureCode,
} from './jws.ts';
import type { PublicJwk, SigningKey } from './keys.ts';
import {
  isoSeconds,
  isStatusListCredential,
  readStatus,
  StatusListError,
  statusListEntry,
  type BitstringStatusListCredential,
  type BitstringStatusListEntry,
  type StatusPurpose,
} from './status-list.ts';

/** Text in Chinese and, where there is one, English. */
export interface Bilingual {
  zh: string;
  en?: string;
}

export type CertLevel = 'junior' | 'intermediate' | 'senior';

export const LEVEL_NAMES: Record<CertLevel, Required<Bilingual>> = {
  junior: { zh: '初级', en: 'Junior' },
  intermediate: { zh: '中级', en: 'Intermediate' },
  senior: { zh: '高级', en: 'Senior' },
};

const LEVELS = Object.keys(LEVEL_NAMES) as CertLevel[];

/**
 * One string for a property that Open Badges 3.0 types as a plain string (its JSON schema rejects
 * VC 2.0 language maps there): `中文 / English`, or the Chinese alone.
 */
export const bilingualText = (t: Bilingual) => (t.en && t.en !== t.zh ? `${t.zh} / ${t.en}` : t.zh);

export interface CertificateInput {
  /** The certificate's id: its verification URL or a `urn:uuid:`. */
  id: string;
  issuer: { did: string; name: Bilingual; url?: string; description?: Bilingual };
  holder: {
    /** Shown on the certificate; the only personal data in it. */
    name: string;
    /** Optional subject id (`urn:uuid:…` or a DID the holder controls); becomes the JWT `sub`. */
    id?: string;
  };
  programme: {
    /** URL of the programme (the achievement id is `<url>/levels/<level>`). */
    url: string;
    name: Bilingual;
    description: Bilingual;
    /** The programme's domain, e.g. 人工智能 / AI (Open Badges `fieldOfStudy`). */
    domain?: Bilingual;
  };
  level: CertLevel;
  /** How the certificate was earned (Open Badges `criteria.narrative`, Markdown allowed). */
  criteria: Bilingual;
  validFrom: Date;
  validUntil: Date | null;
  status: {
    revocation: { listUrl: string; index: number };
    suspension: { listUrl: string; index: number };
  };
  /** Image of the badge (URL or data URI). */
  image?: string;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: { id: string; type: string[]; name: string; url?: string; description?: string };
  name: string;
  description: string;
  image?: { id: string; type: 'Image' };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id?: string;
    type: string[];
    identifier: Array<{ type: 'IdentityObject'; identityType: string; hashed: boolean; identityHash: string }>;
    achievement: {
      id: string;
      type: string[];
      achievementType: string;
      name: string;
      description: string;
      criteria: { narrative: string };
      fieldOfStudy?: string;
      image?: { id: string; type: 'Image' };
      resultDescription: Array<{
        id: string;
        type: string[];
        name: string;
        resultType: 'RubricCriterionLevel';
        rubricCriterionLevel: Array<{ id: string; type: string[]; name: string; level: string }>;
      }>;
    };
    result: Array<{ type: string[]; resultDescription: string; achievedLevel: string }>;
  };
  credentialStatus: BitstringStatusListEntry[];
}

/** The unsigned Open Badges 3.0 credential for a certificate. */
export function buildOpenBadgeCredential(c: CertificateInput): OpenBadgeCredential {
  if (c.validUntil && c.validUntil.getTime() <= c.validFrom.getTime())
    throw new RangeError('validUntil must be after validFrom');
  const level = LEVEL_NAMES[c.level];
  const achievementId = `${c.programme.url.replace(/\/+$/, '')}/levels/${c.level}`;
  const levelsId = `${achievementId}#levels`;
  const levelId = (l: CertLevel) => `${achievementId}#level-${l}`;
  const name = c.programme.name.en
    ? `${c.programme.name.zh} · ${level.zh} / ${c.programme.name.en} · ${level.en}`
    : `${c.programme.name.zh} · ${level.zh} / ${level.en}`;
  const image = c.image ? { id: c.image, type: 'Image' as const } : undefined;
  const credential: OpenBadgeCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: c.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: c.issuer.did,
      type: ['Profile'],
      name: bilingualText(c.issuer.name),
      ...(c.issuer.url ? { url: c.issuer.url } : {}),
      ...(c.issuer.description ? { description: bilingualText(c.issuer.description) } : {}),
    },
    name,
    description: bilingualText(c.programme.description),
    ...(image ? { image } : {}),
    validFrom: isoSeconds(c.validFrom),
    ...(c.validUntil ? { validUntil: isoSeconds(c.validUntil) } : {}),
    credentialSubject: {
      ...(c.holder.id ? { id: c.holder.id } : {}),
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.holder.name }],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certification',
        name,
        description: bilingualText(c.programme.description),
        criteria: { narrative: bilingualText(c.criteria) },
        ...(c.programme.domain ? { fieldOfStudy: bilingualText(c.programme.domain) } : {}),
        ...(image ? { image } : {}),
        resultDescription: [
          {
            id: levelsId,
            type: ['ResultDescription'],
            name: '认证等级 / Certification level',
            resultType: 'RubricCriterionLevel',
            rubricCriterionLevel: LEVELS.map((l) => ({
              id: levelId(l),
              type: ['RubricCriterionLevel'],
              name: bilingualText(LEVEL_NAMES[l]),
              level: l,
            })),
          },
        ],
      },
      result: [{ type: ['Result'], resultDescription: levelsId, achievedLevel: levelId(c.level) }],
    },
    credentialStatus: [
      statusListEntry(c.status.revocation.listUrl, 'revocation', c.status.revocation.index),
      statusListEntry(c.status.suspension.listUrl, 'suspension', c.status.suspension.index),
    ],
  };
  return credential;
}

/** Builds and signs a certificate: the compact VC-JOSE JWT that is the downloadable certificate. */
export function issueCertificate(
  c: CertificateInput,
  key: SigningKey,
): { credential: OpenBadgeCredential; jwt: string } {
  const credential = buildOpenBadgeCredential(c);
  if (didOfDidUrl(key.kid) !== c.issuer.did)
    throw new Error(`signing key ${key.kid} does not belong to issuer ${c.issuer.did}`);
  return { credential, jwt: signVcJwt(credential as unknown as Parameters<typeof signVcJwt>[0], key) };
}

// ---------------------------------------------------------------------------------------------
// Verification

export type CheckName = 'format' | 'signature' | 'issuer' | 'validity' | 'revocation' | 'suspension';

export interface VerificationCheck {
  name: CheckName;
  ok: boolean;
  /** True when the check could not run because an earlier one failed (then `ok` is false). */
  skipped?: boolean;
  reason: { en: string; zh: string };
}

export interface CertificateVerification {
  valid: boolean;
  /** Every check, in the order above. */
  checks: VerificationCheck[];
  /** The credential (without JWT claims) when it could be read, also when a check failed. */
  credential: OpenBadgeCredential | null;
  /** The `kid` of the JWS header, when readable. */
  kid: string | null;
}

export interface VerifyCertificateOptions {
  /** Published keys of the issuer, rotated ones included (JWKS or DID document). */
  keys: readonly PublicJwk[];
  /** The issuer's DID the verifier expects (ours: the organisation's did:web). */
  expectedIssuer: string;
  now?: Date;
  /**
   * Fetches a status list credential by URL: its VC-JOSE JWT (verified here with `keys`), or the
   * credential object when the caller already trusts it (the server reading its own lists). May throw.
   */
  fetchStatusList: (
    url: string,
  ) => Promise<string | BitstringStatusListCredential | null> | string | BitstringStatusListCredential | null;
  /** Tolerated clock difference for the validity period, seconds (default 0). */
  clockSkewSeconds?: number;
}

type Reason = { en: string; zh: string };
const r = (en: string, zh: string): Reason => ({ en, zh });

const SIGNATURE_REASONS: Record<Exclude<JwsFailureCode, 'malformed' | 'wrong-typ'>, Reason> = {
  'unsupported-alg': r(
    'It is signed with an algorithm we do not accept (only EdDSA).',
    '签名算法不被接受（仅接受 EdDSA）。',
  ),
  'unknown-kid': r(
    'It was signed with a key that the issuer does not publish: it was not issued by this issuer, or it was forged.',
    '签名所用的密钥不在颁发机构公布的密钥中：证书并非该机构颁发，或系伪造。',
  ),
  'bad-signature': r(
    'The signature does not match the contents: the certificate was changed after it was signed, or signed with another key.',
    '签名与内容不符：证书在签发后被改动过，或由其他密钥签名。',
  ),
};

const dateText = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

/** Checks a certificate JWT; never throws. `valid` is true only when every check passed. */
export async function verifyCertificate(jwt: string, o: VerifyCertificateOptions): Promise<CertificateVerification> {
  const now = o.now ?? new Date();
  const skewMs = (o.clockSkewSeconds ?? 0) * 1000;
  const checks: VerificationCheck[] = [];
  const pass = (name: CheckName, reason: Reason) => checks.push({ name, ok: true, reason });
  const fail = (name: CheckName, reason: Reason) => checks.push({ name, ok: false, reason });
  const skipRest = (after: CheckName, why: Reason) => {
    const order: CheckName[] = ['format', 'signature', 'issuer', 'validity', 'revocation', 'suspension'];
    for (const name of order.slice(order.indexOf(after) + 1))
      checks.push({ name, ok: false, skipped: true, reason: why });
  };
  const done = (credential: OpenBadgeCredential | null, kid: string | null): CertificateVerification => ({
    valid: checks.length === 6 && checks.every((c) => c.ok),
    checks,
    credential,
    kid,
  });

  // 1. format: a compact JWS whose payload is an OpenBadgeCredential with consistent JWT claims.
  const jws = verifyCompactJws(typeof jwt === 'string' ? jwt : '', o.keys, { typ: VC_JWT_TYP });
  const header = jws.ok ? (jws.header as unknown as Record<string, unknown>) : jws.header;
  const kid = header && typeof header.kid === 'string' ? header.kid : null;
  if (!jws.ok && jws.code === 'wrong-typ') {
    fail('format', r(`This is not a certificate: ${jws.message}.`, `这不是证书：${jws.message}。`));
    skipRest('format', r('Not checked: the certificate could not be read.', '未检查：无法读取证书。'));
    return done(null, kid);
  }
  if (!jws.ok && jws.code === 'malformed') {
    fail(
      'format',
      r(
        `This is not a well-formed signed certificate (${jws.message}); it may be truncated or altered.`,
        `这不是格式正确的签名证书（${jws.message}），可能被截断或改动。`,
      ),
    );
    skipRest('format', r('Not checked: the certificate could not be read.', '未检查：无法读取证书。'));
    return done(null, kid);
  }
  const payloadBytes = jws.ok ? jws.payload : payloadOf(jwt);
  const payload = payloadBytes ? parseJsonObject(payloadBytes) : null;
  const shape = payload
    ? readCredential(payload)
    : { credential: null, problems: ['the payload is not a JSON object'] };
  if (!shape.credential || shape.problems.length) {
    fail(
      'format',
      r(
        `This is not a valid Open Badges 3.0 certificate: ${shape.problems.join('; ')}.`,
        `这不是有效的 Open Badges 3.0 证书：${shape.problems.join('；')}。`,
      ),
    );
    skipRest('format', r('Not checked: the certificate is malformed.', '未检查：证书格式不正确。'));
    return done(null, kid);
  }
  const credential = shape.credential;
  pass(
    'format',
    r(
      'A well-formed Open Badges 3.0 credential secured as a JWT (VC-JOSE).',
      '格式正确的 Open Badges 3.0 凭证，以 JWT（VC-JOSE）保护。',
    ),
  );

  // 2. signature
  if (!jws.ok) {
    fail('signature', SIGNATURE_REASONS[jws.code as Exclude<JwsFailureCode, 'malformed' | 'wrong-typ'>]);
    skipRest(
      'signature',
      r('Not checked: without a valid signature the contents cannot be trusted.', '未检查：签名无效，内容不可信。'),
    );
    return done(credential, kid);
  }
  pass('signature', r(`The signature is valid (key ${jws.key.kid}).`, `签名有效（密钥 ${jws.key.kid}）。`));

  // 3. issuer: the credential's issuer, the key's DID and the expected issuer agree.
  const keyDid = didOfDidUrl(jws.key.kid);
  if (credential.issuer.id !== o.expectedIssuer) {
    fail(
      'issuer',
      r(
        `It was issued by ${credential.issuer.id}, not by ${o.expectedIssuer}.`,
        `颁发者是 ${credential.issuer.id}，而不是 ${o.expectedIssuer}。`,
      ),
    );
  } else if (keyDid !== credential.issuer.id) {
    fail(
      'issuer',
      r(
        `The signing key ${jws.key.kid} does not belong to the issuer ${credential.issuer.id}.`,
        `签名密钥 ${jws.key.kid} 不属于颁发者 ${credential.issuer.id}。`,
      ),
    );
  } else {
    const name = typeof credential.issuer.name === 'string' ? credential.issuer.name : credential.issuer.id;
    pass('issuer', r(`Issued by ${name} (${credential.issuer.id}).`, `颁发者：${name}（${credential.issuer.id}）。`));
  }

  // 4. validity period
  const from = Date.parse(credential.validFrom);
  const until = credential.validUntil ? Date.parse(credential.validUntil) : null;
  if (now.getTime() + skewMs < from) {
    fail(
      'validity',
      r(
        `It is not valid yet: valid from ${dateText(credential.validFrom)}.`,
        `尚未生效：生效时间为 ${dateText(credential.validFrom)}。`,
      ),
    );
  } else if (until !== null && now.getTime() - skewMs >= until) {
    fail(
      'validity',
      r(`It expired on ${dateText(credential.validUntil!)}.`, `已于 ${dateText(credential.validUntil!)} 过期。`),
    );
  } else {
    pass(
      'validity',
      until === null
        ? r(
            `Valid from ${dateText(credential.validFrom)}, with no expiry.`,
            `自 ${dateText(credential.validFrom)} 起有效，无到期日。`,
          )
        : r(
            `Valid from ${dateText(credential.validFrom)} until ${dateText(credential.validUntil!)}.`,
            `有效期：${dateText(credential.validFrom)} 至 ${dateText(credential.validUntil!)}。`,
          ),
    );
  }

  // 5–6. status
  for (const purpose of ['revocation', 'suspension'] as const) {
    const result = await checkStatus(credential, purpose, o, now);
    checks.push({ name: purpose, ...result });
  }
  return done(credential, kid);
}

function payloadOf(jwt: string): Buffer | null {
  const part = jwt.trim().split('.')[1];
  return part === undefined ? null : Buffer.from(part, 'base64url');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDate = (v: unknown) =>
  typeof v === 'string' &&
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) &&
  !Number.isNaN(Date.parse(v));

/** The credential inside a VC-JOSE payload, with what makes it not an OpenBadgeCredential. */
function readCredential(payload: Record<string, unknown>): {
  credential: OpenBadgeCredential | null;
  problems: string[];
} {
  const { credential: c, problems } = splitVcJwtPayload(payload);
  const ctx = c['@context'];
  if (!Array.isArray(ctx) || ctx[0] !== VC_V2_CONTEXT) problems.push(`@context must start with ${VC_V2_CONTEXT}`);
  else if (!ctx.some((x) => typeof x === 'string' && x.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/context')))
    problems.push('@context lacks the Open Badges 3.0 context');
  const type = c.type;
  if (
    !Array.isArray(type) ||
    !type.includes('VerifiableCredential') ||
    !(type.includes('OpenBadgeCredential') || type.includes('AchievementCredential'))
  ) {
    problems.push('type must include VerifiableCredential and OpenBadgeCredential');
  }
  if (typeof c.id !== 'string' || c.id === '') problems.push('id is missing');
  if (!isObject(c.issuer) || typeof c.issuer.id !== 'string') problems.push('issuer.id is missing');
  if (!isDate(c.validFrom)) problems.push('validFrom is missing or not a date-time');
  if (c.validUntil !== undefined && !isDate(c.validUntil)) problems.push('validUntil is not a date-time');
  const subject = c.credentialSubject;
  if (!isObject(subject) || !isObject(subject.achievement)) problems.push('credentialSubject.achievement is missing');
  const status = c.credentialStatus;
  if (
    status !== undefined &&
    !(Array.isArray(status) ? status : [status]).every((s) => isObject(s) && typeof s.type === 'string')
  ) {
    problems.push('credentialStatus is malformed');
  }
  if (payload.iss === undefined || payload.jti === undefined || payload.nbf === undefined)
    problems.push('the iss, jti and nbf claims are required');
  return { credential: problems.length ? null : (c as unknown as OpenBadgeCredential), problems };
}

async function checkStatus(
  credential: OpenBadgeCredential,
  purpose: StatusPurpose,
  o: VerifyCertificateOptions,
  now: Date,
): Promise<{ ok: boolean; reason: Reason }> {
  const raw = credential.credentialStatus as unknown;
  const entries = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (e): e is BitstringStatusListEntry =>
      isObject(e) && e.type === 'BitstringStatusListEntry' && e.statusPurpose === purpose,
  );
  const label = purpose === 'revocation' ? r('revocation', '撤销') : r('suspension', '暂停');
  if (entries.length === 0) {
    return {
      ok: true,
      reason: r(`The certificate has no ${label.en} status entry.`, `该证书没有${label.zh}状态条目。`),
    };
  }
  for (const entry of entries) {
    const index = Number(entry.statusListIndex);
    if (
      typeof entry.statusListIndex !== 'string' ||
      !/^\d+$/.test(entry.statusListIndex) ||
      !Number.isSafeInteger(index)
    ) {
      return {
        ok: false,
        reason: r(`The ${label.en} status entry has a bad index.`, `${label.zh}状态条目的索引无效。`),
      };
    }
    const list = await loadStatusList(entry.statusListCredential, credential.issuer.id, o, now);
    if ('error' in list) {
      return {
        ok: false,
        reason: r(
          `The ${label.en} status could not be checked: ${list.error.en}`,
          `无法检查${label.zh}状态：${list.error.zh}`,
        ),
      };
    }
    let set: boolean;
    try {
      set = readStatus(list.credential, index, purpose);
    } catch (err) {
      const msg = err instanceof StatusListError ? err.message : String(err);
      return {
        ok: false,
        reason: r(`The ${label.en} status could not be checked: ${msg}.`, `无法检查${label.zh}状态：${msg}。`),
      };
    }
    if (set) {
      return purpose === 'revocation'
        ? { ok: false, reason: r('The issuer has revoked this certificate.', '颁发机构已撤销该证书。') }
        : { ok: false, reason: r('The issuer has suspended this certificate.', '颁发机构已暂停该证书。') };
    }
  }
  return purpose === 'revocation'
    ? { ok: true, reason: r('Not revoked.', '未被撤销。') }
    : { ok: true, reason: r('Not suspended.', '未被暂停。') };
}

async function loadStatusList(
  url: string,
  issuer: string,
  o: VerifyCertificateOptions,
  now: Date,
): Promise<{ credential: BitstringStatusListCredential } | { error: Reason }> {
  let fetched: string | BitstringStatusListCredential | null;
  try {
    fetched = await o.fetchStatusList(url);
  } catch (err) {
    return {
      error: r(`fetching ${url} failed (${err instanceof Error ? err.message : String(err)}).`, `获取 ${url} 失败。`),
    };
  }
  if (fetched === null || fetched === undefined)
    return { error: r(`the status list ${url} was not found.`, `未找到状态列表 ${url}。`) };
  let list: unknown = fetched;
  if (typeof fetched === 'string') {
    const jws = verifyCompactJws(fetched, o.keys);
    if (!jws.ok)
      return {
        error: r(
          `the status list's signature is not valid (${jws.message}).`,
          `状态列表的签名无效（${jws.message}）。`,
        ),
      };
    const payload = parseJsonObject(jws.payload);
    if (!payload) return { error: r('the status list is not JSON.', '状态列表不是 JSON。') };
    const split = splitVcJwtPayload(payload);
    if (split.problems.length)
      return {
        error: r(
          `the status list is inconsistent (${split.problems.join('; ')}).`,
          `状态列表内容不一致（${split.problems.join('；')}）。`,
        ),
      };
    list = split.credential;
    if (didOfDidUrl(jws.key.kid) !== issuer)
      return { error: r('the status list was signed by another issuer.', '状态列表由其他机构签名。') };
  }
  if (!isStatusListCredential(list))
    return { error: r('it is not a BitstringStatusListCredential.', '这不是 BitstringStatusListCredential。') };
  const listIssuer = typeof list.issuer === 'string' ? list.issuer : (list.issuer as { id?: string }).id;
  if (listIssuer !== issuer)
    return {
      error: r(
        `the status list was issued by ${String(listIssuer)}, not by the certificate's issuer.`,
        `状态列表的颁发者不是证书的颁发者。`,
      ),
    };
  if (list.id !== undefined && list.id !== url)
    return { error: r(`the status list at ${url} says it is ${list.id}.`, `状态列表的 id 与地址不符。`) };
  if (list.validUntil && Date.parse(list.validUntil) <= now.getTime()) {
    return {
      error: r(
        `the status list expired on ${dateText(list.validUntil)}.`,
        `状态列表已于 ${dateText(list.validUntil)} 过期。`,
      ),
    };
  }
  return { credential: list };
}
