import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export const FRAMEWORK_ERROR_FIELDS = ['code', 'name', 'nameEn', 'description', 'version'] as const;

/** The fields of a framework (create and edit a draft). */
export function FrameworkFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="code"
        label={t('frameworks.code')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
        extra={t('frameworks.frameworkCodeHint')}
      >
        <Input data-testid="framework-code" autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('frameworks.name')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input data-testid="framework-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('frameworks.nameEn')} rules={[{ max: 200 }]}>
        <Input data-testid="framework-name-en" />
      </Form.Item>
      <Form.Item
        name="version"
        label={t('frameworks.version')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
      >
        <Input data-testid="framework-version" />
      </Form.Item>
      <Form.Item name="description" label={t('frameworks.description')} rules={[{ max: 5000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
    </>
  );
}
