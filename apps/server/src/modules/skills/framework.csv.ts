/**
 * Knowledge points as CSV: the export, and the validation and planning of an import into a
 * draft framework. Pure: no I/O; reading the file is lib/csv.ts.
 *
 * Columns (Chinese or English headers): code, name, name_en, domain, parent_code,
 * prerequisites (codes separated by `;`), description. `code` and `name` are required.
 * Rows are matched by code: a known code updates that point, a new code creates one; points
 * missing from the file are kept. A column absent from the file leaves that attribute of
 * existing points unchanged; a blank cell clears it (blank parent_code: top level; blank
 * prerequisites: none). `prerequisites` replaces the point's whole prerequisite list.
 * Parent and prerequisite codes may name points of the framework or rows of the same file,
 * in any order. Every problem is reported with its line; cycles are spelled out.
 */
import type { ImportError } from '@xueli/contracts';
import { findCycle, type Edge } from '@xueli/engine';
import { csvDocument, headerMapper, unescapeFormula, type CsvRow, type CsvTable } from '../../lib/csv.ts';
import { arrowPath } from './framework.tree.ts';

export const POINT_FIELDS = ['code', 'name', 'nameEn', 'domain', 'parentCode', 'prerequisites', 'description'] as const;
export type PointField = (typeof POINT_FIELDS)[number];

const ALIASES: Record<PointField, readonly string[]> = {
  code: ['code', 'kpCode', 'pointCode', 'humanCodingScheme', '编码', '编号', '代码', '知识点编码', '知识点编号', '知识点代码'],
  name: ['name', 'title', 'fullStatement', '名称', '知识点', '知识点名称', '中文名称', '中文名'],
  nameEn: ['name_en', 'nameEn', 'englishName', 'enName', '英文名称', '英文名'],
  domain: ['domain', 'category', 'area', '领域', '分类', '类别', '知识领域'],
  parentCode: ['parent_code', 'parent', 'parentCode', '上级', '上级编码', '上级知识点', '父级', '父级编码', '父知识点'],
  prerequisites: ['prerequisites', 'prerequisite', 'prereqs', 'requires', '先修', '先修知识点', '前置', '前置知识点', '前置条件'],
  description: ['description', 'desc', 'notes', '描述', '说明', '备注'],
};

export const pointHeaders = headerMapper<PointField>(ALIASES, ['code', 'name']);

/** Export headers, in column order (the English names the brief and the template use). */
export const EXPORT_HEADERS = ['code', 'name', 'name_en', 'domain', 'parent_code', 'prerequisites', 'description'] as const;

const CODE = /^[\p{L}\p{N}._:/-]{1,64}$/u;
const LIMITS = { name: 500, nameEn: 500, domain: 100, description: 5000 } as const;
/** Separators accepted between prerequisite codes (half- and full-width). */
const LIST_SEPARATOR = /[;；,，、\s]+/;

export interface CsvPoint {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  description: string;
  domain: string;
  parentId: number | null;
}

/** The points (depth-first, as the tree shows them) and edges as a CSV file with a BOM. */
export function pointsCsv(points: readonly CsvPoint[], edges: readonly { fromId: number; toId: number }[]): Buffer {
  const codeOf = new Map(points.map((p) => [p.id, p.code]));
  const prerequisites = new Map<number, string[]>();
  for (const e of edges) {
    const from = codeOf.get(e.fromId);
    if (from === undefined) continue;
    const list = prerequisites.get(e.toId);
    if (list) list.push(from);
    else prerequisites.set(e.toId, [from]);
  }
  return csvDocument(
    EXPORT_HEADERS,
    points.map((p) => [
      p.code,
      p.name,
      p.nameEn ?? '',
      p.domain,
      p.parentId == null ? '' : (codeOf.get(p.parentId) ?? ''),
      (prerequisites.get(p.id) ?? []).sort().join(';'),
      p.description,
    ]),
  );
}

// ---- import ---------------------------------------------------------------------------

/** A point after the import. `prerequisites` undefined: the file does not set them. */
export interface PointDraft {
  line: number;
  code: string;
  name: string;
  nameEn: string | null;
  description: string;
  domain: string;
  parentCode: string | null;
  prerequisites: string[] | undefined;
}

export interface PointsPlan {
  totalRows: number;
  creates: PointDraft[];
  updates: (PointDraft & { id: number })[];
  unchanged: number;
  /** Ordered by line; empty means the plan may be applied. */
  errors: ImportError[];
}

class Problems {
  readonly list: ImportError[] = [];
  readonly lines = new Set<number>();
  add(line: number, field: PointField | null, value: string | null, message: string) {
    this.list.push({ line, field, value, message: `line ${line}: ${message}` });
    this.lines.add(line);
  }
}

const HEADER_OF: Record<PointField, string> = {
  code: 'code',
  name: 'name',
  nameEn: 'name_en',
  domain: 'domain',
  parentCode: 'parent_code',
  prerequisites: 'prerequisites',
  description: 'description',
};

/** A closed walk rotated to start (and end) at `start`. */
function rotate(cycle: readonly string[], start: number): string[] {
  const open = cycle.slice(0, -1);
  const r = [...open.slice(start), ...open.slice(0, start)];
  return [...r, r[0]!];
}

/**
 * Validates a parsed file against the framework's points and edges and sorts the rows into
 * creates, updates and unchanged. Codes in the file are compared exactly (case matters).
 */
export function planPointsImport(
  table: CsvTable<PointField>,
  existing: readonly CsvPoint[],
  edges: readonly { fromId: number; toId: number }[],
): PointsPlan {
  const p = new Problems();
  for (const e of table.errors) {
    p.list.push(e);
    p.lines.add(e.line);
  }
  const has = (f: PointField) => table.fields.has(f);
  const byCode = new Map(existing.map((x) => [x.code, x]));
  const codeOfId = new Map(existing.map((x) => [x.id, x.code]));

  // First pass: the codes the file defines (the first row of a code wins).
  const rowOfCode = new Map<string, CsvRow<PointField>>();
  for (const row of table.rows) {
    const code = unescapeFormula(row.cells.code ?? '');
    if (!code) p.add(row.line, 'code', null, 'code is required');
    else if (!CODE.test(code)) p.add(row.line, 'code', code, `the code '${code}' must be 1–64 letters, digits or . _ : / -`);
    else if (rowOfCode.has(code)) p.add(row.line, 'code', code, `the code ${code} is already on line ${rowOfCode.get(code)!.line}`);
    else rowOfCode.set(code, row);
  }
  const known = (code: string) => byCode.has(code) || rowOfCode.has(code);

  // Second pass: each row's values and references.
  const drafts: PointDraft[] = [];
  for (const [code, row] of rowOfCode) {
    const cell = (f: PointField) => unescapeFormula(row.cells[f] ?? '');
    const old = byCode.get(code);
    const text = (f: 'name' | 'nameEn' | 'domain' | 'description', fallback: string) => {
      if (!has(f)) return fallback;
      const v = cell(f);
      if (v.length > LIMITS[f]) p.add(row.line, f, v.slice(0, 40), `${HEADER_OF[f]} is longer than ${LIMITS[f]} characters`);
      return v;
    };
    const name = text('name', old?.name ?? '');
    if (!name) p.add(row.line, 'name', null, 'name is required');
    const nameEn = text('nameEn', old?.nameEn ?? '') || null;
    const domain = text('domain', old?.domain ?? '');
    const description = text('description', old?.description ?? '');

    let parentCode: string | null = old?.parentId != null ? (codeOfId.get(old.parentId) ?? null) : null;
    if (has('parentCode')) {
      const v = cell('parentCode');
      parentCode = v || null;
      if (v === code) {
        p.add(row.line, 'parentCode', v, `${code} cannot be its own parent`);
        parentCode = null;
      } else if (v && !known(v)) {
        p.add(row.line, 'parentCode', v, `parent_code ${v} is neither a point of this framework nor a row of the file`);
        parentCode = null;
      }
    }

    let prerequisites: string[] | undefined;
    if (has('prerequisites')) {
      prerequisites = [];
      for (const c of cell('prerequisites').split(LIST_SEPARATOR)) {
        if (!c || prerequisites.includes(c)) continue;
        if (c === code) p.add(row.line, 'prerequisites', c, `${code} cannot be its own prerequisite`);
        else if (!known(c)) p.add(row.line, 'prerequisites', c, `prerequisite ${c} is neither a point of this framework nor a row of the file`);
        else prerequisites.push(c);
      }
    }
    drafts.push({ line: row.line, code, name, nameEn, description, domain, parentCode, prerequisites });
  }
  const draftOf = new Map(drafts.map((d) => [d.code, d]));

  // The hierarchy after the import must stay a tree.
  const parentEdges: Edge<string>[] = [];
  for (const x of existing) {
    if (draftOf.has(x.code) || x.parentId == null) continue;
    const parent = codeOfId.get(x.parentId);
    if (parent) parentEdges.push([x.code, parent]);
  }
  for (const d of drafts) if (d.parentCode) parentEdges.push([d.code, d.parentCode]);
  for (let guard = 0; guard < 100; guard++) {
    const cycle = findCycle([], parentEdges);
    if (!cycle) break;
    const at = cycle.findIndex((c, i) => i < cycle.length - 1 && draftOf.has(c));
    if (at < 0) break; // a loop already in the database, not made by this file
    const d = draftOf.get(cycle[at]!)!;
    const spelled = rotate(cycle, at);
    p.add(d.line, 'parentCode', d.parentCode, `parent_code ${d.parentCode} makes a cycle in the hierarchy: ${arrowPath(spelled)}`);
    parentEdges.splice(parentEdges.findIndex(([c]) => c === d.code), 1);
  }

  // The prerequisites after the import must stay a DAG.
  const prereqEdges: Edge<string>[] = [];
  for (const e of edges) {
    const from = codeOfId.get(e.fromId);
    const to = codeOfId.get(e.toId);
    if (from === undefined || to === undefined) continue;
    if (draftOf.get(to)?.prerequisites !== undefined) continue; // replaced by the file
    prereqEdges.push([from, to]);
  }
  for (const d of drafts) for (const c of d.prerequisites ?? []) prereqEdges.push([c, d.code]);
  for (let guard = 0; guard < 100; guard++) {
    const cycle = findCycle([], prereqEdges);
    if (!cycle) break;
    // An edge of the cycle that this file sets (the existing graph is acyclic).
    const at = cycle.findIndex((c, i) => i < cycle.length - 1 && draftOf.get(cycle[i + 1]!)?.prerequisites?.includes(c));
    if (at < 0) break;
    const to = draftOf.get(cycle[at + 1]!)!;
    p.add(to.line, 'prerequisites', cycle[at]!, `prerequisite ${cycle[at]} of ${to.code} closes a cycle: ${arrowPath(rotate(cycle, at))}`);
    prereqEdges.splice(prereqEdges.findIndex(([a, b]) => a === cycle[at] && b === to.code), 1);
  }

  // Creates, updates, unchanged.
  const prereqsOf = new Map<string, string[]>();
  for (const e of edges) {
    const from = codeOfId.get(e.fromId);
    const to = codeOfId.get(e.toId);
    if (from === undefined || to === undefined) continue;
    prereqsOf.set(to, [...(prereqsOf.get(to) ?? []), from]);
  }
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  const plan: PointsPlan = { totalRows: table.rows.length, creates: [], updates: [], unchanged: 0, errors: [] };
  for (const d of drafts) {
    if (p.lines.has(d.line)) continue;
    const old = byCode.get(d.code);
    if (!old) {
      plan.creates.push(d);
      continue;
    }
    const oldParent = old.parentId != null ? (codeOfId.get(old.parentId) ?? null) : null;
    const changed =
      d.name !== old.name ||
      d.nameEn !== old.nameEn ||
      d.description !== old.description ||
      d.domain !== old.domain ||
      d.parentCode !== oldParent ||
      (d.prerequisites !== undefined && !sameSet(d.prerequisites, prereqsOf.get(d.code) ?? []));
    if (changed) plan.updates.push({ ...d, id: old.id });
    else plan.unchanged++;
  }
  plan.errors = p.list.sort((a, b) => a.line - b.line);
  return plan;
}
