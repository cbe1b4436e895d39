import { SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { skillsKeys, useJob, useKtModels, useStartRefit, type KtModel } from '../../api/skills.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';

const metric = (m: KtModel, key: string, digits = 3) => {
  const v = m.metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
};

/** The running (or just finished) refit job: a progress bar polled every second. */
function RefitProgress({ jobId, onDone }: { jobId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const job = useJob(jobId);
  const status = job.data?.status;
  const finished = status === 'succeeded' || status === 'failed';
  const reported = useRef(false);
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onDone();
    }
  }, [finished, onDone]);
  if (job.isError) return <ProblemAlert error={job.error} />;
  const percent = Math.round((job.data?.progress ?? 0) * 100);
  const result = job.data?.result;
  const skipped = status === 'succeeded' && result && result.refitted === false;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="refit-progress" data-status={status ?? 'queued'}>
      <Progress
        percent={status === 'succeeded' ? 100 : percent}
        status={status === 'failed' ? 'exception' : status === 'succeeded' ? 'success' : 'active'}
      />
      <Typography.Text type={status === 'failed' ? 'danger' : 'secondary'}>
        {status ? t(`skills.models.job.${status}`) : t('skills.models.job.queued')}
        {job.data?.message ? ` · ${job.data.message}` : ''}
      </Typography.Text>
      {skipped && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          message={t('skills.models.notRefitted')}
          description={typeof result.reason === 'string' ? result.reason : undefined}
        />
      )}
    </Card>
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
