import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.tsx';
import { MasteryOverview } from './MasteryOverview.tsx';

/** /skills: my mastery against my position's targets, with the gaps and the evidence. */
export function MySkillsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('skills.myTitle')} />
      <MasteryOverview employeeId="me" rateAs="self" />
    </>
  );
}
