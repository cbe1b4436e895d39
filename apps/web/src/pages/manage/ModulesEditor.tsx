import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseModule } from '@xueli/contracts';
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCourseMutation } from '../../api/manage.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { formatMinutes } from '../../format.ts';
import { ResourcesEditor } from './ResourcesEditor.tsx';

interface ModuleValues {
  title: string;
  titleEn?: string;
  description?: string;
  estimatedMinutes?: number;
}

function ModuleModal({
  course,
  module: m,
  onClose,
}: {
  course: CourseDetail;
  module: CourseModule | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useCourseMutation(course.id, (v: ModuleValues) => {
    const titleEn = v.titleEn?.trim() || undefined;
    const base = {
      title: v.title,
      description: v.description ?? '',
      ...(v.estimatedMinutes ? { estimatedMinutes: v.estimatedMinutes } : {}),
    };
    return m
      ? { method: 'PATCH', path: `/modules/${m.id}`, body: { ...base, titleEn: titleEn ?? null } }
      : { method: 'POST', path: `/courses/${course.id}/modules`, body: { ...base, ...(titleEn ? { titleEn } : {}) } };
  });
  return (
    <FormModal<ModuleValues>
      title={m ? t('manage.editModule') : t('manage.addModule')}
      onClose={onClose}
      saveTestId="module-save"
      errorFields={['title', 'titleEn', 'description', 'estimatedMinutes']}
      onSubmit={(v) => save.mutateAsync(v)}
      onSaved={onClose}
      initialValues={
        m
          ? {
              title: m.title,
              titleEn: m.titleEn ?? '',
              description: m.description,
              estimatedMinutes: m.estimatedMinutes,
            }
          : { estimatedMinutes: 10 }
      }
    >
      <Form.Item name="title" label={t('manage.moduleTitle')} rules={[{ required: true }, { max: 200 }]}>
        <Input data-testid="module-title" />
      </Form.Item>
      <Form.Item name="titleEn" label={t('manage.moduleTitleEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('manage.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="estimatedMinutes" label={t('manage.minutes')}>
        <InputNumber min={1} max={1440} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

/** The course's modules in order: add, edit, delete, move up/down; each with its resources. */
export function ModulesEditor({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<CourseModule | 'new' | null>(null);
  const reorder = useCourseMutation(course.id, (ids: number[]) => ({
    method: 'PUT',
    path: `/courses/${course.id}/module-order`,
    body: { moduleIds: ids },
  }));
  const remove = useCourseMutation(course.id, (id: number) => ({ method: 'DELETE', path: `/modules/${id}` }));
  const fail = (e: Error) => void message.error(e.message, 6);
  const move = (index: number, delta: number) => {
    const ids = course.modules.map((m) => m.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id!);
    reorder.mutate(ids, { onError: fail });
  };
  return (
    <Card
      title={t('manage.modules')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="module-add">
          {t('manage.addModule')}
        </Button>
      }
    >
      {course.modules.length === 0 && <Empty description={t('manage.noModules')} />}
      <Flex vertical gap={12}>
        {course.modules.map((m, i) => (
          <Card
            key={m.id}
            size="small"
            type="inner"
            data-testid={`edit-module-${m.id}`}
            title={
              <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                {i + 1}. {m.title}{' '}
                <Typography.Text type="secondary">· {formatMinutes(m.estimatedMinutes)}</Typography.Text>
              </Typography.Text>
            }
            extra={
              <Flex gap={2}>
                <Tooltip title={t('manage.moveUp')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0 || reorder.isPending}
                    onClick={() => move(i, -1)}
                    aria-label={t('manage.moveUp')}
                    data-testid={`module-up-${m.id}`}
                  />
                </Tooltip>
                <Tooltip title={t('manage.moveDown')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={i === course.modules.length - 1 || reorder.isPending}
                    onClick={() => move(i, 1)}
                    aria-label={t('manage.moveDown')}
                    data-testid={`module-down-${m.id}`}
                  />
                </Tooltip>
                <Button
                  size="small"
                  type="text"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(m)}
                  aria-label={t('common.edit')}
                />
                <Popconfirm
                  title={t('manage.deleteModuleConfirm', { title: m.title })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(m.id, { onError: fail })}
                >
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Flex>
            }
          >
            <ResourcesEditor course={course} module={m} />
          </Card>
        ))}
      </Flex>
      {editing && (
        <ModuleModal course={course} module={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}
