import type { ApiToken } from '@xueli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';

const KEY = ['tokens'];

function tokenState(tk: ApiToken): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && new Date(tk.expiresAt) < new Date()) return 'expired';
  return 'active';
}

/** Personal API tokens: create (the secret is shown once), list, revoke with confirmation. */
export function TokensCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; expiresInDays?: number }>();
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: ApiToken[] }>('/auth/tokens') });
  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays?: number }) =>
      api.post<ApiToken & { token: string }>('/auth/tokens', v),
    onSuccess: (r) => {
      setSecret(r.token);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => applyServerErrors(form, e, ['name', 'expiresInDays']),
  });
  const revoke = useDeleteMutation({ path: (id) => `/auth/tokens/${id}`, invalidate: KEY, successKey: 'account.tokenRevoked' });
  return (
    <Card title={t('account.tokensTitle')} data-testid="tokens-card">
      <Typography.Paragraph type="secondary">{t('account.tokensIntro')}</Typography.Paragraph>
      {create.isError && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={create.error} />
        </div>
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => create.mutate(v.expiresInDays ? v : { name: v.name })}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <Form.Item name="name" rules={[{ required: true, message: t('account.tokenNameRequired') }]}>
          <Input placeholder={t('account.tokenName')} data-testid="token-name" style={{ minWidth: 200 }} />
        </Form.Item>
        <Form.Item name="expiresInDays">
          <InputNumber
            min={1}
            max={3650}
            placeholder={t('account.tokenDays')}
            style={{ width: 160 }}
            data-testid="token-days"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="token-create">
          {t('account.tokenCreate')}
        </Button>
      </Form>
      <QueryState query={tokens} isEmpty={(d) => d.items.length === 0} empty={t('account.tokensEmpty')}>
        {(d) => (
          <Table<ApiToken>
            rowKey="id"
            size="small"
            dataSource={d.items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="tokens-table"
            columns={[
              { title: t('account.tokenName'), dataIndex: 'name' },
              {
                title: t('account.tokenPrefix'),
                dataIndex: 'prefix',
                render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
              },
              { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
              {
                title: t('account.tokenLastUsed'),
                dataIndex: 'lastUsedAt',
                render: (v: string | null) => (v ? formatDateTime(v) : t('common.never')),
              },
              {
                title: t('account.tokenExpires'),
                dataIndex: 'expiresAt',
                render: (v: string | null) => (v ? formatDateTime(v) : t('common.never')),
              },
              {
                title: t('common.status'),
                key: 'state',
                render: (_, tk) => {
                  const s = tokenState(tk);
                  return <Tag color={s === 'active' ? 'green' : 'default'}>{t(`account.tokenState.${s}`)}</Tag>;
                },
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, tk) =>
                  tokenState(tk) === 'active' && (
                    <Popconfirm
                      title={t('account.revokeConfirm', { name: tk.name })}
                      okText={t('account.revoke')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => revoke.mutate(tk.id)}
                    >
                      <Button size="small" danger data-testid={`token-revoke-${tk.id}`}>
                        {t('account.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      <Modal
        open={secret !== null}
        destroyOnHidden
        maskClosable={false}
        title={t('account.tokenCreatedTitle')}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="token-done">
            {t('account.tokenDone')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('account.tokenOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{ text: secret ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
          code
          data-testid="token-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
