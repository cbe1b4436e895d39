/**
 * Import knowledge points from CSV into a draft: choose a file, check it (dry run, nothing is
 * written), read every bad row with its line number, and import only a clean file. A commit
 * that the server still refuses (422 import-invalid) shows the same table.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { FrameworkDetail, ImportSummary } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { frameworkKeys, importPointsCsv, pointsCsvUrl } from '../../api/frameworks.ts';
import { ImportErrorTable, importErrorsOf } from '../../components/ImportErrorTable.tsx';
import { CsvFileDrop } from '../../components/CsvFileDrop.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

function Counts({ r }: { r: ImportSummary }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 3 }}
      style={{ marginBottom: 12 }}
      data-testid="csv-counts"
      items={[
        { key: 'rows', label: t('frameworks.csvRows'), children: r.totalRows },
        { key: 'create', label: t('frameworks.csvCreate'), children: r.toCreate },
        { key: 'update', label: t('frameworks.csvUpdate'), children: r.toUpdate },
        { key: 'same', label: t('frameworks.csvUnchanged'), children: r.unchanged },
        { key: 'errors', label: t('frameworks.csvErrorCount'), children: r.errorCount },
      ]}
    />
  );
}

export function CsvImportModal({ framework, onClose }: { framework: FrameworkDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportSummary | null>(null);
  const check = useMutation({ mutationFn: (f: File) => importPointsCsv(framework.id, f, true), onSuccess: setReport });
  const commit = useMutation({
    mutationFn: (f: File) => importPointsCsv(framework.id, f, false),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: frameworkKeys.all });
      void message.success(t('frameworks.csvDone', { created: r.toCreate, updated: r.toUpdate }));
      onClose();
    },
  });
  const choose = (f: File | null) => {
    setFile(f);
    setReport(null);
    check.reset();
    commit.reset();
  };
  const clean = report !== null && report.errorCount === 0;
  const commitErrors = importErrorsOf(commit.error);
  return (
    <Modal
      open
      width={760}
      title={t('frameworks.importCsv')}
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end" wrap="wrap">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            disabled={!file}
            loading={check.isPending}
            onClick={() => file && check.mutate(file)}
            data-testid="csv-dry-run"
          >
            {t('frameworks.dryRun')}
          </Button>
          <Button
            type="primary"
            disabled={!file || !clean}
            loading={commit.isPending}
            onClick={() => file && commit.mutate(file)}
            data-testid="csv-commit"
          >
            {t('frameworks.commitImport')}
          </Button>
        </Flex>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('frameworks.csvIntro')}{' '}
        <a href={pointsCsvUrl(framework.id)} download>
          <DownloadOutlined /> {t('frameworks.csvCurrent')}
        </a>
      </Typography.Paragraph>
      <CsvFileDrop file={file} onChange={choose} label={t('frameworks.csvDrop')} testId="csv-file" />
      <div style={{ marginTop: 16 }}>
        {check.isError && <ProblemAlert error={check.error} />}
        {commit.isError &&
          (commitErrors ? (
            <ImportErrorTable errors={commitErrors} total={commitErrors.length} testId="csv" pageSize={10} />
          ) : (
            <ProblemAlert error={commit.error} />
          ))}
        {report && !commit.isError && (
          <div data-testid="csv-report">
            <Counts r={report} />
            {clean ? (
              <Alert type="success" showIcon message={t('frameworks.csvClean')} data-testid="csv-clean" />
            ) : (
              <ImportErrorTable errors={report.errors} total={report.errorCount} testId="csv" pageSize={10} />
            )}
          </div>
        )}
      </div>
    </Modal>
  );
}
