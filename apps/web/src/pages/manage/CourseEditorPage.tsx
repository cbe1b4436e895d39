import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import type { CourseDetail } from '@xueli/contracts';
import { Button, Card, Col, Flex, Result, Row, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCourse } from '../../api/catalog.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { CourseFieldsForm } from './CourseFieldsForm.tsx';
import { CourseStatusActions } from './CourseStatusActions.tsx';
import { CoverUpload } from './CoverUpload.tsx';
import { STATUS_COLORS } from './ManageCoursesPage.tsx';
import { ModuleKpsCard } from './ModuleKpsEditor.tsx';
import { ModulesEditor } from './ModulesEditor.tsx';

function Editor({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  if (!course.canEdit)
    return (
      <Result
        status="403"
        title={t('manage.notYours')}
        extra={
          <Link to="/manage/courses">
            <Button>{t('manage.backToList')}</Button>
          </Link>
        }
      />
    );
  return (
    <>
      <PageTitle
        title={
          <Flex align="center" gap={8} wrap="wrap">
            <span data-testid="editor-title">{course.title}</span>
            <Tag color={STATUS_COLORS[course.status]} data-testid="editor-status">
              {t(`courseStatus.${course.status}`)}
            </Tag>
          </Flex>
        }
        extra={
          <>
            <Link to="/manage/courses">
              <Button icon={<ArrowLeftOutlined />}>{t('manage.backToList')}</Button>
            </Link>
            <Link to={`/courses/${course.id}`}>
              <Button icon={<EyeOutlined />}>{t('manage.preview')}</Button>
            </Link>
            <CourseStatusActions course={course} />
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('manage.details')} style={{ marginBottom: 16 }}>
            <CourseFieldsForm course={course} />
          </Card>
          <Card title={t('manage.cover')}>
            <CoverUpload course={course} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <ModulesEditor course={course} />
          <ModuleKpsCard course={course} />
        </Col>
      </Row>
    </>
  );
}

/** /manage/courses/:id: edit a course's fields, cover, modules and resources, what each module teaches, and its status. */
export function CourseEditorPage() {
  const id = Number(useParams().id);
  const course = useCourse(id);
  return (
    <QueryState query={course} rows={10}>
      {(c) => <Editor course={c} />}
    </QueryState>
  );
}
