import type { CourseDetail, CourseStatus } from '@xueli/contracts';
import { App as AntApp, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCourseMutation } from '../../api/manage.ts';

interface Move {
  to: CourseStatus;
  label: string;
  confirm: string;
  danger?: boolean;
}

/** Allowed status moves (mirrors the server): draft→published, published→archived|draft, archived→published. */
function movesFrom(status: CourseStatus): Move[] {
  if (status === 'draft') return [{ to: 'published', label: 'manage.publish', confirm: 'manage.publishConfirm' }];
  if (status === 'published')
    return [
      { to: 'draft', label: 'manage.unpublish', confirm: 'manage.unpublishConfirm' },
      { to: 'archived', label: 'manage.archive', confirm: 'manage.archiveConfirm', danger: true },
    ];
  return [{ to: 'published', label: 'manage.republish', confirm: 'manage.publishConfirm' }];
}

/** Publish / archive / unpublish buttons, each behind a confirmation, plus delete for drafts. */
export function CourseStatusActions({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const change = useCourseMutation(course.id, (to: CourseStatus) => ({
    method: 'PATCH',
    path: `/courses/${course.id}`,
    body: { status: to },
  }));
  const remove = useCourseMutation(course.id, () => ({ method: 'DELETE', path: `/courses/${course.id}` }));
  return (
    <>
      {movesFrom(course.status).map((m) => (
        <Popconfirm
          key={m.to}
          title={t(m.confirm)}
          okText={t(m.label)}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: m.danger, 'data-testid': `confirm-${m.to}` }}
          onConfirm={() =>
            change.mutate(m.to, {
              onSuccess: () => void message.success(t('common.saved')),
              onError: (e) => void message.error(e.message, 6),
            })
          }
        >
          <Button
            type={m.danger ? 'default' : 'primary'}
            danger={m.danger}
            loading={change.isPending && change.variables === m.to}
            data-testid={`status-${m.to}`}
          >
            {t(m.label)}
          </Button>
        </Popconfirm>
      ))}
      {course.status === 'draft' && (
        <Popconfirm
          title={t('manage.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => void navigate('/manage/courses'),
              onError: (e) => void message.error(e.message, 6),
            })
          }
        >
          <Button danger data-testid="course-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </>
  );
}
