/**
 * Issued certificates (issue 7 §3–4, ADR 0015): issuing (sign an Open Badges 3.0 credential with the
 * active key, allocate its status-list indexes), suspension / reinstatement / revocation with a reason,
 * the two published Bitstring Status List credentials, and verification by id or of a presented JWT —
 * all through the standards core in credentials/. Every change is appended to the audit chain.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  certificates,
  certLevels,
  certProgrammes,
  employees,
  type CertificateStatus,
  type CertLevelName,
} from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors.ts';
import { activeKey, appendCertAudit, issuerOf, publishedKeys } from './issuer.service.ts';
import {
  issueCertificate,
  LEVEL_NAMES,
  verifyCertificate,
  type CertificateVerification,
  type OpenBadgeCredential,
} from './credentials/openbadges.ts';
import {
  Bitstring,
  buildStatusListCredential,
  signStatusListCredential,
  STATUS_LIST_MIN_BITS,
  type BitstringStatusListCredential,
  type StatusPurpose,
} from './credentials/status-list.ts';
import { decodeJwsUnverified, parseJsonObject } from './credentials/jws.ts';

export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/** Where things are published under the public address. */
export const certUrls = (base: string) => ({
  statusList: (purpose: StatusPurpose) => `${base}/api/v1/public/certificates/status/${purpose}`,
  verifyPage: (publicId: string) => `${base}/verify/${publicId}`,
  programme: (code: string) => `${base}/certification/programmes/${code}`,
});

export interface CertificateRow {
  id: number;
  publicId: string;
  holderName: string;
  employeeId: number;
  employeeNo: string;
  programmeId: number;
  programmeCode: string;
  programmeName: string;
  programmeNameEn: string | null;
  level: CertLevelName;
  status: CertificateStatus;
  /** active / suspended / revoked, or expired when an active certificate is past its validity. */
  effectiveStatus: CertificateStatus | 'expired';
  validFrom: Date;
  validUntil: Date | null;
  issuedAt: Date;
  statusReason: string | null;
  statusChangedAt: Date | null;
}

const rowColumns = {
  id: certificates.id,
  publicId: certificates.publicId,
  holderName: certificates.holderName,
  employeeId: certificates.employeeId,
  employeeNo: employees.employeeNo,
  programmeId: certProgrammes.id,
  programmeCode: certProgrammes.code,
  programmeName: certProgrammes.name,
  programmeNameEn: certProgrammes.nameEn,
  level: certLevels.level,
  status: certificates.status,
  validFrom: certificates.validFrom,
  validUntil: certificates.validUntil,
  issuedAt: certificates.issuedAt,
  statusReason: certificates.statusReason,
  statusChangedAt: certificates.statusChangedAt,
};

const withEffective = (r: Omit<CertificateRow, 'effectiveStatus'>, now = new Date()): CertificateRow => ({
  ...r,
  effectiveStatus: r.status === 'active' && r.validUntil && r.validUntil.getTime() <= now.getTime() ? 'expired' : r.status,
});

function certificateQuery<X extends Record<string, typeof certificates.jwt>>(db: Db, extra?: X) {
  return db
    .select({ ...rowColumns, ...(extra ?? ({} as X)) })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
    .innerJoin(employees, eq(employees.id, certificates.employeeId));
}

/** A free index on a status list, chosen at random so that neighbours say nothing about each other. */
async function freeIndex(tx: Db, column: typeof certificates.revocationIndex | typeof certificates.suspensionIndex): Promise<number> {
  for (let attempt = 0; attempt < 64; attempt++) {
    const candidate = randomInt(0, STATUS_LIST_MIN_BITS);
    const [taken] = await tx.select({ id: certificates.id }).from(certificates).where(eq(column, candidate)).limit(1);
    if (!taken) return candidate;
  }
  throw new DomainError('conflict', 'The status list is full; the issuer must publish a longer list');
}

export interface IssueProps {
  levelId: number;
  employeeId: number;
  actorUserId: number | null;
  validFrom?: Date;
  /** Why it was issued (the committee's decision, an import); kept in the audit chain. */
  reason?: string | null;
  /** The caller's open transaction (the workflow issues inside its own). */
  tx?: Db;
}

/** Signs and stores a certificate for an employee at a programme level. */
export async function certificateIssuer(deps: Deps, props: IssueProps): Promise<CertificateRow> {
  const run = async (tx: Db) => {
    const [level] = await tx
      .select({ level: certLevels, programme: certProgrammes })
      .from(certLevels)
      .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
      .where(eq(certLevels.id, props.levelId));
    if (!level) throw notFound('Level', props.levelId);
    if (level.programme.status !== 'active') throw conflict(`Programme ${level.programme.code} is not active; certificates are issued only for active programmes`);
    const [holder] = await tx
      .select({ id: employees.id, name: employees.name, status: employees.status })
      .from(employees)
      .where(eq(employees.id, props.employeeId));
    if (!holder) throw notFound('Employee', props.employeeId);

    await tx.execute(sql`lock table certificates in share row exclusive mode`);
    const revocationIndex = await freeIndex(tx, certificates.revocationIndex);
    const suspensionIndex = await freeIndex(tx, certificates.suspensionIndex);
    const publicId = randomUUID();
    const validFrom = new Date(Math.floor((props.validFrom ?? new Date()).getTime() / 1000) * 1000);
    const validUntil = level.level.validityMonths ? addMonths(validFrom, level.level.validityMonths) : null;
    const issuer = issuerOf(deps);
    const urls = certUrls(issuer.url);
    const { key, thumbprint } = await activeKey({ ...deps, db: tx });
    const levelName = LEVEL_NAMES[level.level.level];
    const { jwt } = issueCertificate(
      {
        id: urls.verifyPage(publicId),
        issuer: { did: issuer.did, name: issuer.name, url: issuer.url },
        holder: { name: holder.name, id: `urn:uuid:${publicId}` },
        programme: {
          url: urls.programme(level.programme.code),
          name: { zh: level.programme.name, ...(level.programme.nameEn ? { en: level.programme.nameEn } : {}) },
          description: {
            zh: level.programme.description || level.programme.name,
            ...(level.programme.descriptionEn ? { en: level.programme.descriptionEn } : {}),
          },
          ...(level.programme.domain
            ? { domain: { zh: level.programme.domain, ...(level.programme.domainEn ? { en: level.programme.domainEn } : {}) } }
            : {}),
        },
        level: level.level.level,
        criteria: {
          zh: level.level.criteria || `通过${level.programme.name}${levelName.zh}认证的全部要求`,
          en: level.level.criteriaEn || `Met every requirement of ${level.programme.nameEn ?? level.programme.name}, ${levelName.en} level`,
        },
        validFrom,
        validUntil,
        status: {
          revocation: { listUrl: urls.statusList('revocation'), index: revocationIndex },
          suspension: { listUrl: urls.statusList('suspension'), index: suspensionIndex },
        },
      },
      key,
    );
    const [row] = await tx
      .insert(certificates)
      .values({
        publicId,
        levelId: props.levelId,
        employeeId: holder.id,
        holderName: holder.name,
        validFrom,
        validUntil,
        revocationIndex,
        suspensionIndex,
        jwt,
        keyThumbprint: thumbprint,
        issuedBy: props.actorUserId,
      })
      .returning({ id: certificates.id });
    await appendCertAudit(tx, {
      actorUserId: props.actorUserId,
      action: 'certificate.issue',
      subject: `certificate:${publicId}`,
      reason: props.reason ?? null,
      data: { employeeId: holder.id, programme: level.programme.code, level: level.level.level, validUntil: validUntil?.toISOString() ?? null, key: thumbprint },
    });
    statusListCache.delete(deps.db);
    const [out] = await certificateQuery(tx).where(eq(certificates.id, row!.id));
    return withEffective(out!);
  };
  return props.tx ? run(props.tx) : deps.db.transaction(run);
}

function addMonths(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

export type StatusChange = 'suspend' | 'reinstate' | 'revoke';

/** Suspends, reinstates or revokes a certificate (revocation is final); the reason is published. */
export async function certificateStatusSetter(
  deps: Deps,
  props: { actorUserId: number | null; id: number; change: StatusChange; reason: string; requestId?: string | null; tx?: Db },
): Promise<CertificateRow> {
  const reason = props.reason.trim();
  if (!reason) throw invalid('A reason is required: it is shown on the public verification page', { field: 'reason' });
  const run = async (tx: Db) => {
    const [cur] = await tx.select().from(certificates).where(eq(certificates.id, props.id)).for('update');
    if (!cur) throw notFound('Certificate', props.id);
    const next: CertificateStatus = props.change === 'revoke' ? 'revoked' : props.change === 'suspend' ? 'suspended' : 'active';
    if (cur.status === 'revoked') throw conflict('This certificate is revoked; revocation is final', { status: cur.status });
    if (props.change === 'suspend' && cur.status !== 'active') throw conflict('Only an active certificate can be suspended', { status: cur.status });
    if (props.change === 'reinstate' && cur.status !== 'suspended') throw conflict('Only a suspended certificate can be reinstated', { status: cur.status });
    await tx
      .update(certificates)
      .set({ status: next, statusReason: next === 'active' ? null : reason, statusChangedAt: new Date(), statusChangedBy: props.actorUserId })
      .where(eq(certificates.id, props.id));
    await appendCertAudit(tx, {
      actorUserId: props.actorUserId,
      action: `certificate.${props.change}`,
      subject: `certificate:${cur.publicId}`,
      reason,
      data: { from: cur.status, to: next },
    });
    statusListCache.delete(deps.db);
    const [out] = await certificateQuery(tx).where(eq(certificates.id, props.id));
    return withEffective(out!);
  };
  return props.tx ? run(props.tx) : deps.db.transaction(run);
}

export interface CertificateListQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
  status?: CertificateStatus | undefined;
  programmeId?: number | undefined;
  employeeId?: number | undefined;
}

export async function certificateList(deps: Deps, query: CertificateListQuery): Promise<{ items: CertificateRow[]; total: number; page: number; pageSize: number }> {
  const conds: SQL[] = [];
  if (query.status) conds.push(eq(certificates.status, query.status));
  if (query.programmeId) conds.push(eq(certProgrammes.id, query.programmeId));
  if (query.employeeId) conds.push(eq(certificates.employeeId, query.employeeId));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(certificates.holderName, like), ilike(employees.employeeNo, like), ilike(certificates.publicId, like))!);
  }
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = (await deps.db
    .select({ n: count() })
    .from(certificates)
    .innerJoin(certLevels, eq(certLevels.id, certificates.levelId))
    .innerJoin(certProgrammes, eq(certProgrammes.id, certLevels.programmeId))
    .innerJoin(employees, eq(employees.id, certificates.employeeId))
    .where(where)) as [{ n: number }];
  const rows = await certificateQuery(deps.db)
    .where(where)
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const now = new Date();
  return { items: rows.map((r) => withEffective(r, now)), total: Number(n), page: query.page, pageSize: query.pageSize };
}

/** Every certificate of one employee, newest first. */
export async function employeeCertificates(deps: Deps, employeeId: number): Promise<CertificateRow[]> {
  const rows = await certificateQuery(deps.db).where(eq(certificates.employeeId, employeeId)).orderBy(desc(certificates.issuedAt));
  const now = new Date();
  return rows.map((r) => withEffective(r, now));
}

/** The signed credential (compact JWT) of a certificate by its public id. */
export async function certificateJwt(deps: Deps, publicId: string): Promise<{ jwt: string; row: CertificateRow }> {
  const [found] = await certificateQuery(deps.db, { jwt: certificates.jwt }).where(eq(certificates.publicId, publicId));
  if (!found) throw notFound('Certificate', publicId);
  const { jwt, ...row } = found;
  return { jwt, row: withEffective(row) };
}

/** A certificate's JWT by its internal id (the CLI's export). */
export async function certificateJwtById(deps: Deps, id: number): Promise<string> {
  const [j] = await deps.db.select({ jwt: certificates.jwt }).from(certificates).where(eq(certificates.id, id));
  if (!j) throw notFound('Certificate', id);
  return j.jwt;
}

// ---- status lists

const statusListCache = new WeakMap<Db, Map<StatusPurpose, { credential: BitstringStatusListCredential; jwt: string }>>();

/** The current status list credential of one purpose, built from the certificates and signed. */
export async function statusList(deps: Deps, purpose: StatusPurpose): Promise<{ credential: BitstringStatusListCredential; jwt: string }> {
  let cache = statusListCache.get(deps.db);
  const hit = cache?.get(purpose);
  if (hit) return hit;
  const column = purpose === 'revocation' ? certificates.revocationIndex : certificates.suspensionIndex;
  const status: CertificateStatus = purpose === 'revocation' ? 'revoked' : 'suspended';
  const set = await deps.db.select({ index: column }).from(certificates).where(eq(certificates.status, status)).orderBy(asc(column));
  const bits = new Bitstring(STATUS_LIST_MIN_BITS);
  for (const r of set) bits.set(r.index, true);
  const issuer = issuerOf(deps);
  const credential = buildStatusListCredential({ id: certUrls(issuer.url).statusList(purpose), issuer: issuer.did, purpose, bits });
  const { key } = await activeKey(deps);
  const out = { credential, jwt: signStatusListCredential(credential, key) };
  if (!cache) statusListCache.set(deps.db, (cache = new Map<StatusPurpose, { credential: BitstringStatusListCredential; jwt: string }>()));
  cache.set(purpose, out);
  return out;
}

// ---- verification

export interface VerificationResult extends CertificateVerification {
  /** What the issuer's records say, when the certificate is one of ours. */
  record: CertificateRow | null;
}

/** Verifies a presented certificate JWT against this issuer's published keys and status lists. */
export async function credentialVerifier(deps: Deps, jwt: string): Promise<VerificationResult> {
  const issuer = issuerOf(deps);
  const keys = await publishedKeys(deps);
  const urls = certUrls(issuer.url);
  const result = await verifyCertificate(jwt.trim(), {
    keys,
    expectedIssuer: issuer.did,
    fetchStatusList: async (url) => {
      for (const p of STATUS_PURPOSES) if (url === urls.statusList(p)) return (await statusList(deps, p)).credential;
      return null;
    },
  });
  let record: CertificateRow | null = null;
  const id = result.credential?.id ?? null;
  const prefix = urls.verifyPage('');
  if (id && id.startsWith(prefix)) {
    const [row] = await certificateQuery(deps.db).where(eq(certificates.publicId, id.slice(prefix.length)));
    record = row ? withEffective(row) : null;
  }
  return { ...result, record };
}

/** Verifies a certificate of ours by its public id (the verification page). */
export async function certificateVerifier(deps: Deps, publicId: string): Promise<VerificationResult> {
  const { jwt } = await certificateJwt(deps, publicId);
  return credentialVerifier(deps, jwt);
}

/** The credential inside a JWT, unverified (to show what a presented file claims). */
export function credentialOf(jwt: string): OpenBadgeCredential | null {
  const d = decodeJwsUnverified(jwt.trim());
  return d ? (parseJsonObject(d.payload) as OpenBadgeCredential | null) : null;
}
