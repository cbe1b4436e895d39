/**
 * The file chooser of every import: drop or pick one file (.csv unless `accept` says otherwise);
 * the file stays in the browser until the caller uploads it (dry run first, then commit).
 */
import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';

export function CsvFileDrop({
  file,
  onChange,
  label,
  hint,
  testId,
  accept = '.csv,text/csv',
}: {
  file: File | null;
  onChange: (f: File | null) => void;
  label: string;
  hint?: string;
  testId: string;
  /** The file types offered by the chooser; CSV by default (the item import takes others too). */
  accept?: string;
}) {
  return (
    <Upload.Dragger
      accept={accept}
      maxCount={1}
      beforeUpload={(f) => {
        onChange(f);
        return false;
      }}
      onRemove={() => onChange(null)}
      fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
      data-testid={testId}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{label}</p>
      {hint && <p className="ant-upload-hint">{hint}</p>}
    </Upload.Dragger>
  );
}
