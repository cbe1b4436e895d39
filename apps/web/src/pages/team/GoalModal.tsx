import type { AssignGoalBody, AssignGoalResult } from '@xueli/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentTree, useDepartments, usePositions } from '../../api/org.ts';
import { useProgrammes } from '../../api/certification.ts';
import { useAssignGoal, useCuratedPaths } from '../../api/paths.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';
import { localText, type TargetRow } from '../paths/pathView.ts';
import { TargetsInput } from '../paths/TargetsInput.tsx';

type Kind = AssignGoalBody['kind'];

interface Values {
  /** Also everyone active in this department and its sub-departments (within the caller's scope). */
  departmentId?: number;
  kind: Kind;
  positionId?: number;
  targets?: TargetRow[];
  curatedPathId?: number;
  certLevelId?: number;
  deadline?: Dayjs;
  hoursPerWeek?: number;
  note?: string;
}

const FIELDS = ['departmentId', 'kind', 'positionId', 'targets', 'curatedPathId', 'certLevelId', 'deadline', 'hoursPerWeek', 'note'] as const;

export interface GoalPerson {
  employeeId: number;
  name: string;
}

/** The values as POST /goals takes them (only the fields of the chosen kind). */
function toBody(people: GoalPerson[], v: Values): AssignGoalBody {
  const note = v.note?.trim();
  return {
    employeeIds: people.map((p) => p.employeeId),
    ...(v.departmentId !== undefined ? { departmentId: v.departmentId } : {}),
    kind: v.kind,
    ...(v.kind === 'position' ? { positionId: v.positionId } : {}),
    ...(v.kind === 'kps' ? { targets: v.targets ?? [] } : {}),
    ...(v.kind === 'curated' ? { curatedPathId: v.curatedPathId } : {}),
    ...(v.kind === 'cert_level' ? { certLevelId: v.certLevelId } : {}),
    ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}),
    ...(v.hoursPerWeek ? { hoursPerWeek: v.hoursPerWeek } : {}),
    ...(note ? { note } : {}),
  };
}

function GoalResult({ result, people }: { result: AssignGoalResult; people: GoalPerson[] }) {
  const { t } = useTranslation();
  const name = (id: number) => people.find((p) => p.employeeId === id)?.name ?? `#${id}`;
  return (
    <>
      <Alert
        type="success"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('paths.goalModal.result', { assigned: result.assigned, replaced: result.replaced })}
        data-testid="goal-result"
      />
      {result.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('paths.goalModal.warnings')}
          data-testid="goal-warnings"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {result.warnings.map((w, i) => (
                <li key={`${w.employeeId}-${w.code}-${i}`}>
                  <Typography.Text strong>{name(w.employeeId)}</Typography.Text>: {localText(w.message)}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
}

/**
 * Assigns a learning goal — a position's targets, chosen knowledge points with targets, or a
 * curated path — with an optional deadline and weekly hours to the selected people. Each is
 * re-planned at once; the result (and any warning, e.g. points no module teaches) stays in
 * the modal until it is closed.
 */
export function GoalModal({ people, onClose }: { people: GoalPerson[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'kps';
  const [result, setResult] = useState<AssignGoalResult | null>(null);
  const positions = usePositions();
  const departments = useDepartments();
  const curated = useCuratedPaths();
  const programmes = useProgrammes();
  const assign = useAssignGoal();
  const submit = (v: Values) =>
    assign.mutate(toBody(people, v), {
      onSuccess: (r) => {
        void message.success(t('paths.goalModal.result', { assigned: r.assigned, replaced: r.replaced }));
        setResult(r);
      },
      onError: (e) => applyServerErrors(form, e, FIELDS),
    });
  return (
    <Modal
      open
      width={720}
      title={t('paths.goalModal.title')}
      onCancel={() => onClose(result !== null)}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={() => onClose(true)} data-testid="goal-done">
            {t('paths.goalModal.done')}
          </Button>
        ) : (
          <>
            <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={assign.isPending} onClick={() => form.submit()} data-testid="goal-ok">
              {t('paths.goalModal.ok')}
            </Button>
          </>
        )
      }
    >
      {result ? (
        <GoalResult result={result} people={people} />
      ) : (
        <>
          {assign.isError && (
            <div style={{ marginBottom: 12 }}>
              <ProblemAlert error={assign.error} testId="goal-error" />
            </div>
          )}
          <Typography.Paragraph>{t('paths.goalModal.assignTo', { count: people.length })}</Typography.Paragraph>
          <div style={{ maxHeight: 96, overflow: 'auto', marginBottom: 16 }}>
            {people.map((p) => (
              <Tag key={p.employeeId}>{p.name}</Tag>
            ))}
          </div>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ kind: 'kps', targets: [], hoursPerWeek: 3 }}
            onFinish={submit}
          >
            <Form.Item name="departmentId" label={t('paths.goalModal.department')} extra={t('paths.goalModal.departmentHelp')}>
              <TreeSelect<number>
                allowClear
                treeDefaultExpandAll
                loading={departments.isPending}
                treeData={departmentTree(departments.data?.items ?? [], (d) => localName(d.name, d.nameEn))}
                data-testid="goal-department"
              />
            </Form.Item>
            <Form.Item name="kind" label={t('paths.goalModal.kind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                data-testid="goal-kind"
                options={[
                  { value: 'kps', label: t('paths.goalModal.kindKps') },
                  { value: 'position', label: t('paths.goalModal.kindPosition') },
                  { value: 'curated', label: t('paths.goalModal.kindCurated') },
                  { value: 'cert_level', label: t('paths.goalModal.kindCertLevel') },
                ]}
              />
            </Form.Item>
            {kind === 'position' && (
              <Form.Item name="positionId" label={t('paths.goalModal.position')} rules={[{ required: true }]}>
                <Select<number>
                  showSearch
                  optionFilterProp="label"
                  loading={positions.isPending}
                  options={positions.data?.items.map((p) => ({
                    value: p.id,
                    label: `${p.code} ${localName(p.name, p.nameEn)}`,
                  }))}
                  data-testid="goal-position"
                />
              </Form.Item>
            )}
            {kind === 'kps' && (
              <Form.Item
                name="targets"
                label={t('paths.goalModal.targets')}
                rules={[
                  {
                    validator: (_, v: TargetRow[] | undefined) =>
                      v && v.length > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('paths.goalModal.targetsRequired'))),
                  },
                ]}
              >
                <TargetsInput testId="goal-targets" />
              </Form.Item>
            )}
            {kind === 'curated' && (
              <Form.Item name="curatedPathId" label={t('paths.goalModal.curatedPath')} rules={[{ required: true }]}>
                <Select<number>
                  showSearch
                  optionFilterProp="label"
                  loading={curated.isPending}
                  notFoundContent={curated.isError ? curated.error.message : undefined}
                  options={curated.data?.items.map((c) => ({ value: c.id, label: localName(c.title, c.titleEn) }))}
                  data-testid="goal-curated"
                />
              </Form.Item>
            )}
            {kind === 'cert_level' && (
              <Form.Item name="certLevelId" label={t('paths.goalModal.certLevel')} rules={[{ required: true }]}>
                <Select<number>
                  showSearch
                  optionFilterProp="label"
                  loading={programmes.isPending}
                  notFoundContent={programmes.isError ? programmes.error.message : t('paths.goalModal.noCertLevels')}
                  options={programmes.data?.items
                    .filter((p) => p.status === 'active')
                    .flatMap((p) => p.levels.map((l) => ({ value: l.id, label: `${localName(p.name, p.nameEn)} · ${t(`certs.level.${l.level}`)}` })))}
                  data-testid="goal-cert-level"
                />
              </Form.Item>
            )}
            <Flex gap={16} wrap="wrap">
              <Form.Item name="deadline" label={t('paths.goalModal.deadline')} style={{ flex: '1 1 200px' }}>
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                  data-testid="goal-deadline"
                />
              </Form.Item>
              <Form.Item name="hoursPerWeek" label={t('paths.goalModal.hoursPerWeek')} style={{ flex: '1 1 200px' }}>
                <InputNumber<number> min={0.5} max={80} step={0.5} style={{ width: '100%' }} data-testid="goal-hours" />
              </Form.Item>
            </Flex>
            <Form.Item name="note" label={t('paths.goalModal.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
