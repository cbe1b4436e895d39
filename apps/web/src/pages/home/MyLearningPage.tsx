import {
  ArrowRightOutlined,
  BookOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
} from '@ant-design/icons';
import type { LearningItem } from '@xueli/contracts';
import { Button, Card, Col, Empty, Flex, List, Progress, Row, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLearnerHome } from '../../api/catalog.ts';
import { useUser } from '../../auth/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { Recommendations } from '../../components/Recommendations.tsx';
import { formatDate } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { MyRecords } from './MyRecords.tsx';

function StatCard({
  title,
  value,
  icon,
  color,
  testId,
}: {
  title: string;
  value: number;
  icon: ReactNode;
  color: string;
  testId: string;
}) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={value} prefix={icon} valueStyle={{ color }} />
    </Card>
  );
}

function CourseRow({ item }: { item: LearningItem }) {
  const { t } = useTranslation();
  const c = item.course;
  const target = item.nextModule ? `/courses/${c.id}?module=${item.nextModule.id}` : `/courses/${c.id}`;
  return (
    <List.Item data-testid={`learning-item-${c.id}`}>
      <Flex vertical gap={6} style={{ width: '100%' }}>
        <Flex justify="space-between" align="start" gap={8} wrap="wrap">
          <Link to={`/courses/${c.id}`}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {localName(c.title, c.titleEn)}
            </Typography.Text>
          </Link>
          <Flex gap={4} wrap="wrap">
            {item.source === 'assigned' && <Tag color="blue">{t('home.assigned')}</Tag>}
            <Tag
              color={item.status === 'completed' ? 'green' : item.status === 'in_progress' ? 'processing' : 'default'}
            >
              {t(`recordStatus.${item.status}`)}
            </Tag>
          </Flex>
        </Flex>
        <Progress
          percent={item.progressPercent}
          format={(p) => `${p}%`}
          size="small"
          data-percent={item.progressPercent}
          status={item.status === 'completed' ? 'success' : 'active'}
          data-testid={`learning-progress-${c.id}`}
        />
        <Flex justify="space-between" align="center" gap={8} wrap="wrap">
          <Typography.Text
            type={item.overdue ? 'danger' : 'secondary'}
            data-testid={item.overdue ? 'overdue' : undefined}
          >
            {item.dueDate ? (
              <>
                <ClockCircleOutlined /> {t('home.due', { date: formatDate(item.dueDate) })}
                {item.overdue && ` · ${t('home.overdue')}`}
              </>
            ) : (
              t('home.noDue')
            )}
          </Typography.Text>
          {item.nextModule ? (
            <Link to={target}>
              <Button type="primary" size="small" icon={<ArrowRightOutlined />} data-testid={`continue-${c.id}`}>
                {item.status === 'not_started' ? t('home.start') : t('home.continue')}
              </Button>
            </Link>
          ) : (
            <Link to={target}>
              <Button size="small">{t('home.review')}</Button>
            </Link>
          )}
        </Flex>
        {item.nextModule && (
          <Typography.Text type="secondary" ellipsis>
            {t('home.next', { title: item.nextModule.title })}
          </Typography.Text>
        )}
      </Flex>
    </List.Item>
  );
}

/** "/": the learner home — stats, my courses with progress and due dates, recommendations, my records. */
export function MyLearningPage() {
  const { t } = useTranslation();
  const user = useUser();
  const home = useLearnerHome();
  return (
    <>
      <PageTitle title={t('home.title')} />
      <Typography.Paragraph type="secondary">{t('home.hello', { name: user.displayName })}</Typography.Paragraph>
      <QueryState query={home} rows={6}>
        {(d) => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <StatCard
                  title={t('home.enrolled')}
                  value={d.stats.enrolled}
                  icon={<BookOutlined />}
                  color="#1677ff"
                  testId="stat-enrolled"
                />
              </Col>
              <Col xs={12} md={6}>
                <StatCard
                  title={t('home.inProgress')}
                  value={d.stats.inProgress}
                  icon={<ClockCircleOutlined />}
                  color="#fa8c16"
                  testId="stat-in-progress"
                />
              </Col>
              <Col xs={12} md={6}>
                <StatCard
                  title={t('home.completed')}
                  value={d.stats.completed}
                  icon={<CheckCircleOutlined />}
                  color="#52c41a"
                  testId="stat-completed"
                />
              </Col>
              <Col xs={12} md={6}>
                <StatCard
                  title={t('home.overdueCount')}
                  value={d.stats.overdue}
                  icon={<ExclamationCircleOutlined />}
                  color={d.stats.overdue ? '#cf1322' : '#8c8c8c'}
                  testId="stat-overdue"
                />
              </Col>
            </Row>
            <Card title={t('home.myCourses')} style={{ marginBottom: 16 }}>
              {d.items.length === 0 ? (
                <Empty description={t('home.empty')} data-testid="empty-state">
                  <Link to="/courses">
                    <Button type="primary" data-testid="go-catalog">
                      {t('home.browse')}
                    </Button>
                  </Link>
                </Empty>
              ) : (
                <List
                  dataSource={d.items}
                  renderItem={(item) => <CourseRow item={item} />}
                  data-testid="learning-list"
                />
              )}
            </Card>
          </>
        )}
      </QueryState>
      <Recommendations surface="home" />
      <MyRecords />
    </>
  );
}
