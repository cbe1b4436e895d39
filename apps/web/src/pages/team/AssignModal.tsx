import type { AssignmentResult, CourseSummary, Page, TeamMemberProgress } from '@xueli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, DatePicker, Form, Modal, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';

interface Values {
  courseId: number;
  dueDate: Dayjs;
}

/** Assigns one published course with a due date to the selected team members. */
export function AssignModal({ people, onClose }: { people: TeamMemberProgress[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const courses = useQuery({
    queryKey: [...catalogKeys.courses, 'assignable', search],
    queryFn: () => api.get<Page<CourseSummary>>('/courses', { status: 'published', search, pageSize: 50 }),
  });
  const assign = useMutation({
    mutationFn: (v: Values) =>
      api.post<AssignmentResult>(`/courses/${v.courseId}/assignments`, {
        employeeIds: people.map((p) => p.employeeId),
        dueDate: v.dueDate.format('YYYY-MM-DD'),
      }),
    onSuccess: (r) => {
      void message.success(t('team.assigned', { created: r.created, updated: r.updated }));
      void qc.invalidateQueries({ queryKey: catalogKeys.team });
      onClose(true);
    },
    onError: (e) => applyServerErrors(form, e, ['dueDate']),
  });
  return (
    <Modal
      open
      title={t('team.assignTitle')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('team.assignOk')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
      okButtonProps={{ 'data-testid': 'assign-ok' }}
      destroyOnHidden
    >
      {assign.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={assign.error} />
        </div>
      )}
      <Typography.Paragraph>{t('team.assignTo', { count: people.length })}</Typography.Paragraph>
      <div style={{ maxHeight: 96, overflow: 'auto', marginBottom: 16 }}>
        {people.map((p) => (
          <Tag key={p.employeeId}>{p.name}</Tag>
        ))}
      </div>
      <Form form={form} layout="vertical" onFinish={(v) => assign.mutate(v)}>
        <Form.Item name="courseId" label={t('team.course')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={courses.isFetching}
            options={courses.data?.items.map((c) => ({ value: c.id, label: localName(c.title, c.titleEn) }))}
            data-testid="assign-course"
          />
        </Form.Item>
        <Form.Item name="dueDate" label={t('team.dueDate')} rules={[{ required: true }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
            data-testid="assign-due"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
