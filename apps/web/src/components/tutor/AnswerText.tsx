/**
 * How the tutor's answers are drawn: text with the question's terms highlighted, and numbered
 * citation tags ([1], [2]…) that open the cited passage.
 */
import type { TutorCitation, TutorRange, TutorSegment } from '@xueli/contracts';
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';

/** `text` with `ranges` (character offsets) wrapped in <mark>. */
export function HighlightedText({ text, ranges }: { text: string; ranges: readonly TutorRange[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...ranges].filter((r) => r.start >= 0 && r.end <= text.length && r.start < r.end).sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (r.start < at) continue;
    if (r.start > at) parts.push(text.slice(at, r.start));
    parts.push(
      <mark key={r.start} className="tutor-mark" style={{ padding: 0, background: '#fff1b8' }}>
        {text.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** A citation number as a clickable tag. */
export function CitationTag({ n, citation, onOpen }: { n: number; citation: TutorCitation | undefined; onOpen: (c: TutorCitation) => void }) {
  if (!citation) return <Typography.Text type="secondary">[{n}]</Typography.Text>;
  return (
    <Tag
      color="blue"
      role="button"
      tabIndex={0}
      data-testid={`citation-tag-${n}`}
      title={citation.documentTitle}
      style={{ cursor: 'pointer', marginInline: 2 }}
      onClick={() => onOpen(citation)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen(citation)}
    >
      {n}
    </Tag>
  );
}

const CITATION = /\s?[[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]/g;

/** A model's answer: plain text whose [n] become citation tags. */
export function AnswerText({ text, citations, onOpen }: { text: string; citations: readonly TutorCitation[]; onOpen: (c: TutorCitation) => void }) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(CITATION)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    for (const n of m[1]!.split(/\s*[,，、]\s*/).map(Number)) parts.push(<CitationTag key={`${m.index}-${n}`} n={n} citation={byN.get(n)} onOpen={onOpen} />);
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{parts}</div>;
}

/** An offline answer: the quoted sentences, highlighted, each with its citation. */
export function QuotedSegments({ segments, citations, onOpen }: { segments: readonly TutorSegment[]; citations: readonly TutorCitation[]; onOpen: (c: TutorCitation) => void }) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  return (
    <div>
      {segments.map((s, i) => (
        <blockquote
          key={i}
          data-testid="tutor-segment"
          style={{ margin: '0 0 8px', paddingInlineStart: 12, borderInlineStart: '3px solid #d9d9d9', lineHeight: 1.8 }}
        >
          <HighlightedText text={s.text} ranges={s.highlights} />
          <CitationTag n={s.n} citation={byN.get(s.n)} onOpen={onOpen} />
        </blockquote>
      ))}
    </div>
  );
}
