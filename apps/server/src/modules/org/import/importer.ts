/**
 * Employee import from an HR export, as a pipeline:
 *   decodeTextFile (lib/csv.ts) → parseEmployeeCsv → loadImportReference → planImport → writeImport
 * Everything is validated before anything is written; a real run is one transaction (the
 * plan is re-made inside it, against the data it will change) and writes nothing when any
 * row has an error. Lookups are maps over one snapshot and writes go in batches, so a
 * 100 000-row file takes seconds, not a query per row.
 */
import type { ImportSummary } from '@xueli/contracts';
import type { Db } from '../../../db/client.ts';
import type { Deps, OpContext } from '../../../deps.ts';
import { recordAudit } from '../../../lib/audit.ts';
import { decodeTextFile } from '../../../lib/csv.ts';
import { DomainError } from '../../../lib/errors.ts';
import * as repo from '../repo.ts';
import { TEMPLATE_HEADERS } from './columns.ts';
import { parseEmployeeCsv } from './parse.ts';
import { planImport, type EmployeeDraft, type ImportPlan, type ImportReference } from './plan.ts';

/** Problems listed in a response; `errorCount` tells how many were found in all. */
export const MAX_REPORTED_ERRORS = 1000;

const summarize = (plan: ImportPlan, dryRun: boolean): ImportSummary => ({
  dryRun,
  totalRows: plan.totalRows,
  toCreate: plan.creates.length,
  toUpdate: plan.updates.length,
  unchanged: plan.unchanged,
  errors: plan.errors.slice(0, MAX_REPORTED_ERRORS),
  errorCount: plan.errors.length,
});

/**
 * Writes a valid plan. New employees get ids reserved up front, so every manager link is
 * known before the first row is written and each row is written once; creates go managers
 * first (the foreign key is checked per statement), then updates.
 */
async function writeImport(tx: Db, plan: ImportPlan, ref: ImportReference) {
  const idByNo = new Map(ref.employees.map((e) => [e.employeeNo, e.id]));
  const ids = await repo.reserveEmployeeIds(tx, plan.creates.length);
  plan.creates.forEach((d, i) => idByNo.set(d.employeeNo, ids[i]!));
  const row = (d: EmployeeDraft, id: number): repo.ImportedEmployee => ({
    id,
    employeeNo: d.employeeNo,
    name: d.name,
    email: d.email,
    departmentId: d.departmentId,
    positionId: d.positionId,
    managerId: d.managerNo ? idByNo.get(d.managerNo)! : null,
    hireDate: d.hireDate,
    status: d.status,
  });
  await repo.insertEmployeesWithIds(
    tx,
    plan.creates.map((d, i) => row(d, ids[i]!)),
  );
  await repo.updateEmployeesBulk(
    tx,
    plan.updates.map((d) => row(d, d.id)),
  );
}

/**
 * Imports employees from the bytes of a CSV file (UTF-8 with or without BOM, GBK/GB18030 or
 * UTF-16LE; Chinese or English headers). With `dryRun` nothing is written and the summary
 * lists every problem. Without it, a file with any problem is refused as a whole with
 * `import-invalid` (the problem document carries the same summary); otherwise employees are
 * created or updated by employee number in one transaction, with one audit entry.
 */
export async function employeeImporter(
  deps: Deps,
  ctx: OpContext,
  props: { bytes: Buffer; dryRun: boolean },
): Promise<ImportSummary> {
  const { text, encoding } = decodeTextFile(props.bytes);
  const file = parseEmployeeCsv(text);
  const reference = (db: Db): Promise<ImportReference> =>
    file.rows.length
      ? repo.loadImportReference(db)
      : Promise.resolve({ departments: [], positions: [], employees: [] });

  if (props.dryRun) return summarize(planImport(file, await reference(deps.db)), true);

  return deps.db.transaction(async (tx) => {
    const ref = await reference(tx);
    const plan = planImport(file, ref);
    if (plan.errors.length) {
      const summary = summarize(plan, false);
      throw new DomainError('import-invalid', `The file has ${plan.errors.length} problem(s); nothing was imported`, {
        ...summary,
      });
    }
    await writeImport(tx, plan, ref);
    await recordAudit(tx, {
      actorUserId: ctx.actorUserId,
      action: 'employee.import',
      entity: 'employee',
      details: {
        encoding,
        totalRows: plan.totalRows,
        created: plan.creates.length,
        updated: plan.updates.length,
        unchanged: plan.unchanged,
      },
      requestId: ctx.requestId ?? null,
    });
    return summarize(plan, false);
  });
}

/**
 * An empty import file with the column headers. The Chinese template starts with a UTF-8 BOM
 * so that Excel opens it as UTF-8 rather than the system code page.
 */
export function importTemplate(lang: 'zh' | 'en'): { filename: string; body: Buffer } {
  const line = `${TEMPLATE_HEADERS[lang].join(',')}\r\n`;
  return {
    filename: lang === 'zh' ? 'employees-template-zh.csv' : 'employees-template-en.csv',
    body: Buffer.from(lang === 'zh' ? `\uFEFF${line}` : line, 'utf8'),
  };
}
