/**
 * The selected knowledge point: an inline form (draft frameworks, authors) with Delete behind
 * a confirmation, or a read-only description. The server's refusal to delete a point that is
 * still referred to (children, evidence, mastery, targets) is shown under the form.
 */
import type { FrameworkDetail, KnowledgePointItem } from '@xueli/contracts';
import { App as AntApp, Button, Descriptions, Flex, Form, Popconfirm, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pointPatchBody, useFrameworkChange, type PointFields as PointValues } from '../../api/frameworks.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { localName } from '../../i18n/label.ts';
import { POINT_ERROR_FIELDS, PointFields, pointLabel } from './PointFields.tsx';

const valuesOf = (p: KnowledgePointItem): PointValues => ({
  code: p.code,
  name: p.name,
  nameEn: p.nameEn ?? '',
  domain: p.domain,
  description: p.description,
  parentId: p.parentId,
});

function PointDetails({ framework, point }: { framework: FrameworkDetail; point: KnowledgePointItem }) {
  const { t } = useTranslation();
  const parent = framework.points.find((p) => p.id === point.parentId);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="point-details"
      items={[
        { key: 'code', label: t('frameworks.pointCode'), children: point.code },
        { key: 'name', label: t('frameworks.pointName'), children: point.name },
        { key: 'nameEn', label: t('frameworks.pointNameEn'), children: point.nameEn ?? '—' },
        { key: 'domain', label: t('frameworks.domain'), children: point.domain || '—' },
        {
          key: 'parent',
          label: t('frameworks.parent'),
          children: parent ? pointLabel(parent) : t('frameworks.topLevel'),
        },
        {
          key: 'description',
          label: t('frameworks.description'),
          children: point.description ? (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {point.description}
            </Typography.Paragraph>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}

/** The form for one point's saved values (the parent re-mounts it when they change). */
function PointForm({
  framework,
  point,
  extra,
}: {
  framework: FrameworkDetail;
  point: KnowledgePointItem;
  /** Shown next to Save. */
  extra: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PointValues>();
  const update = useFrameworkChange<PointValues, KnowledgePointItem>((v) => ({
    method: 'PATCH',
    path: `/points/${point.id}`,
    body: pointPatchBody(v),
  }));
  return (
    <>
      {update.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={update.error} />
        </div>
      )}
      {/* A named form: its field ids (kpEdit_code, …) do not clash with the "add point" modal's. */}
      <Form<PointValues>
        form={form}
        name="kpEdit"
        layout="vertical"
        initialValues={valuesOf(point)}
        onFinish={(v) =>
          update.mutate(v, {
            onSuccess: () => void message.success(t('common.saved')),
            onError: (e) => applyServerErrors(form, e, POINT_ERROR_FIELDS),
          })
        }
      >
        <PointFields points={framework.points} editingId={point.id} testPrefix="point-edit" />
        <Flex gap={8} wrap="wrap">
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="point-save">
            {t('common.save')}
          </Button>
          {extra}
        </Flex>
      </Form>
    </>
  );
}

export function PointEditor({
  framework,
  point,
  editable,
  onDeleted,
}: {
  framework: FrameworkDetail;
  point: KnowledgePointItem;
  editable: boolean;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const remove = useFrameworkChange<number>((id) => ({ method: 'DELETE', path: `/points/${id}` }));
  if (!editable) return <PointDetails framework={framework} point={point} />;
  const deleteButton = (
    <Popconfirm
      title={t('frameworks.deletePointConfirm', { name: `${point.code} ${localName(point.name, point.nameEn)}` })}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'point-delete-ok' }}
      onConfirm={() =>
        remove.mutate(point.id, {
          onSuccess: () => {
            void message.success(t('common.deleted'));
            onDeleted();
          },
        })
      }
    >
      <Button danger loading={remove.isPending} data-testid="point-delete">
        {t('frameworks.deletePoint')}
      </Button>
    </Popconfirm>
  );
  return (
    <div data-testid="point-editor">
      <PointForm key={JSON.stringify(valuesOf(point))} framework={framework} point={point} extra={deleteButton} />
      {remove.isError && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={remove.error} testId="point-delete-error" />
        </div>
      )}
    </div>
  );
}
