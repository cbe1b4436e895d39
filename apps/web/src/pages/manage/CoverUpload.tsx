import { UploadOutlined } from '@ant-design/icons';
import { MAX_COVER_BYTES, type CourseDetail } from '@xueli/contracts';
import { App as AntApp, Button, Flex, Image, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { fileForm, useCourseMutation } from '../../api/manage.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/** Uploads a PNG/JPEG/WebP cover (≤ 2 MB; the server checks the bytes, not just the type). */
export function CoverUpload({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const upload = useCourseMutation(course.id, (file: File) => ({
    method: 'POST',
    path: `/courses/${course.id}/cover`,
    body: fileForm(file),
  }));
  return (
    <Flex vertical gap={12}>
      {course.coverUrl ? (
        <Image src={course.coverUrl} alt="" style={{ maxHeight: 180, objectFit: 'cover' }} />
      ) : (
        <Typography.Text type="secondary">{t('manage.noCover')}</Typography.Text>
      )}
      {upload.isError && <ProblemAlert error={upload.error} />}
      <Upload
        accept="image/png,image/jpeg,image/webp"
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_COVER_BYTES) void message.error(t('manage.coverTooLarge'));
          else upload.mutate(file, { onSuccess: () => void message.success(t('common.saved')) });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="cover-upload">
          {t('manage.uploadCover')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('manage.coverHelp')}
      </Typography.Text>
    </Flex>
  );
}
