/**
 * A cited passage: the document's title, the heading path and the passage with the question's
 * terms highlighted. The passage is fetched as it is now (GET /kb/passages/:id); when it changed
 * since the answer, or is gone, the snapshot taken with the answer is shown with a note.
 */
import type { TutorCitation } from '@xueli/contracts';
import { Alert, Breadcrumb, Modal, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useKbPassage } from '../../api/tutor.ts';
import { HighlightedText } from './AnswerText.tsx';

export function CitationModal({ citation, onClose }: { citation: TutorCitation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const passage = useKbPassage(citation?.chunkId ?? null);
  const now = passage.data;
  const changed = now !== undefined && citation !== null && now.text !== citation.text;
  return (
    <Modal
      open={citation !== null}
      onCancel={onClose}
      footer={null}
      width={640}
      title={citation ? `[${citation.n}] ${now?.documentTitle ?? citation.documentTitle}` : ''}
      destroyOnHidden
    >
      {citation && (
        <div data-testid="citation-modal">
          {(now?.headingPath ?? citation.headingPath).length > 0 && (
            <Breadcrumb style={{ marginBottom: 12 }} items={(now?.headingPath ?? citation.headingPath).map((h) => ({ title: h }))} />
          )}
          {passage.isPending ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : (
            <>
              {passage.isError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('tutor.passageGone')} />}
              {changed && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('tutor.passageChanged')} />}
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }} data-testid="citation-text">
                {changed && now ? now.text : <HighlightedText text={citation.text} ranges={citation.highlights} />}
              </Typography.Paragraph>
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
