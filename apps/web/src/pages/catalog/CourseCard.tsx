import { CheckOutlined, ClockCircleOutlined, ReadOutlined } from '@ant-design/icons';
import type { CourseSummary } from '@xueli/contracts';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatMinutes } from '../../format.ts';
import { localName } from '../../i18n/label.ts';

const PALETTE = ['#1677ff', '#13c2c2', '#722ed1', '#fa8c16', '#52c41a', '#eb2f96'];

/** A generated cover (no network image) for courses without one. */
function Placeholder({ c }: { c: CourseSummary }) {
  const color = PALETTE[c.id % PALETTE.length];
  return (
    <div
      className="xl-card-cover"
      style={{
        background: `linear-gradient(135deg, ${color}, ${color}99)`,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <ReadOutlined style={{ fontSize: 40, color: '#fff' }} />
    </div>
  );
}

/** One course in the catalog grid: cover, title, category, tags, length, enrol/open. */
export function CourseCard({
  course: c,
  onEnroll,
  enrolling,
}: {
  course: CourseSummary;
  onEnroll: (id: number) => void;
  enrolling: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card
      hoverable
      data-testid={`course-card-${c.id}`}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1, display: 'flex', flexDirection: 'column', gap: 8 } }}
      cover={
        <Link to={`/courses/${c.id}`}>
          {c.coverUrl ? <img className="xl-card-cover" src={c.coverUrl} alt="" /> : <Placeholder c={c} />}
        </Link>
      }
    >
      <Link to={`/courses/${c.id}`}>
        <Typography.Title level={5} style={{ margin: 0 }} ellipsis={{ rows: 2 }} data-testid="course-card-title">
          {localName(c.title, c.titleEn)}
        </Typography.Title>
      </Link>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
        {c.description}
      </Typography.Paragraph>
      <Flex gap={4} wrap="wrap">
        {c.category && <Tag color="blue">{c.category}</Tag>}
        {c.tags.slice(0, 3).map((tag) => (
          <Tag key={tag}>{tag}</Tag>
        ))}
      </Flex>
      <Flex justify="space-between" align="center" style={{ marginTop: 'auto' }} gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <ClockCircleOutlined /> {t('catalog.modules', { count: c.moduleCount })} · {formatMinutes(c.totalMinutes)}
        </Typography.Text>
        {c.enrolled ? (
          <Link to={`/courses/${c.id}`}>
            <Button size="small" icon={<CheckOutlined />} data-testid={`open-${c.id}`}>
              {t('catalog.open')}
            </Button>
          </Link>
        ) : (
          c.status === 'published' && (
            <Button
              size="small"
              type="primary"
              loading={enrolling}
              onClick={() => onEnroll(c.id)}
              data-testid={`enroll-${c.id}`}
            >
              {t('catalog.enroll')}
            </Button>
          )
        )}
      </Flex>
    </Card>
  );
}
