/**
 * /skills/frameworks: every skill framework version (code, name, version, status, counts),
 * filterable by status. Authors (trainers, admins) create drafts and import CASE packages;
 * everyone else reads.
 */
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { FRAMEWORK_STATUSES, type FrameworkDetail, type FrameworkItem, type FrameworkStatus } from '@xueli/contracts';
import { App as AntApp, Button, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  createFrameworkCall,
  useFrameworkChange,
  useFrameworkList,
  type FrameworkFields as Values,
} from '../../api/frameworks.ts';
import { useUser } from '../../auth/session.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { allowed, ROLES_AUTHORING } from '../../layout/nav.tsx';
import { CaseImportModal } from './CaseImportModal.tsx';
import { FRAMEWORK_ERROR_FIELDS, FrameworkFields } from './FrameworkFields.tsx';

export const FRAMEWORK_STATUS_COLORS: Record<FrameworkStatus, string> = {
  draft: 'orange',
  published: 'green',
  retired: 'default',
};

export function StatusTag({ status, testId }: { status: FrameworkStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={FRAMEWORK_STATUS_COLORS[status]} data-testid={testId}>
      {t(`frameworks.status.${status}`)}
    </Tag>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const create = useFrameworkChange<Values, FrameworkDetail>(createFrameworkCall);
  return (
    <FormModal<Values, FrameworkDetail>
      title={t('frameworks.create')}
      onClose={onClose}
      saveTestId="framework-create-ok"
      initialValues={{ version: '1.0' }}
      errorFields={FRAMEWORK_ERROR_FIELDS}
      onSubmit={(v) => create.mutateAsync(v)}
      onSaved={(f) => {
        void message.success(t('frameworks.created'));
        onClose();
        void navigate(`/skills/frameworks/${f.id}`);
      }}
    >
      <FrameworkFields />
    </FormModal>
  );
}

export function FrameworksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canAuthor = allowed(user.roles, ROLES_AUTHORING);
  const [status, setStatus] = useState<FrameworkStatus | 'all'>('all');
  const [dialog, setDialog] = useState<'create' | 'case' | null>(null);
  const list = useFrameworkList({ status: status === 'all' ? undefined : status });
  return (
    <>
      <PageTitle
        title={t('frameworks.title')}
        extra={
          canAuthor && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => setDialog('case')} data-testid="framework-import-case">
                {t('frameworks.importCase')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog('create')}
                data-testid="framework-create"
              >
                {t('frameworks.create')}
              </Button>
            </>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('frameworks.intro')}</Typography.Paragraph>
      <div style={{ overflowX: 'auto', maxWidth: '100%', marginBottom: 16 }}>
        <Segmented<FrameworkStatus | 'all'>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('frameworks.allStatuses') },
            ...FRAMEWORK_STATUSES.map((s) => ({ value: s, label: t(`frameworks.status.${s}`) })),
          ]}
          data-testid="framework-status-filter"
        />
      </div>
      {list.isError && <ProblemAlert error={list.error} />}
      <Table<FrameworkItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t(canAuthor ? 'frameworks.emptyAuthor' : 'frameworks.empty') }}
        pagination={(list.data?.items.length ?? 0) > 20 ? { pageSize: 20 } : false}
        data-testid="frameworks-table"
        columns={[
          {
            title: t('frameworks.code'),
            dataIndex: 'code',
            render: (code: string, f) => (
              <Link to={`/skills/frameworks/${f.id}`} data-testid={`framework-link-${f.code}-${f.version}`}>
                {code}
              </Link>
            ),
          },
          { title: t('frameworks.name'), key: 'name', render: (_, f) => localName(f.name, f.nameEn) },
          { title: t('frameworks.version'), dataIndex: 'version' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: FrameworkStatus) => <StatusTag status={s} />,
          },
          { title: t('frameworks.pointCount'), dataIndex: 'pointCount', align: 'right' },
          { title: t('frameworks.edgeCount'), dataIndex: 'prerequisiteCount', align: 'right' },
          { title: t('frameworks.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
        ]}
      />
      {dialog === 'create' && <CreateModal onClose={() => setDialog(null)} />}
      {dialog === 'case' && <CaseImportModal onClose={() => setDialog(null)} />}
    </>
  );
}
