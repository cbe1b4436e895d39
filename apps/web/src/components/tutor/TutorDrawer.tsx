/** The tutor on a course page: a floating button that opens the chat in a drawer. */
import { RobotOutlined } from '@ant-design/icons';
import { Drawer, FloatButton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TutorChat } from './TutorChat.tsx';

export function TutorDrawer({ courseId }: { courseId: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <FloatButton
        type="primary"
        icon={<RobotOutlined />}
        tooltip={t('tutor.askCourse')}
        aria-label={t('tutor.askCourse')}
        onClick={() => setOpen(true)}
        data-testid="tutor-float"
      />
      <Drawer open={open} onClose={() => setOpen(false)} title={t('tutor.askCourse')} width={520} styles={{ body: { paddingBottom: 12 } }}>
        {/* kept mounted while closed, so the conversation survives closing the drawer */}
        <TutorChat courseId={courseId} height="100%" />
      </Drawer>
    </>
  );
}
