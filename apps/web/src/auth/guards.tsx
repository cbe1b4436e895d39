import type { Role } from '@xueli/contracts';
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { allowed } from '../layout/nav.tsx';
import { useSession } from './session.ts';

/** Renders its children only with a session; otherwise sends the browser to /login?next=…. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spin size="large" fullscreen />;
  if (session.isError)
    return (
      <div style={{ padding: 24 }}>
        <ProblemAlert error={session.error} />
      </div>
    );
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Shows a 403 page instead of `children` when the user has none of `roles`. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (!allowed(session.data?.user.roles ?? [], roles)) {
    return (
      <Result
        status="403"
        title={t('common.forbiddenTitle')}
        subTitle={t('common.forbiddenText')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
