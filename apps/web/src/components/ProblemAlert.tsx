import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Shows a failed request: the problem's title and detail, and its request id for support. */
export function ProblemAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const message = problem?.title ?? t('common.error');
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId ?? 'problem-alert'}
      message={message}
      description={
        <>
          <div>{detail}</div>
          {problem?.requestId && (
            <Typography.Text type="secondary" copyable={{ text: problem.requestId }} style={{ fontSize: 12 }}>
              {t('common.requestId')}: {problem.requestId}
            </Typography.Text>
          )}
        </>
      }
    />
  );
}
