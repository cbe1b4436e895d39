/**
 * Demo data for learning paths (issue 5): what each module of the ten published courses teaches
 * (knowledge points of the demo framework, with the authors' expected gains), and one curated
 * path defined by L&D. Goals are left to managers (the end-to-end test assigns one).
 */
import type { Db } from '../db/client.ts';
import { curatedPaths, moduleKps } from '../db/schema/index.ts';

/**
 * Per published course (catalogue order), per module (course order): [kp code, expected gain].
 * Written for the demo courses' content; a module may teach more than one point.
 */
export const MODULE_KPS: readonly (readonly (readonly [string, number])[])[][] = [
  // 01 大模型基础与原理
  [[['B.1', 0.25]], [['B.1', 0.2]], [['B.2', 0.3]], [['S.1', 0.2], ['B.2', 0.1]]],
  // 02 提示词基础
  [[['P.1', 0.3]], [['P.1', 0.2]], [['P.4', 0.15], ['P.1', 0.1]], [['P.2', 0.15]]],
  // 03 提示词进阶
  [[['P.2', 0.3]], [['P.3', 0.3]], [['P.3', 0.15]], [['P.4', 0.3]]],
  // 04 智能客服
  [[['B.3', 0.2]], [['A.2', 0.2]], [['A.2', 0.15], ['P.2', 0.1]]],
  // 05 数据分析
  [[['A.1', 0.2]], [['A.1', 0.25]], [['A.1', 0.1], ['A.2', 0.1]], [['A.1', 0.15]]],
  // 06 检索增强生成
  [[['R.1', 0.3]], [['R.1', 0.2]], [['R.2', 0.3], ['R.3', 0.25]]],
  // 07 安全与合规
  [[['S.1', 0.35]], [['S.2', 0.3]], [['S.3', 0.3]], [['S.3', 0.2]]],
  // 08 编程助手
  [[['A.3', 0.25]], [['A.3', 0.2]], [['A.3', 0.2]], [['A.3', 0.1], ['S.2', 0.15]]],
  // 09 办公效率
  [[['A.2', 0.3]], [['A.2', 0.2]], [['A.2', 0.1]]],
  // 10 AI 项目落地
  [[['B.3', 0.25]], [['B.3', 0.15]], [['S.3', 0.15]]],
];

export interface PathsSeedInput {
  courses: readonly { id: number; modules: readonly { id: number }[] }[];
  kpIdByCode: Map<string, number>;
  createdBy: number;
}

export async function seedPaths(db: Db, input: PathsSeedInput): Promise<{ moduleKps: number; curatedPathId: number }> {
  const rows = input.courses.flatMap((c, ci) =>
    c.modules.flatMap((m, mi) =>
      (MODULE_KPS[ci]?.[mi] ?? []).map(([code, gain]) => {
        const kpId = input.kpIdByCode.get(code);
        if (kpId === undefined) throw new Error(`seed: unknown knowledge point ${code}`);
        return { moduleId: m.id, kpId, gain };
      }),
    ),
  );
  await db.insert(moduleKps).values(rows);
  const kp = (code: string) => input.kpIdByCode.get(code)!;
  const prompt = input.courses[1]!.modules;
  const advanced = input.courses[2]!.modules;
  const [path] = await db
    .insert(curatedPaths)
    .values({
      title: '提示词工程进阶路径',
      titleEn: 'Prompt engineering, step by step',
      description: '从结构化提示词到少样本、思维链和提示词评估，适合需要日常撰写提示词的岗位。',
      moduleIds: [prompt[0]!.id, prompt[1]!.id, advanced[0]!.id, advanced[1]!.id, advanced[3]!.id],
      targets: [
        { kpId: kp('P.1'), target: 0.8, weight: 2 },
        { kpId: kp('P.2'), target: 0.7, weight: 1 },
        { kpId: kp('P.3'), target: 0.7, weight: 1 },
        { kpId: kp('P.4'), target: 0.6, weight: 1 },
      ],
      createdBy: input.createdBy,
    })
    .returning({ id: curatedPaths.id });
  return { moduleKps: rows.length, curatedPathId: path!.id };
}
