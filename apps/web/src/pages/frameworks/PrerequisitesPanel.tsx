/**
 * The prerequisite edges of the selected point: what it requires (learn first) and what
 * requires it, with add and remove on drafts. An edge that would close a cycle is refused by
 * the server (409 with `cycle`); that refusal is shown prominently with the cycle spelled out.
 */
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { FrameworkDetail, KnowledgePointItem, PrerequisiteEdge } from '@xueli/contracts';
import { Alert, App as AntApp, Button, Empty, Flex, List, Select, Space, Tag, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFrameworkChange } from '../../api/frameworks.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { pointLabel } from './PointFields.tsx';

/** The codes of the cycle a 409 reports, or null for any other error. */
function cycleOf(e: unknown): string[] | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const c = e.problem.cycle;
  return Array.isArray(c) && c.every((x) => typeof x === 'string') ? c : null;
}

export function CycleAlert({ error, onClose }: { error: ApiError; onClose?: () => void }) {
  const { t } = useTranslation();
  const cycle = cycleOf(error) ?? [];
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      data-testid="cycle-alert"
      message={t('frameworks.cycleTitle')}
      description={
        <>
          <div data-testid="cycle-detail">{error.problem.detail}</div>
          <Flex wrap="wrap" align="center" gap={4} style={{ marginTop: 8 }} data-testid="cycle-path">
            {cycle.map((code, i) => (
              <Fragment key={`${code}-${i}`}>
                {i > 0 && <span aria-hidden>→</span>}
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  {code}
                </Tag>
              </Fragment>
            ))}
          </Flex>
        </>
      }
    />
  );
}

function EdgeList({
  title,
  testId,
  points,
  editable,
  onRemove,
  removing,
}: {
  title: string;
  testId: string;
  points: KnowledgePointItem[];
  editable: boolean;
  onRemove: (p: KnowledgePointItem) => void;
  removing: number | null;
}) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      bordered
      header={<Typography.Text strong>{title}</Typography.Text>}
      dataSource={points}
      locale={{ emptyText: t('frameworks.noneYet') }}
      data-testid={testId}
      renderItem={(p) => (
        <List.Item
          data-testid={`${testId}-${p.code}`}
          actions={
            editable
              ? [
                  <Button
                    key="remove"
                    size="small"
                    type="text"
                    danger
                    icon={<CloseOutlined />}
                    loading={removing === p.id}
                    aria-label={t('frameworks.removeEdge')}
                    title={t('frameworks.removeEdge')}
                    onClick={() => onRemove(p)}
                    data-testid={`${testId}-remove-${p.code}`}
                  />,
                ]
              : []
          }
        >
          <Typography.Text style={{ overflowWrap: 'anywhere' }}>{pointLabel(p)}</Typography.Text>
        </List.Item>
      )}
    />
  );
}

function AddEdge({
  testId,
  placeholder,
  candidates,
  pending,
  onAdd,
}: {
  testId: string;
  placeholder: string;
  candidates: KnowledgePointItem[];
  pending: boolean;
  onAdd: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<number | undefined>();
  return (
    <Space.Compact style={{ width: '100%', marginTop: 8 }}>
      <Select<number>
        showSearch
        allowClear
        value={chosen}
        onChange={setChosen}
        placeholder={placeholder}
        optionFilterProp="label"
        options={candidates.map((p) => ({ value: p.id, label: pointLabel(p) }))}
        style={{ flex: 1, minWidth: 0 }}
        popupMatchSelectWidth={false}
        data-testid={`${testId}-select`}
      />
      <Button
        type="primary"
        icon={<PlusOutlined />}
        disabled={chosen === undefined}
        loading={pending}
        onClick={() => {
          if (chosen !== undefined) onAdd(chosen);
          setChosen(undefined);
        }}
        data-testid={`${testId}-add`}
      >
        {t('frameworks.addEdge')}
      </Button>
    </Space.Compact>
  );
}

export function PrerequisitesPanel({
  framework,
  point,
  editable,
}: {
  framework: FrameworkDetail;
  point: KnowledgePointItem | null;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const add = useFrameworkChange<PrerequisiteEdge>((e) => ({
    method: 'POST',
    path: `/frameworks/${framework.id}/prerequisites`,
    body: e,
  }));
  const remove = useFrameworkChange<PrerequisiteEdge>((e) => ({
    method: 'DELETE',
    path: `/frameworks/${framework.id}/prerequisites/${e.fromId}/${e.toId}`,
  }));
  if (!point) return <Empty description={t('frameworks.selectPoint')} />;

  const byId = new Map(framework.points.map((p) => [p.id, p]));
  const requires = framework.prerequisites.filter((e) => e.toId === point.id).flatMap((e) => byId.get(e.fromId) ?? []);
  const requiredBy = framework.prerequisites
    .filter((e) => e.fromId === point.id)
    .flatMap((e) => byId.get(e.toId) ?? []);
  const others = (taken: KnowledgePointItem[]) =>
    framework.points.filter((p) => p.id !== point.id && !taken.some((q) => q.id === p.id));
  const addEdge = (edge: PrerequisiteEdge) =>
    add.mutate(edge, { onSuccess: () => void message.success(t('frameworks.edgeAdded')) });
  const removeEdge = (edge: PrerequisiteEdge) =>
    remove.mutate(edge, { onError: (e) => void message.error(e.message, 6) });
  const removingId = (side: 'from' | 'to') =>
    remove.isPending && remove.variables ? (side === 'from' ? remove.variables.fromId : remove.variables.toId) : null;
  const cycle = add.error && cycleOf(add.error) ? (add.error as ApiError) : null;

  return (
    <Flex vertical gap={16} data-testid="prereq-panel">
      <Typography.Text>
        {t('frameworks.edgesOf')} <Typography.Text strong>{pointLabel(point)}</Typography.Text>
      </Typography.Text>
      {cycle && <CycleAlert error={cycle} onClose={() => add.reset()} />}
      {add.isError && !cycle && <ProblemAlert error={add.error} />}
      <div>
        <EdgeList
          title={t('frameworks.requires')}
          testId="requires"
          points={requires}
          editable={editable}
          removing={removingId('from')}
          onRemove={(p) => removeEdge({ fromId: p.id, toId: point.id })}
        />
        {editable && (
          <AddEdge
            key={`requires-${point.id}`}
            testId="requires"
            placeholder={t('frameworks.addRequires')}
            candidates={others(requires)}
            pending={add.isPending && add.variables?.toId === point.id}
            onAdd={(id) => addEdge({ fromId: id, toId: point.id })}
          />
        )}
      </div>
      <div>
        <EdgeList
          title={t('frameworks.requiredBy')}
          testId="required-by"
          points={requiredBy}
          editable={editable}
          removing={removingId('to')}
          onRemove={(p) => removeEdge({ fromId: point.id, toId: p.id })}
        />
        {editable && (
          <AddEdge
            key={`required-by-${point.id}`}
            testId="required-by"
            placeholder={t('frameworks.addRequiredBy')}
            candidates={others(requiredBy)}
            pending={add.isPending && add.variables?.fromId === point.id}
            onAdd={(id) => addEdge({ fromId: point.id, toId: id })}
          />
        )}
      </div>
    </Flex>
  );
}
