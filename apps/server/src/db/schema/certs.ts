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
import { bigint, check, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/**
 * The certification workflow (issue 7 §2): 报名 apply → 审核 review → 学习 learn → 考试 exams →
 * 评估 evaluate → 颁证 issued (then 跟踪 track on the certificate). `rejected` ends it after review,
 * `failed` after the committee's decision; one appeal per application reopens either.
 */
export const APPLICATION_STAGES = ['review', 'learn', 'exams', 'evaluate', 'issued', 'rejected', 'failed', 'withdrawn'] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];
export const COMPONENT_KINDS = ['written', 'practical', 'interview'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** One automatic eligibility check at application time. */
export interface EligibilityCheck {
  name: 'employee_active' | 'lower_level' | 'no_open_application' | 'not_certified';
  ok: boolean;
  detail: string;
}

/** A component's result so far. */
export interface ComponentResult {
  /** In [0, 1]; null while not complete. */
  score: number | null;
  /** `divergent`: two practical grades differ by more than the second-marking threshold. */
  state: 'pending' | 'complete' | 'divergent';
  /** written: the exam attempt used. */
  attemptId?: number;
}

export const certApplications = pgTable(
  'cert_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    levelId: integer('level_id')
      .notNull()
      .references(() => certLevels.id, { onDelete: 'restrict' }),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    applicantUserId: integer('applicant_user_id').references(() => users.id, { onDelete: 'set null' }),
    stage: text('stage').$type<ApplicationStage>().notNull().default('review'),
    statement: text('statement').notNull().default(''),
    /** Uploaded evidence (files table), with what each is for. */
    evidence: jsonb('evidence').$type<{ fileId: number; name: string; purpose: 'application' | 'practical' }[]>().notNull().default(sql`'[]'::jsonb`),
    eligibility: jsonb('eligibility').$type<EligibilityCheck[]>().notNull().default(sql`'[]'::jsonb`),
    components: jsonb('components').$type<Partial<Record<ComponentKind, ComponentResult>>>().notNull().default(sql`'{}'::jsonb`),
    composite: real('composite'),
    /** The user whose decision (review or committee) an appeal contests. */
    lastDeciderUserId: integer('last_decider_user_id').references(() => users.id, { onDelete: 'set null' }),
    appealStatus: text('appeal_status').$type<'open' | 'upheld' | 'overturned'>(),
    certificateId: integer('certificate_id').references(() => certificates.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cert_applications_stage_idx').on(t.stage, t.updatedAt),
    index('cert_applications_employee_idx').on(t.employeeId),
    /** One open application per person and level. */
    uniqueIndex('cert_applications_open_uq')
      .on(t.employeeId, t.levelId)
      .where(sql`${t.stage} in ('review', 'learn', 'exams', 'evaluate')`),
    check('cert_applications_stage_check', sql`${t.stage} in ('review', 'learn', 'exams', 'evaluate', 'issued', 'rejected', 'failed', 'withdrawn')`),
    check('cert_applications_appeal_check', sql`${t.appealStatus} is null or ${t.appealStatus} in ('open', 'upheld', 'overturned')`),
  ],
);

/** Every step of an application: who, when, why (also chained in cert_audit_chain). */
export const certApplicationEvents = pgTable(
  'cert_application_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => certApplications.id, { onDelete: 'cascade' }),
    /** apply, review.approve, review.reject, learn.ready, written.record, practical.grade, interview.schedule, … */
    action: text('action').notNull(),
    fromStage: text('from_stage').$type<ApplicationStage>(),
    toStage: text('to_stage').$type<ApplicationStage>(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cert_application_events_app_idx').on(t.applicationId, t.id)],
);

/** A practical grade or an interview score by one assessor. Notes are private to assessors. */
export const certAssessments = pgTable(
  'cert_assessments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => certApplications.id, { onDelete: 'cascade' }),
    component: text('component').$type<'practical' | 'interview'>().notNull(),
    assessorUserId: integer('assessor_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    score: real('score').notNull(),
    /** Rubric criterion → level chosen, when a rubric was used. */
    rubric: jsonb('rubric').$type<Record<string, string>>(),
    /** Never shown to the candidate. */
    privateNotes: text('private_notes').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cert_assessments_one_per_assessor').on(t.applicationId, t.component, t.assessorUserId),
    check('cert_assessments_component_check', sql`${t.component} in ('practical', 'interview')`),
    check('cert_assessments_score_range', sql`${t.score} >= 0 and ${t.score} <= 1`),
  ],
);

/** The interview of an application: when, where, and the assessor panel. */
export const certInterviews = pgTable('cert_interviews', {
  applicationId: integer('application_id')
    .primaryKey()
    .references(() => certApplications.id, { onDelete: 'cascade' }),
  scheduledAt: ts('scheduled_at').notNull(),
  location: text('location').notNull().default(''),
  panelUserIds: integer('panel_user_ids').array().notNull(),
  scheduledBy: integer('scheduled_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** In-app notifications (and the e-mail outbox state) for steps a person must act on. */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Where to act, an app path such as /certification/applications/12. */
    link: text('link'),
    /** Deduplicates reminders (e.g. certificate:9/expiry:30). */
    dedupeKey: text('dedupe_key'),
    readAt: ts('read_at'),
    emailStatus: text('email_status').$type<'none' | 'pending' | 'sent' | 'failed'>().notNull().default('none'),
    emailError: text('email_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
    check('notifications_email_status_check', sql`${t.emailStatus} in ('none', 'pending', 'sent', 'failed')`),
  ],
);
