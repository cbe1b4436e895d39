import { RadarChartOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMyPath, usePathOrder, useStepPreference, type StepAction } from '../../api/paths.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { PathOverview, type PathActions } from './PathOverview.tsx';
import { followsOrder, movedOrder } from './pathView.ts';

/**
 * /path: my learning path, planned from my mastery, my goal (or my position's targets), my
 * time and my choices; I may pin, skip, restore and reorder steps (each re-plans at once).
 */
export function MyPathPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const path = useMyPath();
  const prefer = useStepPreference();
  const order = usePathOrder();
  const fail = (e: Error) => void message.error(e.message, 6);
  const actions: PathActions = {
    busy: prefer.isPending || order.isPending,
    prefer: (moduleId: number, action: StepAction) =>
      prefer.mutate({ moduleId, action }, { onSuccess: () => void message.success(t('paths.updated')), onError: fail }),
    move: (moduleId, delta) => {
      const ids = path.data ? movedOrder(path.data.steps, moduleId, delta) : null;
      if (!ids) return;
      // The planner keeps prerequisites first: say so when it could not follow the wish.
      order.mutate(ids, {
        onSuccess: (view) =>
          void (followsOrder(view.steps, ids)
            ? message.success(t('paths.updated'))
            : message.info(t('paths.orderKept'), 5)),
        onError: fail,
      });
    },
  };
  return (
    <>
      <PageTitle title={t('paths.myTitle')} />
      <QueryState query={path} rows={8}>
        {(view) => (
          <PathOverview
            view={view}
            actions={actions}
            empty={
              <Link to="/skills">
                <Button icon={<RadarChartOutlined />}>{t('paths.toSkills')}</Button>
              </Link>
            }
          />
        )}
      </QueryState>
    </>
  );
}
