import { AimOutlined, SendOutlined } from '@ant-design/icons';
import type { TeamMemberProgress, TeamProgress } from '@xueli/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Input, Progress, Row, Statistic, Table, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { departmentTree, useDepartments } from '../../api/org.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { AssignModal } from './AssignModal.tsx';
import { GoalModal } from './GoalModal.tsx';
import { serverPagination } from '../../components/pagination.ts';

function Totals({ totals }: { totals: TeamProgress['totals'] }) {
  const { t } = useTranslation();
  const items: [string, number, string?][] = [
    ['team.employees', totals.employees],
    ['team.enrolled', totals.enrolled],
    ['team.completed', totals.completed, '#52c41a'],
    ['team.inProgress', totals.inProgress, '#fa8c16'],
    ['team.overdue', totals.overdue, totals.overdue ? '#cf1322' : undefined],
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="team-totals">
      {items.map(([k, v, color]) => (
        <Col key={k} xs={8} lg={4}>
          <Card size="small">
            <Statistic title={t(k)} value={v} valueStyle={color ? { color } : undefined} />
          </Card>
        </Col>
      ))}
      <Col xs={16} lg={4}>
        <Card size="small">
          <Typography.Text type="secondary">{t('team.avgProgress')}</Typography.Text>
          <Progress percent={totals.avgProgress} format={(p) => `${p}%`} size="small" />
        </Card>
      </Col>
    </Row>
  );
}

/** /team: progress of the people in the caller's scope; select people and assign them a course or a learning goal. */
export function TeamPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [departmentId, setDepartmentId] = useState<number | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [selected, setSelected] = useState<TeamMemberProgress[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [goal, setGoal] = useState(false);
  const departments = useDepartments();
  const team = useQuery({
    queryKey: [...catalogKeys.team, search, departmentId, page],
    queryFn: () => api.get<TeamProgress>('/team/progress', { search, departmentId, ...page }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle
        title={t('team.title')}
        extra={
          <>
            <Button
              icon={<AimOutlined />}
              disabled={selected.length === 0}
              onClick={() => setGoal(true)}
              data-testid="team-goal"
            >
              {t('paths.assignGoalCount', { count: selected.length })}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={selected.length === 0}
              onClick={() => setAssigning(true)}
              data-testid="team-assign"
            >
              {t('team.assign', { count: selected.length })}
            </Button>
          </>
        }
      />
      {team.data && <Totals totals={team.data.totals} />}
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('team.search')}
          onSearch={(v) => {
            setSearch(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="team-search"
        />
        <TreeSelect
          allowClear
          placeholder={t('employees.department')}
          treeDefaultExpandAll
          treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
          onChange={(v: number | undefined) => {
            setDepartmentId(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 220, maxWidth: '100%' }}
        />
      </Flex>
      {team.isError && <ProblemAlert error={team.error} />}
      <Table<TeamMemberProgress>
        rowKey="employeeId"
        loading={team.isFetching}
        dataSource={team.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('team.empty') }}
        data-testid="team-table"
        rowSelection={{
          selectedRowKeys: selected.map((s) => s.employeeId),
          preserveSelectedRowKeys: true,
          onChange: (_, rows) => setSelected(rows.filter(Boolean)),
        }}
        pagination={serverPagination({ ...page, total: team.data?.total ?? 0 }, (p, s) => setPage({ page: p, pageSize: s }), t, { showSizeChanger: true })}
        columns={[
          { title: t('employees.employeeNo'), dataIndex: 'employeeNo' },
          { title: t('employees.name'), dataIndex: 'name' },
          { title: t('employees.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
          { title: t('employees.position'), dataIndex: 'positionName', render: (v: string | null) => v ?? '—' },
          { title: t('team.enrolled'), dataIndex: 'enrolled', align: 'right' },
          { title: t('team.completed'), dataIndex: 'completed', align: 'right' },
          { title: t('team.inProgress'), dataIndex: 'inProgress', align: 'right' },
          {
            title: t('team.overdue'),
            dataIndex: 'overdue',
            align: 'right',
            render: (v: number) => <Typography.Text type={v ? 'danger' : undefined}>{v}</Typography.Text>,
          },
          {
            title: t('team.avgProgress'),
            dataIndex: 'avgProgress',
            render: (v: number) => (
              <Progress percent={v} format={(p) => `${p}%`} size="small" style={{ width: 120, margin: 0 }} />
            ),
          },
          {
            title: t('team.lastActivity'),
            dataIndex: 'lastActivityAt',
            render: (v: string | null) => (v ? formatDateTime(v) : t('common.never')),
          },
        ]}
      />
      {assigning && (
        <AssignModal
          people={selected}
          onClose={(done) => {
            setAssigning(false);
            if (done) setSelected([]);
          }}
        />
      )}
      {goal && (
        <GoalModal
          people={selected}
          onClose={(done) => {
            setGoal(false);
            if (done) setSelected([]);
          }}
        />
      )}
    </>
  );
}
