import { PlusOutlined } from '@ant-design/icons';
import type { ClassroomRecord, Page } from '@xueli/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Popconfirm, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { useDeleteMutation } from '../../api/useDeleteMutation.ts';
import { api } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDate } from '../../format.ts';
import { ClassroomModal } from './ClassroomModal.tsx';

/** /classroom: offline training sessions recorded by trainers (one row per attendee). */
export function ClassroomPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const records = useQuery({
    queryKey: [...catalogKeys.classroom, search, page],
    queryFn: () => api.get<Page<ClassroomRecord>>('/classroom-records', { search, ...page }),
    placeholderData: keepPreviousData,
  });
  const remove = useDeleteMutation({ path: (id) => `/classroom-records/${id}`, invalidate: catalogKeys.classroom });
  return (
    <>
      <PageTitle
        title={t('classroom.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="classroom-create"
          >
            {t('classroom.create')}
          </Button>
        }
      />
      <Input.Search
        allowClear
        placeholder={t('classroom.search')}
        onSearch={(v) => {
          setSearch(v);
          setPage((p) => ({ ...p, page: 1 }));
        }}
        style={{ width: 300, maxWidth: '100%', marginBottom: 16 }}
      />
      {records.isError && <ProblemAlert error={records.error} />}
      <Table<ClassroomRecord>
        rowKey="id"
        loading={records.isFetching}
        dataSource={records.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('classroom.empty') }}
        data-testid="classroom-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: records.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: t('classroom.sessionDate'), dataIndex: 'sessionDate', render: formatDate },
          { title: t('classroom.sessionTitle'), dataIndex: 'title' },
          { title: t('classroom.employee'), key: 'emp', render: (_, r) => `${r.employeeName} (${r.employeeNo})` },
          {
            title: t('classroom.hours'),
            dataIndex: 'timeSpentSeconds',
            align: 'right',
            render: (s: number) => (s / 3600).toFixed(1),
          },
          { title: t('classroom.score'), dataIndex: 'score', render: (v: number | null) => v ?? '—' },
          { title: t('classroom.location'), dataIndex: 'location', render: (v: string | null) => v ?? '—' },
          { title: t('classroom.trainer'), dataIndex: 'trainerName', render: (v: string | null) => v ?? '—' },
          { title: t('classroom.recordedBy'), dataIndex: 'recordedByName', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Popconfirm
                title={t('classroom.deleteConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutate(r.id)}
              >
                <Button size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {creating && <ClassroomModal onClose={() => setCreating(false)} />}
    </>
  );
}
