import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useLogin, useSession } from '../auth/session.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';

/** Only same-app paths may be a post-login target (no open redirect). */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

function loginErrorMessage(error: unknown, t: (k: string, o?: Record<string, unknown>) => string) {
  if (!(error instanceof ApiError)) return t('common.error');
  if (error.code === 'locked') {
    const until = typeof error.problem.lockedUntil === 'string' ? new Date(error.problem.lockedUntil) : null;
    return t('login.locked', { time: until ? until.toLocaleTimeString() : '' });
  }
  if (error.code === 'invalid-credentials') return t('login.invalid');
  if (error.code === 'rate-limited') return t('login.rateLimited');
  return error.problem.detail;
}

/** Username/password form; shows the server's reason when the login is refused. */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  if (session.data) return <Navigate to={next} replace />;
  const onFinish = (v: { username: string; password: string }) =>
    login.mutate(v, { onSuccess: () => void navigate(next, { replace: true }) });
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg,#e6f4ff,#f5f5f5)' }}
    >
      <Card style={{ width: '100%', maxWidth: 380 }} data-testid="login-card">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Flex align="center" gap={8}>
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <Typography.Title level={3} style={{ margin: 0 }}>
              学力 Xueli
            </Typography.Title>
          </Flex>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {login.isError && (
          <Alert
            type="error"
            showIcon
            message={loginErrorMessage(login.error, t)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
