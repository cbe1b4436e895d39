/**
 * The side menu, filtered by the user's roles. The same role lists guard the routes in
 * App.tsx, so a menu entry is shown exactly when its page would open.
 */
import {
  AimOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BranchesOutlined,
  BookOutlined,
  BulbOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  EditOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FolderOpenOutlined,
  FundOutlined,
  FormOutlined,
  HeatMapOutlined,
  HomeOutlined,
  IdcardOutlined,
  PartitionOutlined,
  ProfileOutlined,
  QuestionCircleOutlined,
  RobotOutlined,
  RadarChartOutlined,
  SafetyCertificateOutlined,
  NodeIndexOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { Role } from '@xueli/contracts';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: ReactNode;
  /** Roles that may open it; absent = every logged-in user. */
  roles?: readonly Role[];
}

export interface NavGroup {
  /** i18n key of the group title; absent = top level. */
  label?: string;
  items: NavItem[];
}

export const ROLES_AUTHORING: readonly Role[] = ['trainer', 'admin'];
export const ROLES_TEAM: readonly Role[] = ['manager', 'admin'];
export const ROLES_ADMIN: readonly Role[] = ['admin'];
/** The team skills heat map: managers (their reporting line), admins and trainers (everyone). */
export const ROLES_TEAM_SKILLS: readonly Role[] = ['manager', 'admin', 'trainer'];
/** The grading queue: people who grade essays and uncertain short answers. */
export const ROLES_GRADING: readonly Role[] = ['admin', 'trainer', 'assessor'];
/** Certification queues: assessors review and grade, administrators (the committee) decide. */
export const ROLES_CERT_QUEUE: readonly Role[] = ['admin', 'assessor'];
/** A certification programme's dashboard: L&D (trainers) and administrators. */
export const ROLES_CERT_DASHBOARD: readonly Role[] = ['admin', 'trainer'];

export const NAV: NavGroup[] = [
  {
    items: [
      { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
      { path: '/courses', label: 'nav.catalog', icon: <BookOutlined /> },
      { path: '/path', label: 'nav.myPath', icon: <NodeIndexOutlined /> },
      { path: '/skills', label: 'nav.mySkills', icon: <RadarChartOutlined /> },
      { path: '/exams', label: 'nav.myExams', icon: <FormOutlined /> },
      { path: '/tutor', label: 'nav.tutor', icon: <RobotOutlined /> },
      { path: '/certification', label: 'certification.nav', icon: <TrophyOutlined /> },
      { path: '/certificates', label: 'certs.nav', icon: <SafetyCertificateOutlined /> },
      // Readable by everyone (the page hides its edit controls from non-authors).
      { path: '/skills/frameworks', label: 'frameworks.nav', icon: <PartitionOutlined /> },
    ],
  },
  {
    label: 'nav.groupManager',
    items: [
      { path: '/team', label: 'nav.team', icon: <TeamOutlined />, roles: ROLES_TEAM },
      { path: '/team/skills', label: 'nav.teamSkills', icon: <HeatMapOutlined />, roles: ROLES_TEAM_SKILLS },
    ],
  },
  {
    label: 'nav.groupTrainer',
    items: [
      { path: '/manage/courses', label: 'nav.manageCourses', icon: <EditOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/items', label: 'nav.items', icon: <DatabaseOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/exams', label: 'nav.manageExams', icon: <FileDoneOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/paths', label: 'nav.curatedPaths', icon: <BranchesOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/recommendations', label: 'nav.recsReport', icon: <FundOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/knowledge', label: 'nav.knowledge', icon: <FolderOpenOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/generation', label: 'nav.generation', icon: <BulbOutlined />, roles: ROLES_AUTHORING },
      { path: '/manage/tutor-gaps', label: 'nav.tutorGaps', icon: <QuestionCircleOutlined />, roles: ROLES_AUTHORING },
      { path: '/grading', label: 'nav.grading', icon: <AuditOutlined />, roles: ROLES_GRADING },
      {
        path: '/certification/queue',
        label: 'certification.navQueue',
        icon: <SolutionOutlined />,
        roles: ROLES_CERT_QUEUE,
      },
      { path: '/classroom', label: 'nav.classroom', icon: <ScheduleOutlined />, roles: ROLES_AUTHORING },
      { path: '/skills/targets', label: 'nav.skillTargets', icon: <AimOutlined />, roles: ROLES_AUTHORING },
      { path: '/skills/models', label: 'nav.ktModels', icon: <ExperimentOutlined />, roles: ROLES_AUTHORING },
    ],
  },
  {
    label: 'nav.groupAdmin',
    items: [
      { path: '/admin/employees', label: 'nav.employees', icon: <IdcardOutlined />, roles: ROLES_ADMIN },
      { path: '/admin/departments', label: 'nav.departments', icon: <ApartmentOutlined />, roles: ROLES_ADMIN },
      { path: '/admin/positions', label: 'nav.positions', icon: <AppstoreOutlined />, roles: ROLES_ADMIN },
      { path: '/admin/users', label: 'nav.users', icon: <UsergroupAddOutlined />, roles: ROLES_ADMIN },
      { path: '/admin/import', label: 'nav.import', icon: <CloudUploadOutlined />, roles: ROLES_ADMIN },
      {
        path: '/admin/cert-programmes',
        label: 'certification.navProgrammes',
        icon: <ProfileOutlined />,
        roles: ROLES_ADMIN,
      },
      { path: '/admin/certificates', label: 'certs.navAdmin', icon: <SafetyCertificateOutlined />, roles: ROLES_ADMIN },
      { path: '/admin/ai', label: 'nav.aiSettings', icon: <ApiOutlined />, roles: ROLES_ADMIN },
    ],
  },
  { items: [{ path: '/account', label: 'nav.account', icon: <UserOutlined /> }] },
];

/** True when the user holds one of `roles` (or `roles` is absent). */
export const allowed = (userRoles: readonly Role[], roles?: readonly Role[]) =>
  !roles || roles.some((r) => userRoles.includes(r));

/** Pages without a menu entry of their own, highlighted as the entry they are reached from. */
const MENU_PARENTS: [prefix: string, key: string][] = [
  ['/team/members/', '/team/skills'],
  ['/attempts/', '/exams'],
];

/** The menu key to highlight for a location: the longest nav path that prefixes it. */
export function selectedKey(pathname: string): string {
  const parent = MENU_PARENTS.find(([prefix]) => pathname.startsWith(prefix));
  if (parent) return parent[1];
  const paths = NAV.flatMap((g) => g.items.map((i) => i.path));
  const hits = paths.filter((p) => (p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`)));
  return hits.sort((a, b) => b.length - a.length)[0] ?? '/';
}
