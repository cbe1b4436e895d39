import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The heading row of a page: title on the left, actions on the right (wrapping on a phone). */
export function PageTitle({ title, extra, testId }: { title: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="center" wrap="wrap" gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid={testId ?? 'page-title'}>
        {title}
      </Typography.Title>
      {extra && (
        <Flex gap={8} wrap="wrap">
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
