/**
 * The form fields of a knowledge point (code, names, domain, parent, description), shared by
 * the "add point" modal and the inline editor. The parent picker is the hierarchy itself,
 * without the point's own subtree (a point cannot move below itself).
 */
import type { KnowledgePointItem } from '@xueli/contracts';
import { AutoComplete, Form, Input, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../../i18n/label.ts';
import { buildTree, domainsOf, subtreeIds, type TreeNode } from './structure.ts';

interface ParentOption {
  value: number;
  title: string;
  disabled?: boolean;
  children: ParentOption[];
}

export const pointLabel = (p: Pick<KnowledgePointItem, 'code' | 'name' | 'nameEn'>) =>
  `${p.code} ${localName(p.name, p.nameEn)}`;

/**
 * The fields under `Form`; `editingId` is the point being edited (absent when adding one), and
 * `testPrefix` starts the inputs' test ids (the add modal and the inline editor can both be open).
 */
export function PointFields({
  points,
  editingId,
  testPrefix = 'point',
}: {
  points: readonly KnowledgePointItem[];
  editingId?: number;
  testPrefix?: string;
}) {
  const { t } = useTranslation();
  const parentTree = useMemo(() => {
    const blocked = editingId === undefined ? new Set<number>() : subtreeIds(points, editingId);
    const toOption = (n: TreeNode<KnowledgePointItem>): ParentOption => ({
      value: n.point.id,
      title: pointLabel(n.point),
      disabled: blocked.has(n.point.id),
      children: n.children.map(toOption),
    });
    return buildTree(points).map(toOption);
  }, [points, editingId]);
  const domains = useMemo(
    () =>
      domainsOf(points)
        .filter((d) => d)
        .map((d) => ({ value: d })),
    [points],
  );
  return (
    <>
      <Form.Item
        name="code"
        label={t('frameworks.pointCode')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
        extra={t('frameworks.codeHint')}
      >
        <Input data-testid={`${testPrefix}-code`} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('frameworks.pointName')}
        rules={[{ required: true, whitespace: true }, { max: 500 }]}
      >
        <Input data-testid={`${testPrefix}-name`} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('frameworks.pointNameEn')} rules={[{ max: 500 }]}>
        <Input data-testid={`${testPrefix}-name-en`} />
      </Form.Item>
      <Form.Item name="domain" label={t('frameworks.domain')} rules={[{ max: 100 }]}>
        <AutoComplete
          options={domains}
          filterOption={(input, o) => (o?.value ?? '').toLowerCase().includes(input.toLowerCase())}
          data-testid={`${testPrefix}-domain`}
        />
      </Form.Item>
      <Form.Item name="parentId" label={t('frameworks.parent')}>
        <TreeSelect<number>
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('frameworks.topLevel')}
          treeData={parentTree}
          popupMatchSelectWidth={false}
          data-testid={`${testPrefix}-parent`}
        />
      </Form.Item>
      <Form.Item name="description" label={t('frameworks.description')} rules={[{ max: 5000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid={`${testPrefix}-description`} />
      </Form.Item>
    </>
  );
}

export const POINT_ERROR_FIELDS = ['code', 'name', 'nameEn', 'domain', 'parentId', 'description'] as const;
