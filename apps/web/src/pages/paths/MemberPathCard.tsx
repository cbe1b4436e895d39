import { AimOutlined, StopOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEmployeePath, useEndGoal } from '../../api/paths.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { GoalModal } from '../team/GoalModal.tsx';
import { PathOverview } from './PathOverview.tsx';
import { localText } from './pathView.ts';

/**
 * A team member's learning path, read-only, with their active goal: people who may set goals
 * (`manage`) assign a new one or end the current one (the path falls back to the position).
 */
export function MemberPathCard({ employeeId, manage }: { employeeId: number; manage: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const path = useEmployeePath(employeeId);
  const end = useEndGoal();
  const [assigning, setAssigning] = useState(false);
  const goal = path.data?.goal ?? null;
  return (
    <Card
      title={t('paths.memberTitle')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="member-path"
      extra={
        manage &&
        path.data && (
          <>
            {goal && (
              <Popconfirm
                title={t('paths.endGoalConfirm', { label: localText(goal.label) })}
                okText={t('paths.endGoal')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  end.mutate(goal.id, {
                    onSuccess: () => void message.success(t('paths.goalEnded')),
                    onError: (e) => void message.error(e.message, 6),
                  })
                }
              >
                <Button size="small" danger icon={<StopOutlined />} loading={end.isPending} data-testid="end-goal">
                  {t('paths.endGoal')}
                </Button>
              </Popconfirm>
            )}
            <Button
              size="small"
              icon={<AimOutlined />}
              style={{ marginInlineStart: 8 }}
              onClick={() => setAssigning(true)}
              data-testid="member-assign-goal"
            >
              {t('paths.assignGoal')}
            </Button>
          </>
        )
      }
    >
      <QueryState query={path} rows={6}>
        {(view) => <PathOverview view={view} />}
      </QueryState>
      {assigning && path.data && (
        <GoalModal people={[{ employeeId, name: path.data.employeeName }]} onClose={() => setAssigning(false)} />
      )}
    </Card>
  );
}
