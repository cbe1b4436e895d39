/** Items for course 01 “大模型基础与原理” (written for this project). */
import { blank, options, type ItemSeed } from './types.ts';

export const llmBasicsItems: ItemSeed[] = [
  {
    type: 'single',
    stem: '大语言模型在回答“请用一句话解释什么是活期存款”时，本质上是在做什么？',
    options: options(
      '在本行产品数据库中检索标准答案后原样返回',
      '根据前面的文字，逐个预测下一个最可能出现的词元，连成回答',
      '按照工程师预先写好的规则模板拼接句子',
      '实时联网搜索各家银行官网后汇总',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '大模型的核心动作是“预测下一个词（词元）”，重复很多次就生成了一段通顺的文字。它并没有去数据库查询，所以回答“像是知道”，但不保证正确——这正是需要人工核对的根本原因。',
    difficulty: -1.6,
    discrimination: 1.0,
    tags: ['大模型原理', '生成方式'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '用大量“问题—好回答”样例继续训练模型，让它学会按照指令办事，这一阶段叫作：',
    options: options('预训练', '指令微调', '对齐（基于人类反馈）', '检索增强生成'),
    answerKey: { correct: 'b' },
    explanation:
      '预训练是在海量文本上学习语言和常识；指令微调用“问题—好回答”样例教模型按要求办事；对齐则通过人类反馈让回答更有帮助、更安全。检索增强生成是使用阶段给模型提供资料的方法，不是训练阶段。',
    difficulty: -0.3,
    discrimination: 1.1,
    tags: ['大模型原理', '训练阶段'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '关于 Token（词元），下列说法正确的是：',
    options: options(
      '一个 Token 恰好等于一个汉字，所以字数就是 Token 数',
      '中文里一个 Token 大约对应一到两个汉字，计费和长度限制都以 Token 为单位',
      'Token 只计算模型的回答，提问和粘贴的材料不计入',
      '英文里一个 Token 通常对应一个完整的句子',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '模型按 Token 而不是按“字”处理文字：中文一个 Token 约对应一到两个汉字，英文约对应四分之三个单词。提问、材料和回答都算 Token，计费和上下文长度限制也按 Token 计算。',
    difficulty: -0.6,
    discrimination: 1.2,
    tags: ['Token', '大模型原理'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '客户经理把一份约两百页的授信调查报告整份粘贴进对话，请模型总结。结果总结中完全没有提到报告开头的企业基本情况。最可能的原因是：',
    options: options(
      '模型认为企业基本情况不重要，主动省略了',
      '内容超出了上下文窗口，开头部分被截断，模型“看不到”了',
      '温度设置过低，模型不敢展开',
      '模型的训练数据中没有这家企业，所以无法总结',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '上下文窗口是模型一次能“看到”的最大 Token 数，包括提问、材料和回答。超长文档会被截断，模型就会“忘记”开头的信息。训练数据里有没有这家企业无关紧要——总结依据的是你粘贴的材料。',
    difficulty: -0.2,
    discrimination: 1.3,
    tags: ['上下文窗口', '长文档'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '要让模型总结一份远超上下文窗口的长篇报告，课程推荐的做法是：',
    options: options(
      '在提示词开头写上“请务必记住全部内容”',
      '把温度调高，让模型更有创造力地补全缺失部分',
      '先按章节分别摘要，再把各章摘要汇总成总结',
      '把报告翻译成英文再粘贴，因为英文更省字数',
    ),
    answerKey: { correct: 'c' },
    explanation:
      '窗口是硬限制，提示词里“请记住”不能扩大它；调高温度只会增加随机性，甚至让模型编造缺失内容。正确做法是拆分：先分章节摘要，再汇总，每一步都在窗口之内。',
    difficulty: -0.5,
    discrimination: 1.1,
    tags: ['上下文窗口', '长文档', '摘要'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '合规部需要让模型从一批制度文件中逐条提取条款编号和生效日期，要求每次运行结果稳定一致。温度（temperature）应如何设置？',
    options: options('设为较低值，例如 0.1 左右', '设为较高值，例如 0.8 左右', '越高越好，温度高代表更准确', '温度只影响速度，与结果无关'),
    answerKey: { correct: 'a' },
    explanation:
      '温度控制生成的随机性：低温度回答稳定、保守，适合制度解读、数据提取；高温度回答多样、有创意，适合宣传文案和头脑风暴。温度高并不代表更准确。',
    difficulty: -0.8,
    discrimination: 1.2,
    tags: ['温度', '参数'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'single',
    stem: '下列哪种情况最符合大模型“幻觉”的含义？',
    options: options(
      '模型以“无法回答该问题”为由拒绝回答',
      '模型用非常肯定的语气，给出一个并不存在的法规编号',
      '模型的回答速度明显变慢',
      '模型的回答格式没有按要求使用表格',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '幻觉指模型生成看似合理、语气肯定、但与事实不符的内容，例如编造制度条款、法规编号或数据。拒答反而是知道边界的表现；速度和格式问题与幻觉无关。',
    difficulty: -1.6,
    discrimination: 0.9,
    tags: ['幻觉', '能力边界'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'single',
    stem: '柜员小周让通用对话模型“列出本行最新的定期存款利率”，模型给出了一组看似合理的数字。小周接下来最恰当的做法是：',
    options: options(
      '让模型多生成几次，取结果的平均值',
      '在提示词里加上“请确保数据准确”后再问一次',
      '以本行官方挂牌渠道的利率为准，只让模型把核实过的数据整理成通知',
      '把温度调到 0 再问一次，温度为 0 时的数字就是准确的',
    ),
    answerKey: { correct: 'c' },
    explanation:
      '模型不了解本行挂牌利率，也有知识截止日期，多问几次、加“请确保准确”或降低温度都只是让编造的数字更稳定，不会让它变对。数据以官方来源为准，模型只负责整理已核实的信息。',
    difficulty: -0.9,
    discrimination: 1.3,
    tags: ['幻觉', '核实', '利率'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'single',
    stem: '某员工问模型上个月刚发布的一项监管新规，模型完全不知道，还给出了旧规定的内容。最根本的原因是：',
    options: options(
      '模型的训练数据有截止日期，之后发生的事情它不知道',
      '监管部门禁止模型学习监管规定',
      '上下文窗口太小，放不下新规的名称',
      '提示词没有写“请回答最新信息”',
    ),
    answerKey: { correct: 'a' },
    explanation:
      '模型的知识来自训练数据，而训练数据有截止日期。最新的利率、监管要求它并不知道，提示词写“请回答最新信息”也无法补上。需要最新信息时，应提供权威原文或使用接入最新资料的知识库工具。',
    difficulty: -1.0,
    discrimination: 1.0,
    tags: ['知识截止', '能力边界'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'single',
    stem: '信贷员需要计算一笔分段利率贷款的应收利息，并与报表核对。下列做法最稳妥的是：',
    options: options(
      '直接采用模型给出的利息金额，模型的数学能力足够',
      '让模型写出计算方法和公式，再用表格软件或计算工具算出结果并核对',
      '在提示词中要求模型“仔细计算，不要出错”后采用其结果',
      '让模型计算三次，三次结果一致就直接采用',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '精确计算、报表勾稽是大模型的薄弱点，多算几次结果一致也可能一致地错。合理分工是：模型帮助梳理方法和公式，数字交给表格软件或计算工具算，并与源数据核对。',
    difficulty: -0.4,
    discrimination: 1.1,
    tags: ['计算', '能力边界'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'single',
    stem: '课程建议把大模型看作“一位读书很多、但不了解本行内部情况的新同事”。由此得出的正确做法是：',
    options: options(
      '既然它读书很多，本行制度问题也可以直接问它',
      '新同事需要锻炼，可以让它独立审批小额业务',
      '它的回答已经很专业，不必再复核',
      '需要本行制度、产品参数时，把资料提供给它，或使用接入本行知识库的工具',
    ),
    answerKey: { correct: 'd' },
    explanation:
      '“新同事”比喻的要点是：知识面广，但不掌握本行的制度、产品和客户情况。要么把资料交给它，要么用接入知识库的工具；重要结论仍需人工核对，更不能让它代替审批。',
    difficulty: -1.3,
    discrimination: 0.9,
    tags: ['能力边界', '使用原则'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'single',
    stem: '客户经理想快速查到本行《个人贷款管理办法》中关于贷后检查频率的具体规定。最合适的工具是：',
    options: options(
      '外部公共对话助手，它见过大量公开资料',
      '接入本行制度知识库、回答附带出处的企业问答平台',
      '编程助手，它擅长处理结构化文本',
      '任意一个翻译工具，先把制度翻成英文再查',
    ),
    answerKey: { correct: 'b' },
    explanation:
      '本行内部制度不在公共模型的训练数据里，公共助手只能“编”。接入本行知识库的问答平台基于现行制度作答并给出出处，员工可以点开原文核对；编程助手面向代码场景，不是查制度的工具。',
    difficulty: -1.2,
    discrimination: 1.0,
    tags: ['工具选型', '知识库'],
    knowledgePoints: ['B.3'],
  },
  {
    type: 'single',
    stem: '客户经理小刘想让模型写一封催收提醒邮件，并打算把客户姓名、欠款金额和手机号一起粘贴进外部公共模型。正确的做法是：',
    options: options(
      '只描述场景和语气要求，让模型生成模板，再在行内系统中填入客户信息',
      '把客户姓名改成拼音后再粘贴，其他信息保留',
      '只要删掉手机号就可以，姓名和欠款金额不算敏感信息',
      '照常粘贴，用完后立即清空聊天记录即可',
    ),
    answerKey: { correct: 'a' },
    explanation:
      '客户姓名、欠款金额、手机号都是客户敏感信息，不得输入外部公共模型；拼音替换很容易还原，事后清空记录也无法撤回已发送的数据。生成通用模板、在行内系统填入客户信息，既完成任务又不泄露数据。',
    difficulty: -0.7,
    discrimination: 1.3,
    tags: ['使用红线', '脱敏', '客户信息'],
    knowledgePoints: ['S.1'],
  },
  {
    type: 'single',
    stem: '以下哪一项不属于课程中提出的“三条红线”？',
    options: options(
      '不把客户敏感信息输入外部公共模型',
      '不输入未公开经营数据、源代码密钥等内部机密',
      '不用模型的回答代替授信、合规等专业审批意见',
      '不使用大模型起草任何需要对外发布的文字',
    ),
    answerKey: { correct: 'd' },
    explanation:
      '三条红线是：不输入客户敏感信息、不输入内部机密、不替代审批。用大模型起草对外文字是允许的，但发布前要由业务负责人复核并留痕——“一律不用”并不是要求。',
    difficulty: -0.3,
    discrimination: 1.0,
    tags: ['使用红线', '合规'],
    knowledgePoints: ['S.1', 'S.3'],
  },
  {
    type: 'multiple',
    stem: '以下哪些属于使用大模型时需要警惕的能力边界？（多选）',
    options: options(
      '训练数据有截止日期，不知道最新的利率和监管要求',
      '复杂的利息计算、报表勾稽关系容易出错',
      '不了解本行的客户、系统和流程，除非提供材料',
      '起草、改写、翻译和总结文字',
      '可能编造并不存在的制度条款或数据，而且语气肯定',
    ),
    answerKey: { correct: ['a', 'b', 'c', 'e'], rule: 'partial' },
    explanation:
      '幻觉、知识截止、精确计算和不了解本行内部信息是四类典型边界；起草、改写、翻译和总结恰恰是模型擅长的事情。评分规则：选错任何一项不得分，漏选按选对的比例得分。',
    difficulty: -0.2,
    discrimination: 1.2,
    tags: ['能力边界', '幻觉'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'multiple',
    stem: '下列哪些工作适合交给大模型辅助完成（人工复核后使用）？（多选）',
    options: options(
      '把一封客户来信中的诉求要点提取出来',
      '直接给出某笔授信业务的审批结论',
      '实时查询某位客户的账户余额',
      '把会议记录按“议题、结论、待办”整理成表格',
      '为新员工生成制度学习的练习题初稿',
    ),
    answerKey: { correct: ['a', 'd', 'e'], rule: 'partial-with-penalty' },
    explanation:
      '提取要点、按格式整理、生成培训题目都是模型擅长的文字工作。查询账户余额需要访问业务系统，通用模型做不到也不应接触；授信审批必须由有权人员决定。评分规则：每选对一项得分，每选错一项扣回一项。',
    difficulty: -0.6,
    discrimination: 1.1,
    tags: ['工具选型', '适用场景'],
    knowledgePoints: ['B.3'],
  },
  {
    type: 'multiple',
    stem: '以下哪些信息一律不得输入外部公共大模型？（多选）',
    options: options(
      '已经在官网发布的理财产品宣传页',
      '尚未公开的本季度经营数据',
      '客户的身份证号和银行卡号',
      '系统配置文件中的数据库密钥',
      '某位客户近三个月的交易明细',
    ),
    answerKey: { correct: ['b', 'c', 'd', 'e'], rule: 'per-option' },
    explanation:
      '客户身份信息、交易明细属于客户敏感信息；未公开经营数据、密钥属于内部机密，都不得输入外部公共模型。已公开发布的宣传页属于公开信息，可以使用。评分规则：每个选项单独判断对错，按判断正确的比例得分。',
    difficulty: -0.9,
    discrimination: 1.0,
    tags: ['使用红线', '数据分级'],
    knowledgePoints: ['S.1'],
  },
  {
    type: 'true_false',
    stem: '模型能回答“活期存款是可以随时存取的存款”，说明它在后台查询了本行的产品数据库。',
    answerKey: { correct: false },
    explanation: '模型是根据训练中学到的语言规律逐词生成的，并没有查询任何数据库。它的回答“像是知道”，但并不保证与本行产品规定一致。',
    difficulty: -1.0,
    discrimination: 1.0,
    tags: ['大模型原理', '生成方式'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'true_false',
    stem: '提问、粘贴进去的材料和模型生成的回答，都会占用上下文窗口。',
    answerKey: { correct: true },
    explanation: '上下文窗口是一次对话中模型能“看到”的全部 Token，包括提问、材料和回答。材料太长时，留给回答的空间也会变少，甚至开头内容被截断。',
    difficulty: -0.5,
    discrimination: 1.1,
    tags: ['上下文窗口'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'true_false',
    stem: '模型回答时语气非常肯定、还给出了具体的条款编号，说明这个答案是经过核实的，可以直接引用。',
    answerKey: { correct: false },
    explanation: '幻觉的典型特征恰恰是“语气肯定、细节具体”。语气与准确性无关，涉及数字、条款、日期时必须核对原始来源。',
    difficulty: -1.4,
    discrimination: 0.9,
    tags: ['幻觉', '核实'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'fill_blank',
    stem: '大模型处理文字、计费和计算长度限制的基本单位叫作 ____（可填中文或英文名称）。',
    answerKey: { order: 'sensitive', blanks: [blank('Token', '词元', 'Tokens', 'Token（词元）', '词元（Token）')] },
    explanation: '这个单位叫 Token，中文常译为“词元”。中文里一个 Token 大约对应一到两个汉字，英文里大约对应四分之三个单词。',
    difficulty: -0.8,
    discrimination: 1.0,
    tags: ['Token'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'fill_blank',
    stem: '起草宣传文案、头脑风暴时，温度宜调 ____（高/低）；制度解读、数据提取时，温度宜调 ____（高/低）。',
    answerKey: { order: 'sensitive', blanks: [blank('高', '较高', '调高'), blank('低', '较低', '调低')] },
    explanation: '温度越高，输出越多样、越有创意；温度越低，输出越稳定、越保守。创意类任务用较高温度，要求准确一致的任务用较低温度。',
    difficulty: -0.9,
    discrimination: 1.1,
    tags: ['温度', '参数'],
    knowledgePoints: ['B.1'],
  },
  {
    type: 'short_answer',
    stem: '请简述：为什么不能把大模型生成的回答直接作为对客户的承诺？请至少说出三个原因，并说明应当怎么做。',
    answerKey: {
      keywords: [
        { id: 'hallucination', terms: ['幻觉', '编造', '虚构', '捏造'], weight: 2 },
        { id: 'cutoff', terms: ['截止', '过时', '不是最新', '最新'] },
        { id: 'calculation', terms: ['计算', '算错'] },
        { id: 'internal', terms: ['本行', '内部', '不了解'] },
        { id: 'verify', terms: ['核对', '复核', '核实', '人工确认', '官方'], weight: 2, required: true },
      ],
      requiredMissingCap: 0.5,
    },
    referenceSolution:
      '第一，模型可能出现幻觉，用肯定的语气编造不存在的条款或数据；第二，它的训练数据有截止日期，不知道最新的利率和监管要求；第三，复杂计算容易出错；第四，它不了解本行内部的产品和客户情况。因此模型的回答只能作为参考，涉及数字、条款和承诺的内容必须以官方来源为准，经人工核对后才能告知客户。',
    explanation:
      '参考要点：幻觉（编造条款、数据）、知识截止（不知道最新利率和监管要求）、精确计算易错、不了解本行内部信息；做法是以官方来源为准、人工核对后再使用。没有提到“核对/复核”的答案最多得一半分。',
    difficulty: 0.2,
    discrimination: 1.2,
    tags: ['能力边界', '幻觉', '简答'],
    knowledgePoints: ['B.2'],
  },
  {
    type: 'programming',
    stem: `本行知识库的上传工具需要在调用大模型之前，估算一段文字大约占用多少 Token，以便提示“内容可能超出上下文窗口，请先拆分”。请用 JavaScript 实现函数 \`estimateTokens(text)\`，按以下约定估算：

- 每个汉字计 2/3 个 Token（汉字可用 \`/\\p{Script=Han}/u\` 判断）；
- 每个英文单词（连续的英文字母 A–Z、a–z）计 4/3 个 Token；
- 每一串连续的数字（0–9）计 1 个 Token；
- 空格、标点和其他字符不计。

返回值为 \`Math.ceil((2 × 汉字数 + 4 × 英文单词数 + 3 × 数字串数) / 3)\`，空字符串返回 0。

例如 \`estimateTokens('大模型 LLM 2025')\`：3 个汉字、1 个单词、1 串数字，结果为 Math.ceil(13 / 3) = 5。`,
    answerKey: {
      language: 'js',
      functionName: 'estimateTokens',
      starterCode: 'function estimateTokens(text) {\n  // 统计汉字、英文单词和数字串，按约定估算 Token 数\n  return 0;\n}\n',
      tests: [
        { args: [''], expected: 0 },
        { args: ['大模型 LLM 2025'], expected: 5 },
        { args: ['请总结这份授信报告'], expected: 6 },
        { args: ['Retrieval Augmented Generation'], expected: 4 },
        { args: ['GPT4o和RAG怎么选？'], expected: 8 },
        { args: ['客户于2025年3月5日来电，反映手机银行登录失败。'], expected: 15 },
        { args: ['，。！？ ... ---'], expected: 0 },
        { args: ['Top 5 的检索结果'], expected: 6, weight: 2 },
      ],
      limits: { cpuMs: 1000, memoryMb: 64, wallMs: 3000 },
    },
    referenceSolution: `function estimateTokens(text) {
  const han = (text.match(/\\p{Script=Han}/gu) || []).length;
  const words = (text.match(/[A-Za-z]+/g) || []).length;
  const numbers = (text.match(/[0-9]+/g) || []).length;
  return Math.ceil((2 * han + 4 * words + 3 * numbers) / 3);
}
`,
    explanation:
      '估算 Token 的意义在于提前发现“材料太长”：超过上下文窗口的内容会被截断。实现要点：用正则分别统计汉字、英文单词（连续字母算一个）和数字串（连续数字算一个），再按约定的整数公式向上取整，避免浮点误差。真实的分词器因模型而异，这里的系数只是估算。',
    difficulty: 0.8,
    discrimination: 1.2,
    tags: ['Token', '编程', '上下文窗口'],
    knowledgePoints: ['B.1'],
  },
];
