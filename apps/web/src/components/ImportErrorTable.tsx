/**
 * The problems of a CSV import, one row per problem with its file line, column, value and
 * message: shown for a dry-run report and for a commit the server refused (422 import-invalid).
 * Shared by every import screen (employees, knowledge points).
 */
import type { ImportError } from '@xueli/contracts';
import { Alert, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** The import errors of a 422 "import-invalid" problem, when that is what the commit got. */
export function importErrorsOf(e: unknown): ImportError[] | null {
  return e instanceof ApiError && e.code === 'import-invalid' && Array.isArray(e.problem.errors)
    ? (e.problem.errors as unknown as ImportError[])
    : null;
}

/** A problem to list: an import error, or one whose line is unknown (file-level, item formats). */
export type ImportErrorRow = Omit<ImportError, 'line'> & { line: number | null };

/** `testId` prefixes the test ids: `<testId>-has-errors`, `<testId>-errors`, `<testId>-error-line-N`. */
export function ImportErrorTable({
  errors,
  total,
  testId = 'import',
  pageSize = 20,
}: {
  errors: ImportErrorRow[];
  total: number;
  testId?: string;
  pageSize?: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Alert
        type="error"
        showIcon
        message={t('import.hasErrors', { count: total })}
        style={{ marginBottom: 12 }}
        data-testid={`${testId}-has-errors`}
      />
      <Table<ImportErrorRow>
        rowKey={(e, i) => `${e.line}-${e.field ?? ''}-${i ?? 0}`}
        size="small"
        dataSource={errors}
        scroll={{ x: 'max-content' }}
        pagination={errors.length > pageSize ? { pageSize } : false}
        data-testid={`${testId}-errors`}
        onRow={(e) => ({ 'data-testid': `${testId}-error-line-${e.line}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('import.line'), dataIndex: 'line', width: 72, render: (v: number | null) => v ?? '—' },
          { title: t('import.field'), dataIndex: 'field', render: (v: string | null) => v ?? '—' },
          {
            title: t('import.value'),
            dataIndex: 'value',
            render: (v: string | null) => (v === null ? '—' : <Typography.Text code>{v}</Typography.Text>),
          },
          { title: t('import.message'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
