/**
 * The certification workflow (issue 7 §2, §5, §6): programmes and their levels, applications through
 * apply → review → learn → exams → evaluate → issued, the queues of assessors and the committee,
 * the programme dashboard, and the in-app notifications.
 */
import type {
  ApplicationListItem,
  ApplicationStageName,
  ApplicationView,
  NotificationItem,
  Page,
  ProgrammeBody,
  ProgrammeView,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, request } from './client.ts';
import { certKeys } from './certs.ts';

export const certificationKeys = {
  all: ['certification'] as const,
  programmes: ['certification', 'programmes'] as const,
  programme: (id: number) => ['certification', 'programmes', id] as const,
  dashboard: (id: number) => ['certification', 'dashboard', id] as const,
  applications: (q: ApplicationFilter) => ['certification', 'applications', q] as const,
  application: (id: number) => ['certification', 'application', id] as const,
  assessors: ['certification', 'assessors'] as const,
  notifications: ['notifications'] as const,
};

export interface ApplicationFilter {
  mine?: boolean | undefined;
  stage?: ApplicationStageName | undefined;
  appeal?: 'open' | undefined;
  page: number;
  pageSize: number;
}

export interface ProgrammeDashboard {
  byStage: Record<string, number>;
  levels: { level: string; decided: number; passed: number; components: { kind: string; assessed: number; passed: number }[] }[];
  timeInStage: Record<string, { medianHours: number | null; n: number }>;
  upcomingExpiries: { id: number; holderName: string; level: string; validUntil: string }[];
}

export type NotificationPage = Page<NotificationItem> & { unread: number };

export function useProgrammes() {
  return useQuery({ queryKey: certificationKeys.programmes, queryFn: () => api.get<{ items: ProgrammeView[] }>('/cert-programmes') });
}

export function useProgramme(id: number) {
  return useQuery({ queryKey: certificationKeys.programme(id), queryFn: () => api.get<ProgrammeView>(`/cert-programmes/${id}`) });
}

export function useProgrammeDashboard(id: number) {
  return useQuery({ queryKey: certificationKeys.dashboard(id), queryFn: () => api.get<ProgrammeDashboard>(`/cert-programmes/${id}/dashboard`) });
}

export function useSaveProgramme() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number | null; body: ProgrammeBody }) =>
      v.id ? api.put<ProgrammeView>(`/cert-programmes/${v.id}`, v.body) : api.post<ProgrammeView>('/cert-programmes', v.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: certificationKeys.programmes }),
  });
}

export function useApplications(q: ApplicationFilter) {
  return useQuery({
    queryKey: certificationKeys.applications(q),
    queryFn: () =>
      api.get<Page<ApplicationListItem>>('/cert-applications', {
        mine: q.mine ? 'true' : undefined,
        stage: q.stage,
        appeal: q.appeal,
        page: q.page,
        pageSize: q.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: number) {
  return useQuery({ queryKey: certificationKeys.application(id), queryFn: () => api.get<ApplicationView>(`/cert-applications/${id}`) });
}

export function useAssessors(enabled: boolean) {
  return useQuery({
    queryKey: certificationKeys.assessors,
    queryFn: () => api.get<{ items: { id: number; displayName: string }[] }>('/cert-assessors'),
    enabled,
  });
}

/** Any step on an application: refreshes the application, the lists, certificates and notifications. */
function useStep<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: certificationKeys.all });
      void qc.invalidateQueries({ queryKey: certKeys.all });
      void qc.invalidateQueries({ queryKey: certificationKeys.notifications });
    },
  });
}

export const useApply = () => useStep((v: { levelId: number; statement: string }) => api.post<{ id: number }>('/cert-applications', v));

export const useReview = (id: number) =>
  useStep((v: { decision: 'approve' | 'reject'; reason: string }) => api.post<{ stage: string }>(`/cert-applications/${id}/review`, v));

export const useReady = (id: number) => useStep(() => api.post<{ stage: string }>(`/cert-applications/${id}/ready`));

export const useRecordWritten = (id: number) => useStep(() => api.post<{ score: number }>(`/cert-applications/${id}/written`));

export const useScheduleInterview = (id: number) =>
  useStep((v: { scheduledAt: string; location: string; panelUserIds: number[] }) => api.post(`/cert-applications/${id}/interview`, v));

export const useAssess = (id: number) =>
  useStep((v: { component: 'practical' | 'interview'; score: number; privateNotes?: string }) =>
    api.post<{ score: number | null; state: string }>(`/cert-applications/${id}/assessments`, v),
  );

export const useDecide = (id: number) =>
  useStep((v: { decision: 'pass' | 'fail'; reason: string }) =>
    api.post<{ stage: string; certificateId: number | null }>(`/cert-applications/${id}/decision`, v),
  );

export const useAppeal = (id: number) => useStep((v: { reason: string }) => api.post(`/cert-applications/${id}/appeal`, v));

export const useAppealDecision = (id: number) =>
  useStep((v: { decision: 'uphold' | 'overturn'; reason: string }) => api.post(`/cert-applications/${id}/appeal/decision`, v));

export const useWithdraw = (id: number) => useStep((v: { reason: string }) => api.post(`/cert-applications/${id}/withdraw`, v));

export const useUploadEvidence = (id: number) =>
  useStep((v: { file: File; purpose: 'application' | 'practical' }) => {
    const form = new FormData();
    form.append('file', v.file, v.file.name);
    return request<{ fileId: number }>('POST', `/cert-applications/${id}/evidence`, { body: form, query: { purpose: v.purpose } });
  });

export const evidenceUrl = (id: number, fileId: number) => apiUrl(`/cert-applications/${id}/evidence/${fileId}`);

// ---------------------------------------------------------------- notifications

/** The newest notifications and the unread count, polled every minute. */
export function useNotifications() {
  return useQuery({
    queryKey: certificationKeys.notifications,
    queryFn: () => api.get<NotificationPage>('/me/notifications', { page: 1, pageSize: 20 }),
    refetchInterval: 60_000,
  });
}

export function useReadNotification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') => (id === 'all' ? api.post('/me/notifications/read-all') : api.post(`/me/notifications/${id}/read`)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: certificationKeys.notifications }),
  });
}
