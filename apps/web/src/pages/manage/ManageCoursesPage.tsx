import { PlusOutlined } from '@ant-design/icons';
import { COURSE_STATUSES, type CourseStatus, type CourseSummary, type Page } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Modal, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { catalogKeys } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { useUser } from '../../auth/session.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';

export const STATUS_COLORS: Record<CourseStatus, string> = { draft: 'orange', published: 'green', archived: 'default' };

function CreateCourseModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; titleEn?: string; category?: string }>();
  const create = useMutation({
    mutationFn: (v: { title: string; titleEn?: string; category?: string }) =>
      api.post<CourseSummary>('/courses', {
        title: v.title,
        ...(v.titleEn ? { titleEn: v.titleEn } : {}),
        ...(v.category ? { category: v.category } : {}),
      }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: catalogKeys.courses });
      onClose();
      void navigate(`/manage/courses/${c.id}`);
    },
    onError: (e) => applyServerErrors(form, e, ['title', 'titleEn', 'category']),
  });
  return (
    <Modal
      open
      title={t('manage.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'course-create-ok' }}
      destroyOnHidden
    >
      {create.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={create.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="title" label={t('manage.courseTitle')} rules={[{ required: true }]}>
          <Input data-testid="course-title-input" />
        </Form.Item>
        <Form.Item name="titleEn" label={t('manage.courseTitleEn')}>
          <Input />
        </Form.Item>
        <Form.Item name="category" label={t('manage.category')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /manage/courses: the courses a trainer owns (or all, for admins and on request), with status. */
export function ManageCoursesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [scope, setScope] = useState<'me' | 'all'>(user.roles.includes('admin') ? 'all' : 'me');
  const [status, setStatus] = useState<CourseStatus | undefined>();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const courses = useQuery({
    queryKey: [...catalogKeys.courses, 'manage', scope, status, search, page],
    queryFn: () =>
      api.get<Page<CourseSummary>>('/courses', { owner: scope === 'me' ? 'me' : undefined, status, search, ...page }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle
        title={t('manage.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="course-create">
            {t('manage.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 16 }}>
        <Segmented<'me' | 'all'>
          value={scope}
          onChange={(v) => {
            setScope(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={[
            { value: 'me', label: t('manage.mine') },
            { value: 'all', label: t('manage.all') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('manage.statusFilter')}
          value={status}
          onChange={(v: CourseStatus | undefined) => {
            setStatus(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={COURSE_STATUSES.map((s) => ({ value: s, label: t(`courseStatus.${s}`) }))}
          style={{ width: 160 }}
        />
        <Input.Search
          allowClear
          placeholder={t('catalog.search')}
          onSearch={(v) => {
            setSearch(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 260, maxWidth: '100%' }}
        />
      </Flex>
      {courses.isError && <ProblemAlert error={courses.error} />}
      <Table<CourseSummary>
        rowKey="id"
        loading={courses.isFetching}
        dataSource={courses.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('manage.empty') }}
        data-testid="manage-courses-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: courses.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          {
            title: t('manage.courseTitle'),
            key: 'title',
            render: (_, c) => <Link to={`/manage/courses/${c.id}`}>{localName(c.title, c.titleEn)}</Link>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: CourseStatus) => <Tag color={STATUS_COLORS[s]}>{t(`courseStatus.${s}`)}</Tag>,
          },
          { title: t('manage.category'), dataIndex: 'category' },
          { title: t('manage.moduleCount'), dataIndex: 'moduleCount', align: 'right' },
          { title: t('manage.owner'), dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
          { title: t('manage.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Flex gap={4}>
                {c.canEdit && (
                  <Link to={`/manage/courses/${c.id}`}>
                    <Button size="small">{t('common.edit')}</Button>
                  </Link>
                )}
                <Link to={`/courses/${c.id}`}>
                  <Button size="small">{t('manage.preview')}</Button>
                </Link>
              </Flex>
            ),
          },
        ]}
      />
      {creating && <CreateCourseModal onClose={() => setCreating(false)} />}
    </>
  );
}
