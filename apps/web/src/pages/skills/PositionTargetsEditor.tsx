import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import type { TargetItem } from '@xueli/contracts';
import { App as AntApp, Alert, Button, Empty, Flex, InputNumber, Select, Skeleton, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useFramework,
  usePositionTargets,
  usePublishedFrameworks,
  useSavePositionTargets,
} from '../../api/skills.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';
import { rowProblems } from './skillsView.ts';

export type Row = Pick<TargetItem, 'kpId' | 'kpCode' | 'kpName' | 'kpNameEn' | 'frameworkId' | 'target' | 'weight'>;

const DEFAULT_TARGET = 0.7;
const DEFAULT_WEIGHT = 1;

/** Picks points of a published framework (indented by depth) that are not in the table yet. */
export function PointPicker({ taken, onAdd }: { taken: Set<number>; onAdd: (rows: Row[]) => void }) {
  const { t } = useTranslation();
  const frameworks = usePublishedFrameworks();
  const [frameworkId, setFrameworkId] = useState<number | undefined>();
  const [picked, setPicked] = useState<number[]>([]);
  const fw = useFramework(frameworkId);
  const options = (fw.data?.points ?? [])
    .filter((p) => !taken.has(p.id))
    .map((p) => ({
      value: p.id,
      label: `${'\u00a0\u00a0'.repeat(p.depth)}${p.code} ${localName(p.name, p.nameEn)}`,
    }));
  const add = () => {
    const byId = new Map((fw.data?.points ?? []).map((p) => [p.id, p]));
    onAdd(
      picked.flatMap((id) => {
        const p = byId.get(id);
        return p
          ? [
              {
                kpId: p.id,
                kpCode: p.code,
                kpName: p.name,
                kpNameEn: p.nameEn,
                frameworkId: p.frameworkId,
                target: DEFAULT_TARGET,
                weight: DEFAULT_WEIGHT,
              },
            ]
          : [];
      }),
    );
    setPicked([]);
  };
  if (frameworks.isError) return <ProblemAlert error={frameworks.error} />;
  if (frameworks.data && frameworks.data.items.length === 0)
    return <Alert type="info" showIcon message={t('skills.targets.noFrameworks')} />;
  return (
    <Flex gap={8} wrap="wrap" align="center">
      <Select<number>
        placeholder={t('skills.targets.pickFramework')}
        loading={frameworks.isPending}
        value={frameworkId}
        onChange={(v) => {
          setFrameworkId(v);
          setPicked([]);
        }}
        options={(frameworks.data?.items ?? []).map((f) => ({
          value: f.id,
          label: `${localName(f.name, f.nameEn)} ${f.version}`,
        }))}
        style={{ width: 220, maxWidth: '100%' }}
        data-testid="targets-framework"
      />
      <Select<number[]>
        mode="multiple"
        allowClear
        placeholder={t('skills.targets.pickPoints')}
        disabled={frameworkId === undefined}
        loading={fw.isFetching}
        value={picked}
        onChange={setPicked}
        options={options}
        optionFilterProp="label"
        maxTagCount="responsive"
        style={{ flex: '1 1 260px', minWidth: 200, maxWidth: '100%' }}
        data-testid="targets-points"
      />
      <Button icon={<PlusOutlined />} disabled={picked.length === 0} onClick={add} data-testid="targets-add">
        {t('skills.targets.add')}
      </Button>
      {options.length > 0 && (
        <Button
          type="link"
          onClick={() => setPicked(options.map((o) => o.value))}
          disabled={frameworkId === undefined}
        >
          {t('skills.targets.pickAll')}
        </Button>
      )}
    </Flex>
  );
}

/**
 * A position's target mastery T and weight per knowledge point: edit, add points from a
 * framework, remove rows, and Save (PUT replaces the whole set; server problems appear above
 * the table and on the rows they name).
 */
export function PositionTargetsEditor({ positionId }: { positionId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const q = usePositionTargets(positionId);
  const save = useSavePositionTargets(positionId);
  /** null: not edited, the server's set is shown. */
  const [edited, setEdited] = useState<Row[] | null>(null);
  const rows: Row[] = edited ?? q.data?.items ?? [];
  const taken = useMemo(() => new Set(rows.map((r) => r.kpId)), [rows]);
  const problems = useMemo(() => rowProblems(save.error, rows), [save.error, rows]);
  const update = (kpId: number, patch: Partial<Row>) =>
    setEdited(rows.map((r) => (r.kpId === kpId ? { ...r, ...patch } : r)));
  if (q.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (q.isError) return <ProblemAlert error={q.error} />;
  return (
    <Flex vertical gap={12} data-testid="targets-editor">
      <PointPicker taken={taken} onAdd={(added) => setEdited([...rows, ...added])} />
      {save.isError && <ProblemAlert error={save.error} testId="targets-error" />}
      <Table<Row>
        rowKey="kpId"
        size="small"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('skills.targets.empty')} /> }}
        data-testid="targets-table"
        columns={[
          {
            title: t('skills.targets.point'),
            key: 'kp',
            render: (_, r, i) => (
              <Flex vertical>
                <span>
                  <Typography.Text type="secondary">{r.kpCode}</Typography.Text> {localName(r.kpName, r.kpNameEn)}
                </span>
                {problems.get(i)?.map((m) => (
                  <Typography.Text key={m} type="danger" style={{ fontSize: 12 }}>
                    {m}
                  </Typography.Text>
                ))}
              </Flex>
            ),
          },
          {
            title: t('skills.target'),
            key: 'target',
            width: 130,
            render: (_, r) => (
              <InputNumber<number>
                size="small"
                min={0}
                max={100}
                step={5}
                precision={0}
                suffix="%"
                value={Math.round(r.target * 100)}
                onChange={(v) => update(r.kpId, { target: v === null ? 0 : v / 100 })}
                style={{ width: 100 }}
                aria-label={`${t('skills.target')} ${r.kpCode}`}
                data-testid={`target-${r.kpId}`}
              />
            ),
          },
          {
            title: t('skills.weight'),
            key: 'weight',
            width: 110,
            render: (_, r) => (
              <InputNumber<number>
                size="small"
                min={0.1}
                max={100}
                step={0.5}
                value={r.weight}
                onChange={(v) => update(r.kpId, { weight: v ?? DEFAULT_WEIGHT })}
                style={{ width: 80 }}
                aria-label={`${t('skills.weight')} ${r.kpCode}`}
                data-testid={`weight-${r.kpId}`}
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 70,
            render: (_, r) => (
              <Button
                size="small"
                danger
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('skills.targets.remove')}
                title={t('skills.targets.remove')}
                onClick={() => setEdited(rows.filter((x) => x.kpId !== r.kpId))}
                data-testid={`target-remove-${r.kpId}`}
              />
            ),
          },
        ]}
      />
      <Flex gap={8} justify="space-between" align="center" wrap="wrap">
        <Typography.Text type="secondary">
          {t('skills.targets.count', { count: rows.length })}
          {edited !== null && ` · ${t('skills.targets.unsaved')}`}
        </Typography.Text>
        <Flex gap={8}>
          <Button
            icon={<UndoOutlined />}
            disabled={edited === null}
            onClick={() => {
              setEdited(null);
              save.reset();
            }}
          >
            {t('skills.targets.reset')}
          </Button>
          <Button
            type="primary"
            loading={save.isPending}
            disabled={edited === null}
            data-testid="targets-save"
            onClick={() =>
              save.mutate(
                rows.map((r) => ({ kpId: r.kpId, target: r.target, weight: r.weight })),
                {
                  onSuccess: () => {
                    setEdited(null);
                    void message.success(t('skills.targets.saved'));
                  },
                },
              )
            }
          >
            {t('common.save')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
