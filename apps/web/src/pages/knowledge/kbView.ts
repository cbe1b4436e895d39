/** Small helpers of the knowledge-base pages. */
import type { KbCollection, KbDocument } from '@xueli/contracts';
import type { TFunction } from 'i18next';

/** "风险管理部、合规部 · 数据分析师 · 培训师": who may see a restricted collection. */
export function accessSummary(c: Pick<KbCollection, 'access'>, t: TFunction): string {
  const parts = [
    c.access.departments.map((d) => d.name).join('、'),
    c.access.positions.map((p) => p.name).join('、'),
    c.access.roles.map((r) => t(`roles.${r}`)).join('、'),
  ].filter((s) => s !== '');
  return parts.join(' · ');
}

/** The tag colour of a document status. */
export const statusColor: Record<KbDocument['status'], string> = {
  pending: 'default',
  indexing: 'processing',
  ready: 'success',
  failed: 'error',
};

/** Accepted upload extensions, for the file picker's `accept`. */
export const ACCEPT = '.md,.markdown,.html,.htm,.txt,.text,.pdf,.docx';
