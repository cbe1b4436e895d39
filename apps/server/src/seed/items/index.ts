/**
 * The demo item bank: items on the ten published demo courses, one file per course, written
 * for this project (Chinese). Keyed by the course's file name in seed/courses/ and listed in
 * catalogue order (PUBLISHED_COURSES), so `DEMO_ITEMS[i]` belongs to `PUBLISHED_COURSES[i]`.
 */
import { llmBasicsItems } from './01-llm-basics.ts';
import { promptBasicsItems } from './02-prompt-basics.ts';
import { promptAdvancedItems } from './03-prompt-advanced.ts';
import { customerServiceItems } from './04-customer-service.ts';
import { dataAnalysisItems } from './05-data-analysis.ts';
import { ragItems } from './06-rag.ts';
import { securityComplianceItems } from './07-security-compliance.ts';
import { aiCodingItems } from './08-ai-coding.ts';
import { officeProductivityItems } from './09-office-productivity.ts';
import { aiProjectsItems } from './10-ai-projects.ts';
import type { ItemSeed } from './types.ts';

export type { ItemSeed } from './types.ts';

export const DEMO_ITEMS: { courseKey: string; items: ItemSeed[] }[] = [
  { courseKey: '01-llm-basics', items: llmBasicsItems },
  { courseKey: '02-prompt-basics', items: promptBasicsItems },
  { courseKey: '03-prompt-advanced', items: promptAdvancedItems },
  { courseKey: '04-customer-service', items: customerServiceItems },
  { courseKey: '05-data-analysis', items: dataAnalysisItems },
  { courseKey: '06-rag', items: ragItems },
  { courseKey: '07-security-compliance', items: securityComplianceItems },
  { courseKey: '08-ai-coding', items: aiCodingItems },
  { courseKey: '09-office-productivity', items: officeProductivityItems },
  { courseKey: '10-ai-projects', items: aiProjectsItems },
];
