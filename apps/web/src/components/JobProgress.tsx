import { Card, Progress, Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobItem } from '@xueli/contracts';
import { useJob } from '../api/skills.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/**
 * A background job (GET /jobs/:id, polled every second) as a progress bar with its status and message;
 * `onDone` runs once when it succeeds or fails. `children` renders extra lines from the finished job.
 */
export function JobProgress(props: {
  jobId: number;
  onDone: () => void;
  title?: ReactNode;
  testId: string;
  children?: (job: JobItem) => ReactNode;
}) {
  const { t } = useTranslation();
  const job = useJob(props.jobId);
  const status = job.data?.status;
  const finished = status === 'succeeded' || status === 'failed';
  const reported = useRef(false);
  const { onDone } = props;
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onDone();
    }
  }, [finished, onDone]);
  if (job.isError) return <ProblemAlert error={job.error} />;
  const percent = Math.round((job.data?.progress ?? 0) * 100);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid={props.testId} data-status={status ?? 'queued'}>
      {props.title && <Typography.Text strong>{props.title}</Typography.Text>}
      <Progress
        percent={status === 'succeeded' ? 100 : percent}
        status={status === 'failed' ? 'exception' : status === 'succeeded' ? 'success' : 'active'}
      />
      <Typography.Text type={status === 'failed' ? 'danger' : 'secondary'}>
        {t(`skills.models.job.${status ?? 'queued'}`)}
        {job.data?.message ? ` · ${job.data.message}` : ''}
      </Typography.Text>
      {job.data && props.children?.(job.data)}
    </Card>
  );
}
