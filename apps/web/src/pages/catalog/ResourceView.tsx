import { DownloadOutlined, LinkOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type { Resource } from '@xueli/contracts';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../components/Markdown.tsx';
import { formatBytes } from '../../format.ts';

/** Safe-guard for links even though the server only stores http(s) URLs. */
const httpOnly = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/**
 * One learning resource: Markdown rendered safely, video and external links opened in a new
 * tab (rel=noopener), files offered as downloads.
 */
export function ResourceView({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const title = (
    <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
      {r.title}
    </Typography.Text>
  );
  switch (r.kind) {
    case 'markdown':
      return (
        <div data-testid={`resource-${r.id}`}>
          {title}
          <Markdown source={r.body ?? ''} />
        </div>
      );
    case 'video':
    case 'link':
      return (
        <Flex align="center" gap={8} wrap="wrap" data-testid={`resource-${r.id}`}>
          <Button
            href={httpOnly(r.url)}
            target="_blank"
            rel="noopener noreferrer"
            icon={r.kind === 'video' ? <PlayCircleOutlined /> : <LinkOutlined />}
          >
            {r.title}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.kind === 'video' ? t('course.video') : t('course.link')}
          </Typography.Text>
        </Flex>
      );
    case 'file':
      return (
        <Flex align="center" gap={8} wrap="wrap" data-testid={`resource-${r.id}`}>
          <Button href={r.fileUrl ?? undefined} download={r.fileName ?? true} icon={<DownloadOutlined />}>
            {r.title}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.fileName} {formatBytes(r.fileSize)}
          </Typography.Text>
        </Flex>
      );
  }
}
