/**
 * Skills queries and mutations: mastery K against targets T (mine or an employee's), K over
 * time, the evidence behind it, the team heat map, position targets, the framework point
 * picker, and the knowledge-tracing models with their refit job. Keys start with `skills` so
 * one invalidation after a rating or a refit refreshes every view.
 */
import type {
  EffectiveTarget,
  EvidenceItem,
  FrameworkDetail,
  FrameworkItem,
  JobItem,
  MasteryView,
  Page,
  PositionTargets,
  TeamMastery,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from './client.ts';

export const skillsKeys = {
  all: ['skills'] as const,
  mastery: (employeeId: number | 'me') => ['skills', 'mastery', employeeId] as const,
  history: (employeeId: number, kpId: number) => ['skills', 'history', employeeId, kpId] as const,
  evidence: (employeeId: number, kpId: number | undefined, page: number, pageSize: number) =>
    ['skills', 'evidence', employeeId, kpId ?? null, page, pageSize] as const,
  team: (q: TeamMasteryFilter) => ['skills', 'team', q] as const,
  positionTargets: (positionId: number) => ['skills', 'positionTargets', positionId] as const,
  employeeTargets: (employeeId: number) => ['skills', 'employeeTargets', employeeId] as const,
  models: ['skills', 'models'] as const,
  job: (id: number) => ['skills', 'job', id] as const,
  frameworks: ['frameworks', 'published'] as const,
  framework: (id: number) => ['frameworks', id] as const,
};

/** One fitted knowledge-tracing model as GET /kt/models lists it. */
export interface KtModel {
  id: number;
  kind: string;
  active: boolean;
  /** Held-out metrics: auc, rmse, logLoss, ece, accuracy, heldOutResponses, learners, trainResponses. */
  metrics: Record<string, number>;
  fittedAt: string;
  fitSeconds: number;
}

export interface TeamMasteryFilter {
  frameworkId?: number | undefined;
  departmentId?: number | undefined;
  page: number;
  pageSize: number;
}

/** Mastery and gaps: the caller's own (`'me'`, 403 without an employee) or an employee's. */
export function useMastery(employeeId: number | 'me') {
  return useQuery({
    queryKey: skillsKeys.mastery(employeeId),
    queryFn: () => api.get<MasteryView>(employeeId === 'me' ? '/me/mastery' : `/employees/${employeeId}/mastery`),
  });
}

/** K of one point after each response (for the mastery-over-time line). */
export function useMasteryHistory(employeeId: number, kpId: number) {
  return useQuery({
    queryKey: skillsKeys.history(employeeId, kpId),
    queryFn: () =>
      api.get<{ kpId: number; points: { at: string; mastery: number; score: number | null }[] }>(
        `/employees/${employeeId}/mastery/history`,
        { kpId },
      ),
  });
}

/** One page of an employee's evidence, newest first, optionally on one knowledge point. */
export function useEvidence(employeeId: number, kpId: number | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: skillsKeys.evidence(employeeId, kpId, page, pageSize),
    queryFn: () => api.get<Page<EvidenceItem>>(`/employees/${employeeId}/evidence`, { kpId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** The heat map page: members × knowledge points. */
export function useTeamMastery(filter: TeamMasteryFilter) {
  return useQuery({
    queryKey: skillsKeys.team(filter),
    queryFn: () => api.get<TeamMastery>('/team/mastery', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

/** The URL of the heat map page as CSV (same filters); the session cookie goes along with a GET. */
export const teamMasteryCsvUrl = (filter: TeamMasteryFilter) => apiUrl('/team/mastery.csv', { ...filter });

/**
 * A self rating (`employeeId` = 'me') or a manager's rating of a report, on one or more
 * points; refreshes the mastery and evidence views.
 */
export function useRate(employeeId: number | 'me') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ratings: { kp: number; score: number }[]) =>
      api.post(employeeId === 'me' ? '/me/ratings' : `/employees/${employeeId}/ratings`, { ratings }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: skillsKeys.all }),
  });
}

export function usePositionTargets(positionId: number | undefined) {
  return useQuery({
    queryKey: skillsKeys.positionTargets(positionId ?? 0),
    queryFn: () => api.get<PositionTargets>(`/positions/${positionId}/targets`),
    enabled: positionId !== undefined,
  });
}

/** Replaces a position's target set (all or nothing). */
export function useSavePositionTargets(positionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: { kpId: number; target: number; weight: number }[]) =>
      api.put<PositionTargets>(`/positions/${positionId}/targets`, { items }),
    onSuccess: (data) => {
      qc.setQueryData(skillsKeys.positionTargets(positionId), data);
      void qc.invalidateQueries({ queryKey: skillsKeys.all });
    },
  });
}

/** Published frameworks (for filters and the point picker). */
export function usePublishedFrameworks() {
  return useQuery({
    queryKey: skillsKeys.frameworks,
    queryFn: () => api.get<{ items: FrameworkItem[] }>('/frameworks', { status: 'published' }),
    staleTime: 60_000,
  });
}

/** One framework with its points (flat, depth-first) and prerequisite edges. */
export function useFramework(id: number | undefined) {
  return useQuery({
    queryKey: skillsKeys.framework(id ?? 0),
    queryFn: () => api.get<FrameworkDetail>(`/frameworks/${id}`),
    enabled: id !== undefined,
    staleTime: 60_000,
  });
}

export function useKtModels() {
  return useQuery({ queryKey: skillsKeys.models, queryFn: () => api.get<{ items: KtModel[] }>('/kt/models') });
}

/** Starts a refit job (202 with the job; 409 while one is queued or running). */
export function useStartRefit() {
  return useMutation({ mutationFn: () => api.post<JobItem>('/kt/refit') });
}

/** Polls a background job every second until it has finished. */
export function useJob(id: number | null) {
  return useQuery({
    queryKey: skillsKeys.job(id ?? 0),
    queryFn: () => api.get<JobItem>(`/jobs/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === 'succeeded' || s === 'failed' ? false : 1000;
    },
    staleTime: 0,
  });
}

/** An employee's effective targets (their position's, with individual overrides). */
export function useEmployeeTargets(employeeId: number) {
  return useQuery({
    queryKey: skillsKeys.employeeTargets(employeeId),
    queryFn: () => api.get<{ employeeId: number; items: EffectiveTarget[] }>(`/employees/${employeeId}/targets`),
  });
}

export interface TargetOverride {
  kpId: number;
  target?: number | null;
  weight?: number | null;
  excluded?: boolean;
  reason?: string;
}

/** Sets (PUT) or removes (DELETE) one individual override; every skills view is refreshed. */
export function useTargetOverride(employeeId: number) {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: skillsKeys.all });
  return {
    set: useMutation({
      mutationFn: ({ kpId, ...body }: TargetOverride) => api.put(`/employees/${employeeId}/targets/${kpId}`, body),
      onSuccess: done,
    }),
    reset: useMutation({
      mutationFn: (kpId: number) => api.delete(`/employees/${employeeId}/targets/${kpId}`),
      onSuccess: done,
    }),
  };
}
