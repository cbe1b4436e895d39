/**
 * /skills/frameworks/:id: one framework version. Left, the hierarchy of knowledge points as a
 * tree (select one to edit or read it; add top-level and child points on drafts); right, the
 * selected point's prerequisites and the whole prerequisite graph. The selected point is kept
 * in the URL (`?kp=`), so a link opens the same view.
 */
import { PlusOutlined } from '@ant-design/icons';
import type { FrameworkDetail, KnowledgePointItem } from '@xueli/contracts';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Select,
  Tabs,
  Tree,
  Typography,
  type TreeDataNode,
} from 'antd';
import { useCallback, useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import {
  pointCreateBody,
  useFrameworkChange,
  useFrameworkDetail,
  useFrameworkList,
  type PointFields as PointValues,
} from '../../api/frameworks.ts';
import { useUser } from '../../auth/session.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../format.ts';
import { localName } from '../../i18n/label.ts';
import { allowed, ROLES_AUTHORING } from '../../layout/nav.tsx';
import { FrameworkActions } from './FrameworkActions.tsx';
import { StatusTag } from './FrameworksPage.tsx';
import { POINT_ERROR_FIELDS, PointFields } from './PointFields.tsx';
import { PointEditor } from './PointEditor.tsx';
import { PrerequisiteGraph } from './PrerequisiteGraph.tsx';
import { PrerequisitesPanel } from './PrerequisitesPanel.tsx';
import { buildTree, type TreeNode } from './structure.ts';

function AddPointModal({
  framework,
  parentId,
  onClose,
  onAdded,
}: {
  framework: FrameworkDetail;
  parentId: number | null;
  onClose: () => void;
  onAdded: (p: KnowledgePointItem) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const create = useFrameworkChange<PointValues, KnowledgePointItem>((v) => ({
    method: 'POST',
    path: `/frameworks/${framework.id}/points`,
    body: pointCreateBody(v),
  }));
  const parent = framework.points.find((p) => p.id === parentId);
  return (
    <FormModal<PointValues, KnowledgePointItem>
      title={parent ? t('frameworks.addChildOf', { code: parent.code }) : t('frameworks.addTopLevel')}
      onClose={onClose}
      saveTestId="point-create-ok"
      initialValues={{ parentId, domain: parent?.domain ?? '' }}
      errorFields={POINT_ERROR_FIELDS}
      onSubmit={(v) => create.mutateAsync(v)}
      onSaved={(p) => {
        void message.success(t('frameworks.pointAdded', { code: p.code }));
        onAdded(p);
        onClose();
      }}
    >
      <PointFields points={framework.points} />
    </FormModal>
  );
}

function PointTree({
  points,
  selectedId,
  onSelect,
}: {
  points: readonly KnowledgePointItem[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const treeData = useMemo(() => {
    const toNode = (n: TreeNode<KnowledgePointItem>): TreeDataNode => ({
      key: n.point.id,
      title: (
        <span data-testid={`kp-node-${n.point.code}`}>
          <Typography.Text strong>{n.point.code}</Typography.Text> {localName(n.point.name, n.point.nameEn)}
        </span>
      ),
      children: n.children.map(toNode),
    });
    return buildTree(points).map(toNode);
    // i18n.language: the names follow the UI language.
  }, [points, i18n.language]);
  // Every branch open at first; the user may fold them after.
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const allParents = useMemo(
    () => [...new Set(points.flatMap((p) => (p.parentId === null ? [] : [p.parentId])))],
    [points],
  );
  if (points.length === 0) return <Empty description={t('frameworks.noPoints')} />;
  return (
    <div style={{ overflow: 'auto', maxHeight: 560 }} data-testid="kp-tree">
      <Tree
        blockNode
        showLine
        treeData={treeData}
        expandedKeys={expanded ?? allParents}
        onExpand={(keys) => setExpanded(keys)}
        selectedKeys={selectedId === null ? [] : [selectedId]}
        onSelect={(keys) => {
          const k = keys[0];
          if (k !== undefined) onSelect(Number(k));
        }}
      />
    </div>
  );
}

function Summary({ framework }: { framework: FrameworkDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const versions = useFrameworkList({ code: framework.code });
  const sameCode = (versions.data?.items ?? []).filter((f) => f.code === framework.code);
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 4 }}
      style={{ marginBottom: 16 }}
      data-testid="framework-summary"
      items={[
        {
          key: 'code',
          label: t('frameworks.code'),
          children: <Typography.Text code>{framework.code}</Typography.Text>,
        },
        {
          key: 'version',
          label: t('frameworks.version'),
          children:
            sameCode.length > 1 ? (
              <Select<number>
                size="small"
                value={framework.id}
                onChange={(id) => void navigate(`/skills/frameworks/${id}`)}
                options={sameCode.map((f) => ({
                  value: f.id,
                  label: `${f.version} · ${t(`frameworks.status.${f.status}`)}`,
                }))}
                popupMatchSelectWidth={false}
                data-testid="framework-versions"
              />
            ) : (
              <span data-testid="framework-version-label">{framework.version}</span>
            ),
        },
        {
          key: 'status',
          label: t('common.status'),
          children: <StatusTag status={framework.status} testId="framework-status" />,
        },
        {
          key: 'counts',
          label: t('frameworks.counts'),
          children: (
            <span data-testid="framework-counts">
              {t('frameworks.countsValue', { points: framework.points.length, edges: framework.prerequisites.length })}
            </span>
          ),
        },
        { key: 'updated', label: t('frameworks.updatedAt'), children: formatDateTime(framework.updatedAt) },
        { key: 'published', label: t('frameworks.publishedAt'), children: formatDateTime(framework.publishedAt) },
        ...(framework.description
          ? [
              {
                key: 'description',
                label: t('frameworks.description'),
                span: 'filled' as const,
                children: framework.description,
              },
            ]
          : []),
      ]}
    />
  );
}

function Editor({ framework, canAuthor }: { framework: FrameworkDetail; canAuthor: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState<{ parentId: number | null } | null>(null);
  const editable = canAuthor && framework.status === 'draft';
  const kp = Number(params.get('kp'));
  const selected = framework.points.find((p) => p.id === kp) ?? null;
  const select = useCallback(
    (id: number | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id === null) next.delete('kp');
          else next.set('kp', String(id));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          <Card
            title={t('frameworks.points')}
            size="small"
            extra={
              editable && (
                <Flex gap={4} wrap="wrap" justify="flex-end">
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setAdding({ parentId: null })}
                    data-testid="point-add-top"
                  >
                    {t('frameworks.addTopLevelShort')}
                  </Button>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={!selected}
                    onClick={() => selected && setAdding({ parentId: selected.id })}
                    data-testid="point-add-child"
                  >
                    {t('frameworks.addChild')}
                  </Button>
                </Flex>
              )
            }
          >
            {!editable && canAuthor && framework.status !== 'draft' && (
              <Typography.Paragraph type="secondary" data-testid="read-only-hint">
                {t('frameworks.readOnlyHint')}
              </Typography.Paragraph>
            )}
            <PointTree points={framework.points} selectedId={selected?.id ?? null} onSelect={select} />
          </Card>
          <Card title={t('frameworks.selectedPoint')} size="small" data-testid="point-card">
            {selected ? (
              <PointEditor
                key={selected.id}
                framework={framework}
                point={selected}
                editable={editable}
                onDeleted={() => select(null)}
              />
            ) : (
              <Empty description={t('frameworks.selectPoint')} />
            )}
          </Card>
        </Flex>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small">
          <Tabs
            defaultActiveKey="prereqs"
            items={[
              {
                key: 'prereqs',
                label: <span data-testid="tab-prereqs">{t('frameworks.prerequisites')}</span>,
                children: (
                  <PrerequisitesPanel
                    key={selected?.id ?? 0}
                    framework={framework}
                    point={selected}
                    editable={editable}
                  />
                ),
              },
              {
                key: 'graph',
                label: <span data-testid="tab-graph">{t('frameworks.graph')}</span>,
                children: (
                  <PrerequisiteGraph framework={framework} selectedId={selected?.id ?? null} onSelect={select} />
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {adding && (
        <AddPointModal
          framework={framework}
          parentId={adding.parentId}
          onClose={() => setAdding(null)}
          onAdded={(p) => select(p.id)}
        />
      )}
    </Row>
  );
}

export function FrameworkPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canAuthor = allowed(user.roles, ROLES_AUTHORING);
  const id = Number(useParams().id);
  const framework = useFrameworkDetail(id);
  if (!Number.isInteger(id) || id <= 0 || (framework.error instanceof ApiError && framework.error.status === 404))
    return (
      <Result
        status="404"
        title={t('frameworks.notFound')}
        extra={
          <Link to="/skills/frameworks">
            <Button type="primary">{t('frameworks.backToList')}</Button>
          </Link>
        }
      />
    );
  return (
    <QueryState query={framework} rows={10}>
      {(f) => (
        <>
          <PageTitle
            title={
              <>
                <Link to="/skills/frameworks" style={{ fontSize: 14, fontWeight: 'normal', marginInlineEnd: 8 }}>
                  {t('frameworks.title')} /
                </Link>
                <span data-testid="framework-title">{localName(f.name, f.nameEn)}</span>
              </>
            }
            extra={<FrameworkActions framework={f} canAuthor={canAuthor} />}
          />
          <Summary framework={f} />
          <Editor framework={f} canAuthor={canAuthor} />
        </>
      )}
    </QueryState>
  );
}
