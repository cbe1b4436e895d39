/**
 * Providers that depend on the UI language (antd locale) and the route table. Role-guarded
 * routes use the same role lists as the side menu (layout/nav.tsx).
 */
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router-dom';
import { RequireAuth, RequireRole } from './auth/guards.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { ROLES_ADMIN, ROLES_AUTHORING, ROLES_TEAM } from './layout/nav.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { DepartmentsPage } from './pages/admin/DepartmentsPage.tsx';
import { EmployeesPage } from './pages/admin/EmployeesPage.tsx';
import { ImportPage } from './pages/admin/ImportPage.tsx';
import { PositionsPage } from './pages/admin/PositionsPage.tsx';
import { UsersPage } from './pages/admin/UsersPage.tsx';
import { CatalogPage } from './pages/catalog/CatalogPage.tsx';
import { CoursePage } from './pages/catalog/CoursePage.tsx';
import { ClassroomPage } from './pages/classroom/ClassroomPage.tsx';
import { MyLearningPage } from './pages/home/MyLearningPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { CourseEditorPage } from './pages/manage/CourseEditorPage.tsx';
import { ManageCoursesPage } from './pages/manage/ManageCoursesPage.tsx';
import { TeamPage } from './pages/team/TeamPage.tsx';
import type { Role } from '@xueli/contracts';

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

const guard = (roles: readonly Role[], page: ReactNode) => <RequireRole roles={roles}>{page}</RequireRole>;

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en-US' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 8 } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<MyLearningPage />} />
            <Route path="courses" element={<CatalogPage />} />
            <Route path="courses/:id" element={<CoursePage />} />
            <Route path="team" element={guard(ROLES_TEAM, <TeamPage />)} />
            <Route path="manage/courses" element={guard(ROLES_AUTHORING, <ManageCoursesPage />)} />
            <Route path="manage/courses/:id" element={guard(ROLES_AUTHORING, <CourseEditorPage />)} />
            <Route path="classroom" element={guard(ROLES_AUTHORING, <ClassroomPage />)} />
            <Route path="admin/employees" element={guard(ROLES_ADMIN, <EmployeesPage />)} />
            <Route path="admin/departments" element={guard(ROLES_ADMIN, <DepartmentsPage />)} />
            <Route path="admin/positions" element={guard(ROLES_ADMIN, <PositionsPage />)} />
            <Route path="admin/users" element={guard(ROLES_ADMIN, <UsersPage />)} />
            <Route path="admin/import" element={guard(ROLES_ADMIN, <ImportPage />)} />
            <Route path="account" element={<AccountPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
