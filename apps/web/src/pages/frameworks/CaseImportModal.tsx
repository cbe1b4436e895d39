/**
 * Import a 1EdTech CASE 1.0 package (JSON): choose the file, check it (dry run: what would be
 * created, from how many items and associations, with warnings), then import it as a new
 * draft framework or a new draft version of an existing one, and open it.
 */
import { InboxOutlined } from '@ant-design/icons';
import type { CaseImportReport, CFPackageInput } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Flex, Input, Modal, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, type FieldProblem } from '../../api/client.ts';
import { frameworkKeys, importCase } from '../../api/frameworks.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Chosen {
  name: string;
  size: number;
  pkg: CFPackageInput | null;
  /** Why the file could not be read as JSON. */
  parseError: string | null;
}

/** The per-item problems (`errors[].path`, e.g. `CFItems.3.humanCodingScheme`) of a 400. */
function problemsOf(e: unknown): FieldProblem[] {
  return e instanceof ApiError && Array.isArray(e.problem.errors) ? e.problem.errors : [];
}

function CaseProblems({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problems = problemsOf(error);
  return (
    <>
      <ProblemAlert error={error} testId="case-problem" />
      {problems.length > 0 && (
        <Table<FieldProblem>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(p, i) => `${p.path}-${i ?? 0}`}
          dataSource={problems}
          scroll={{ x: 'max-content' }}
          pagination={problems.length > 10 ? { pageSize: 10 } : false}
          data-testid="case-errors"
          columns={[
            {
              title: t('frameworks.casePath'),
              dataIndex: 'path',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('frameworks.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </>
  );
}

function Report({ r }: { r: CaseImportReport }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-report">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'mode',
            label: t('frameworks.caseMode'),
            children: t(r.mode === 'new' ? 'frameworks.caseModeNew' : 'frameworks.caseModeVersion'),
          },
          { key: 'code', label: t('frameworks.code'), children: r.code },
          { key: 'name', label: t('frameworks.name'), children: r.name },
          { key: 'version', label: t('frameworks.version'), children: r.version },
          { key: 'points', label: t('frameworks.pointCount'), children: r.points },
          { key: 'links', label: t('frameworks.hierarchyLinks'), children: r.hierarchyLinks },
          { key: 'edges', label: t('frameworks.edgeCount'), children: r.prerequisites },
        ]}
      />
      {r.warnings.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          message={t('frameworks.caseWarnings', { count: r.warnings.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {r.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          }
          data-testid="case-warnings"
        />
      )}
    </div>
  );
}

export function CaseImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [file, setFile] = useState<Chosen | null>(null);
  const [code, setCode] = useState('');
  const [version, setVersion] = useState('');
  const [report, setReport] = useState<CaseImportReport | null>(null);
  const query = () => ({ code: code.trim() || undefined, version: version.trim() || undefined });
  const check = useMutation({
    mutationFn: (pkg: CFPackageInput) => importCase(pkg, true, query()),
    onSuccess: setReport,
  });
  const commit = useMutation({
    mutationFn: (pkg: CFPackageInput) => importCase(pkg, false, query()),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: frameworkKeys.all });
      void message.success(t('frameworks.caseDone', { code: r.code, version: r.version }));
      onClose();
      if (r.frameworkId !== null) void navigate(`/skills/frameworks/${r.frameworkId}`);
    },
  });
  const reset = () => {
    setReport(null);
    check.reset();
    commit.reset();
  };
  const choose = async (f: File | null) => {
    reset();
    if (!f) return setFile(null);
    const base = { name: f.name, size: f.size };
    try {
      const parsed: unknown = JSON.parse(await f.text());
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return setFile({ ...base, pkg: null, parseError: t('frameworks.caseNotObject') });
      setFile({ ...base, pkg: parsed as CFPackageInput, parseError: null });
    } catch (e) {
      setFile({ ...base, pkg: null, parseError: e instanceof Error ? e.message : String(e) });
    }
  };
  const pkg = file?.pkg ?? null;
  return (
    <Modal
      open
      width={760}
      title={t('frameworks.importCase')}
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end" wrap="wrap">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            disabled={!pkg}
            loading={check.isPending}
            onClick={() => pkg && check.mutate(pkg)}
            data-testid="case-dry-run"
          >
            {t('frameworks.dryRun')}
          </Button>
          <Button
            type="primary"
            disabled={!pkg || !report}
            loading={commit.isPending}
            onClick={() => pkg && commit.mutate(pkg)}
            data-testid="case-commit"
          >
            {t('frameworks.commitImport')}
          </Button>
        </Flex>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('frameworks.caseIntro')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".json,application/json"
        maxCount={1}
        beforeUpload={(f) => {
          void choose(f);
          return false;
        }}
        onRemove={() => void choose(null)}
        fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
        data-testid="case-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('frameworks.caseDrop')}</p>
      </Upload.Dragger>
      <Flex gap={8} wrap="wrap" style={{ marginTop: 12 }}>
        <Input
          addonBefore={t('frameworks.code')}
          placeholder={t('frameworks.caseCodeHint')}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            reset();
          }}
          style={{ flex: '1 1 220px' }}
          data-testid="case-code"
        />
        <Input
          addonBefore={t('frameworks.version')}
          placeholder={t('frameworks.caseVersionHint')}
          value={version}
          onChange={(e) => {
            setVersion(e.target.value);
            reset();
          }}
          style={{ flex: '1 1 220px' }}
          data-testid="case-version"
        />
      </Flex>
      <div style={{ marginTop: 16 }}>
        {file?.parseError && (
          <Alert
            type="error"
            showIcon
            message={t('frameworks.caseNotJson')}
            description={file.parseError}
            data-testid="case-parse-error"
          />
        )}
        {check.isError && <CaseProblems error={check.error} />}
        {commit.isError && <CaseProblems error={commit.error} />}
        {report && !commit.isError && <Report r={report} />}
      </div>
    </Modal>
  );
}
