import { type CourseSeed } from './types.ts';

/** The trainer's work in progress: a draft course, visible to its author and admins only. */
export const agentsDraft: CourseSeed = {
  title: '大模型智能体（Agent）入门（草稿）',
  titleEn: 'Introduction to LLM Agents (draft)',
  description: '正在编写中：智能体如何调用工具、规划多步任务，以及在银行场景中的风险控制。',
  category: '技术进阶',
  tags: ['智能体', 'Agent', '进阶'],
  modules: [
    {
      title: '什么是智能体',
      titleEn: 'What is an agent',
      description: '从“会说”到“会做”。',
      estimatedMinutes: 20,
      resources: [
        {
          kind: 'markdown',
          title: '阅读：智能体的组成',
          body: `# 什么是智能体

普通的大模型对话只能“说”，智能体（Agent）则能在一定范围内“做”：它可以调用查询接口、读取文件、填写表单，并根据结果决定下一步。

## 智能体的四个组成部分

- **模型**：负责理解任务和做出决定；
- **工具**：可以调用的接口，例如查询产品信息、生成报表；
- **记忆**：保存任务过程中的中间结果；
- **规划**：把目标拆成多个步骤，逐步执行并检查。

## 银行场景中的要求

1. 工具权限最小化，只开放只读接口起步；
2. 任何会改变数据或对外发送信息的动作，都须人工确认；
3. 完整记录每一步的输入、输出和调用的工具，便于审计。

## 待补充

本课程后续将加入“工具调用实操”和“风险控制案例”两个模块。

## 自查清单

- [ ] 我能说出智能体的四个组成部分
- [ ] 我理解为什么需要人工确认关键动作`,
        },
      ],
    },
  ],
};
