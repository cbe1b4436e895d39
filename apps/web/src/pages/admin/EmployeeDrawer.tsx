import { EMPLOYEE_STATUSES, type EmployeeItem, type EmployeeStatus } from '@xueli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, DatePicker, Drawer, Form, Grid, Input, Select, Space, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { departmentTree, orgKeys, useDepartments, usePositions } from '../../api/org.ts';
import { EmployeeSelect } from '../../components/EmployeeSelect.tsx';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';

interface Values {
  employeeNo: string;
  name: string;
  email?: string;
  departmentId?: number | null;
  positionId?: number | null;
  managerId?: number | null;
  hireDate?: Dayjs | null;
  status: EmployeeStatus;
}

const FIELDS = ['employeeNo', 'name', 'email', 'departmentId', 'positionId', 'managerId', 'hireDate', 'status'];

/** The request body: a create leaves empty fields out, an edit sends them as null (clears them). */
function toBody(v: Values, isEdit: boolean): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    employeeNo: v.employeeNo,
    name: v.name,
    email: v.email?.trim() || null,
    departmentId: v.departmentId ?? null,
    positionId: v.positionId ?? null,
    managerId: v.managerId ?? null,
    hireDate: v.hireDate ? v.hireDate.format('YYYY-MM-DD') : null,
    status: v.status,
  };
  return isEdit ? raw : Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== null));
}

/** Create an employee (employee = null) or edit one; there is no delete, only `terminated`. */
export function EmployeeDrawer({ employee, onClose }: { employee: EmployeeItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const positions = usePositions();
  const save = useMutation({
    mutationFn: (v: Values) =>
      employee ? api.patch(`/employees/${employee.id}`, toBody(v, true)) : api.post('/employees', toBody(v, false)),
    onSuccess: () => {
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: orgKeys.employees });
      void qc.invalidateQueries({ queryKey: orgKeys.departments });
      void qc.invalidateQueries({ queryKey: orgKeys.positions });
      onClose();
    },
    onError: (e) => applyServerErrors(form, e, FIELDS),
  });
  const initial: Partial<Values> = employee
    ? { ...employee, email: employee.email ?? '', hireDate: employee.hireDate ? dayjs(employee.hireDate) : null }
    : { status: 'active' };
  return (
    <Drawer
      open
      width={screens.md ? 480 : '100%'}
      title={employee ? t('employees.editTitle', { name: employee.name }) : t('employees.create')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="employee-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {save.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={save.error} />
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="employeeNo" label={t('employees.employeeNo')} rules={[{ required: true }]}>
          <Input data-testid="employee-no" />
        </Form.Item>
        <Form.Item name="name" label={t('employees.name')} rules={[{ required: true }]}>
          <Input data-testid="employee-name" />
        </Form.Item>
        <Form.Item name="email" label={t('employees.email')} rules={[{ type: 'email' }]}>
          <Input data-testid="employee-email" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('employees.department')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
          />
        </Form.Item>
        <Form.Item name="positionId" label={t('employees.position')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={positions.data?.items.map((p) => ({ value: p.id, label: localName(p.name, p.nameEn) }))}
          />
        </Form.Item>
        <Form.Item name="managerId" label={t('employees.manager')}>
          <EmployeeSelect
            known={
              employee?.managerId && employee.managerName
                ? [{ id: employee.managerId, label: employee.managerName }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="hireDate" label={t('employees.hireDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="status" label={t('common.status')} rules={[{ required: true }]}>
          <Select options={EMPLOYEE_STATUSES.map((s) => ({ value: s, label: t(`employees.status.${s}`) }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
