import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CourseDetail, CourseSummary, CuratedPath, CuratedPathBody, Page } from '@xueli/contracts';
import { useQuery } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogKeys } from '../../api/catalog.ts';
import { ApiError, api } from '../../api/client.ts';
import { useSaveCuratedPath } from '../../api/paths.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatMinutes } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import type { TargetRow } from './pathView.ts';
import { TargetsInput } from './TargetsInput.tsx';

/** A module of the path, with what the list shows of it. */
export type ModuleRow = CuratedPath['modules'][number];

interface Values {
  title: string;
  titleEn?: string;
  description?: string;
  modules: ModuleRow[];
  targets: TargetRow[];
}

const FIELDS = ['title', 'titleEn', 'description', 'targets'] as const;

/** Picks modules of one published course (loaded with its modules) to append to the path. */
function ModulePicker({ taken, onAdd }: { taken: Set<number>; onAdd: (rows: ModuleRow[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [courseId, setCourseId] = useState<number | undefined>();
  const [picked, setPicked] = useState<number[]>([]);
  const courses = useQuery({
    queryKey: [...catalogKeys.courses, 'published', search],
    queryFn: () => api.get<Page<CourseSummary>>('/courses', { status: 'published', search, pageSize: 50 }),
  });
  const course = useQuery({
    queryKey: catalogKeys.course(courseId ?? 0),
    queryFn: () => api.get<CourseDetail>(`/courses/${courseId}`),
    enabled: courseId !== undefined,
  });
  const modules = (course.data?.modules ?? []).filter((m) => !taken.has(m.id));
  const add = () => {
    const c = course.data;
    if (!c) return;
    onAdd(
      c.modules
        .filter((m) => picked.includes(m.id))
        .map((m) => ({
          id: m.id,
          title: m.title,
          titleEn: m.titleEn,
          courseId: c.id,
          courseTitle: c.title,
          estimatedMinutes: m.estimatedMinutes,
        })),
    );
    setPicked([]);
  };
  return (
    <Flex gap={8} wrap="wrap">
      <Select<number>
        showSearch
        filterOption={false}
        onSearch={setSearch}
        value={courseId}
        onChange={(v) => {
          setCourseId(v);
          setPicked([]);
        }}
        loading={courses.isFetching}
        placeholder={t('paths.curated.pickCourse')}
        options={courses.data?.items.map((c) => ({ value: c.id, label: localName(c.title, c.titleEn) }))}
        style={{ flex: '1 1 200px', minWidth: 180 }}
        data-testid="curated-course"
      />
      <Select<number[]>
        mode="multiple"
        allowClear
        disabled={courseId === undefined}
        loading={course.isFetching}
        value={picked}
        onChange={setPicked}
        placeholder={t('paths.curated.pickModules')}
        optionFilterProp="label"
        maxTagCount="responsive"
        options={modules.map((m) => ({ value: m.id, label: localName(m.title, m.titleEn) }))}
        style={{ flex: '1 1 200px', minWidth: 180 }}
        data-testid="curated-modules-pick"
      />
      <Button icon={<PlusOutlined />} disabled={picked.length === 0} onClick={add} data-testid="curated-modules-add">
        {t('paths.curated.addModules')}
      </Button>
    </Flex>
  );
}

/** The path's modules in order (a form control): add from a course, move up/down, remove. */
function ModulesInput({ value, onChange }: { value?: ModuleRow[]; onChange?: (rows: ModuleRow[]) => void }) {
  const { t } = useTranslation();
  const rows = value ?? [];
  const move = (i: number, delta: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + delta, 0, row!);
    onChange?.(next);
  };
  return (
    <Flex vertical gap={8}>
      <ModulePicker taken={new Set(rows.map((r) => r.id))} onAdd={(added) => onChange?.([...rows, ...added])} />
      <List
        size="small"
        bordered
        dataSource={rows}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('paths.curated.noModules')} />,
        }}
        data-testid="curated-modules"
        renderItem={(m, i) => (
          <List.Item
            data-testid={`curated-module-${m.id}`}
            actions={[
              <Tooltip key="up" title={t('paths.moveUp')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  aria-label={t('paths.moveUp')}
                />
              </Tooltip>,
              <Tooltip key="down" title={t('paths.moveDown')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowDownOutlined />}
                  disabled={i === rows.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={t('paths.moveDown')}
                />
              </Tooltip>,
              <Button
                key="remove"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => onChange?.(rows.filter((r) => r.id !== m.id))}
                aria-label={t('paths.targets.remove')}
              />,
            ]}
          >
            <Flex vertical>
              <Typography.Text>
                {i + 1}. {localName(m.title, m.titleEn)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.courseTitle} · {formatMinutes(m.estimatedMinutes)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Flex>
  );
}

const toBody = (v: Values): CuratedPathBody => ({
  title: v.title,
  ...(v.titleEn?.trim() ? { titleEn: v.titleEn.trim() } : {}),
  ...(v.description?.trim() ? { description: v.description.trim() } : {}),
  moduleIds: v.modules.map((m) => m.id),
  targets: v.targets,
});

/** Creates (path = null) or edits a curated path: titles, description, modules in order, targets. */
export function CuratedPathDrawer({ path, onClose }: { path: CuratedPath | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const save = useSaveCuratedPath(path?.id ?? null);
  const submit = (v: Values) =>
    save.mutate(toBody(v), {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => {
        applyServerErrors(form, e, FIELDS);
        // The server names modules by `moduleIds`; the form holds them as `modules`.
        const moduleErrors =
          e instanceof ApiError ? (e.problem.errors ?? []).filter((x) => x.path.startsWith('moduleIds')) : [];
        if (moduleErrors.length) form.setFields([{ name: 'modules', errors: moduleErrors.map((x) => x.message) }]);
      },
    });
  const initial: Values = path
    ? {
        title: path.title,
        titleEn: path.titleEn ?? '',
        description: path.description,
        modules: path.modules,
        targets: path.targets.map((x) => ({ kpId: x.kpId, target: x.target, weight: x.weight })),
      }
    : { title: '', modules: [], targets: [] };
  return (
    <Drawer
      open
      width={screens.md ? 720 : '100%'}
      title={path ? t('paths.curated.edit') : t('paths.curated.create')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="curated-save">
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
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="title" label={t('paths.curated.name')} rules={[{ required: true }, { max: 200 }]}>
          <Input data-testid="curated-title" />
        </Form.Item>
        <Form.Item name="titleEn" label={t('paths.curated.nameEn')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('paths.curated.description')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="modules" label={t('paths.curated.modules')}>
          <ModulesInput />
        </Form.Item>
        <Form.Item name="targets" label={t('paths.curated.targets')} extra={t('paths.curated.targetsHelp')}>
          <TargetsInput
            testId="curated-targets"
            known={path?.targets.map((x) => ({ id: x.kpId, code: x.kpCode, name: localName(x.kpName, x.kpNameEn) }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
