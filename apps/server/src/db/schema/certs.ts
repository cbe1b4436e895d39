/**
 * Certification (issue 7, ADR 0015): programmes with junior / intermediate / senior levels, the
 * organisation's signing keys, issued certificates and the hash-chained certification audit trail.
 *
 * - `cert_signing_keys`: Ed25519 keys; the private half sealed under the server secret
 *   (lib/secrets.ts); exactly one `active` key signs, `retired` ones stay published so the
 *   certificates they signed keep verifying.
 * - `cert_programmes` / `cert_levels`: what can be earned and what each level requires.
 * - `certificates`: every issued certificate with its signed VC-JOSE JWT (the downloadable
 *   certificate), its two status-list indexes (revocation, suspension) and its status.
 * - `cert_audit_chain`: every certification decision and status change, each record's hash chained to
 *   the previous one (credentials/audit-chain.ts); `xueli cert audit verify` reports the first break.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { employees } from './org.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const certSigningKeys = pgTable(
  'cert_signing_keys',
  {
    /** RFC 7638 thumbprint of the public key: the key id (`<did>#<thumbprint>`). */
    thumbprint: text('thumbprint').primaryKey(),
    /** The public key's `x` (base64url, 32 bytes). */
    publicX: text('public_x').notNull(),
    /** PKCS#8 PEM sealed with SECRET_PURPOSES.certSigningKey. */
    sealedPrivateKey: text('sealed_private_key').notNull(),
    status: text('status').$type<'active' | 'retired'>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('cert_signing_keys_one_active').on(t.status).where(sql`${t.status} = 'active'`),
    check('cert_signing_keys_status_check', sql`${t.status} in ('active', 'retired')`),
  ],
);

export const CERT_LEVELS = ['junior', 'intermediate', 'senior'] as const;
export type CertLevelName = (typeof CERT_LEVELS)[number];
export const PROGRAMME_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const certProgrammes = pgTable(
  'cert_programmes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Short stable name used in URLs and in credentials (e.g. ai-engineer). */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    domain: text('domain').notNull().default(''),
    domainEn: text('domain_en'),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en'),
    status: text('status').$type<ProgrammeStatus>().notNull().default('draft'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [check('cert_programmes_status_check', sql`${t.status} in ('draft', 'active', 'archived')`)],
);

/** One assessment component of a level and how it counts in the composite. */
export interface LevelComponent {
  kind: 'written' | 'practical' | 'interview';
  /** The written exam (assessment engine) for `written`. */
  examId?: number | null;
  /** Weight in the composite score; the weights of a level sum to 1. */
  weight: number;
  /** Minimum score of this component, in [0, 1]. */
  minScore: number;
}

/** What a level requires (issue 7 §1). */
export interface LevelRequirements {
  /** The lower level whose certificate is needed (null: none). */
  requiresLevel: CertLevelName | null;
  courseIds: number[];
  /** Target mastery on named knowledge points. */
  targets: { kpId: number; target: number }[];
  components: LevelComponent[];
  /** Composite pass mark in [0, 1]. */
  passScore: number;
}

export interface RenewalRule {
  /** Continuing-education credits (hours) within the validity period; null: not a route. */
  credits: number | null;
  /** A renewal exam; null: not a route. */
  examId: number | null;
}

export const certLevels = pgTable(
  'cert_levels',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => certProgrammes.id, { onDelete: 'cascade' }),
    level: text('level').$type<CertLevelName>().notNull(),
    requirements: jsonb('requirements').$type<LevelRequirements>().notNull(),
    /** How the level is earned, in words (the credential's criteria narrative). */
    criteria: text('criteria').notNull().default(''),
    criteriaEn: text('criteria_en'),
    /** Validity of a certificate in months; null: it does not expire. */
    validityMonths: integer('validity_months'),
    renewal: jsonb('renewal').$type<RenewalRule>().notNull().default(sql`'{"credits":null,"examId":null}'::jsonb`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cert_levels_programme_level').on(t.programmeId, t.level),
    check('cert_levels_level_check', sql`${t.level} in ('junior', 'intermediate', 'senior')`),
    check('cert_levels_validity_check', sql`${t.validityMonths} is null or ${t.validityMonths} > 0`),
  ],
);

export const CERTIFICATE_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const certificates = pgTable(
  'certificates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The public identifier (a UUID): the verification URL and the credential id use it. */
    publicId: text('public_id').notNull().unique(),
    levelId: integer('level_id')
      .notNull()
      .references(() => certLevels.id, { onDelete: 'restrict' }),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'restrict' }),
    /** The name on the certificate, as issued. */
    holderName: text('holder_name').notNull(),
    status: text('status').$type<CertificateStatus>().notNull().default('active'),
    validFrom: ts('valid_from').notNull(),
    /** null: does not expire. */
    validUntil: ts('valid_until'),
    revocationIndex: integer('revocation_index').notNull().unique(),
    suspensionIndex: integer('suspension_index').notNull().unique(),
    /** The signed credential (compact VC-JOSE JWT): the certificate itself. */
    jwt: text('jwt').notNull(),
    keyThumbprint: text('key_thumbprint')
      .notNull()
      .references(() => certSigningKeys.thumbprint, { onDelete: 'restrict' }),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    /** Why it was revoked or suspended (shown on the public verification page). */
    statusReason: text('status_reason'),
    statusChangedAt: ts('status_changed_at'),
    statusChangedBy: integer('status_changed_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('certificates_employee_idx').on(t.employeeId),
    index('certificates_level_idx').on(t.levelId),
    index('certificates_valid_until_idx').on(t.validUntil),
    check('certificates_status_check', sql`${t.status} in ('active', 'suspended', 'revoked')`),
    check('certificates_indexes_range', sql`${t.revocationIndex} >= 0 and ${t.suspensionIndex} >= 0`),
  ],
);

/** One certification decision or status change (the chained entry; never updated). */
export interface CertAuditEntry {
  at: string;
  actorUserId: number | null;
  action: string;
  subject: string;
  reason: string | null;
  data: Record<string, unknown>;
}

export const certAuditChain = pgTable('cert_audit_chain', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  entry: jsonb('entry').$type<CertAuditEntry>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
});
