/**
 * Exams, attempts, grading and item analysis (issue 4 §3–§5), against the shapes in
 * packages/contracts/src/exams.ts. Keys start with `exams` (authoring), `attempts` (taking)
 * and `grading`; a submit or a grade refreshes all three, since the candidate's list, the
 * author's attempt table and the queue all change together.
 */
import type {
  AttemptSummary,
  AttemptView,
  AvailableExam,
  CreateExamBody,
  ExamPurpose,
  ExamStatus,
  ExamView,
  GradeResponseBody,
  GradingTask,
  ItemAnalysis,
  ItemView,
  Page,
  ResponseValue,
  UpdateExamBody,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export interface ExamFilter {
  status?: ExamStatus | undefined;
  purpose?: ExamPurpose | undefined;
  courseId?: number | undefined;
  search?: string | undefined;
  page: number;
  pageSize: number;
}

export const examKeys = {
  all: ['exams'] as const,
  list: (f: ExamFilter) => ['exams', 'list', f] as const,
  detail: (id: number) => ['exams', id] as const,
  attempts: (id: number, status: string | undefined, page: number, pageSize: number) =>
    ['exams', id, 'attempts', status ?? null, page, pageSize] as const,
  analysis: (id: number) => ['exams', id, 'analysis'] as const,
  pickItems: (search: string, page: number) => ['exams', 'pick-items', search, page] as const,
  mine: (q: { courseId?: number | undefined; purpose?: ExamPurpose | undefined }) =>
    ['attempts', 'my-exams', q] as const,
  myAll: ['attempts'] as const,
  attempt: (id: number) => ['attempts', id] as const,
  myAttempts: (examId: number | undefined, page: number) => ['attempts', 'mine', examId ?? null, page] as const,
  grading: ['grading'] as const,
  queue: (examId: number | undefined, page: number, pageSize: number) =>
    ['grading', examId ?? null, page, pageSize] as const,
};

/** After a submit or a grade: the candidate's views, the authors' tables and the queue. */
function refreshAll(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: examKeys.myAll });
  void qc.invalidateQueries({ queryKey: examKeys.all });
  void qc.invalidateQueries({ queryKey: examKeys.grading });
  // Graded responses are evidence: mastery moves.
  void qc.invalidateQueries({ queryKey: ['skills'] });
}

// ---- authors ------------------------------------------------------------------------

export function useExamList(filter: ExamFilter) {
  return useQuery({
    queryKey: examKeys.list(filter),
    queryFn: () => api.get<Page<ExamView>>('/exams', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useExam(id: number) {
  return useQuery({
    queryKey: examKeys.detail(id),
    queryFn: () => api.get<ExamView>(`/exams/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useSaveExam(id: number | null) {
  const qc = useQueryClient();
  return useMutation<ExamView, Error, CreateExamBody | UpdateExamBody>({
    mutationFn: (body) =>
      id === null ? api.post<ExamView>('/exams', body) : api.patch<ExamView>(`/exams/${id}`, body),
    onSuccess: (exam) => {
      qc.setQueryData(examKeys.detail(exam.id), exam);
      void qc.invalidateQueries({ queryKey: examKeys.all });
    },
  });
}

export function useExamStatus(id: number) {
  const qc = useQueryClient();
  return useMutation<ExamView, Error, ExamStatus>({
    mutationFn: (status) => api.post<ExamView>(`/exams/${id}/status`, { status }),
    onSuccess: (exam) => {
      qc.setQueryData(examKeys.detail(exam.id), exam);
      void qc.invalidateQueries({ queryKey: examKeys.all });
      void qc.invalidateQueries({ queryKey: examKeys.myAll });
    },
  });
}

export function useDeleteExam() {
  const qc = useQueryClient();
  return useMutation<unknown, Error, number>({
    mutationFn: (id) => api.delete(`/exams/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: examKeys.all }),
  });
}

export function useExamAttempts(id: number, status: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: examKeys.attempts(id, status, page, pageSize),
    queryFn: () => api.get<Page<AttemptSummary>>(`/exams/${id}/attempts`, { status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useItemAnalysis(id: number) {
  return useQuery({ queryKey: examKeys.analysis(id), queryFn: () => api.get<ItemAnalysis>(`/exams/${id}/analysis`) });
}

export function useApplyCalibration(id: number) {
  const qc = useQueryClient();
  return useMutation<{ updated: number }, Error, number[]>({
    mutationFn: (itemIds) => api.post<{ updated: number }>(`/exams/${id}/analysis/apply`, { itemIds }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: examKeys.analysis(id) }),
  });
}

/** Active items of the bank for the fixed-list picker (text search, paged). */
export function usePickableItems(search: string, page: number, pageSize = 10) {
  return useQuery({
    queryKey: examKeys.pickItems(search, page),
    queryFn: () => api.get<Page<ItemView>>('/items', { status: 'active', search, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** Re-grades every response to an item with its current key (after a key correction). */
export function useRegradeItem(examId: number) {
  const qc = useQueryClient();
  return useMutation<{ responses: number; attempts: number }, Error, number>({
    mutationFn: (itemId) => api.post<{ responses: number; attempts: number }>(`/items/${itemId}/regrade`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: examKeys.analysis(examId) });
      refreshAll(qc);
    },
  });
}

// ---- candidates ---------------------------------------------------------------------

export function useMyExams(q: { courseId?: number | undefined; purpose?: ExamPurpose | undefined } = {}) {
  return useQuery({
    queryKey: examKeys.mine(q),
    queryFn: () => api.get<{ items: AvailableExam[] }>('/me/exams', { ...q }),
  });
}

/** Starts an attempt, or resumes the open one (the server answers 200 then). */
export function useStartAttempt() {
  const qc = useQueryClient();
  return useMutation<AttemptView, Error, number>({
    mutationFn: (examId) => api.post<AttemptView>(`/exams/${examId}/attempts`),
    onSuccess: (a) => {
      qc.setQueryData(examKeys.attempt(a.id), a);
      void qc.invalidateQueries({ queryKey: ['attempts', 'my-exams'] });
    },
  });
}

export function useAttempt(id: number) {
  return useQuery({
    queryKey: examKeys.attempt(id),
    queryFn: () => api.get<AttemptView>(`/attempts/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    // Read afresh on every visit (answers saved since, a grade given since); never in the
    // background mid-exam. The page's own unsaved edits sit on top of whatever arrives.
    refetchOnWindowFocus: false,
    staleTime: 0,
    retry: false,
  });
}

/** One autosave (the queue in pages/exams/autosave.ts calls this). */
export const saveResponse = (
  attemptId: number,
  itemId: number,
  body: { response: ResponseValue; flagged?: boolean; seq?: number },
) => api.put<{ savedAt: string; seq: number; ignored: boolean }>(`/attempts/${attemptId}/responses/${itemId}`, body);

/** practice: grade and lock the item now; adaptive: grade it and get the next item. */
export function useCheckItem(attemptId: number) {
  const qc = useQueryClient();
  return useMutation<{ attempt: AttemptView }, Error, number>({
    mutationFn: (itemId) => api.post<{ attempt: AttemptView }>(`/attempts/${attemptId}/responses/${itemId}/check`),
    onSuccess: (r) => qc.setQueryData(examKeys.attempt(attemptId), r.attempt),
  });
}

export function useSubmitAttempt(attemptId: number) {
  const qc = useQueryClient();
  return useMutation<AttemptView, Error, void>({
    mutationFn: () => api.post<AttemptView>(`/attempts/${attemptId}/submit`),
    onSuccess: (a) => {
      qc.setQueryData(examKeys.attempt(attemptId), a);
      refreshAll(qc);
    },
  });
}

export function useMyAttempts(examId: number | undefined, page: number, pageSize = 20) {
  return useQuery({
    queryKey: examKeys.myAttempts(examId, page),
    queryFn: () => api.get<Page<AttemptSummary>>('/me/attempts', { examId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

// ---- graders ------------------------------------------------------------------------

export function useGradingQueue(examId: number | undefined, page: number, pageSize = 50) {
  return useQuery({
    queryKey: examKeys.queue(examId, page, pageSize),
    queryFn: () => api.get<Page<GradingTask>>('/grading/queue', { examId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useGradeResponse() {
  const qc = useQueryClient();
  return useMutation<
    { ok: true; attemptStatus: string },
    Error,
    { attemptId: number; itemId: number; body: GradeResponseBody }
  >({
    mutationFn: ({ attemptId, itemId, body }) =>
      api.post<{ ok: true; attemptStatus: string }>(`/grading/attempts/${attemptId}/items/${itemId}`, body),
    onSuccess: () => refreshAll(qc),
  });
}
