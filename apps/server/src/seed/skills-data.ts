/**
 * The demo skill framework "大模型应用能力框架 / LLM Application Skills" (written for this
 * project): five domains, each a parent point with three or four knowledge points, prerequisite
 * edges between them, and target mastery per position of Demo Bank.
 */
export interface KpSeed {
  code: string;
  name: string;
  nameEn: string;
  domain: string;
  /** Parent code (domains have none). */
  parent?: string;
  description: string;
  /** Simulation: how hard the point is to learn (population P(L0), P(T)). */
  sim?: { pL0: number; pT: number };
}

export const FRAMEWORK = {
  code: 'LLM-APP',
  name: '大模型应用能力框架',
  nameEn: 'LLM Application Skills',
  version: '1.0',
  description: '面向银行员工的大模型应用能力：从基础认知到提示词、检索增强、数据分析与安全合规。',
};

const D = {
  basics: '基础认知',
  prompt: '提示词工程',
  rag: '检索增强生成',
  data: '数据与办公',
  safety: '安全与合规',
};

export const KNOWLEDGE_POINTS: KpSeed[] = [
  { code: 'B', name: '大模型基础认知', nameEn: 'LLM fundamentals', domain: D.basics, description: '理解大模型是什么、能做什么、不能做什么。' },
  { code: 'B.1', parent: 'B', name: '大模型工作原理', nameEn: 'How LLMs work', domain: D.basics, description: '词元、上下文窗口、概率生成与温度。', sim: { pL0: 0.35, pT: 0.2 } },
  { code: 'B.2', parent: 'B', name: '能力边界与幻觉', nameEn: 'Limits and hallucination', domain: D.basics, description: '识别幻觉，知道何时不能信任模型输出。', sim: { pL0: 0.25, pT: 0.18 } },
  { code: 'B.3', parent: 'B', name: '工具选型', nameEn: 'Choosing tools', domain: D.basics, description: '对话助手、企业知识库、编程助手的适用场景。', sim: { pL0: 0.3, pT: 0.2 } },
  { code: 'P', name: '提示词工程', nameEn: 'Prompt engineering', domain: D.prompt, description: '写出清晰、可复用、可评估的提示词。' },
  { code: 'P.1', parent: 'P', name: '结构化提示词', nameEn: 'Structured prompts', domain: D.prompt, description: '角色、任务、上下文、格式要求与约束。', sim: { pL0: 0.2, pT: 0.18 } },
  { code: 'P.2', parent: 'P', name: '少样本示例', nameEn: 'Few-shot examples', domain: D.prompt, description: '用示例约束输出风格与格式。', sim: { pL0: 0.15, pT: 0.15 } },
  { code: 'P.3', parent: 'P', name: '思维链与分步推理', nameEn: 'Step-by-step reasoning', domain: D.prompt, description: '引导模型分步推理并自检。', sim: { pL0: 0.1, pT: 0.12 } },
  { code: 'P.4', parent: 'P', name: '提示词评估与迭代', nameEn: 'Evaluating prompts', domain: D.prompt, description: '用测试样例比较提示词版本。', sim: { pL0: 0.08, pT: 0.1 } },
  { code: 'R', name: '检索增强生成', nameEn: 'Retrieval-augmented generation', domain: D.rag, description: '让模型基于企业文档作答并给出引用。' },
  { code: 'R.1', parent: 'R', name: '文档切分与索引', nameEn: 'Chunking and indexing', domain: D.rag, description: '按结构切分文档，建立检索索引。', sim: { pL0: 0.1, pT: 0.12 } },
  { code: 'R.2', parent: 'R', name: '检索与重排序', nameEn: 'Retrieval and re-ranking', domain: D.rag, description: '关键词、向量与混合检索。', sim: { pL0: 0.08, pT: 0.1 } },
  { code: 'R.3', parent: 'R', name: '引用与可追溯', nameEn: 'Citations and grounding', domain: D.rag, description: '回答带引用，无依据时明确说明。', sim: { pL0: 0.12, pT: 0.14 } },
  { code: 'A', name: '数据分析与办公', nameEn: 'Data and office work', domain: D.data, description: '用大模型提升分析、写作与办公效率。' },
  { code: 'A.1', parent: 'A', name: '表格与数据分析', nameEn: 'Spreadsheet analysis', domain: D.data, description: '用自然语言完成数据清洗、统计与图表。', sim: { pL0: 0.2, pT: 0.16 } },
  { code: 'A.2', parent: 'A', name: '公文与报告写作', nameEn: 'Reports and documents', domain: D.data, description: '起草、润色与摘要，保持事实准确。', sim: { pL0: 0.3, pT: 0.2 } },
  { code: 'A.3', parent: 'A', name: '代码辅助', nameEn: 'AI-assisted coding', domain: D.data, description: '用编程助手生成、解释与审查代码。', sim: { pL0: 0.12, pT: 0.12 } },
  { code: 'S', name: '安全与合规', nameEn: 'Security and compliance', domain: D.safety, description: '在监管与数据安全要求内使用大模型。' },
  { code: 'S.1', parent: 'S', name: '数据分级与脱敏', nameEn: 'Data classification and masking', domain: D.safety, description: '客户信息不出域，输入前脱敏。', sim: { pL0: 0.25, pT: 0.18 } },
  { code: 'S.2', parent: 'S', name: '提示词注入防范', nameEn: 'Prompt-injection defence', domain: D.safety, description: '识别并防范文档与输入中的注入指令。', sim: { pL0: 0.1, pT: 0.12 } },
  { code: 'S.3', parent: 'S', name: '监管要求与审计', nameEn: 'Regulation and audit', domain: D.safety, description: '生成式人工智能相关监管要求与留痕。', sim: { pL0: 0.2, pT: 0.15 } },
];

/** Prerequisites: [from, to] = master `from` before `to`. */
export const PREREQUISITES: [string, string][] = [
  ['B.1', 'B.2'],
  ['B.1', 'P.1'],
  ['P.1', 'P.2'],
  ['P.1', 'P.3'],
  ['P.2', 'P.4'],
  ['P.3', 'P.4'],
  ['B.2', 'R.3'],
  ['R.1', 'R.2'],
  ['R.2', 'R.3'],
  ['P.1', 'A.1'],
  ['P.1', 'A.2'],
  ['P.2', 'A.3'],
  ['B.2', 'S.1'],
  ['S.1', 'S.2'],
  ['P.1', 'S.2'],
];

/** Everyone's baseline, then per position: [code, T, weight]. */
const BASE: [string, number, number][] = [
  ['B.1', 0.6, 1],
  ['B.2', 0.7, 2],
  ['P.1', 0.6, 2],
  ['S.1', 0.8, 3],
  ['S.3', 0.6, 1],
];
const EXTRA: Record<string, [string, number, number][]> = {
  PRESIDENT: [['B.3', 0.7, 1], ['S.3', 0.7, 2]],
  DEPT_HEAD: [['B.3', 0.7, 2], ['A.2', 0.6, 1]],
  RM: [['A.2', 0.7, 2], ['P.2', 0.6, 1]],
  TELLER: [['A.2', 0.5, 1]],
  RISK_ANALYST: [['A.1', 0.8, 3], ['P.3', 0.6, 1], ['R.3', 0.6, 1]],
  SWE: [['A.3', 0.8, 3], ['P.3', 0.7, 2], ['R.1', 0.7, 2], ['R.2', 0.7, 2], ['S.2', 0.8, 2]],
  DATA_ANALYST: [['A.1', 0.85, 3], ['P.2', 0.7, 1], ['P.4', 0.6, 1], ['R.2', 0.6, 1]],
  PM: [['P.2', 0.7, 1], ['P.4', 0.6, 1], ['R.3', 0.6, 1], ['B.3', 0.7, 1]],
  COMPLIANCE: [['S.2', 0.7, 2], ['S.3', 0.85, 3], ['A.2', 0.6, 1]],
  HR: [['A.2', 0.7, 2], ['A.1', 0.5, 1]],
  OPS: [['A.1', 0.6, 2]],
  TRAINER: [['P.2', 0.8, 2], ['P.3', 0.7, 1], ['P.4', 0.7, 1], ['A.2', 0.7, 1]],
};

/** The targets of a position: the baseline, overridden and extended by its own list. */
export function targetsFor(positionCode: string): [string, number, number][] {
  const m = new Map(BASE.map((t) => [t[0], t]));
  for (const t of EXTRA[positionCode] ?? []) m.set(t[0], t);
  return [...m.values()];
}
