import { CheckCircleFilled, ClockCircleOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseModule } from '@xueli/contracts';
import { App as AntApp, Button, Card, Collapse, Divider, Flex, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useCourse, useEnroll, useModuleCompletion } from '../../api/catalog.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { Recommendations } from '../../components/Recommendations.tsx';
import { TutorDrawer } from '../../components/tutor/TutorDrawer.tsx';
import { formatDate, formatMinutes } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { CoursePractice } from '../exams/CoursePractice.tsx';
import { ResourceView } from './ResourceView.tsx';

function ModuleBody({ course, m }: { course: CourseDetail; m: CourseModule }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const completion = useModuleCompletion(course.id);
  const enrollment = course.enrollment;
  const toggle = (done: boolean) =>
    enrollment &&
    completion.mutate(
      { enrollmentId: enrollment.id, moduleId: m.id, done },
      {
        onSuccess: () => void message.success(done ? t('course.completedMsg') : t('course.undoneMsg')),
        onError: (e) => void message.error(e.message, 6),
      },
    );
  return (
    <Flex vertical gap={16}>
      {m.description && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {m.description}
        </Typography.Paragraph>
      )}
      {m.resources.length === 0 && <Typography.Text type="secondary">{t('course.noResources')}</Typography.Text>}
      {m.resources.map((r, i) => (
        <div key={r.id}>
          {i > 0 && <Divider style={{ margin: '8px 0 16px' }} />}
          <ResourceView resource={r} />
        </div>
      ))}
      {enrollment && (
        <Flex justify="flex-end">
          {m.completed ? (
            <Button
              icon={<UndoOutlined />}
              loading={completion.isPending}
              onClick={() => toggle(false)}
              data-testid={`undo-${m.id}`}
            >
              {t('course.undo')}
            </Button>
          ) : (
            <Button
              type="primary"
              icon={<CheckCircleFilled />}
              loading={completion.isPending}
              onClick={() => toggle(true)}
              data-testid={`complete-${m.id}`}
            >
              {t('course.markComplete')}
            </Button>
          )}
        </Flex>
      )}
    </Flex>
  );
}

function EnrollmentBar({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const enroll = useEnroll();
  const e = course.enrollment;
  if (!e) {
    return (
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" gap={8} wrap="wrap">
          <Typography.Text>{t('course.notEnrolled')}</Typography.Text>
          {course.status === 'published' && (
            <Button
              type="primary"
              loading={enroll.isPending}
              onClick={() => enroll.mutate(course.id, { onError: (err) => void message.error(err.message, 6) })}
              data-testid="course-enroll"
            >
              {t('catalog.enroll')}
            </Button>
          )}
        </Flex>
      </Card>
    );
  }
  return (
    <Card style={{ marginBottom: 16 }} data-testid="course-progress-card">
      <Flex vertical gap={4}>
        <Flex justify="space-between" wrap="wrap" gap={8}>
          <Typography.Text strong>
            {t('course.progress', { done: e.completedModules, total: e.totalModules })}
          </Typography.Text>
          <Space size={4} wrap>
            <Tag
              color={e.status === 'completed' ? 'green' : e.status === 'in_progress' ? 'processing' : 'default'}
              data-testid="course-status"
            >
              {t(`recordStatus.${e.status}`)}
            </Tag>
            {e.dueDate && (
              <Tag color={e.overdue ? 'red' : 'default'}>{t('home.due', { date: formatDate(e.dueDate) })}</Tag>
            )}
          </Space>
        </Flex>
        <Progress
          percent={e.progressPercent}
          format={(p) => `${p}%`}
          status={e.status === 'completed' ? 'success' : 'active'}
          data-testid="course-progress"
          data-percent={e.progressPercent}
        />
      </Flex>
    </Card>
  );
}

function ModuleList({ course: c, initial }: { course: CourseDetail; initial: string | null }) {
  // Opened once from the URL (?module=) or the first unfinished module; afterwards the
  // learner decides, so completing a module never folds away its "undo" button.
  const [open, setOpen] = useState<string[]>(() => [
    initial ?? String(c.modules.find((m) => !m.completed)?.id ?? c.modules[0]?.id ?? ''),
  ]);
  return (
    <Collapse
      activeKey={open}
      onChange={(keys) => setOpen(Array.isArray(keys) ? keys : [keys])}
      data-testid="module-list"
      items={c.modules.map((m, i) => ({
        key: String(m.id),
        label: (
          <Flex justify="space-between" gap={8} data-testid={`module-${m.id}`}>
            <span>
              {m.completed ? (
                <CheckCircleFilled style={{ color: '#52c41a', marginRight: 8 }} data-testid={`module-done-${m.id}`} />
              ) : (
                <span style={{ display: 'inline-block', width: 22 }}>{i + 1}.</span>
              )}
              {localName(m.title, m.titleEn)}
            </span>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {formatMinutes(m.estimatedMinutes)}
            </Typography.Text>
          </Flex>
        ),
        children: <ModuleBody course={c} m={m} />,
      }))}
    />
  );
}

/** /courses/:id: modules with completion ticks and resources, the caller's progress, and courses to take next. */
export function CoursePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const course = useCourse(id);
  return (
    <QueryState query={course} rows={8}>
      {(c) => (
        <>
          <PageTitle
            title={<span data-testid="course-title">{localName(c.title, c.titleEn)}</span>}
            extra={
              c.canEdit && (
                <Link to={`/manage/courses/${c.id}`}>
                  <Button icon={<EditOutlined />}>{t('common.edit')}</Button>
                </Link>
              )
            }
          />
          <Flex gap={4} wrap="wrap" style={{ marginBottom: 8 }}>
            {c.status !== 'published' && <Tag color="orange">{t(`courseStatus.${c.status}`)}</Tag>}
            {c.category && <Tag color="blue">{c.category}</Tag>}
            {c.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
            <Typography.Text type="secondary">
              <ClockCircleOutlined /> {formatMinutes(c.totalMinutes)}
              {c.ownerName ? ` · ${c.ownerName}` : ''}
            </Typography.Text>
          </Flex>
          {c.description && <Typography.Paragraph>{c.description}</Typography.Paragraph>}
          <EnrollmentBar course={c} />
          {c.modules.length === 0 ? (
            <Card>
              <Typography.Text type="secondary">{t('course.noModules')}</Typography.Text>
            </Card>
          ) : (
            <ModuleList key={`${c.id}-${params.get('module') ?? ''}`} course={c} initial={params.get('module')} />
          )}
          <CoursePractice courseId={c.id} />
          <Recommendations key={c.id} surface="course" courseId={c.id} />
          <TutorDrawer key={`tutor-${c.id}`} courseId={c.id} />
        </>
      )}
    </QueryState>
  );
}
