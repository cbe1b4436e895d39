/**
 * The AI tutor (issue 6 §3): asking with a streamed answer (Server-Sent Events read from a fetch
 * body — EventSource cannot POST), the asker's history and ratings, a cited passage, and the
 * trainers' content gaps.
 */
import type { Page, TutorAnswer, TutorAskBody, TutorCitation, TutorFallbackReason, TutorGapsPage } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, ApiError, csrfHeaders, toError } from './client.ts';

export const tutorKeys = {
  all: ['tutor'] as const,
  history: (page: number) => ['tutor', 'history', page] as const,
  gaps: (f: GapFilter) => ['tutor', 'gaps', f] as const,
  passage: (chunkId: number) => ['kb-passage', chunkId] as const,
};

export interface GapFilter {
  courseId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** A passage as GET /kb/passages/:id returns it (only the fields the citation view uses). */
export interface KbPassageView {
  chunkId: number;
  documentId: number;
  documentTitle: string;
  headingPath: string[];
  text: string;
}

/** What the stream reports, in order (see the server's TUTOR_STREAM_EVENTS). */
export type TutorStreamHandlers = {
  citations?: (citations: TutorCitation[]) => void;
  fallback?: (reason: TutorFallbackReason) => void;
  delta?: (text: string) => void;
  done?: (answer: TutorAnswer) => void;
  error?: (e: { title: string; detail: string }) => void;
};

/**
 * POST /tutor/ask/stream and dispatches its events as they arrive. Errors before the stream starts
 * (a bad question, an unknown course) throw an `ApiError`; aborting `signal` stops reading.
 */
export async function streamTutorAnswer(body: TutorAskBody, on: TutorStreamHandlers, signal?: AbortSignal): Promise<void> {
  let res: Response;
  try {
    res = await fetch(apiUrl('/tutor/ask/stream'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...csrfHeaders() },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok || !res.body) throw await toError(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const dispatch = (block: string) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) return;
    const payload: unknown = JSON.parse(data.join('\n'));
    if (event === 'citations') on.citations?.((payload as { citations: TutorCitation[] }).citations);
    else if (event === 'fallback') on.fallback?.((payload as { reason: TutorFallbackReason }).reason);
    else if (event === 'delta') on.delta?.((payload as { text: string }).text);
    else if (event === 'done') on.done?.(payload as TutorAnswer);
    else if (event === 'error') on.error?.(payload as { title: string; detail: string });
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      dispatch(buf.slice(0, i));
      buf = buf.slice(i + 2);
    }
  }
  if (buf.trim()) dispatch(buf);
}

export function useTutorHistory(page: number, pageSize = 20) {
  return useQuery({
    queryKey: tutorKeys.history(page),
    queryFn: () => api.get<Page<TutorAnswer>>('/tutor/questions', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useRateAnswer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; rating: 1 | -1; comment?: string }) =>
      api.post<TutorAnswer>(`/tutor/questions/${v.id}/rating`, { rating: v.rating, ...(v.comment ? { comment: v.comment } : {}) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tutorKeys.all }),
  });
}

/** The cited passage as it is now (404 when it was removed or is no longer visible). */
export function useKbPassage(chunkId: number | null) {
  return useQuery({
    queryKey: tutorKeys.passage(chunkId ?? 0),
    queryFn: () => api.get<KbPassageView>(`/kb/passages/${chunkId}`),
    enabled: chunkId != null,
    retry: false,
  });
}

export function useTutorGaps(f: GapFilter) {
  return useQuery({
    queryKey: tutorKeys.gaps(f),
    queryFn: () => api.get<TutorGapsPage>('/tutor/gaps', { ...f }),
    placeholderData: keepPreviousData,
  });
}
