import { PlusOutlined } from '@ant-design/icons';
import { EMPLOYEE_STATUSES, type EmployeeItem, type EmployeeStatus, type Page } from '@xueli/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Select, Table, Tag, TreeSelect } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { departmentTree, orgKeys, useDepartments, usePositions } from '../../api/org.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { EmployeeDrawer } from './EmployeeDrawer.tsx';
import { serverPagination } from '../../components/pagination.ts';

interface Filters {
  search?: string;
  departmentId?: number;
  positionId?: number;
  status?: EmployeeStatus;
}

export const STATUS_COLOR: Record<EmployeeStatus, string> = { active: 'green', leave: 'gold', terminated: 'default' };

/** /admin/employees: filterable, paged employee table with a create/edit drawer. */
export function EmployeesPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<EmployeeItem | 'new' | null>(null);
  const departments = useDepartments();
  const positions = usePositions();
  const employees = useQuery({
    queryKey: [...orgKeys.employees, 'list', filters, page],
    queryFn: () => api.get<Page<EmployeeItem>>('/employees', { ...filters, ...page }),
    placeholderData: keepPreviousData,
  });
  const filter = (f: Filters) => {
    setFilters((old) => ({ ...old, ...f }));
    setPage((p) => ({ ...p, page: 1 }));
  };
  return (
    <>
      <PageTitle
        title={t('employees.title')}
        extra={
          <>
            <Link to="/admin/import">
              <Button>{t('nav.import')}</Button>
            </Link>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="employee-create"
            >
              {t('employees.create')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('employees.search')}
          onSearch={(v) => filter({ search: v || undefined })}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="employees-search"
        />
        <TreeSelect
          allowClear
          placeholder={t('employees.department')}
          treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
          treeDefaultExpandAll
          style={{ width: 220, maxWidth: '100%' }}
          onChange={(v: number | undefined) => filter({ departmentId: v })}
          data-testid="employees-department"
        />
        <Select
          allowClear
          placeholder={t('employees.position')}
          options={positions.data?.items.map((p) => ({ value: p.id, label: localName(p.name, p.nameEn) }))}
          style={{ width: 180, maxWidth: '100%' }}
          onChange={(v: number | undefined) => filter({ positionId: v })}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          options={EMPLOYEE_STATUSES.map((s) => ({ value: s, label: t(`employees.status.${s}`) }))}
          style={{ width: 140 }}
          onChange={(v: EmployeeStatus | undefined) => filter({ status: v })}
        />
      </Flex>
      {employees.isError && <ProblemAlert error={employees.error} />}
      <Table<EmployeeItem>
        rowKey="id"
        loading={employees.isFetching}
        dataSource={employees.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('employees.empty') }}
        data-testid="employees-table"
        onRow={(e) => ({ 'data-testid': `employee-row-${e.employeeNo}` }) as HTMLAttributes<HTMLElement>}
        pagination={serverPagination({ ...page, total: employees.data?.total ?? 0 }, (p, s) => setPage({ page: p, pageSize: s }), t, { showSizeChanger: true })}
        columns={[
          { title: t('employees.employeeNo'), dataIndex: 'employeeNo', fixed: 'left' },
          { title: t('employees.name'), dataIndex: 'name' },
          { title: t('employees.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
          { title: t('employees.position'), dataIndex: 'positionName', render: (v: string | null) => v ?? '—' },
          { title: t('employees.manager'), dataIndex: 'managerName', render: (v: string | null) => v ?? '—' },
          { title: t('employees.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
          { title: t('employees.hireDate'), dataIndex: 'hireDate', render: formatDate },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: EmployeeStatus) => <Tag color={STATUS_COLOR[s]}>{t(`employees.status.${s}`)}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, e) => (
              <Button size="small" onClick={() => setEditing(e)} data-testid={`employee-edit-${e.employeeNo}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <EmployeeDrawer employee={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
