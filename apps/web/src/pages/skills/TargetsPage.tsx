import { Card, Empty, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { usePositions } from '../../api/org.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { localName } from '../../i18n/label.ts';
import { PositionTargetsEditor } from './PositionTargetsEditor.tsx';

/** /skills/targets: pick a position, edit its target mastery per knowledge point (admins and trainers). */
export function TargetsPage() {
  const { t } = useTranslation();
  const positions = usePositions();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('position'));
  const positionId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  return (
    <>
      <PageTitle title={t('skills.targets.title')} />
      <Typography.Paragraph type="secondary">{t('skills.targets.intro')}</Typography.Paragraph>
      <Select<number>
        showSearch
        optionFilterProp="label"
        placeholder={t('skills.targets.pickPosition')}
        loading={positions.isPending}
        value={positionId}
        onChange={(v) => setParams(v ? { position: String(v) } : {})}
        options={(positions.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${localName(p.name, p.nameEn)} (${p.code})`,
        }))}
        style={{ width: 320, maxWidth: '100%', marginBottom: 16 }}
        data-testid="targets-position"
      />
      <Card size="small">
        {positionId === undefined ? (
          <Empty description={t('skills.targets.noPosition')} />
        ) : (
          <PositionTargetsEditor key={positionId} positionId={positionId} />
        )}
      </Card>
    </>
  );
}
