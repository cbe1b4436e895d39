import { DownloadOutlined } from '@ant-design/icons';
import type { ImportSummary } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { request } from '../../api/client.ts';
import { orgKeys } from '../../api/org.ts';
import { ImportCounts } from '../../components/ImportCounts.tsx';
import { ImportErrorTable, importErrorsOf } from '../../components/ImportErrorTable.tsx';
import { CsvFileDrop } from '../../components/CsvFileDrop.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

function upload(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportSummary>('POST', '/employees/import', { body: form, query: { dryRun } });
}

function Counts({ r }: { r: ImportSummary }) {
  const items: [string, number][] = [
    ['import.totalRows', r.totalRows],
    ['import.toCreate', r.toCreate],
    ['import.toUpdate', r.toUpdate],
    ['import.unchanged', r.unchanged],
    ['import.errorCount', r.errorCount],
  ];
  return <ImportCounts counts={items} testId="import-counts" />;
}

/**
 * /admin/import: upload an HR CSV, check it with a dry run (nothing is written), read the
 * report of problems by line, and commit only when the dry run of that very file is clean.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportSummary | null>(null);
  const [committed, setCommitted] = useState<ImportSummary | null>(null);
  const check = useMutation({ mutationFn: (f: File) => upload(f, true), onSuccess: setReport });
  const commit = useMutation({
    mutationFn: (f: File) => upload(f, false),
    onSuccess: (r) => {
      setCommitted(r);
      void qc.invalidateQueries({ queryKey: orgKeys.employees });
      void qc.invalidateQueries({ queryKey: orgKeys.departments });
      void qc.invalidateQueries({ queryKey: orgKeys.positions });
    },
  });
  const choose = (f: File | null) => {
    setFile(f);
    setReport(null);
    setCommitted(null);
    check.reset();
    commit.reset();
  };
  const clean = report !== null && report.errorCount === 0;
  const commitErrors = importErrorsOf(commit.error);
  const step = committed ? 3 : clean ? 2 : file ? 1 : 0;
  return (
    <>
      <PageTitle
        title={t('import.title')}
        extra={
          <Space wrap>
            <a href="/api/v1/employees/import/template?lang=zh" download data-testid="template-zh">
              <Button icon={<DownloadOutlined />}>{t('import.templateZh')}</Button>
            </a>
            <a href="/api/v1/employees/import/template?lang=en" download data-testid="template-en">
              <Button icon={<DownloadOutlined />}>{t('import.templateEn')}</Button>
            </a>
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]}
        responsive
      />
      <Card style={{ marginBottom: 16 }}>
        <CsvFileDrop file={file} onChange={choose} label={t('import.drop')} hint={t('import.dropHint')} testId="import-file" />
        <Flex gap={8} wrap="wrap" style={{ marginTop: 16 }}>
          <Button
            type="primary"
            disabled={!file || committed !== null}
            loading={check.isPending}
            onClick={() => file && check.mutate(file)}
            data-testid="import-dry-run"
          >
            {t('import.dryRun')}
          </Button>
          <Button
            type="primary"
            danger={false}
            disabled={!file || !clean || committed !== null}
            loading={commit.isPending}
            onClick={() => file && commit.mutate(file)}
            data-testid="import-commit"
          >
            {t('import.commit')}
          </Button>
          {report && !clean && <Typography.Text type="secondary">{t('import.fixAndRetry')}</Typography.Text>}
        </Flex>
      </Card>
      {check.isError && <ProblemAlert error={check.error} />}
      {commit.isError &&
        (commitErrors ? (
          <ImportErrorTable errors={commitErrors} total={commitErrors.length} />
        ) : (
          <ProblemAlert error={commit.error} />
        ))}
      {committed && (
        <div data-testid="import-done">
          <Result
            status="success"
            title={t('import.done')}
            subTitle={t('import.doneDetail', {
              created: committed.toCreate,
              updated: committed.toUpdate,
              unchanged: committed.unchanged,
            })}
            extra={
              <Link to="/admin/employees">
                <Button type="primary" data-testid="import-to-employees">
                  {t('import.toEmployees')}
                </Button>
              </Link>
            }
          />
        </div>
      )}
      {report && !committed && (
        <Card title={t('import.report')} data-testid="import-report">
          <Counts r={report} />
          {clean ? (
            <Alert type="success" showIcon message={t('import.clean')} data-testid="import-clean" />
          ) : (
            <ImportErrorTable errors={report.errors} total={report.errorCount} />
          )}
        </Card>
      )}
    </>
  );
}
