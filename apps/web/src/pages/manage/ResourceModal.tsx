import { UploadOutlined } from '@ant-design/icons';
import {
  RESOURCE_KINDS,
  type CourseDetail,
  type CourseModule,
  type Resource,
  type ResourceKind,
} from '@xueli/contracts';
import { Button, Form, Input, Modal, Segmented, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileForm, useCourseMutation, type Method } from '../../api/manage.ts';
import { applyServerErrors } from '../../components/formErrors.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Values {
  title: string;
  body?: string;
  url?: string;
}

/** The request for a new resource (JSON, or multipart for a file) or for an edit. */
function toCall(
  moduleId: number,
  resource: Resource | null,
  kind: ResourceKind,
  v: Values,
  file: File | null,
): { method: Method; path: string; body: unknown } {
  if (resource) {
    const body: Record<string, unknown> = { title: v.title };
    if (resource.kind === 'markdown') body.body = v.body;
    if (resource.kind === 'video' || resource.kind === 'link') body.url = v.url;
    return { method: 'PATCH', path: `/resources/${resource.id}`, body };
  }
  if (kind === 'file')
    return { method: 'POST', path: `/modules/${moduleId}/resources`, body: fileForm(file!, { title: v.title }) };
  return {
    method: 'POST',
    path: `/modules/${moduleId}/resources`,
    body: kind === 'markdown' ? { kind, title: v.title, body: v.body } : { kind, title: v.title, url: v.url },
  };
}

/** Add or edit one resource: Markdown (editor with preview), video or link URL, or a file upload. */
export function ResourceModal({
  course,
  module: m,
  resource,
  onClose,
}: {
  course: CourseDetail;
  module: CourseModule;
  resource: Resource | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<ResourceKind>(resource?.kind ?? 'markdown');
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const body = Form.useWatch('body', form) ?? '';
  const save = useCourseMutation(course.id, (v: Values) => toCall(m.id, resource, kind, v, file));
  const onFinish = (v: Values) => {
    if (!resource && kind === 'file' && !file) {
      setFileMissing(true);
      return;
    }
    save.mutate(v, { onSuccess: onClose, onError: (e) => applyServerErrors(form, e, ['title', 'body', 'url']) });
  };
  return (
    <Modal
      open
      width={760}
      title={resource ? t('manage.editResource') : t('manage.addResource')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'resource-save' }}
      destroyOnHidden
    >
      {save.isError && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={save.error} />
        </div>
      )}
      {!resource && (
        <Segmented<ResourceKind>
          block
          value={kind}
          onChange={setKind}
          options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`resourceKind.${k}`) }))}
          style={{ marginBottom: 16 }}
          data-testid="resource-kind"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={resource ? { title: resource.title, body: resource.body ?? '', url: resource.url ?? '' } : {}}
        onFinish={onFinish}
      >
        <Form.Item name="title" label={t('manage.resourceTitle')} rules={[{ required: true }, { max: 200 }]}>
          <Input data-testid="resource-title" />
        </Form.Item>
        {kind === 'markdown' && (
          <Tabs
            items={[
              {
                key: 'edit',
                label: t('manage.markdownEdit'),
                children: (
                  <Form.Item name="body" rules={[{ required: true }]} extra={t('manage.markdownHelp')}>
                    <Input.TextArea rows={14} style={{ fontFamily: 'monospace' }} data-testid="resource-body" />
                  </Form.Item>
                ),
              },
              {
                key: 'preview',
                label: t('manage.markdownPreview'),
                children: (
                  <div
                    style={{
                      minHeight: 200,
                      maxHeight: 420,
                      overflow: 'auto',
                      padding: 8,
                      border: '1px solid #f0f0f0',
                      borderRadius: 6,
                    }}
                  >
                    {body ? (
                      <Markdown source={body} />
                    ) : (
                      <Typography.Text type="secondary">{t('manage.nothingToPreview')}</Typography.Text>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
        {(kind === 'video' || kind === 'link') && (
          <Form.Item
            name="url"
            label={t('manage.url')}
            rules={[
              { required: true },
              { type: 'url', message: t('manage.urlInvalid') },
              { pattern: /^https?:\/\//i, message: t('manage.urlInvalid') },
            ]}
          >
            <Input placeholder="https://" data-testid="resource-url" />
          </Form.Item>
        )}
        {kind === 'file' && !resource && (
          <Form.Item
            label={t('manage.file')}
            validateStatus={fileMissing ? 'error' : undefined}
            help={fileMissing ? t('manage.fileRequired') : undefined}
          >
            <Upload
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setFileMissing(false);
                if (!form.getFieldValue('title')) form.setFieldValue('title', f.name);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done' }] : []}
            >
              <Button icon={<UploadOutlined />} data-testid="resource-file">
                {t('manage.chooseFile')}
              </Button>
            </Upload>
          </Form.Item>
        )}
        {kind === 'file' && resource && <Typography.Text type="secondary">{resource.fileName}</Typography.Text>}
      </Form>
    </Modal>
  );
}
