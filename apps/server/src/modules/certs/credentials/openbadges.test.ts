/**
 * Certificates signed by our code and checked twice: by the independent `jose` library (signature,
 * typ, issuer, nbf/exp) and by the product's `verifyCertificate` (which also checks status), each
 * failure for the right reason (issue 7, Quality).
 */
import { generateKeyPairSync } from 'node:crypto';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { didWebFromOrigin } from './did.ts';
import { signCompactJws, signVcJwt } from './jws.ts';
import {
  generateSigningKey,
  publicJwk,
  publicJwks,
  rotateSigningKeys,
  unsealSigningKey,
  type PublicJwk,
  type SigningKey,
  type StoredSigningKey,
} from './keys.ts';
import {
  buildOpenBadgeCredential,
  issueCertificate,
  verifyCertificate,
  type CertificateInput,
  type CertificateVerification,
  type CheckName,
} from './openbadges.ts';
import { ServerSecret } from '../../../lib/secrets.ts';
import {
  Bitstring,
  buildStatusListCredential,
  signStatusListCredential,
  type BitstringStatusListCredential,
  type StatusPurpose,
} from './status-list.ts';

const ORIGIN = 'https://certs.demo-bank.example';
const DID = didWebFromOrigin(ORIGIN);
const secret = new ServerSecret('certificate tests server secret 0123456789', 'test');
const LIST_URL = (p: StatusPurpose) => `${ORIGIN}/api/v1/public/status/${p}`;
const ISSUED = new Date('2026-03-01T08:00:00Z');
const EXPIRES = new Date('2029-03-01T08:00:00Z');
const DURING = new Date('2027-01-01T00:00:00Z');

function input(over: Partial<CertificateInput> = {}): CertificateInput {
  return {
    id: `${ORIGIN}/verify/6f1c2d4e-0000-4000-8000-000000000001`,
    issuer: { did: DID, name: { zh: '示例银行', en: 'Demo Bank' }, url: ORIGIN },
    holder: { name: '张三' },
    programme: {
      url: `${ORIGIN}/certs/programmes/1`,
      name: { zh: 'AI大模型应用工程师' },
      description: {
        zh: '面向大模型应用开发的能力认证',
        en: 'Certification in building applications on large language models',
      },
      domain: { zh: '人工智能', en: 'Artificial intelligence' },
    },
    level: 'junior',
    criteria: {
      zh: '通过笔试、实操评估与面试。',
      en: 'Passed the written exam, the practical assessment and the interview.',
    },
    validFrom: ISSUED,
    validUntil: EXPIRES,
    status: {
      revocation: { listUrl: LIST_URL('revocation'), index: 4242 },
      suspension: { listUrl: LIST_URL('suspension'), index: 77 },
    },
    ...over,
  };
}

/** An issuer: its stored keys, the signer, and its published status lists. */
function makeIssuer(keys: StoredSigningKey[] = [generateSigningKey(secret, ISSUED)]) {
  const active = keys.find((k) => k.status === 'active')!;
  const signer = unsealSigningKey(active, secret, DID);
  const lists: Record<StatusPurpose, Bitstring> = { revocation: new Bitstring(), suspension: new Bitstring() };
  const statusJwt = (p: StatusPurpose) =>
    signStatusListCredential(
      buildStatusListCredential({ id: LIST_URL(p), issuer: DID, purpose: p, bits: lists[p], validFrom: ISSUED }),
      signer,
    );
  const fetchStatusList = (url: string) => {
    const p = (['revocation', 'suspension'] as const).find((x) => LIST_URL(x) === url);
    return p ? statusJwt(p) : null;
  };
  return { keys, signer, lists, jwks: publicJwks(keys, DID), fetchStatusList };
}

const verify = (
  jwt: string,
  issuer: ReturnType<typeof makeIssuer>,
  now = DURING,
  over: Partial<Parameters<typeof verifyCertificate>[1]> = {},
) =>
  verifyCertificate(jwt, {
    keys: issuer.jwks,
    expectedIssuer: DID,
    now,
    fetchStatusList: issuer.fetchStatusList,
    ...over,
  });

const joseVerify = async (jwt: string, jwk: PublicJwk, now = DURING) =>
  jwtVerify(jwt, await importJWK(jwk, 'EdDSA'), {
    typ: 'vc+jwt',
    issuer: DID,
    currentDate: now,
    algorithms: ['EdDSA'],
  });

function failed(v: CertificateVerification): CheckName[] {
  return v.checks.filter((c) => !c.ok && !c.skipped).map((c) => c.name);
}
const check = (v: CertificateVerification, name: CheckName) => v.checks.find((c) => c.name === name)!;

async function joseError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'verified';
}

describe('OpenBadgeCredential', () => {
  it('has the Open Badges 3.0 / VC 2.0 shape', () => {
    const c = buildOpenBadgeCredential(input());
    expect(c['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(c.issuer).toEqual({ id: DID, type: ['Profile'], name: '示例银行 / Demo Bank', url: ORIGIN });
    expect(c.name).toBe('AI大模型应用工程师 · 初级 / Junior');
    expect(c.validFrom).toBe('2026-03-01T08:00:00Z');
    expect(c.validUntil).toBe('2029-03-01T08:00:00Z');
    const s = c.credentialSubject;
    expect(s.type).toEqual(['AchievementSubject']);
    expect(s).not.toHaveProperty('id');
    expect(s.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: '张三' },
    ]);
    expect(s.achievement).toMatchObject({
      id: `${ORIGIN}/certs/programmes/1/levels/junior`,
      type: ['Achievement'],
      achievementType: 'Certification',
      name: 'AI大模型应用工程师 · 初级 / Junior',
      criteria: {
        narrative: '通过笔试、实操评估与面试。 / Passed the written exam, the practical assessment and the interview.',
      },
      fieldOfStudy: '人工智能 / Artificial intelligence',
    });
    expect(s.achievement.resultDescription[0]!.rubricCriterionLevel.map((l) => l.name)).toEqual([
      '初级 / Junior',
      '中级 / Intermediate',
      '高级 / Senior',
    ]);
    expect(s.result).toEqual([
      {
        type: ['Result'],
        resultDescription: `${s.achievement.id}#levels`,
        achievedLevel: `${s.achievement.id}#level-junior`,
      },
    ]);
    expect(c.credentialStatus).toEqual([
      {
        id: `${LIST_URL('revocation')}#4242`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '4242',
        statusListCredential: LIST_URL('revocation'),
      },
      {
        id: `${LIST_URL('suspension')}#77`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'suspension',
        statusListIndex: '77',
        statusListCredential: LIST_URL('suspension'),
      },
    ]);
    const senior = buildOpenBadgeCredential(
      input({
        level: 'senior',
        programme: { ...input().programme, name: { zh: 'AI大模型应用工程师', en: 'LLM Application Engineer' } },
      }),
    );
    expect(senior.name).toBe('AI大模型应用工程师 · 高级 / LLM Application Engineer · Senior');
    expect(() => buildOpenBadgeCredential(input({ validUntil: ISSUED }))).toThrow(RangeError);
  });
});

describe('issuing and verifying certificates', () => {
  it('a valid certificate verifies in jose and in verifyCertificate', async () => {
    const issuer = makeIssuer();
    const { jwt, credential } = issueCertificate(
      input({ holder: { name: '张三', id: 'urn:uuid:2b1f0c3a-0000-4000-8000-00000000000a' } }),
      issuer.signer,
    );
    const { payload, protectedHeader } = await joseVerify(jwt, issuer.jwks[0]!);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: issuer.signer.kid, typ: 'vc+jwt', cty: 'vc' });
    expect(payload).toMatchObject({
      iss: DID,
      jti: credential.id,
      sub: 'urn:uuid:2b1f0c3a-0000-4000-8000-00000000000a',
      nbf: ISSUED.getTime() / 1000,
      exp: EXPIRES.getTime() / 1000,
    });
    expect((payload as JWTPayload & { credentialSubject: unknown }).credentialSubject).toEqual(
      credential.credentialSubject,
    );

    const v = await verify(jwt, issuer);
    expect(failed(v)).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.checks.map((c) => c.name)).toEqual([
      'format',
      'signature',
      'issuer',
      'validity',
      'revocation',
      'suspension',
    ]);
    for (const c of v.checks) expect(c.reason.en.length * c.reason.zh.length).toBeGreaterThan(0);
    expect(v.credential).toEqual(credential);
    expect(v.kid).toBe(issuer.signer.kid);
  });

  it('a changed byte fails the signature, in jose and in ours', async () => {
    const issuer = makeIssuer();
    const { jwt } = issueCertificate(input(), issuer.signer);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const json = Buffer.from(p, 'base64url').toString('utf8');
    const bytes = Buffer.from(json.replace('张三', '张四'), 'utf8');
    expect(bytes.length).toBe(Buffer.byteLength(json)); // one character, same length: a changed byte
    const tampered = `${h}.${bytes.toString('base64url')}.${s}`;
    expect(await joseError(joseVerify(tampered, issuer.jwks[0]!))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const v = await verify(tampered, issuer);
    expect(v.valid).toBe(false);
    expect(failed(v)).toEqual(['signature']);
    expect(check(v, 'signature').reason.en).toMatch(/changed after it was signed/);
    expect(check(v, 'signature').reason.zh).toMatch(/改动/);
    expect(check(v, 'revocation').skipped).toBe(true);

    const sig = Buffer.from(s, 'base64url');
    sig[10] = sig[10]! ^ 0x04;
    expect(failed(await verify(`${h}.${p}.${sig.toString('base64url')}`, issuer))).toEqual(['signature']);
  });

  it('a certificate signed with a wrong key fails: unknown kid, or a kid that is not its key', async () => {
    const issuer = makeIssuer();
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = issueCertificate(input(), { kid: `${DID}#not-a-published-key`, privateKey }).jwt;
    const v1 = await verify(forged, issuer);
    expect(failed(v1)).toEqual(['signature']);
    expect(check(v1, 'signature').reason.en).toMatch(/key that the issuer does not publish/);

    const impostor: SigningKey = { kid: issuer.signer.kid, privateKey };
    const forged2 = issueCertificate(input(), impostor).jwt;
    expect(await joseError(joseVerify(forged2, issuer.jwks[0]!))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const v2 = await verify(forged2, issuer);
    expect(failed(v2)).toEqual(['signature']);
    expect(check(v2, 'signature').reason.en).toMatch(/does not match/);

    // Another organisation's genuine certificate is not ours.
    const otherDid = didWebFromOrigin('https://other.example');
    const otherKey = generateSigningKey(secret);
    const otherJwt = issueCertificate(
      input({ issuer: { did: otherDid, name: { zh: '别家' } } }),
      unsealSigningKey(otherKey, secret, otherDid),
    ).jwt;
    const v3 = await verify(otherJwt, issuer, DURING, { keys: [...issuer.jwks, publicJwk(otherKey, otherDid)] });
    expect(failed(v3)).toEqual(['issuer', 'revocation', 'suspension']);
    expect(check(v3, 'issuer').reason.en).toBe(`It was issued by ${otherDid}, not by ${DID}.`);
    // Its status entries point at our lists, which another issuer cannot use.
    expect(check(v3, 'revocation').reason.en).toMatch(/signed by another issuer/);
  });

  it('an expired certificate fails validity (jose: exp), and one not yet valid too (jose: nbf)', async () => {
    const issuer = makeIssuer();
    const { jwt } = issueCertificate(input(), issuer.signer);
    const after = new Date('2029-03-01T08:00:01Z');
    expect(await joseError(joseVerify(jwt, issuer.jwks[0]!, after))).toBe('ERR_JWT_EXPIRED');
    const v = await verify(jwt, issuer, after);
    expect(failed(v)).toEqual(['validity']);
    expect(check(v, 'validity').reason).toEqual({
      en: 'It expired on 2029-03-01 08:00:00 UTC.',
      zh: '已于 2029-03-01 08:00:00 UTC 过期。',
    });
    expect(check(v, 'signature').ok).toBe(true);

    const before = new Date('2026-02-28T00:00:00Z');
    const e = await joseError(joseVerify(jwt, issuer.jwks[0]!, before));
    expect(e).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    const v2 = await verify(jwt, issuer, before);
    expect(failed(v2)).toEqual(['validity']);
    expect(check(v2, 'validity').reason.en).toMatch(/not valid yet/);
    expect(failed(await verify(jwt, issuer, new Date('2026-03-01T07:59:30Z'), { clockSkewSeconds: 60 }))).toEqual([]);

    const forever = issueCertificate(input({ validUntil: null }), issuer.signer).jwt;
    expect((await verify(forever, issuer, new Date('2099-01-01T00:00:00Z'))).valid).toBe(true);
    await expect(joseVerify(forever, issuer.jwks[0]!, new Date('2099-01-01T00:00:00Z'))).resolves.toBeDefined();
  });

  it('a revoked certificate fails revocation (its signature still verifies in jose); a suspended one fails suspension', async () => {
    const issuer = makeIssuer();
    const { jwt } = issueCertificate(input(), issuer.signer);
    issuer.lists.revocation.set(4242, true);
    await expect(joseVerify(jwt, issuer.jwks[0]!)).resolves.toBeDefined(); // status is outside JOSE
    const v = await verify(jwt, issuer);
    expect(v.valid).toBe(false);
    expect(failed(v)).toEqual(['revocation']);
    expect(check(v, 'revocation').reason).toEqual({
      en: 'The issuer has revoked this certificate.',
      zh: '颁发机构已撤销该证书。',
    });
    // The neighbouring bits belong to other certificates.
    issuer.lists.revocation.set(4242, false);
    issuer.lists.revocation.set(4241, true);
    issuer.lists.revocation.set(4243, true);
    expect((await verify(jwt, issuer)).valid).toBe(true);

    issuer.lists.suspension.set(77, true);
    const s = await verify(jwt, issuer);
    expect(failed(s)).toEqual(['suspension']);
    expect(check(s, 'suspension').reason.en).toBe('The issuer has suspended this certificate.');
  });

  it('fails closed when the status list is missing, unreachable, forged, of the wrong purpose or expired', async () => {
    const issuer = makeIssuer();
    const { jwt } = issueCertificate(input(), issuer.signer);
    const reasonFor = async (fetchStatusList: Parameters<typeof verifyCertificate>[1]['fetchStatusList']) => {
      const v = await verify(jwt, issuer, DURING, { fetchStatusList });
      expect(failed(v)).toEqual(['revocation', 'suspension']);
      return check(v, 'revocation').reason.en;
    };
    expect(await reasonFor(() => null)).toMatch(/was not found/);
    expect(await reasonFor(() => Promise.reject(new Error('ECONNREFUSED')))).toMatch(/ECONNREFUSED/);
    const { privateKey } = generateKeyPairSync('ed25519');
    const forger: SigningKey = { kid: issuer.signer.kid, privateKey };
    const forgedList = (url: string) =>
      signStatusListCredential(
        buildStatusListCredential({
          id: url,
          issuer: DID,
          purpose: url.endsWith('revocation') ? 'revocation' : 'suspension',
          bits: new Bitstring(),
        }),
        forger,
      );
    expect(await reasonFor(forgedList)).toMatch(/signature is not valid/);
    const swapped = (url: string) =>
      issuer.fetchStatusList(url.endsWith('revocation') ? LIST_URL('suspension') : LIST_URL('revocation'));
    expect(await reasonFor(swapped)).toMatch(/the status list at .* says it is/);
    const wrongPurpose = (url: string): BitstringStatusListCredential =>
      buildStatusListCredential({
        id: url,
        issuer: DID,
        purpose: url.endsWith('revocation') ? 'suspension' : 'revocation',
        bits: new Bitstring(),
      });
    expect(await reasonFor(wrongPurpose)).toMatch(/is for suspension, not revocation/);
    const expired = (url: string): BitstringStatusListCredential => ({
      ...buildStatusListCredential({
        id: url,
        issuer: DID,
        purpose: url.endsWith('revocation') ? 'revocation' : 'suspension',
        bits: new Bitstring(),
      }),
      validUntil: '2026-12-31T00:00:00Z',
    });
    expect(await reasonFor(expired)).toMatch(/status list expired/);
    // A trusted, already-verified object (the server reading its own list) is accepted as is.
    const own = (url: string): BitstringStatusListCredential =>
      buildStatusListCredential({
        id: url,
        issuer: DID,
        purpose: url.endsWith('revocation') ? 'revocation' : 'suspension',
        bits: new Bitstring(),
      });
    expect((await verify(jwt, issuer, DURING, { fetchStatusList: own })).valid).toBe(true);
  });

  it('a malformed certificate fails format with the rest not checked', async () => {
    const issuer = makeIssuer();
    const { jwt } = issueCertificate(input(), issuer.signer);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const cases: Array<[string, RegExp]> = [
      ['', /3 parts/],
      ['not a jwt', /3 parts/],
      [`${h}.${p}`, /3 parts/],
      [`${h}.${p}===.${s}`, /base64url/],
      [jwt.replace(/^./, '!'), /base64url/],
    ];
    for (const [bad, why] of cases) {
      const v = await verify(bad, issuer);
      expect(failed(v), bad.slice(0, 20)).toEqual(['format']);
      expect(check(v, 'format').reason.en).toMatch(why);
      expect(v.checks.filter((c) => c.skipped).map((c) => c.name)).toEqual([
        'signature',
        'issuer',
        'validity',
        'revocation',
        'suspension',
      ]);
      expect(v.credential).toBeNull();
    }
    // Correctly signed, but not an Open Badges credential / claims that disagree with it.
    const notABadge = signCompactJws({ hello: 'world' }, issuer.signer, { typ: 'vc+jwt', cty: 'vc' });
    const v1 = await verify(notABadge, issuer);
    expect(failed(v1)).toEqual(['format']);
    expect(check(v1, 'format').reason.en).toMatch(/@context must start with/);
    const credential = buildOpenBadgeCredential(input());
    const lying = signCompactJws({ ...credential, iss: DID, jti: credential.id, nbf: 0 }, issuer.signer, {
      typ: 'vc+jwt',
      cty: 'vc',
    });
    expect(check(await verify(lying, issuer), 'format').reason.en).toMatch(/nbf claim differs from validFrom/);
    const plainJwt = signCompactJws(
      { ...credential, iss: DID, jti: credential.id, nbf: ISSUED.getTime() / 1000 },
      issuer.signer,
      { typ: 'JWT' },
    );
    expect(check(await verify(plainJwt, issuer), 'format').reason.en).toMatch(/typ is "JWT", expected "vc\+jwt"/);
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'vc+jwt' })).toString('base64url')}.${p}.`;
    expect(failed(await verify(noneAlg, issuer))).toEqual(['signature']);
  });

  it('key rotation: certificates signed with the old key still verify; new ones use the new key', async () => {
    const before = makeIssuer();
    const old = issueCertificate(input(), before.signer).jwt;
    const { keys, active } = rotateSigningKeys(before.keys, secret, new Date('2026-09-01T00:00:00Z'));
    const after = makeIssuer(keys);
    expect(after.signer.kid).toBe(`${DID}#${active.thumbprint}`);
    expect(after.jwks.map((k) => k.kid)).toEqual([after.signer.kid, before.signer.kid]);

    const fresh = issueCertificate(input({ id: `${ORIGIN}/verify/new` }), after.signer).jwt;
    const vOld = await verify(old, after);
    const vNew = await verify(fresh, after);
    expect([vOld.valid, vNew.valid]).toEqual([true, true]);
    expect([vOld.kid, vNew.kid]).toEqual([before.signer.kid, after.signer.kid]);
    // jose, with each published key: the old certificate under the retired key, the new one under the new key.
    const byKid = (kid: string) => after.jwks.find((k) => k.kid === kid)!;
    await expect(joseVerify(old, byKid(before.signer.kid))).resolves.toBeDefined();
    await expect(joseVerify(fresh, byKid(after.signer.kid))).resolves.toBeDefined();
    expect(await joseError(joseVerify(fresh, byKid(before.signer.kid)))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    // Without the retired key the old certificate would fail: why retired keys stay published.
    expect(failed(await verify(old, after, DURING, { keys: [byKid(after.signer.kid)] }))).toEqual(['signature']);
  });

  it('refuses to sign for an issuer with another issuer’s key, and returns a signed JSON a holder can download', () => {
    const issuer = makeIssuer();
    expect(() =>
      issueCertificate(input({ issuer: { did: 'did:web:else.example', name: { zh: '别家' } } }), issuer.signer),
    ).toThrow(/does not belong/);
    const { jwt, credential } = issueCertificate(input(), issuer.signer);
    expect(jwt.split('.')).toHaveLength(3);
    expect(JSON.parse(JSON.stringify(credential))).toEqual(credential);
    expect(signVcJwt).toBeTypeOf('function');
  });
});
