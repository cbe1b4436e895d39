import { PlusOutlined } from '@ant-design/icons';
import type { DepartmentItem } from '@xueli/contracts';
import { Button, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { departmentTree, orgKeys, useDepartments, type TreeNode } from '../../api/org.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { DepartmentModal } from './DepartmentModal.tsx';

/** /admin/departments: the department tree with employee counts; create, edit, move, delete. */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const [editing, setEditing] = useState<DepartmentItem | { parentId: number | null } | null>(null);
  const remove = useDeleteMutation({ path: (id) => `/departments/${id}`, invalidate: orgKeys.departments });
  return (
    <>
      <PageTitle
        title={t('departments.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ parentId: null })}
            data-testid="department-create"
          >
            {t('departments.create')}
          </Button>
        }
      />
      <QueryState query={departments} isEmpty={(d) => d.items.length === 0} empty={t('departments.empty')}>
        {(d) => (
          <Table<TreeNode<DepartmentItem>>
            rowKey="key"
            size="middle"
            dataSource={departmentTree(d.items, (x) => x.name)}
            expandable={{ defaultExpandAllRows: true }}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="departments-table"
            columns={[
              { title: t('departments.name'), key: 'name', render: (_, n) => n.item.name },
              { title: t('departments.nameEn'), key: 'nameEn', render: (_, n) => n.item.nameEn ?? '—' },
              { title: t('departments.code'), key: 'code', render: (_, n) => n.item.code },
              {
                title: t('departments.employeeCount'),
                key: 'count',
                align: 'right',
                render: (_, n) => n.item.employeeCount,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, n) => (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      onClick={() => setEditing(n.item)}
                      data-testid={`department-edit-${n.item.code}`}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button size="small" onClick={() => setEditing({ parentId: n.item.id })}>
                      {t('departments.addChild')}
                    </Button>
                    <Popconfirm
                      title={t('departments.deleteConfirm', { name: n.item.name })}
                      okButtonProps={{ danger: true }}
                      okText={t('common.delete')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove.mutate(n.item.id)}
                    >
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && (
        <DepartmentModal
          department={'id' in editing ? editing : null}
          parentId={'id' in editing ? editing.parentId : editing.parentId}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
