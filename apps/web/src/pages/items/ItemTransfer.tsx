/**
 * Import and export on the item bank list. Import: choose a file (CSV, xlsx, Moodle XML, GIFT,
 * QTI zip) and its format, optionally knowledge points for items that name none, check it (dry
 * run: nothing is written; every problem with its line), then commit — all items become drafts,
 * or none when anything is wrong. Export: the list's current filters in a chosen format.
 */
import { DownloadOutlined, ExportOutlined, ImportOutlined } from '@ant-design/icons';
import {
  ITEM_IMPORT_FORMATS,
  type ItemImportFormat,
  type ItemImportProblem,
  type ItemImportReport,
} from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Dropdown,
  Flex,
  Form,
  Modal,
  Result,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportItems, importItems, itemKeys, itemTemplateUrl, type ItemFilter } from '../../api/items.ts';
import { CsvFileDrop } from '../../components/CsvFileDrop.tsx';
import { ImportCounts } from '../../components/ImportCounts.tsx';
import { ImportErrorTable, type ImportErrorRow } from '../../components/ImportErrorTable.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { KpSelect, usePublishedPoints } from '../../components/KpSelect.tsx';

const ACCEPT = '.csv,.xlsx,.xml,.gift,.txt,.zip,text/csv,text/xml,application/xml,application/zip';

const sheetLang = () => (currentLocale() === 'en-US' ? 'en' : 'zh');

/** The report of a refused commit (422 import-invalid carries the whole report). */
function refusedReport(e: unknown): ItemImportReport | null {
  const p = (e as { problem?: Partial<ItemImportReport> & { type?: string } } | null)?.problem;
  return p?.type === 'urn:xueli:problem:import-invalid' && Array.isArray(p.errors) ? (p as ItemImportReport) : null;
}

/** Problems as the shared table lists them (the item number, when known, goes before the field). */
const rows = (ps: ItemImportProblem[]): ImportErrorRow[] =>
  ps.map((p) => ({
    line: p.line,
    field: [p.file, p.item === null ? null : `#${p.item}`, p.field].filter(Boolean).join(' · ') || null,
    value: p.value,
    message: p.message,
  }));

function Report({ r }: { r: ItemImportReport }) {
  const { t } = useTranslation();
  const stats: [string, number][] = [
    ['items.import.total', r.totalItems],
    ['items.import.valid', r.validItems],
    ['import.errorCount', r.errorCount],
    ['items.import.warnings', r.warningCount],
  ];
  return (
    <div data-testid="item-import-report">
      <ImportCounts counts={stats} />
      <Flex gap={4} wrap="wrap" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('items.import.detected', { format: t(`items.formats.${r.format}`), encoding: r.encoding ?? '—' })}
        </Typography.Text>
        {Object.entries(r.byType).map(([type, n]) => (
          <Tag key={type}>
            {t(`items.types.${type}`)} × {n}
          </Tag>
        ))}
      </Flex>
      {r.errorCount === 0 ? (
        r.validItems > 0 ? (
          <Alert
            type="success"
            showIcon
            message={t('items.import.clean', { count: r.validItems })}
            data-testid="item-import-clean"
          />
        ) : (
          <Alert type="warning" showIcon message={t('items.import.noItems')} />
        )
      ) : (
        <ImportErrorTable errors={rows(r.errors)} total={r.errorCount} testId="item-import" pageSize={10} />
      )}
      {r.warnings.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('items.import.warningList', { count: r.warningCount })}
          </Typography.Title>
          <Table<ImportErrorRow>
            size="small"
            rowKey={(_, i) => String(i)}
            dataSource={rows(r.warnings)}
            scroll={{ x: 'max-content' }}
            pagination={r.warnings.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('import.line'), dataIndex: 'line', width: 72, render: (v: number | null) => v ?? '—' },
              { title: t('import.field'), dataIndex: 'field', render: (v: string | null) => v ?? '—' },
              { title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </div>
  );
}

export function ItemImportModal({ onClose, onShowDrafts }: { onClose: () => void; onShowDrafts: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { refs } = usePublishedPoints();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ItemImportFormat | 'auto'>('auto');
  const [kps, setKps] = useState<number[]>([]);
  const [report, setReport] = useState<ItemImportReport | null>(null);
  const [done, setDone] = useState<ItemImportReport | null>(null);
  const send = (dryRun: boolean) => (f: File) =>
    importItems(f, {
      format: format === 'auto' ? undefined : format,
      dryRun,
      defaultKnowledgePoints: kps.map((id) => refs.get(id) ?? String(id)),
    });
  const check = useMutation({ mutationFn: send(true), onSuccess: setReport });
  const commit = useMutation({
    mutationFn: send(false),
    onSuccess: (r) => {
      setDone(r);
      void qc.invalidateQueries({ queryKey: itemKeys.all });
    },
  });
  /** Any change of the file or the options asks for a new check before a commit. */
  const reset = () => {
    setReport(null);
    setDone(null);
    check.reset();
    commit.reset();
  };
  const refused = refusedReport(commit.error);
  const clean = report !== null && report.errorCount === 0 && report.validItems > 0;
  return (
    <Modal
      open
      title={t('items.import.title')}
      onCancel={onClose}
      width={820}
      footer={null}
      destroyOnHidden
      data-testid="item-import-modal"
    >
      {done ? (
        <div data-testid="item-import-done">
          <Result
            status="success"
            title={t('items.import.done', { count: done.created })}
            subTitle={t('items.import.doneText')}
            extra={
              <Flex gap={8} justify="center" wrap="wrap">
                <Button type="primary" onClick={onShowDrafts} data-testid="item-import-show">
                  {t('items.import.showDrafts')}
                </Button>
                <Button onClick={onClose}>{t('items.import.close')}</Button>
              </Flex>
            }
          />
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('items.import.intro')}</Typography.Paragraph>
          <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
            <a href={itemTemplateUrl('csv', sheetLang())} download data-testid="item-template-csv">
              <Button size="small" icon={<DownloadOutlined />}>
                {t('items.import.templateCsv')}
              </Button>
            </a>
            <a href={itemTemplateUrl('xlsx', sheetLang())} download data-testid="item-template-xlsx">
              <Button size="small" icon={<DownloadOutlined />}>
                {t('items.import.templateXlsx')}
              </Button>
            </a>
          </Flex>
          <Form layout="vertical" component={false}>
            <Flex gap={16} wrap="wrap">
              <Form.Item label={t('items.import.format')} style={{ flex: '1 1 200px' }}>
                <Select<ItemImportFormat | 'auto'>
                  value={format}
                  onChange={(v) => {
                    setFormat(v);
                    reset();
                  }}
                  options={[
                    { value: 'auto', label: t('items.formats.auto') },
                    ...ITEM_IMPORT_FORMATS.map((f) => ({ value: f, label: t(`items.formats.${f}`) })),
                  ]}
                  data-testid="item-import-format"
                />
              </Form.Item>
              <Form.Item
                label={t('items.import.defaultKps')}
                extra={t('items.import.defaultKpsHint')}
                style={{ flex: '2 1 280px' }}
              >
                <KpSelect
                  multiple
                  value={kps}
                  onChange={(v) => {
                    setKps(v);
                    reset();
                  }}
                  testId="item-import-kps"
                />
              </Form.Item>
            </Flex>
          </Form>
          <CsvFileDrop
            file={file}
            accept={ACCEPT}
            onChange={(f) => {
              setFile(f);
              reset();
            }}
            label={t('items.import.drop')}
            hint={t('items.import.dropHint')}
            testId="item-import-file"
          />
          <Flex gap={8} wrap="wrap" style={{ margin: '16px 0' }}>
            <Button
              type="primary"
              disabled={!file}
              loading={check.isPending}
              onClick={() => file && check.mutate(file)}
              data-testid="item-import-dry-run"
            >
              {t('import.dryRun')}
            </Button>
            <Button
              type="primary"
              disabled={!file || !clean}
              loading={commit.isPending}
              onClick={() => file && commit.mutate(file)}
              data-testid="item-import-commit"
            >
              {t('items.import.commit')}
            </Button>
            {report && !clean && <Typography.Text type="secondary">{t('import.fixAndRetry')}</Typography.Text>}
          </Flex>
          {check.isError && <ProblemAlert error={check.error} />}
          {commit.isError && (refused ? <Report r={refused} /> : <ProblemAlert error={commit.error} />)}
          {report && !commit.isError && <Report r={report} />}
        </>
      )}
    </Modal>
  );
}

/** Export the items matching the list's filters, in a format picked from the menu. */
export function ItemExportButton({ filter }: { filter: ItemFilter }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { page: _page, pageSize: _size, ...query } = filter;
  const run = useMutation({
    mutationFn: (format: ItemImportFormat) => exportItems(query, format, sheetLang()),
    onSuccess: (r) =>
      void message.success(
        r.skipped
          ? t('items.export.doneSkipped', { count: r.exported, skipped: r.skipped })
          : t('items.export.done', { count: r.exported }),
      ),
    onError: (e) => void message.error(e.message, 8),
  });
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            type: 'group',
            key: 'formats',
            label: t('items.export.hint'),
            children: ITEM_IMPORT_FORMATS.map((f) => ({
              key: f,
              label: <span data-testid={`item-export-${f}`}>{t(`items.formats.${f}`)}</span>,
            })),
          },
        ],
        onClick: ({ key }) => run.mutate(key as ItemImportFormat),
      }}
    >
      <Button icon={<ExportOutlined />} loading={run.isPending} data-testid="item-export">
        {t('items.export.button')}
      </Button>
    </Dropdown>
  );
}

export function ItemImportButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button icon={<ImportOutlined />} onClick={onClick} data-testid="item-import">
      {t('items.import.button')}
    </Button>
  );
}
