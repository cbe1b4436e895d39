import type { DepartmentItem } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Form, Input, Modal, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { departmentTree, orgKeys, useDepartments } from '../../api/org.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

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
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const save = useMutation({
    mutationFn: (v: Values) => {
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
    },
    onSuccess: () => {
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: orgKeys.departments });
      onClose();
    },
    onError: (e) => applyServerErrors(form, e, ['code', 'name', 'nameEn', 'parentId']),
  });
  const tree = departmentTree(departments.data?.items ?? [], (d) => `${d.name} (${d.code})`);
  return (
    <Modal
      open
      title={department ? t('departments.editTitle', { name: department.name }) : t('departments.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'department-save' }}
      destroyOnHidden
    >
      {save.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={save.error} />
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
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
      </Form>
    </Modal>
  );
}
