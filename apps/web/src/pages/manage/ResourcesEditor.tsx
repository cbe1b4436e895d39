import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseModule, Resource } from '@xueli/contracts';
import { App as AntApp, Button, Flex, List, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCourseMutation } from '../../api/manage.ts';
import { ResourceModal } from './ResourceModal.tsx';

const KIND_COLORS: Record<Resource['kind'], string> = {
  markdown: 'blue',
  video: 'purple',
  file: 'cyan',
  link: 'geekblue',
};

/** The resources of one module: list with move up/down, edit and delete, and an "add resource" button. */
export function ResourcesEditor({ course, module: m }: { course: CourseDetail; module: CourseModule }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);
  const remove = useCourseMutation(course.id, (id: number) => ({ method: 'DELETE', path: `/resources/${id}` }));
  const reorder = useCourseMutation(course.id, (ids: number[]) => ({
    method: 'PUT',
    path: `/modules/${m.id}/resource-order`,
    body: { resourceIds: ids },
  }));
  const move = (index: number, delta: number) => {
    const ids = m.resources.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id!);
    reorder.mutate(ids, { onError: (e) => void message.error(e.message, 6) });
  };
  return (
    <>
      {m.resources.length > 0 && (
        <List
          size="small"
          dataSource={m.resources}
          renderItem={(r, i) => (
            <List.Item
              actions={[
                <Tooltip key="up" title={t('manage.moveUp')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0 || reorder.isPending}
                    onClick={() => move(i, -1)}
                    aria-label={t('manage.moveUp')}
                  />
                </Tooltip>,
                <Tooltip key="down" title={t('manage.moveDown')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={i === m.resources.length - 1 || reorder.isPending}
                    onClick={() => move(i, 1)}
                    aria-label={t('manage.moveDown')}
                  />
                </Tooltip>,
                <Button key="e" size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('common.edit')}
                </Button>,
                <Popconfirm
                  key="d"
                  title={t('manage.deleteResourceConfirm', { title: r.title })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(r.id, { onError: (e) => void message.error(e.message, 6) })}
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                <Tag color={KIND_COLORS[r.kind]}>{t(`resourceKind.${r.kind}`)}</Tag>
                <Typography.Text ellipsis>{r.title}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Button
        size="small"
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() => setEditing('new')}
        style={{ marginTop: 8 }}
        data-testid={`resource-add-${m.id}`}
      >
        {t('manage.addResource')}
      </Button>
      {editing && (
        <ResourceModal
          course={course}
          module={m}
          resource={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
