import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Page, type Role, type UserSummary } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { UserFormModal } from './UserFormModal.tsx';

/** /admin/users: accounts with roles, lockout and status; disabling asks first. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<UserSummary | 'new' | null>(null);
  const users = useQuery({
    queryKey: ['users', search, page],
    queryFn: () => api.get<Page<UserSummary>>('/users', { search, ...page }),
    placeholderData: keepPreviousData,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.patch<UserSummary>(`/users/${id}`, body),
    onSuccess: () => {
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <>
      <PageTitle
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      <Input.Search
        allowClear
        placeholder={t('users.search')}
        onSearch={(v) => {
          setSearch(v);
          setPage((p) => ({ ...p, page: 1 }));
        }}
        style={{ maxWidth: 320, marginBottom: 16 }}
        data-testid="users-search"
      />
      {users.isError && <ProblemAlert error={users.error} />}
      <Table<UserSummary>
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('users.empty') }}
        data-testid="users-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
          {
            title: t('users.roles'),
            dataIndex: 'roles',
            render: (roles: Role[], u) => (
              <Select<Role[]>
                mode="multiple"
                size="small"
                value={roles}
                style={{ minWidth: 220 }}
                options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                onChange={(v) => v.length > 0 && update.mutate({ id: u.id, body: { roles: v } })}
                data-testid={`user-roles-${u.username}`}
              />
            ),
          },
          {
            title: t('common.status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4}>
                <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`users.status.${u.status}`)}</Tag>
                {u.lockedUntil && <Tag color="orange">{t('users.locked')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('users.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? formatDateTime(v) : t('common.never')),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>
                  {t('common.edit')}
                </Button>
                {u.lockedUntil && (
                  <Button
                    size="small"
                    onClick={() => update.mutate({ id: u.id, body: { unlock: true } })}
                    data-testid={`user-unlock-${u.username}`}
                  >
                    {t('users.unlock')}
                  </Button>
                )}
                {u.status === 'active' ? (
                  <Popconfirm
                    title={t('users.disableConfirm', { name: u.username })}
                    okButtonProps={{ danger: true }}
                    okText={t('users.disable')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => update.mutate({ id: u.id, body: { status: 'disabled' } })}
                  >
                    <Button size="small" danger data-testid={`user-disable-${u.username}`}>
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => update.mutate({ id: u.id, body: { status: 'active' } })}>
                    {t('users.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
