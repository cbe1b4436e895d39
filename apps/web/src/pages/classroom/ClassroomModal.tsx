import type { ClassroomRecord } from '@xueli/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Col, DatePicker, Form, Input, InputNumber, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { api } from '../../api/client.ts';
import { EmployeeSelect } from '../../components/EmployeeSelect.tsx';
import { FormModal } from '../../components/FormModal.tsx';

interface Values {
  title: string;
  sessionDate: Dayjs;
  hours: number;
  location?: string;
  trainerName?: string;
  employeeIds: number[];
  score?: number | null;
  notes?: string;
}

const FIELDS = ['title', 'sessionDate', 'hours', 'location', 'trainerName', 'employeeIds', 'score', 'notes'];

/** Records one offline session for several employees (all-or-nothing on the server). */
export function ClassroomModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  return (
    <FormModal<Values, { items: ClassroomRecord[] }>
      width={640}
      title={t('classroom.create')}
      onClose={onClose}
      saveTestId="classroom-save"
      errorFields={FIELDS}
      onSubmit={(v) => {
        const body: Record<string, unknown> = {
          title: v.title,
          sessionDate: v.sessionDate.format('YYYY-MM-DD'),
          hours: v.hours,
          employeeIds: v.employeeIds,
        };
        for (const k of ['location', 'trainerName', 'notes'] as const) if (v[k]?.trim()) body[k] = v[k].trim();
        if (typeof v.score === 'number') body.score = v.score;
        return api.post<{ items: ClassroomRecord[] }>('/classroom-records', body);
      }}
      onSaved={(r) => {
        void message.success(t('classroom.created', { count: r.items.length }));
        void qc.invalidateQueries({ queryKey: catalogKeys.classroom });
        onClose();
      }}
      initialValues={{ sessionDate: dayjs(), hours: 2 }}
    >
      <Form.Item name="title" label={t('classroom.sessionTitle')} rules={[{ required: true }, { max: 200 }]}>
        <Input data-testid="classroom-title" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="sessionDate" label={t('classroom.sessionDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="hours" label={t('classroom.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="location" label={t('classroom.location')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="trainerName" label={t('classroom.trainer')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="employeeIds"
        label={t('classroom.attendees')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <EmployeeSelect multiple testId="classroom-employees" />
      </Form.Item>
      <Form.Item name="score" label={t('classroom.score')}>
        <InputNumber min={0} max={100} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="notes" label={t('classroom.notes')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}
