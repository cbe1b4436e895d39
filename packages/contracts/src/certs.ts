/**
 * Certification (issue 7): programmes and levels, certificates, public verification.
 */
import { z } from 'zod';
import { page, pageQuery } from './common.ts';

const id = z.number().int().positive().max(2147483647);
const unit = z.number().min(0).max(1);

export const CERT_LEVELS = ['junior', 'intermediate', 'senior'] as const;
export const certLevelName = z.enum(CERT_LEVELS);
export type CertLevelName = z.infer<typeof certLevelName>;
export const PROGRAMME_STATUSES = ['draft', 'active', 'archived'] as const;
export const CERTIFICATE_STATUSES = ['active', 'suspended', 'revoked'] as const;
export const certificateStatus = z.enum(CERTIFICATE_STATUSES);

// ---------------------------------------------------------------- programmes and levels

export const levelComponent = z.strictObject({
  kind: z.enum(['written', 'practical', 'interview']),
  examId: id.nullable().optional(),
  weight: z.number().gt(0).max(1),
  minScore: unit,
});

export const levelRequirements = z
  .strictObject({
    requiresLevel: certLevelName.nullable().default(null),
    courseIds: z.array(id).max(100).default([]),
    targets: z.array(z.strictObject({ kpId: id, target: unit })).max(200).default([]),
    components: z.array(levelComponent).max(10).default([]),
    passScore: unit.default(0.6),
  })
  .superRefine((r, ctx) => {
    if (r.components.length) {
      const sum = r.components.reduce((s, c) => s + c.weight, 0);
      if (Math.abs(sum - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['components'], message: `the components' weights must sum to 1 (they sum to ${sum.toFixed(3)})` });
    }
    const kinds = r.components.map((c) => c.kind);
    if (new Set(kinds).size !== kinds.length) ctx.addIssue({ code: 'custom', path: ['components'], message: 'each kind of component may appear once' });
  });

export const levelBody = z.strictObject({
  level: certLevelName,
  requirements: levelRequirements,
  criteria: z.string().trim().max(4000).default(''),
  criteriaEn: z.string().trim().max(4000).nullable().default(null),
  validityMonths: z.number().int().min(1).max(600).nullable().default(null),
  renewal: z
    .strictObject({ credits: z.number().int().min(1).max(1000).nullable(), examId: id.nullable() })
    .default({ credits: null, examId: null }),
});
export type LevelBody = z.infer<typeof levelBody>;

export const programmeBody = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, 2–63 characters, e.g. ai-engineer'),
    name: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200).nullable().default(null),
    domain: z.string().trim().max(200).default(''),
    domainEn: z.string().trim().max(200).nullable().default(null),
    description: z.string().trim().max(4000).default(''),
    descriptionEn: z.string().trim().max(4000).nullable().default(null),
    status: z.enum(PROGRAMME_STATUSES).default('draft'),
    levels: z.array(levelBody).min(1).max(3),
  })
  .superRefine((p, ctx) => {
    const names = p.levels.map((l) => l.level);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'each level may appear once' });
    p.levels.forEach((l, i) => {
      if (l.requirements.requiresLevel && !names.includes(l.requirements.requiresLevel))
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'requirements', 'requiresLevel'], message: `level ${l.requirements.requiresLevel} is not part of this programme` });
      if (l.requirements.requiresLevel === l.level)
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'requirements', 'requiresLevel'], message: 'a level cannot require itself' });
    });
  });
export type ProgrammeBody = z.infer<typeof programmeBody>;

export const levelView = z.object({
  id: z.number().int(),
  level: certLevelName,
  requirements: z.object({
    requiresLevel: certLevelName.nullable(),
    courseIds: z.array(z.number().int()),
    targets: z.array(z.object({ kpId: z.number().int(), target: z.number() })),
    components: z.array(
      z.object({ kind: z.enum(['written', 'practical', 'interview']), examId: z.number().int().nullable().optional(), weight: z.number(), minScore: z.number() }),
    ),
    passScore: z.number(),
  }),
  criteria: z.string(),
  criteriaEn: z.string().nullable(),
  validityMonths: z.number().int().nullable(),
  renewal: z.object({ credits: z.number().int().nullable(), examId: z.number().int().nullable() }),
});
export type LevelView = z.infer<typeof levelView>;

export const programmeView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  domain: z.string(),
  domainEn: z.string().nullable(),
  description: z.string(),
  descriptionEn: z.string().nullable(),
  status: z.enum(PROGRAMME_STATUSES),
  levels: z.array(levelView),
  certificates: z.number().int(),
  updatedAt: z.string(),
});
export type ProgrammeView = z.infer<typeof programmeView>;
export const programmeList = z.object({ items: z.array(programmeView) });

// ---------------------------------------------------------------- certificates

export const certificateItem = z.object({
  id: z.number().int(),
  publicId: z.string(),
  holderName: z.string(),
  employeeId: z.number().int(),
  employeeNo: z.string(),
  programmeId: z.number().int(),
  programmeCode: z.string(),
  programmeName: z.string(),
  programmeNameEn: z.string().nullable(),
  level: certLevelName,
  status: certificateStatus,
  effectiveStatus: z.enum([...CERTIFICATE_STATUSES, 'expired']),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  issuedAt: z.string(),
  statusReason: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
  verifyUrl: z.string(),
});
export type CertificateItem = z.infer<typeof certificateItem>;
export const certificatePage = page(certificateItem);
export const certificateList = z.object({ items: z.array(certificateItem) });

export const certificateListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  status: certificateStatus.optional(),
  programmeId: z.coerce.number().int().positive().optional(),
  employeeId: z.coerce.number().int().positive().optional(),
});

export const issueCertificateBody = z.strictObject({
  levelId: id,
  employeeId: id,
  reason: z.string().trim().min(1).max(1000),
});

export const certificateStatusBody = z.strictObject({
  change: z.enum(['suspend', 'reinstate', 'revoke']),
  reason: z.string().trim().min(1, 'a reason is required: it is shown on the public verification page').max(1000),
});

// ---------------------------------------------------------------- public verification

export const publicIdParam = z.strictObject({ publicId: z.string().uuid('not a certificate id') });
export const statusPurposeParam = z.strictObject({ purpose: z.enum(['revocation', 'suspension']) });

const reason = z.object({ en: z.string(), zh: z.string() });
export const verificationView = z.object({
  valid: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), skipped: z.boolean().optional(), reason })),
  /** What the credential says (unverified when `valid` is false). */
  credential: z
    .object({
      id: z.string(),
      issuerName: z.string(),
      issuerId: z.string(),
      holderName: z.string().nullable(),
      achievement: z.string(),
      level: z.string().nullable(),
      validFrom: z.string().nullable(),
      validUntil: z.string().nullable(),
    })
    .nullable(),
  /** The issuer's record of it (status and the published reason), when it is one of ours. */
  record: z
    .object({
      publicId: z.string(),
      status: certificateStatus,
      effectiveStatus: z.enum([...CERTIFICATE_STATUSES, 'expired']),
      statusReason: z.string().nullable(),
      statusChangedAt: z.string().nullable(),
    })
    .nullable(),
  kid: z.string().nullable(),
});
export type VerificationView = z.infer<typeof verificationView>;

export const verifyBody = z.strictObject({
  /** The certificate as downloaded: its compact JWT, or the JSON file holding it. */
  credential: z.string().trim().min(10).max(100_000),
});

export const rotateKeyResult = z.object({ thumbprint: z.string(), retired: z.array(z.string()) });

// ---------------------------------------------------------------- the workflow (issue 7 §2)

export const APPLICATION_STAGES = ['review', 'learn', 'exams', 'evaluate', 'issued', 'rejected', 'failed', 'withdrawn'] as const;
export const applicationStage = z.enum(APPLICATION_STAGES);
export type ApplicationStageName = z.infer<typeof applicationStage>;
const reasonText = z.string().trim().min(1, 'a reason is required').max(2000);

export const applyBody = z.strictObject({ levelId: id, statement: z.string().trim().max(4000).default('') });
export const reviewBody = z.strictObject({ decision: z.enum(['approve', 'reject']), reason: reasonText });
export const decisionBody = z.strictObject({ decision: z.enum(['pass', 'fail']), reason: reasonText });
export const appealBody = z.strictObject({ reason: reasonText });
export const appealDecisionBody = z.strictObject({ decision: z.enum(['uphold', 'overturn']), reason: reasonText });
export const withdrawBody = z.strictObject({ reason: reasonText });
export const interviewBody = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time, e.g. 2026-12-10T09:00:00+08:00' }),
  location: z.string().trim().max(300).default(''),
  panelUserIds: z.array(id).min(1, 'at least one panel member').max(10),
});
export const assessmentBody = z.strictObject({
  component: z.enum(['practical', 'interview']),
  score: unit,
  rubric: z.record(z.string().max(100), z.string().max(100)).nullable().optional(),
  privateNotes: z.string().max(4000).optional(),
});
export const applicationEvidenceQuery = z.strictObject({ purpose: z.enum(['application', 'practical']).default('application') });
export const evidenceParams = z.strictObject({ id: z.coerce.number().int().positive().max(2147483647), fileId: z.coerce.number().int().positive().max(2147483647) });

const componentResult = z.object({ score: z.number().nullable(), state: z.enum(['pending', 'complete', 'divergent']), attemptId: z.number().int().optional() });
export const applicationView = z.object({
  id: z.number().int(),
  stage: applicationStage,
  programme: z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  level: certLevelName,
  requirements: levelView.shape.requirements,
  candidate: z.object({ employeeId: z.number().int(), name: z.string(), employeeNo: z.string() }),
  statement: z.string(),
  evidence: z.array(z.object({ fileId: z.number().int(), name: z.string(), purpose: z.enum(['application', 'practical']) })),
  eligibility: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  learning: z
    .object({
      courses: z.array(z.object({ courseId: z.number().int(), title: z.string(), completed: z.boolean() })),
      targets: z.array(z.object({ kpId: z.number().int(), code: z.string(), name: z.string(), target: z.number(), mastery: z.number(), met: z.boolean() })),
      met: z.boolean(),
    })
    .nullable(),
  components: z.object({ written: componentResult.optional(), practical: componentResult.optional(), interview: componentResult.optional() }),
  composite: z.number().nullable(),
  rule: z.object({ pass: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  appealStatus: z.enum(['open', 'upheld', 'overturned']).nullable(),
  certificateId: z.number().int().nullable(),
  interview: z.object({ scheduledAt: z.string(), location: z.string(), panelUserIds: z.array(z.number().int()) }).nullable(),
  writtenExam: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  assessments: z
    .array(z.object({ component: z.string(), assessorUserId: z.number().int(), assessorName: z.string(), score: z.number(), privateNotes: z.string(), createdAt: z.string() }))
    .nullable(),
  events: z.array(z.object({ action: z.string(), fromStage: z.string().nullable(), toStage: z.string().nullable(), actorName: z.string().nullable(), reason: z.string().nullable(), createdAt: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationListItem = z.object({
  id: z.number().int(),
  stage: applicationStage,
  programmeName: z.string(),
  programmeNameEn: z.string().nullable(),
  level: certLevelName,
  candidateName: z.string(),
  employeeNo: z.string(),
  composite: z.number().nullable(),
  appealStatus: z.enum(['open', 'upheld', 'overturned']).nullable(),
  updatedAt: z.string(),
});
export type ApplicationListItem = z.infer<typeof applicationListItem>;
export const applicationPage = page(applicationListItem);
export const applicationListQuery = z.strictObject({
  ...pageQuery,
  mine: z.enum(['true', 'false']).optional(),
  stage: applicationStage.optional(),
  appeal: z.literal('open').optional(),
  programmeId: z.coerce.number().int().positive().optional(),
});
export const stageResult = z.object({ stage: applicationStage });
export const decisionResult = z.object({ stage: applicationStage, certificateId: z.number().int().nullable(), rule: z.object({ pass: z.boolean(), reasons: z.array(z.string()) }) });
export const componentResultView = componentResult;
export const writtenResult = z.object({ score: z.number() });

export const programmeDashboard = z.object({
  byStage: z.record(z.string(), z.number()),
  levels: z.array(
    z.object({
      level: z.string(),
      decided: z.number().int(),
      passed: z.number().int(),
      components: z.array(z.object({ kind: z.string(), assessed: z.number().int(), passed: z.number().int() })),
    }),
  ),
  timeInStage: z.record(z.string(), z.object({ medianHours: z.number().nullable(), n: z.number().int() })),
  upcomingExpiries: z.array(z.object({ id: z.number().int(), holderName: z.string(), level: z.string(), validUntil: z.string() })),
});

// ---------------------------------------------------------------- notifications

export const notificationItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationItem = z.infer<typeof notificationItem>;
export const notificationPage = page(notificationItem).extend({ unread: z.number().int() });
export const notificationQuery = z.strictObject({ ...pageQuery, unreadOnly: z.enum(['true', 'false']).default('false') });
