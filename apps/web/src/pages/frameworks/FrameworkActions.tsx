/**
 * The header actions of one framework. Everyone may export (CASE JSON, CSV); authors may, by
 * status: draft → edit details, import CSV, publish, delete; any status → new version;
 * published → retire. Irreversible steps sit behind a confirmation.
 */
import { DownloadOutlined, ExportOutlined, UploadOutlined } from '@ant-design/icons';
import type { FrameworkDetail } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Dropdown, Form, Input, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import {
  downloadCase,
  frameworkKeys,
  frameworkPatchBody,
  pointsCsvUrl,
  useFrameworkChange,
  type FrameworkFields as Values,
} from '../../api/frameworks.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { CsvImportModal } from './CsvImportModal.tsx';
import { FRAMEWORK_ERROR_FIELDS, FrameworkFields } from './FrameworkFields.tsx';

function NewVersionModal({ framework, onClose }: { framework: FrameworkDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const create = useFrameworkChange<{ version: string }, FrameworkDetail>((v) => ({
    method: 'POST',
    path: `/frameworks/${framework.id}/versions`,
    body: { version: v.version.trim() },
  }));
  return (
    <FormModal<{ version: string }, FrameworkDetail>
      title={t('frameworks.newVersion')}
      onClose={onClose}
      saveTestId="version-save"
      errorFields={['version']}
      onSubmit={(v) => create.mutateAsync(v)}
      onSaved={(f) => {
        void message.success(t('frameworks.versionCreated', { version: f.version }));
        onClose();
        void navigate(`/skills/frameworks/${f.id}`);
      }}
    >
      <p>{t('frameworks.newVersionIntro', { version: framework.version })}</p>
      <Form.Item
        name="version"
        label={t('frameworks.versionLabel')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
      >
        <Input data-testid="version-input" placeholder="2.0" />
      </Form.Item>
    </FormModal>
  );
}

function EditModal({ framework, onClose }: { framework: FrameworkDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useFrameworkChange<Values, FrameworkDetail>((v) => ({
    method: 'PATCH',
    path: `/frameworks/${framework.id}`,
    body: frameworkPatchBody(v),
  }));
  return (
    <FormModal<Values, FrameworkDetail>
      title={t('frameworks.editDetails')}
      onClose={onClose}
      saveTestId="framework-edit-save"
      initialValues={{
        code: framework.code,
        name: framework.name,
        nameEn: framework.nameEn ?? '',
        version: framework.version,
        description: framework.description,
      }}
      errorFields={FRAMEWORK_ERROR_FIELDS}
      onSubmit={(v) => save.mutateAsync(v)}
      onSaved={() => {
        void message.success(t('common.saved'));
        onClose();
      }}
    >
      <FrameworkFields />
    </FormModal>
  );
}

export function FrameworkActions({ framework, canAuthor }: { framework: FrameworkDetail; canAuthor: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'version' | 'edit' | 'csv' | null>(null);
  const [exporting, setExporting] = useState(false);
  const onError = (e: Error) => void message.error(e.message, 8);
  const publish = useFrameworkChange<void>(() => ({ method: 'POST', path: `/frameworks/${framework.id}/publish` }));
  const retire = useFrameworkChange<void>(() => ({
    method: 'PATCH',
    path: `/frameworks/${framework.id}`,
    body: { status: 'retired' },
  }));
  // Not through useFrameworkChange: refetching the deleted framework before leaving would flash a 404.
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(`/frameworks/${framework.id}`),
    onSuccess: () => {
      void message.success(t('common.deleted'));
      void navigate('/skills/frameworks');
      qc.removeQueries({ queryKey: frameworkKeys.detail(framework.id) });
      void qc.invalidateQueries({ queryKey: frameworkKeys.all });
    },
    onError,
  });
  const draft = framework.status === 'draft';

  const exportCase = () => {
    setExporting(true);
    downloadCase(framework)
      .catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => setExporting(false));
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'case',
              icon: <ExportOutlined />,
              label: <span data-testid="export-case">{t('frameworks.exportCase')}</span>,
              onClick: exportCase,
            },
            {
              key: 'csv',
              icon: <DownloadOutlined />,
              label: (
                <a href={pointsCsvUrl(framework.id)} download data-testid="export-csv">
                  {t('frameworks.exportCsv')}
                </a>
              ),
            },
          ],
        }}
      >
        <Button icon={<ExportOutlined />} loading={exporting} data-testid="framework-export">
          {t('frameworks.export')}
        </Button>
      </Dropdown>
      {canAuthor && draft && (
        <>
          <Button icon={<UploadOutlined />} onClick={() => setDialog('csv')} data-testid="framework-import-csv">
            {t('frameworks.importCsv')}
          </Button>
          <Button onClick={() => setDialog('edit')} data-testid="framework-edit">
            {t('frameworks.editDetails')}
          </Button>
        </>
      )}
      {canAuthor && (
        <Button onClick={() => setDialog('version')} data-testid="framework-new-version">
          {t('frameworks.newVersion')}
        </Button>
      )}
      {canAuthor && draft && (
        <Popconfirm
          title={t('frameworks.publishConfirm')}
          description={t('frameworks.publishConfirmDetail')}
          okText={t('frameworks.publish')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': 'confirm-publish' }}
          onConfirm={() =>
            publish.mutate(undefined, { onSuccess: () => void message.success(t('frameworks.published')), onError })
          }
        >
          <Button type="primary" loading={publish.isPending} data-testid="framework-publish">
            {t('frameworks.publish')}
          </Button>
        </Popconfirm>
      )}
      {canAuthor && framework.status === 'published' && (
        <Popconfirm
          title={t('frameworks.retireConfirm')}
          description={t('frameworks.retireConfirmDetail')}
          okText={t('frameworks.retire')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'confirm-retire' }}
          onConfirm={() =>
            retire.mutate(undefined, { onSuccess: () => void message.success(t('frameworks.retired')), onError })
          }
        >
          <Button danger loading={retire.isPending} data-testid="framework-retire">
            {t('frameworks.retire')}
          </Button>
        </Popconfirm>
      )}
      {canAuthor && draft && (
        <Popconfirm
          title={t('frameworks.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' }}
          onConfirm={() => remove.mutate()}
        >
          <Button danger loading={remove.isPending} data-testid="framework-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
      {dialog === 'version' && <NewVersionModal framework={framework} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditModal framework={framework} onClose={() => setDialog(null)} />}
      {dialog === 'csv' && <CsvImportModal framework={framework} onClose={() => setDialog(null)} />}
    </>
  );
}
