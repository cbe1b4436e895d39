import type { CourseDetail } from '@xueli/contracts';
import { App as AntApp, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCourseMutation } from '../../api/manage.ts';
import { SubmitForm } from '../../components/FormModal.tsx';

interface Values {
  title: string;
  titleEn?: string;
  description?: string;
  category?: string;
  tags: string[];
}

/** Title (zh/en), description, category and tags of a course. */
export function CourseFieldsForm({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useCourseMutation(course.id, (v: Values) => ({
    method: 'PATCH',
    path: `/courses/${course.id}`,
    body: {
      title: v.title,
      titleEn: v.titleEn?.trim() ? v.titleEn.trim() : null,
      description: v.description ?? '',
      category: v.category ?? '',
      tags: v.tags,
    },
  }));
  return (
    <SubmitForm<Values>
      saveTestId="course-field-save"
      errorFields={['title', 'titleEn', 'description', 'category', 'tags']}
      onSubmit={(v) => save.mutateAsync(v)}
      onSaved={() => void message.success(t('common.saved'))}
      initialValues={{
        title: course.title,
        titleEn: course.titleEn ?? '',
        description: course.description,
        category: course.category,
        tags: course.tags,
      }}
    >
      <Form.Item name="title" label={t('manage.courseTitle')} rules={[{ required: true }, { max: 200 }]}>
        <Input data-testid="course-field-title" />
      </Form.Item>
      <Form.Item name="titleEn" label={t('manage.courseTitleEn')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('manage.description')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={4} showCount maxLength={5000} />
      </Form.Item>
      <Form.Item name="category" label={t('manage.category')}>
        <Input />
      </Form.Item>
      <Form.Item name="tags" label={t('manage.tags')} extra={t('manage.tagsHelp')}>
        <Select mode="tags" tokenSeparators={[',', '，']} maxCount={20} open={false} suffixIcon={null} />
      </Form.Item>
    </SubmitForm>
  );
}
