/** What leaves the server about certificates and their verification. */
import type { CertificateItem, VerificationView } from '@xueli/contracts';
import { certUrls, type CertificateRow, type VerificationResult } from './certificates.service.ts';

export function presentCertificate(r: CertificateRow, publicUrl: string): CertificateItem {
  return {
    id: r.id,
    publicId: r.publicId,
    holderName: r.holderName,
    employeeId: r.employeeId,
    employeeNo: r.employeeNo,
    programmeId: r.programmeId,
    programmeCode: r.programmeCode,
    programmeName: r.programmeName,
    programmeNameEn: r.programmeNameEn,
    level: r.level,
    status: r.status,
    effectiveStatus: r.effectiveStatus,
    validFrom: r.validFrom.toISOString(),
    validUntil: r.validUntil?.toISOString() ?? null,
    issuedAt: r.issuedAt.toISOString(),
    statusReason: r.statusReason,
    statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
    verifyUrl: certUrls(publicUrl).verifyPage(r.publicId),
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** The verification as the public page shows it: every check with its reason, and what the credential says. */
export function presentVerification(v: VerificationResult): VerificationView {
  const c = v.credential as unknown as Record<string, unknown> | null;
  const subject = obj(c?.credentialSubject);
  const achievement = obj(subject.achievement);
  const identity = Array.isArray(subject.identifier) ? obj(subject.identifier[0]) : {};
  const result = Array.isArray(subject.result) ? obj(subject.result[0]) : {};
  return {
    valid: v.valid,
    checks: v.checks.map((k) => ({ name: k.name, ok: k.ok, ...(k.skipped ? { skipped: true } : {}), reason: k.reason })),
    credential: c
      ? {
          id: text(c.id) ?? '',
          issuerName: text(obj(c.issuer).name) ?? '',
          issuerId: text(obj(c.issuer).id) ?? '',
          holderName: text(identity.identityHash) ?? null,
          achievement: text(achievement.name) ?? '',
          level: text(result.achievedLevel)?.split('#level-')[1] ?? null,
          validFrom: text(c.validFrom),
          validUntil: text(c.validUntil),
        }
      : null,
    record: v.record
      ? {
          publicId: v.record.publicId,
          status: v.record.status,
          effectiveStatus: v.record.effectiveStatus,
          statusReason: v.record.statusReason,
          statusChangedAt: v.record.statusChangedAt?.toISOString() ?? null,
        }
      : null,
    kid: v.kid,
  };
}

/** A presented certificate: the JWT itself, or the downloaded JSON file `{ credential, jwt }`. */
export function unwrapPresented(input: string): string {
  const t = input.trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as { jwt?: unknown };
      if (typeof j.jwt === 'string') return j.jwt;
    } catch {
      // not JSON: verified as given, which fails the format check with a plain reason
    }
  }
  return t;
}
