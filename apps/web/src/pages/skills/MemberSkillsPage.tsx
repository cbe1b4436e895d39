import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMastery } from '../../api/skills.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { MemberPathCard } from '../paths/MemberPathCard.tsx';
import { EmployeeTargetsCard } from './EmployeeTargetsCard.tsx';
import { MasteryOverview } from './MasteryOverview.tsx';

function MemberSkills({ id }: { id: number }) {
  const { t } = useTranslation();
  const user = useUser();
  const view = useMastery(id);
  const mayRate = user.roles.includes('manager') || user.roles.includes('admin');
  return (
    <>
      <PageTitle
        title={view.data ? t('skills.memberTitle', { name: view.data.employeeName }) : t('skills.memberTitleLoading')}
        extra={
          <Link to="/team/skills">
            <Button icon={<ArrowLeftOutlined />}>{t('skills.backToTeam')}</Button>
          </Link>
        }
      />
      <MasteryOverview employeeId={id} rateAs={user.employeeId === id ? 'self' : mayRate ? 'manager' : null} />
      <EmployeeTargetsCard employeeId={id} editable={mayRate && user.employeeId !== id} />
      <MemberPathCard employeeId={id} manage={user.employeeId !== id} />
    </>
  );
}

/** /team/members/:id/skills: one team member's full mastery view (managers may rate it). */
export function MemberSkillsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
  return <MemberSkills id={id} />;
}
