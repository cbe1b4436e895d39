/**
 * Demo knowledge base (issue 6 §2): the collection "AI 使用规范与指南" (everyone) with four Chinese
 * Markdown documents written for Xueli, and "模型风险管理" restricted to 风险管理部 and 合规部 (with
 * their sub-departments). The documents are stored as pasted text and indexed through the same
 * code as the index job (`indexDocument`), in the foreground, after the demo transaction committed.
 */
import { inArray } from 'drizzle-orm';
import { departments, kbCollectionAccess, kbCollections, kbDocuments } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { indexDocument } from '../modules/knowledge/indexer.ts';

interface DemoDoc {
  title: string;
  markdown: string;
}

const AI_POLICY: DemoDoc = {
  title: '生成式AI使用规范',
  markdown: `# 生成式AI使用规范

本规范适用于全行员工在工作中使用生成式人工智能工具（包括对话助手、代码助手、文档摘要工具等）的行为。目的是在提升效率的同时，保护客户信息和银行数据安全。

## 一、数据分级

全行数据分为四级：公开、内部、敏感、机密。

- 公开数据：已对外披露的产品说明、公告、宣传材料，可以在经批准的AI工具中使用。
- 内部数据：内部制度、流程文档、培训材料，只能在行内部署的AI平台中使用。
- 敏感数据：客户身份信息、账户与交易信息、员工个人信息，禁止输入任何外部AI工具。
- 机密数据：未公开的财务数据、监管检查材料、核心系统源代码，禁止输入任何AI工具，行内平台也需单独审批。

无法判断数据级别时，按较高级别处理，并咨询本部门的数据安全联络员。

## 二、禁止输入客户敏感信息

严禁将客户姓名、身份证号、手机号、银行卡号、账户余额、交易流水、征信报告等信息输入外部AI工具，即使已经做了部分遮盖也不允许。

需要让AI协助处理客户相关的文本时，应先使用行内脱敏工具去除可识别信息，再使用行内部署的AI平台。发现误输入时，应在当天报告信息安全部门，由其评估影响并处置。

## 三、审批流程

在业务流程中引入AI工具，须经过以下审批：

1. 业务部门提交《AI工具使用申请表》，说明用途、涉及的数据级别和预期效果。
2. 信息科技部评估技术与安全风险，包括数据是否出境、是否用于模型训练。
3. 合规部审查是否符合监管要求和行内制度。
4. 分管行领导审批后，由信息科技部统一开通账号。

审批通过的工具列入《已批准AI工具清单》，每半年复核一次。个人自行注册的外部AI账号不得用于处理工作数据。

## 四、结果复核与责任

AI生成的内容可能存在事实错误或“幻觉”。对外发布的材料、给客户的答复、报送监管的数据，必须由经办人逐项核对，经办人对最终内容负责。AI生成的代码须经过代码评审和安全扫描后方可合并。
`,
};

const PROMPTING: DemoDoc = {
  title: '提示词工程指南',
  markdown: `# 提示词工程指南

提示词（Prompt）是我们交给大模型的任务说明。好的提示词能显著提升回答的准确性和可用性。

## 基本原则

### 说清楚角色与任务

先告诉模型它扮演的角色和要完成的任务，例如：“你是一名银行合规专员，请审阅下面的营销文案，指出可能违反广告管理规定的表述。”

### 提供上下文与约束

给出完成任务所需的背景材料，并写明约束：输出语言、字数上限、格式（表格、要点、JSON）、不能做什么。约束越具体，结果越稳定。

### 给出示例

对格式要求严格的任务，提供一到三个输入与输出的示例（少样本提示），模型会模仿示例的结构和风格。

## 常用技巧

- 分步骤思考：复杂问题可以要求模型先列出推理步骤，再给出结论，便于人工检查。
- 拆分任务：一个提示词只做一件事，长流程拆成多个提示词依次完成。
- 要求引用来源：基于文档回答时，要求模型标注引用的段落，没有依据时明确回答“资料中没有相关内容”。
- 迭代改进：第一次结果不理想时，指出具体问题并补充约束，而不是简单地重问。

## 常见错误

提示词过于笼统（如“帮我写个方案”）、一次塞入过多无关材料、把敏感数据直接粘贴进提示词，都是常见错误。涉及客户信息的任务请先阅读《生成式AI使用规范》。
`,
};

const RAG_INTRO: DemoDoc = {
  title: 'RAG 知识库问答入门',
  markdown: `# RAG 知识库问答入门

检索增强生成（Retrieval-Augmented Generation，RAG）是让大模型基于企业自己的文档回答问题的常用方法。学力平台的“AI 助教”就是一个 RAG 应用。

## 工作原理

RAG 分为两个阶段：

1. 检索：把用户的问题与知识库中的段落进行匹配，找出最相关的几段。匹配可以基于关键词（词法检索），也可以基于语义向量（向量检索），两者的结果可以用倒数排序融合（RRF）合并。
2. 生成：把检索到的段落和问题一起交给大模型，要求它只根据这些段落作答，并标注引用。

## 文档切分

文档入库时会被切分成段落（chunk）。切分应沿着文档结构进行：不跨越标题，短段落合并，长段落在句子结尾处断开。每个段落会记住它所在的标题路径，检索时标题也参与匹配，回答时可以显示出处。

## 权限控制

知识库按集合组织，每个集合可以设置为全员可见，或仅对指定的部门、岗位、角色可见。检索时先按权限过滤，再取排名最靠前的段落，因此员工永远不会看到无权访问的内容，AI 助教的回答也不会引用它们。

## 常见问题

### 为什么助教说“资料中没有相关内容”？

说明知识库里没有与问题足够相关的段落。可以换一种问法，或请培训管理员补充相关文档。

### 文档更新后多久生效？

文档上传或重新索引完成后立即生效，页面上的进度条显示索引进度。
`,
};

const DATA_SECURITY: DemoDoc = {
  title: '员工数据安全十问',
  markdown: `# 员工数据安全十问

## 可以把工作文件上传到个人网盘吗？

不可以。工作文件只能存放在行内文件服务器和经批准的协同平台上。

## 可以用AI工具翻译客户的来信吗？

客户来信通常包含姓名、地址、账号等敏感信息，不能直接交给外部AI工具。请先脱敏，再使用行内部署的翻译或AI平台。

## 发现同事把客户信息发到了外部群怎么办？

立即提醒对方撤回，并向本部门负责人和信息安全部门报告。

## 密码多久更换一次？

系统登录密码每九十天更换一次，不得与最近五次的密码相同，不得在多个系统中使用同一密码。
`,
};

const MODEL_RISK: DemoDoc = {
  title: '模型风险管理办法',
  markdown: `# 模型风险管理办法

## 第一章 总则

本办法所称模型，是指运用统计、经济、金融或机器学习等方法，将输入数据处理为定量估计的方法，包括信用评分卡、反欺诈模型、大语言模型应用等。模型风险是指因模型设计缺陷、数据质量问题或使用不当造成损失的风险。

## 第二章 三道防线

模型风险管理实行三道防线：模型开发与使用部门为第一道防线，负责模型的开发、监控和合规使用；风险管理部下设的模型验证团队为第二道防线，负责独立验证；内部审计部为第三道防线，定期审计模型风险管理体系的有效性。

## 第三章 模型验证

新模型上线前必须通过独立验证，验证内容包括概念合理性、数据质量、结果准确性与稳定性。大语言模型应用还须评估“幻觉”率、提示词注入风险和敏感信息泄露风险。验证报告有效期为一年，重大变更须重新验证。

## 第四章 监控与退出

模型上线后按月监控区分度（如 KS、AUC）和稳定性（PSI）。PSI 超过 0.25 或 KS 较验证时下降超过 20% 时，须启动模型复审；复审不通过的模型应停止使用并按流程下线。
`,
};

/** The demo collections and documents; returns how many documents were indexed. */
export async function seedKnowledge(deps: Deps, opts: { createdBy: number | null }): Promise<{ documents: number; chunks: number }> {
  const { db } = deps;
  const [guide] = await db
    .insert(kbCollections)
    .values({ name: 'AI 使用规范与指南', description: '生成式AI的使用规范、提示词工程与RAG入门，全员可见。', visibility: 'everyone', createdBy: opts.createdBy })
    .returning();
  const [risk] = await db
    .insert(kbCollections)
    .values({ name: '模型风险管理', description: '模型风险管理制度，仅风险管理部与合规部可见。', visibility: 'restricted', createdBy: opts.createdBy })
    .returning();
  const depts = await db.select({ id: departments.id }).from(departments).where(inArray(departments.code, ['RISK', 'COMPLIANCE']));
  if (depts.length) await db.insert(kbCollectionAccess).values(depts.map((d) => ({ collectionId: risk!.id, departmentId: d.id })));
  const plan: [number, DemoDoc][] = [
    [guide!.id, AI_POLICY],
    [guide!.id, PROMPTING],
    [guide!.id, RAG_INTRO],
    [guide!.id, DATA_SECURITY],
    [risk!.id, MODEL_RISK],
  ];
  const docs = await db
    .insert(kbDocuments)
    .values(
      plan.map(([collectionId, d]) => ({
        collectionId,
        title: d.title,
        sourceKind: 'paste' as const,
        format: 'markdown' as const,
        pastedText: d.markdown,
        sizeBytes: Buffer.byteLength(d.markdown),
        createdBy: opts.createdBy,
      })),
    )
    .returning({ id: kbDocuments.id });
  let chunks = 0;
  for (const d of docs) chunks += (await indexDocument(deps, d.id, { actorUserId: opts.createdBy })).chunks;
  return { documents: docs.length, chunks };
}
