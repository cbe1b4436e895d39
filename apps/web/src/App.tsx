/**
 * Providers that depend on the UI language (antd locale) and the route table. Role-guarded
 * routes use the same role lists as the side menu (layout/nav.tsx).
 */
import { App as AntApp, Button, ConfigProvider, Result, Skeleton } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router-dom';
import { RequireAuth, RequireRole } from './auth/guards.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import {
  ROLES_ADMIN,
  ROLES_AUTHORING,
  ROLES_CERT_DASHBOARD,
  ROLES_CERT_QUEUE,
  ROLES_GRADING,
  ROLES_TEAM,
  ROLES_TEAM_SKILLS,
} from './layout/nav.tsx';
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

// The skills pages draw ECharts charts: loaded on first visit so the learner home stays small.
const MySkillsPage = lazy(() => import('./pages/skills/MySkillsPage.tsx').then((m) => ({ default: m.MySkillsPage })));
const MemberSkillsPage = lazy(() =>
  import('./pages/skills/MemberSkillsPage.tsx').then((m) => ({ default: m.MemberSkillsPage })),
);
const TeamSkillsPage = lazy(() =>
  import('./pages/skills/TeamSkillsPage.tsx').then((m) => ({ default: m.TeamSkillsPage })),
);
const TargetsPage = lazy(() => import('./pages/skills/TargetsPage.tsx').then((m) => ({ default: m.TargetsPage })));
const ModelsPage = lazy(() => import('./pages/skills/ModelsPage.tsx').then((m) => ({ default: m.ModelsPage })));
// Skill frameworks: readable by every logged-in user, edit controls only for ROLES_AUTHORING.
const FrameworksPage = lazy(() =>
  import('./pages/frameworks/FrameworksPage.tsx').then((m) => ({ default: m.FrameworksPage })),
);
const FrameworkPage = lazy(() =>
  import('./pages/frameworks/FrameworkPage.tsx').then((m) => ({ default: m.FrameworkPage })),
);

// The item bank (authors only): list and editor, loaded on first visit.
const ItemsPage = lazy(() => import('./pages/items/ItemsPage.tsx').then((m) => ({ default: m.ItemsPage })));
const NewItemPage = lazy(() => import('./pages/items/ItemEditorPage.tsx').then((m) => ({ default: m.NewItemPage })));
const ItemEditorPage = lazy(() =>
  import('./pages/items/ItemEditorPage.tsx').then((m) => ({ default: m.ItemEditorPage })),
);

// Exams (issue 4 §6): my exams and the exam page for everyone, the builder for authors, the
// grading queue for graders.
const MyExamsPage = lazy(() => import('./pages/exams/MyExamsPage.tsx').then((m) => ({ default: m.MyExamsPage })));
const AttemptPage = lazy(() => import('./pages/exams/AttemptPage.tsx').then((m) => ({ default: m.AttemptPage })));
const ExamsPage = lazy(() => import('./pages/exams/manage/ExamsPage.tsx').then((m) => ({ default: m.ExamsPage })));
const ExamEditorPage = lazy(() =>
  import('./pages/exams/manage/ExamEditorPage.tsx').then((m) => ({ default: m.ExamEditorPage })),
);
// Content generation (issue 6 §4): drafts from knowledge-base documents and their review queue.
const GenerationPage = lazy(() =>
  import('./pages/generation/GenerationPage.tsx').then((m) => ({ default: m.GenerationPage })),
);
// Knowledge base (issue 6 §2): collections and documents for authors.
const KnowledgePage = lazy(() =>
  import('./pages/knowledge/KnowledgePage.tsx').then((m) => ({ default: m.KnowledgePage })),
);
const KbCollectionPage = lazy(() =>
  import('./pages/knowledge/CollectionPage.tsx').then((m) => ({ default: m.CollectionPage })),
);
// Learning paths (issue 5): my path for everyone, curated paths for authors.
const MyPathPage = lazy(() => import('./pages/paths/MyPathPage.tsx').then((m) => ({ default: m.MyPathPage })));
const CuratedPathsPage = lazy(() =>
  import('./pages/paths/CuratedPathsPage.tsx').then((m) => ({ default: m.CuratedPathsPage })),
);
const RecommendationReportPage = lazy(() =>
  import('./pages/paths/RecommendationReportPage.tsx').then((m) => ({ default: m.RecommendationReportPage })),
);
// Certification (issue 7): the public verification page (no login), my certificates, the admin list.
const VerifyPage = lazy(() => import('./pages/certs/VerifyPage.tsx').then((m) => ({ default: m.VerifyPage })));
const CertificatePrintPage = lazy(() =>
  import('./pages/certs/CertificatePrintPage.tsx').then((m) => ({ default: m.CertificatePrintPage })),
);
const MyCertificatesPage = lazy(() =>
  import('./pages/certs/MyCertificatesPage.tsx').then((m) => ({ default: m.MyCertificatesPage })),
);
const CertificatesAdminPage = lazy(() =>
  import('./pages/certs/CertificatesAdminPage.tsx').then((m) => ({ default: m.CertificatesAdminPage })),
);
// The certification workflow (issue 7 §2, §6): programmes and my applications, an application, the
// assessors' and the committee's queues, the programme dashboard and the programmes' administration.
const CertificationPage = lazy(() =>
  import('./pages/certification/CertificationPage.tsx').then((m) => ({ default: m.CertificationPage })),
);
const ApplicationPage = lazy(() =>
  import('./pages/certification/ApplicationPage.tsx').then((m) => ({ default: m.ApplicationPage })),
);
const CertQueuePage = lazy(() => import('./pages/certification/QueuePage.tsx').then((m) => ({ default: m.QueuePage })));
const CertDashboardPage = lazy(() =>
  import('./pages/certification/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);
const CertProgrammesAdminPage = lazy(() =>
  import('./pages/certification/ProgrammesAdminPage.tsx').then((m) => ({ default: m.ProgrammesAdminPage })),
);
// AI provider settings, usage and call log (issue 6 §1).
const AiSettingsPage = lazy(() =>
  import('./pages/admin/AiSettingsPage.tsx').then((m) => ({ default: m.AiSettingsPage })),
);
// The AI tutor (issue 6 §3): the global chat for everyone, content gaps for authors.
const TutorPage = lazy(() => import('./pages/tutor/TutorPage.tsx').then((m) => ({ default: m.TutorPage })));
const TutorGapsPage = lazy(() => import('./pages/tutor/TutorGapsPage.tsx').then((m) => ({ default: m.TutorGapsPage })));
const GradingPage = lazy(() => import('./pages/grading/GradingPage.tsx').then((m) => ({ default: m.GradingPage })));

const lazyPage = (page: ReactNode) => (
  <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} data-testid="loading" />}>{page}</Suspense>
);

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
          <Route path="/verify" element={lazyPage(<VerifyPage />)} />
          <Route path="/verify/:publicId" element={lazyPage(<VerifyPage />)} />
          <Route path="/verify/:publicId/print" element={lazyPage(<CertificatePrintPage />)} />
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
            <Route path="path" element={lazyPage(<MyPathPage />)} />
            <Route path="tutor" element={lazyPage(<TutorPage />)} />
            <Route path="manage/tutor-gaps" element={guard(ROLES_AUTHORING, lazyPage(<TutorGapsPage />))} />
            <Route path="skills" element={lazyPage(<MySkillsPage />)} />
            <Route path="skills/targets" element={guard(ROLES_AUTHORING, lazyPage(<TargetsPage />))} />
            <Route path="skills/models" element={guard(ROLES_AUTHORING, lazyPage(<ModelsPage />))} />
            <Route path="skills/frameworks" element={lazyPage(<FrameworksPage />)} />
            <Route path="skills/frameworks/:id" element={lazyPage(<FrameworkPage />)} />
            <Route path="exams" element={lazyPage(<MyExamsPage />)} />
            <Route path="attempts/:id" element={lazyPage(<AttemptPage />)} />
            <Route path="manage/exams" element={guard(ROLES_AUTHORING, lazyPage(<ExamsPage />))} />
            <Route path="manage/exams/:id" element={guard(ROLES_AUTHORING, lazyPage(<ExamEditorPage />))} />
            <Route path="grading" element={guard(ROLES_GRADING, lazyPage(<GradingPage />))} />
            <Route path="team" element={guard(ROLES_TEAM, <TeamPage />)} />
            <Route path="team/skills" element={guard(ROLES_TEAM_SKILLS, lazyPage(<TeamSkillsPage />))} />
            <Route path="team/members/:id/skills" element={guard(ROLES_TEAM_SKILLS, lazyPage(<MemberSkillsPage />))} />
            <Route path="manage/courses" element={guard(ROLES_AUTHORING, <ManageCoursesPage />)} />
            <Route path="manage/courses/:id" element={guard(ROLES_AUTHORING, <CourseEditorPage />)} />
            <Route path="manage/paths" element={guard(ROLES_AUTHORING, lazyPage(<CuratedPathsPage />))} />
            <Route
              path="manage/recommendations"
              element={guard(ROLES_AUTHORING, lazyPage(<RecommendationReportPage />))}
            />
            <Route path="manage/knowledge" element={guard(ROLES_AUTHORING, lazyPage(<KnowledgePage />))} />
            <Route path="manage/knowledge/:id" element={guard(ROLES_AUTHORING, lazyPage(<KbCollectionPage />))} />
            <Route path="manage/generation" element={guard(ROLES_AUTHORING, lazyPage(<GenerationPage />))} />
            <Route path="manage/items" element={guard(ROLES_AUTHORING, lazyPage(<ItemsPage />))} />
            <Route path="manage/items/new" element={guard(ROLES_AUTHORING, lazyPage(<NewItemPage />))} />
            <Route path="manage/items/:id" element={guard(ROLES_AUTHORING, lazyPage(<ItemEditorPage />))} />
            <Route path="classroom" element={guard(ROLES_AUTHORING, <ClassroomPage />)} />
            <Route path="admin/employees" element={guard(ROLES_ADMIN, <EmployeesPage />)} />
            <Route path="admin/departments" element={guard(ROLES_ADMIN, <DepartmentsPage />)} />
            <Route path="admin/positions" element={guard(ROLES_ADMIN, <PositionsPage />)} />
            <Route path="admin/users" element={guard(ROLES_ADMIN, <UsersPage />)} />
            <Route path="admin/import" element={guard(ROLES_ADMIN, <ImportPage />)} />
            <Route path="certificates" element={lazyPage(<MyCertificatesPage />)} />
            <Route path="admin/certificates" element={guard(ROLES_ADMIN, lazyPage(<CertificatesAdminPage />))} />
            <Route path="certification" element={lazyPage(<CertificationPage />)} />
            <Route path="certification/applications/:id" element={lazyPage(<ApplicationPage />)} />
            <Route path="certification/queue" element={guard(ROLES_CERT_QUEUE, lazyPage(<CertQueuePage />))} />
            <Route
              path="certification/programmes/:id/dashboard"
              element={guard(ROLES_CERT_DASHBOARD, lazyPage(<CertDashboardPage />))}
            />
            <Route path="admin/cert-programmes" element={guard(ROLES_ADMIN, lazyPage(<CertProgrammesAdminPage />))} />
            <Route path="admin/ai" element={guard(ROLES_ADMIN, lazyPage(<AiSettingsPage />))} />
            <Route path="account" element={<AccountPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
