/**
 * Demo certification (issue 7 §4): the programme "AI大模型应用工程师" with its three levels and a few
 * issued certificates — the demo learner holds the junior one; one certificate is revoked — signed with
 * the organisation's key through the same service as the product (certificates.service.ts).
 */
import type { Db } from '../db/client.ts';
import { certLevels, certProgrammes, type LevelRequirements } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { certificateIssuer, certificateStatusSetter } from '../modules/certs/certificates.service.ts';

export const DEMO_PROGRAMME_CODE = 'ai-engineer';

export interface CertsSeedInput {
  now: Date;
  adminUserId: number;
  /** The timed exam of the demo (the junior level's written component). */
  writtenExamId: number;
  /** The adaptive test of the demo (the higher levels' written component: it measures across the scale). */
  adaptiveExamId: number;
  /** Junior holders (the demo learner first), then one intermediate holder, then the revoked one. */
  juniorHolders: number[];
  intermediateHolder: number;
  revokedHolder: number;
}

const level = (requires: LevelRequirements['requiresLevel'], examId: number | null, passScore: number): LevelRequirements => ({
  requiresLevel: requires,
  courseIds: [],
  targets: [],
  components: [
    { kind: 'written', examId, weight: 0.5, minScore: 0.6 },
    { kind: 'practical', examId: null, weight: 0.3, minScore: 0.6 },
    { kind: 'interview', examId: null, weight: 0.2, minScore: 0.5 },
  ],
  passScore,
});

export async function seedCerts(tx: Db, deps: Deps, input: CertsSeedInput): Promise<{ certificates: number }> {
  const [p] = await tx
    .insert(certProgrammes)
    .values({
      code: DEMO_PROGRAMME_CODE,
      name: 'AI大模型应用工程师',
      nameEn: 'AI Application Engineer',
      domain: '人工智能应用',
      domainEn: 'Applied AI',
      description: '在日常工作中安全、合规、有效地使用大语言模型：提示词工程、检索增强、数据安全与结果核验。',
      descriptionEn: 'Using large language models at work safely, compliantly and effectively: prompting, retrieval, data protection and checking results.',
      status: 'active',
      createdBy: input.adminUserId,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning({ id: certProgrammes.id });
  const levels = await tx
    .insert(certLevels)
    .values([
      {
        programmeId: p!.id,
        level: 'junior' as const,
        requirements: level(null, input.writtenExamId, 0.6),
        criteria: '通过初级笔试、实操作业评审与面试，综合成绩不低于 60 分。',
        criteriaEn: 'Passed the junior written exam, a graded practical assignment and an interview, with a composite of at least 60.',
        validityMonths: 24,
        renewal: { credits: 16, examId: null },
      },
      {
        programmeId: p!.id,
        level: 'intermediate' as const,
        requirements: level('junior', input.adaptiveExamId, 0.7),
        criteria: '持有初级证书，通过中级评估，综合成绩不低于 70 分。',
        criteriaEn: 'Holds the junior certificate and passed the intermediate assessment with a composite of at least 70.',
        validityMonths: 24,
        renewal: { credits: 24, examId: null },
      },
      {
        programmeId: p!.id,
        level: 'senior' as const,
        requirements: level('intermediate', input.adaptiveExamId, 0.75),
        criteria: '持有中级证书，完成高级实践项目并通过专家委员会面试，综合成绩不低于 75 分。',
        criteriaEn: 'Holds the intermediate certificate, completed a senior project and passed the expert panel, with a composite of at least 75.',
        validityMonths: 36,
        renewal: { credits: 32, examId: null },
      },
    ])
    .returning({ id: certLevels.id, level: certLevels.level });
  const levelId = (l: string) => levels.find((x) => x.level === l)!.id;
  const issued = new Date(input.now.getTime() - 30 * 86_400_000);
  const reason = '演示数据：认证委员会决定颁证 / Demo data: issued by the certification committee';
  const base = { actorUserId: input.adminUserId, validFrom: issued, reason, tx };
  let n = 0;
  for (const employeeId of input.juniorHolders) {
    await certificateIssuer(deps, { ...base, levelId: levelId('junior'), employeeId });
    n++;
  }
  await certificateIssuer(deps, { ...base, levelId: levelId('intermediate'), employeeId: input.intermediateHolder });
  const revoked = await certificateIssuer(deps, { ...base, levelId: levelId('junior'), employeeId: input.revokedHolder });
  await certificateStatusSetter(deps, { actorUserId: input.adminUserId, id: revoked.id, change: 'revoke', reason: '演示数据：实操作业被认定为抄袭 / Demo data: the practical assignment was found to be plagiarised', tx });
  return { certificates: n + 2 };
}
