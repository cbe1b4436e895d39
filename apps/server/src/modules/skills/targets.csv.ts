/**
 * Position targets as CSV: export, and the validation and planning of an import. Pure: no I/O.
 *
 * Columns (Chinese or English headers): position_code, kp_code, target, weight (default 1),
 * framework (optional: the framework code, needed when a point code exists in more than one
 * live framework). `target` is a share in [0, 1] or a percentage ("80%"). Every position named in
 * the file gets exactly the targets the file lists for it (its other targets are removed);
 * positions not in the file keep theirs. Every problem is reported with its line.
 */
import type { ImportError } from '@xueli/contracts';
import { csvDocument, fileError, headerMapper, type CsvTable } from '../../lib/csv.ts';

export const TARGET_FIELDS = ['positionCode', 'kpCode', 'target', 'weight', 'framework'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

const ALIASES: Record<TargetField, readonly string[]> = {
  positionCode: ['position_code', 'positionCode', 'position', '岗位编码', '岗位代码', '岗位'],
  kpCode: ['kp_code', 'kpCode', 'knowledge_point', 'point', '知识点编码', '知识点代码', '知识点'],
  target: ['target', 'T', 'target_mastery', '目标', '目标掌握度', '目标值'],
  weight: ['weight', 'w', '权重'],
  framework: ['framework', 'framework_code', '框架', '框架编码'],
};

export const targetHeaders = headerMapper<TargetField>(ALIASES, ['positionCode', 'kpCode', 'target']);
export const TARGET_EXPORT_HEADERS = ['position_code', 'kp_code', 'target', 'weight', 'framework'] as const;

export function targetsCsv(rows: readonly { positionCode: string; kpCode: string; target: number; weight: number; framework: string }[]): Buffer {
  return csvDocument(TARGET_EXPORT_HEADERS, rows.map((r) => [r.positionCode, r.kpCode, r.target, r.weight, r.framework]));
}

/** What the planner needs to know: positions by code, live points by code (several frameworks possible). */
export interface TargetLookup {
  positions: Map<string, number>;
  points: Map<string, { id: number; framework: string }[]>;
}

export interface TargetsPlan {
  totalRows: number;
  /** Per position id: the complete new target set. */
  sets: Map<number, { kpId: number; target: number; weight: number }[]>;
  errors: ImportError[];
}

function share(raw: string): number | null {
  const pct = raw.endsWith('%') || raw.endsWith('％');
  const n = Number((pct ? raw.slice(0, -1) : raw).trim());
  if (!Number.isFinite(n)) return null;
  return pct ? n / 100 : n;
}

export function planTargetsImport(table: CsvTable<TargetField>, lookup: TargetLookup): TargetsPlan {
  const errors: ImportError[] = [...table.errors];
  const sets = new Map<number, { kpId: number; target: number; weight: number }[]>();
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const c = row.cells;
    const err = (field: TargetField, value: string | undefined, message: string) =>
      errors.push({ ...fileError(row.line, message, value ?? null), field });
    const positionId = lookup.positions.get(c.positionCode ?? '');
    if (!c.positionCode) err('positionCode', c.positionCode, `position_code is required`);
    else if (positionId == null) err('positionCode', c.positionCode, `position ${c.positionCode} does not exist`);
    let kpId: number | undefined;
    const candidates = (lookup.points.get(c.kpCode ?? '') ?? []).filter((p) => !c.framework || p.framework === c.framework);
    if (!c.kpCode) err('kpCode', c.kpCode, `kp_code is required`);
    else if (candidates.length === 0) err('kpCode', c.kpCode, `knowledge point ${c.framework ? `${c.framework}:` : ''}${c.kpCode} does not exist`);
    else if (candidates.length > 1) err('framework', c.kpCode, `knowledge point ${c.kpCode} is in several frameworks (${candidates.map((p) => p.framework).join(', ')}); fill in the framework column`);
    else kpId = candidates[0]!.id;
    const target = share(c.target ?? '');
    if (target == null || target < 0 || target > 1) err('target', c.target, `target must be a number from 0 to 1 (or 0% to 100%)`);
    const weight = c.weight ? Number(c.weight) : 1;
    if (!Number.isFinite(weight) || weight <= 0 || weight > 100) err('weight', c.weight, `weight must be a number above 0 and at most 100`);
    if (positionId != null && kpId != null) {
      const key = `${positionId}:${kpId}`;
      const first = seen.get(key);
      if (first != null) err('kpCode', c.kpCode, `${c.positionCode} / ${c.kpCode} is already listed on line ${first}`);
      else seen.set(key, row.line);
      if (target != null && target >= 0 && target <= 1 && Number.isFinite(weight) && weight > 0 && weight <= 100 && first == null) {
        sets.set(positionId, [...(sets.get(positionId) ?? []), { kpId, target, weight }]);
      }
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { totalRows: table.rows.length, sets, errors };
}
