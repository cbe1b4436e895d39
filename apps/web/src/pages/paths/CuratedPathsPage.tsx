import { DeleteOutlined, EditOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import type { CuratedPath } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { pathKeys, useCuratedPaths, useStartReplan } from '../../api/paths.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { useUser } from '../../auth/session.ts';
import { JobProgress } from '../../components/JobProgress.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { pct } from '../skills/skillsView.ts';
import { CuratedPathDrawer } from './CuratedPathDrawer.tsx';

/**
 * /manage/paths: curated learning paths defined by L&D (modules in order and target points that
 * the planner fills in for each person): list, create, edit, delete; admins re-plan everyone.
 */
export function CuratedPathsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const qc = useQueryClient();
  const paths = useCuratedPaths();
  const remove = useDeleteMutation({ path: (id) => `/curated-paths/${id}`, invalidate: pathKeys.curated });
  const [editing, setEditing] = useState<CuratedPath | 'new' | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const isAdmin = user.roles.includes('admin');
  const replan = useStartReplan();
  const conflict = replan.error instanceof ApiError && replan.error.status === 409 ? replan.error : null;
  // A 409 names the re-plan already running: follow its progress instead.
  const runningJob = conflict?.problem.jobId;
  useEffect(() => {
    if (typeof runningJob === 'number' && jobId === null) {
      setJobId(runningJob);
      setRunning(true);
    }
  }, [runningJob, jobId]);
  return (
    <>
      <PageTitle
        title={t('paths.curated.title')}
        extra={
          <>
            {isAdmin && (
              <Button
                icon={<SyncOutlined spin={running} />}
                loading={replan.isPending}
                disabled={running}
                onClick={() =>
                  replan.mutate(undefined, {
                    onSuccess: (job) => {
                      setJobId(job.id);
                      setRunning(true);
                    },
                  })
                }
                data-testid="replan-start"
              >
                {t('paths.curated.replan')}
              </Button>
            )}
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="curated-create"
            >
              {t('paths.curated.create')}
            </Button>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('paths.curated.intro')}</Typography.Paragraph>
      {replan.isError && !conflict && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={replan.error} />
        </div>
      )}
      {jobId !== null && (
        <JobProgress
          key={jobId}
          jobId={jobId}
          testId="replan-progress"
          title={t('paths.curated.replanTitle')}
          onDone={() => {
            setRunning(false);
            void qc.invalidateQueries({ queryKey: pathKeys.all });
          }}
        />
      )}
      <QueryState query={paths} isEmpty={(d) => d.items.length === 0} empty={t('paths.curated.empty')}>
        {(d) => (
          <Table<CuratedPath>
            rowKey="id"
            dataSource={d.items}
            pagination={d.items.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="curated-table"
            columns={[
              {
                title: t('paths.curated.name'),
                key: 'title',
                render: (_, p) => (
                  <Flex vertical style={{ maxWidth: 360 }}>
                    <Typography.Text strong>{localName(p.title, p.titleEn)}</Typography.Text>
                    {p.description && (
                      <Typography.Text type="secondary" ellipsis={{ tooltip: p.description }} style={{ fontSize: 12 }}>
                        {p.description}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('paths.curated.modulesCount'),
                key: 'modules',
                align: 'right',
                render: (_, p) => (
                  <Tooltip title={p.modules.map((m) => localName(m.title, m.titleEn)).join(' → ')}>
                    {p.modules.length}
                  </Tooltip>
                ),
              },
              {
                title: t('paths.curated.targets'),
                key: 'targets',
                render: (_, p) => (
                  <Flex gap={4} wrap="wrap" style={{ maxWidth: 320 }}>
                    {p.targets.slice(0, 4).map((x) => (
                      <Tooltip key={x.kpId} title={localName(x.kpName, x.kpNameEn)}>
                        <Tag>
                          {x.kpCode} {pct(x.target)}
                        </Tag>
                      </Tooltip>
                    ))}
                    {p.targets.length > 4 && <Tag>+{p.targets.length - 4}</Tag>}
                  </Flex>
                ),
              },
              { title: t('paths.curated.people'), dataIndex: 'activeGoals', align: 'right' },
              { title: t('paths.curated.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: 'right',
                render: (_, p) => (
                  <Flex gap={4}>
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(p)}
                      data-testid={`curated-edit-${p.id}`}
                    >
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('paths.curated.deleteConfirm', { title: localName(p.title, p.titleEn) })}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutate(p.id)}
                    >
                      <Button
                        size="small"
                        type="link"
                        danger
                        icon={<DeleteOutlined />}
                        data-testid={`curated-delete-${p.id}`}
                      >
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && <CuratedPathDrawer path={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
