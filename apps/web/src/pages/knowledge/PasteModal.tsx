import type { KbDocument, KbPasteBody } from '@xueli/contracts';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePasteDocument } from '../../api/knowledge.ts';
import { FormModal } from '../../components/FormModal.tsx';

/** "Paste text": a title, the text (Markdown headings understood) and where it came from. */
export function PasteModal(props: { collectionId: number; onClose: () => void; onStarted: (doc: KbDocument) => void }) {
  const { t } = useTranslation();
  const paste = usePasteDocument(props.collectionId);
  return (
    <FormModal<KbPasteBody, KbDocument>
      title={t('knowledge.paste.title')}
      width={720}
      onClose={props.onClose}
      saveTestId="kb-paste-save"
      errorFields={['title', 'text', 'sourceUrl']}
      onSubmit={(v) =>
        paste.mutateAsync({ title: v.title, text: v.text, ...(v.sourceUrl ? { sourceUrl: v.sourceUrl } : {}) })
      }
      onSaved={(doc) => {
        props.onStarted(doc);
        props.onClose();
      }}
    >
      <Form.Item
        name="title"
        label={t('knowledge.document.title')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input data-testid="kb-paste-title" />
      </Form.Item>
      <Form.Item name="sourceUrl" label={t('knowledge.paste.sourceUrl')} rules={[{ type: 'url' }]}>
        <Input placeholder="https://" />
      </Form.Item>
      <Form.Item
        name="text"
        label={t('knowledge.paste.text')}
        extra={t('knowledge.paste.hint')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={12} data-testid="kb-paste-text" />
      </Form.Item>
    </FormModal>
  );
}
