/**
 * Issued certificates for administrators: search, filter by status, suspend / reinstate / revoke with
 * a reason (published on the verification page; revocation is final and asks for confirmation), and
 * signing-key rotation.
 */
import type { CertificateItem } from '@xueli/contracts';
import { App as AntApp, Button, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCertificates, useCertificateStatus, useRotateKey, type CertificateFilter, type StatusChange } from '../../api/certs.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate } from '../../format.ts';
import { CertificateStatusTag } from './CertificateStatusTag.tsx';
import { programmeName } from './MyCertificatesPage.tsx';
import { serverPagination } from '../../components/pagination.ts';

function StatusModal({ target, onClose }: { target: { cert: CertificateItem; change: StatusChange }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const m = useCertificateStatus();
  const submit = () =>
    m.mutate(
      { id: target.cert.id, change: target.change, reason },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={t(`certs.admin.${target.change}Title`, { name: target.cert.holderName })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {target.change === 'revoke' ? (
            <Popconfirm title={t('certs.admin.revokeConfirm')} onConfirm={submit} okButtonProps={{ danger: true }}>
              <Button danger type="primary" disabled={!reason.trim()} loading={m.isPending} data-testid="status-submit">
                {t('certs.admin.revoke')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="primary" disabled={!reason.trim()} loading={m.isPending} onClick={submit} data-testid="status-submit">
              {t(`certs.admin.${target.change}`)}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('certs.admin.reasonHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('certs.verify.reason')} required>
          <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="status-reason" />
        </Form.Item>
      </Form>
      {m.isError && <ProblemAlert error={m.error} />}
    </Modal>
  );
}

export function CertificatesAdminPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<CertificateFilter>({ page: 1, pageSize: 20 });
  const [target, setTarget] = useState<{ cert: CertificateItem; change: StatusChange } | null>(null);
  const q = useCertificates(filter);
  const rotate = useRotateKey();
  return (
    <>
      <PageTitle
        title={t('certs.admin.title')}
        extra={
          <Popconfirm
            title={t('certs.admin.rotateConfirm')}
            onConfirm={() => rotate.mutate(undefined, { onSuccess: () => void message.success(t('certs.admin.rotated')) })}
          >
            <Button loading={rotate.isPending}>{t('certs.admin.rotate')}</Button>
          </Popconfirm>
        }
      />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('certs.admin.search')}
          style={{ maxWidth: 320 }}
          onSearch={(v) => setFilter((f) => ({ ...f, q: v || undefined, page: 1 }))}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 160 }}
          value={filter.status}
          onChange={(v: CertificateFilter['status']) => setFilter((f) => ({ ...f, status: v, page: 1 }))}
          options={(['active', 'suspended', 'revoked'] as const).map((s) => ({ value: s, label: t(`certs.status.${s}`) }))}
        />
      </Flex>
      {rotate.isError && <ProblemAlert error={rotate.error} />}
      <QueryState query={q} isEmpty={(d) => d.total === 0} empty={t('certs.admin.empty')}>
        {(d) => (
          <Table<CertificateItem>
            rowKey="id"
            size="middle"
            scroll={{ x: 900 }}
            dataSource={d.items}
            pagination={serverPagination(d, (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })), t)}
            columns={[
              { title: t('certs.holder'), render: (_, c) => `${c.holderName} (${c.employeeNo})` },
              { title: t('certs.achievement'), render: (_, c) => `${programmeName(c, i18n.language)} · ${t(`certs.level.${c.level}`)}` },
              { title: t('common.status'), render: (_, c) => <CertificateStatusTag status={c.effectiveStatus} /> },
              { title: t('certs.validUntil'), render: (_, c) => (c.validUntil ? formatDate(c.validUntil) : t('certs.noExpiry')) },
              {
                title: t('common.actions'),
                render: (_, c) => (
                  <Space wrap>
                    <Button size="small" type="link" href={`/verify/${c.publicId}`} target="_blank">
                      {t('certs.openVerify')}
                    </Button>
                    {c.status === 'active' && (
                      <Button size="small" onClick={() => setTarget({ cert: c, change: 'suspend' })}>
                        {t('certs.admin.suspend')}
                      </Button>
                    )}
                    {c.status === 'suspended' && (
                      <Button size="small" onClick={() => setTarget({ cert: c, change: 'reinstate' })}>
                        {t('certs.admin.reinstate')}
                      </Button>
                    )}
                    {c.status !== 'revoked' && (
                      <Button size="small" danger onClick={() => setTarget({ cert: c, change: 'revoke' })} data-testid="revoke">
                        {t('certs.admin.revoke')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {target && <StatusModal target={target} onClose={() => setTarget(null)} />}
    </>
  );
}
