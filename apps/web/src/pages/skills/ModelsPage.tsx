import { SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { skillsKeys, useKtModels, useStartRefit, type KtModel } from '../../api/skills.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { JobProgress } from '../../components/JobProgress.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';

const metric = (m: KtModel, key: string, digits = 3) => {
  const v = m.metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
};

/** The refit job's progress; a finished refit that kept the old model says why. */
function RefitProgress({ jobId, onDone }: { jobId: number; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <JobProgress jobId={jobId} onDone={onDone} testId="refit-progress">
      {(job) =>
        job.status === 'succeeded' && job.result && job.result.refitted === false ? (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            message={t('skills.models.notRefitted')}
            description={typeof job.result.reason === 'string' ? job.result.reason : undefined}
          />
        ) : null
      }
    </JobProgress>
  );
}

/** /skills/models: fitted knowledge-tracing models with held-out metrics; admins can refit. */
export function ModelsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const qc = useQueryClient();
  const models = useKtModels();
  const refit = useStartRefit();
  const [jobId, setJobId] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const isAdmin = user.roles.includes('admin');
  const conflict = refit.error instanceof ApiError && refit.error.status === 409;
  // A 409 names the job already running: follow its progress instead.
  const conflictJob = conflict ? (refit.error as ApiError).problem.jobId : undefined;
  const runningJob = typeof conflictJob === 'number' ? conflictJob : null;
  useEffect(() => {
    if (runningJob != null && jobId == null) {
      setJobId(runningJob);
      setRunning(true);
    }
  }, [runningJob, jobId]);
  return (
    <>
      <PageTitle
        title={t('skills.models.title')}
        extra={
          isAdmin && (
            <Button
              type="primary"
              icon={<SyncOutlined spin={running} />}
              loading={refit.isPending}
              disabled={running}
              data-testid="refit-start"
              onClick={() =>
                refit.mutate(undefined, {
                  onSuccess: (job) => {
                    setJobId(job.id);
                    setRunning(true);
                  },
                })
              }
            >
              {t('skills.models.refit')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('skills.models.intro')}</Typography.Paragraph>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          message={t('skills.models.alreadyRunning')}
          data-testid="refit-conflict"
        />
      )}
      {refit.isError && !conflict && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={refit.error} />
        </div>
      )}
      {jobId !== null && (
        <RefitProgress
          key={jobId}
          jobId={jobId}
          onDone={() => {
            setRunning(false);
            void qc.invalidateQueries({ queryKey: skillsKeys.all });
          }}
        />
      )}
      <QueryState query={models} isEmpty={(d) => d.items.length === 0} empty={t('skills.models.empty')}>
        {(d) => (
          <Table<KtModel>
            rowKey="id"
            size="small"
            dataSource={d.items}
            pagination={d.items.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="models-table"
            columns={[
              {
                title: t('skills.models.kind'),
                dataIndex: 'kind',
                render: (v: string) => t(`skills.modelKind.${v}`, { defaultValue: v }),
              },
              {
                title: t('skills.models.active'),
                dataIndex: 'active',
                render: (v: boolean) => (v ? <Tag color="green">{t('skills.models.activeTag')}</Tag> : null),
              },
              { title: 'AUC', key: 'auc', align: 'right', render: (_, m) => metric(m, 'auc') },
              { title: 'ECE', key: 'ece', align: 'right', render: (_, m) => metric(m, 'ece') },
              { title: 'RMSE', key: 'rmse', align: 'right', render: (_, m) => metric(m, 'rmse') },
              { title: t('skills.models.logLoss'), key: 'logLoss', align: 'right', render: (_, m) => metric(m, 'logLoss') },
              {
                title: t('skills.models.responses'),
                key: 'responses',
                align: 'right',
                render: (_, m) => metric(m, 'trainResponses', 0),
              },
              {
                title: t('skills.models.learners'),
                key: 'learners',
                align: 'right',
                render: (_, m) => metric(m, 'learners', 0),
              },
              { title: t('skills.models.fittedAt'), dataIndex: 'fittedAt', render: (v: string) => formatDateTime(v) },
              {
                title: t('skills.models.fitSeconds'),
                dataIndex: 'fitSeconds',
                align: 'right',
                render: (v: number) => t('skills.models.seconds', { value: v.toFixed(2) }),
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
