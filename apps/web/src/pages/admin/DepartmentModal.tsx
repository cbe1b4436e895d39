import type { DepartmentItem } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Form, Input, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { departmentTree, orgKeys, useDepartments } from '../../api/org.ts';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: number | null;
}

/** Create (department = null) or edit a department, including moving it under another parent. */
export function DepartmentModal({
  department,
  parentId,
  onClose,
}: {
  department: DepartmentItem | null;
  parentId: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const departments = useDepartments();
  const tree = departmentTree(departments.data?.items ?? [], (d) => `${d.name} (${d.code})`);
  return (
    <FormModal<Values>
      title={department ? t('departments.editTitle', { name: department.name }) : t('departments.create')}
      onClose={onClose}
      saveTestId="department-save"
      errorFields={['code', 'name', 'nameEn', 'parentId']}
      onSubmit={(v) => {
        const nameEn = v.nameEn?.trim() ? v.nameEn.trim() : undefined;
        if (department)
          return api.patch(`/departments/${department.id}`, {
            code: v.code,
            name: v.name,
            nameEn: nameEn ?? null,
            parentId: v.parentId ?? null,
          });
        return api.post('/departments', {
          code: v.code,
          name: v.name,
          ...(nameEn ? { nameEn } : {}),
          ...(v.parentId ? { parentId: v.parentId } : {}),
        });
      }}
      onSaved={() => {
        void message.success(t('common.saved'));
        void qc.invalidateQueries({ queryKey: orgKeys.departments });
        onClose();
      }}
      initialValues={
        department
          ? {
              code: department.code,
              name: department.name,
              nameEn: department.nameEn ?? '',
              parentId: department.parentId,
            }
          : { parentId }
      }
    >
      <Form.Item name="code" label={t('departments.code')} rules={[{ required: true }]}>
        <Input data-testid="department-code" />
      </Form.Item>
      <Form.Item name="name" label={t('departments.name')} rules={[{ required: true }]}>
        <Input data-testid="department-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('departments.nameEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="parentId" label={t('departments.parent')} extra={t('departments.parentHelp')}>
        <TreeSelect allowClear treeData={tree} treeDefaultExpandAll placeholder={t('departments.noParent')} />
      </Form.Item>
    </FormModal>
  );
}
