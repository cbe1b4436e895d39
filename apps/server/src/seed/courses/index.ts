/**
 * The demo catalogue: ten published courses on using large language models at work, written
 * for this project (Chinese, with English titles), and one draft still being written.
 */
import { llmBasics } from './01-llm-basics.ts';
import { promptBasics } from './02-prompt-basics.ts';
import { promptAdvanced } from './03-prompt-advanced.ts';
import { customerService } from './04-customer-service.ts';
import { dataAnalysis } from './05-data-analysis.ts';
import { rag } from './06-rag.ts';
import { securityCompliance } from './07-security-compliance.ts';
import { aiCoding } from './08-ai-coding.ts';
import { officeProductivity } from './09-office-productivity.ts';
import { aiProjects } from './10-ai-projects.ts';
import { agentsDraft } from './draft-agents.ts';
import type { CourseSeed } from './types.ts';

export type { CourseSeed, ModuleSeed, ResourceSeed } from './types.ts';

/** Published on seeding, in catalogue order. */
export const PUBLISHED_COURSES: readonly CourseSeed[] = [
  llmBasics,
  promptBasics,
  promptAdvanced,
  customerService,
  dataAnalysis,
  rag,
  securityCompliance,
  aiCoding,
  officeProductivity,
  aiProjects,
];

/** Left in draft, owned by the trainer. */
export const DRAFT_COURSES: readonly CourseSeed[] = [agentsDraft];
