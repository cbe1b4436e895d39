/**
 * /admin/ai (issue 6 §1): the AI provider (offline or an OpenAI-compatible endpoint), a connection
 * test, this month's usage against the budget, and the call log.
 */
import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAiSettings } from '../../api/ai.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { AiCallsTable } from './ai/AiCallsTable.tsx';
import { AiSettingsForm } from './ai/AiSettingsForm.tsx';
import { AiUsageCard } from './ai/AiUsageCard.tsx';

export function AiSettingsPage() {
  const { t } = useTranslation();
  const settings = useAiSettings();
  return (
    <>
      <PageTitle title={t('aiAdmin.title')} />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <QueryState query={settings} rows={8}>
          {(view) => <AiSettingsForm view={view} />}
        </QueryState>
        <AiUsageCard />
        <AiCallsTable />
      </Space>
    </>
  );
}
