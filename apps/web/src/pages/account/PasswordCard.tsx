import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change password; the server ends the user's other sessions. */
export function PasswordCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const change = useMutation({
    mutationFn: (v: Values) =>
      api.post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    },
    onError: (e) => applyServerErrors(form, e, ['currentPassword', 'newPassword']),
  });
  return (
    <Card title={t('account.passwordTitle')} data-testid="password-card">
      <Alert type="info" showIcon message={t('account.passwordRules')} style={{ marginBottom: 16 }} />
      {change.isError && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={change.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)} style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[{ required: true }, { min: 10, message: t('account.passwordRules') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password">
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
