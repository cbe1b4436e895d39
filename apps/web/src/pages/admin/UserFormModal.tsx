import { ROLES, type UserSummary } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { EmployeeSelect } from '../../components/EmployeeSelect.tsx';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  username?: string;
  displayName: string;
  email?: string;
  password?: string;
  roles: string[];
  employeeId?: number | null;
}

const FIELDS = ['username', 'displayName', 'email', 'password', 'roles', 'employeeId'];

/** Create an account (user = null) or edit display name, roles and password of one. */
export function UserFormModal({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return (
    <FormModal<Values>
      title={user ? t('users.editTitle', { name: user.username }) : t('users.create')}
      onClose={onClose}
      saveTestId="user-save"
      errorFields={FIELDS}
      onSubmit={(v) => {
        if (!user)
          return api.post<UserSummary>('/users', {
            ...v,
            email: v.email || undefined,
            employeeId: v.employeeId ?? undefined,
          });
        const body: Record<string, unknown> = { displayName: v.displayName, roles: v.roles };
        if (v.password) body.password = v.password;
        return api.patch<UserSummary>(`/users/${user.id}`, body);
      }}
      onSaved={() => {
        void message.success(t('common.saved'));
        void qc.invalidateQueries({ queryKey: ['users'] });
        onClose();
      }}
      initialValues={user ? { displayName: user.displayName, roles: user.roles } : { roles: ['learner'] }}
    >
      {!user && (
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}>
          <Input data-testid="user-username" autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
        <Input data-testid="user-display-name" />
      </Form.Item>
      {!user && (
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
          <Input data-testid="user-email" />
        </Form.Item>
      )}
      <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          data-testid="user-roles"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={user ? t('users.resetPassword') : t('users.password')}
        rules={user ? [] : [{ required: true }]}
        extra={t('account.passwordRules')}
      >
        <Input.Password autoComplete="new-password" data-testid="user-password" />
      </Form.Item>
      {!user && (
        <Form.Item name="employeeId" label={t('users.employeeId')} extra={t('users.employeeIdHelp')}>
          <EmployeeSelect testId="user-employee" />
        </Form.Item>
      )}
    </FormModal>
  );
}
