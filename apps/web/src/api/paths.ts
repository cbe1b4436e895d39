/**
 * Learning paths (issue 5): my path and my choices on it (pin, skip, order), an employee's
 * path, goals, curated paths, what each module teaches, and recommendations. Keys of paths
 * start with `path` and of goals with `goals`, so that every change to a goal, a preference or
 * a completed module refreshes each view of a path with one invalidation.
 */
import type {
  AssignGoalBody,
  AssignGoalResult,
  CuratedPath,
  CuratedPathBody,
  GoalItem,
  JobItem,
  ModuleKps,
  Page,
  PathView,
  PutModuleKpsBody,
  RecommendationEventBody,
  RecommendationList,
  RecommendationReport,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const pathKeys = {
  all: ['path'] as const,
  mine: ['path', 'me'] as const,
  employee: (id: number) => ['path', 'employee', id] as const,
  goals: ['goals'] as const,
  goalList: (q: GoalFilter) => ['goals', q] as const,
  curated: ['curated-paths'] as const,
  moduleKps: (moduleId: number) => ['module-kps', moduleId] as const,
  recommendations: (courseId: number | undefined) => ['recommendations', courseId ?? 'home'] as const,
  recommendationReport: (from: string | undefined, to: string | undefined) =>
    ['recommendation-report', from ?? '', to ?? ''] as const,
};

export interface GoalFilter {
  employeeId?: number | undefined;
  active?: 'true' | 'false' | undefined;
  page: number;
  pageSize: number;
}

export type StepAction = 'pin' | 'skip' | 'clear';

/** After a goal or a preference changed: every path and goal view is stale. */
const refreshPaths = (qc: QueryClient) => {
  void qc.invalidateQueries({ queryKey: pathKeys.all });
  void qc.invalidateQueries({ queryKey: pathKeys.goals });
};

/** The caller's own path (403 for an account without an employee). */
export function useMyPath() {
  return useQuery({ queryKey: pathKeys.mine, queryFn: () => api.get<PathView>('/me/path') });
}

/** An employee's path, read-only (managers: their reporting line). */
export function useEmployeePath(employeeId: number) {
  return useQuery({
    queryKey: pathKeys.employee(employeeId),
    queryFn: () => api.get<PathView>(`/employees/${employeeId}/path`),
  });
}

/** Pins a module to my path, skips it, or clears my choice; the answer is the re-planned path. */
export function useStepPreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ moduleId, action }: { moduleId: number; action: StepAction }) =>
      api.put<PathView>(`/me/path/steps/${moduleId}`, { action }),
    onSuccess: (view) => {
      qc.setQueryData(pathKeys.mine, view);
      refreshPaths(qc);
    },
  });
}

/** My preferred order of the steps (module ids); the answer is the re-planned path. */
export function usePathOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (moduleIds: number[]) => api.put<PathView>('/me/path/order', { moduleIds }),
    onSuccess: (view) => {
      qc.setQueryData(pathKeys.mine, view);
      refreshPaths(qc);
    },
  });
}

/** Assigns a goal to people or a department; each is re-planned at once (warnings in the result). */
export function useAssignGoal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignGoalBody) => api.post<AssignGoalResult>('/goals', body),
    onSuccess: () => refreshPaths(qc),
  });
}

export function useGoals(filter: GoalFilter) {
  return useQuery({
    queryKey: pathKeys.goalList(filter),
    queryFn: () => api.get<Page<GoalItem>>('/goals', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

/** Ends an active goal (the path falls back to the position's targets). */
export function useEndGoal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (goalId: number) => api.delete<GoalItem>(`/goals/${goalId}`),
    onSuccess: () => refreshPaths(qc),
  });
}

export function useCuratedPaths(enabled = true) {
  return useQuery({
    queryKey: pathKeys.curated,
    queryFn: () => api.get<{ items: CuratedPath[] }>('/curated-paths'),
    enabled,
  });
}

/** Creates (id null) or replaces a curated path. */
export function useSaveCuratedPath(id: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CuratedPathBody) =>
      id === null ? api.post<CuratedPath>('/curated-paths', body) : api.put<CuratedPath>(`/curated-paths/${id}`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: pathKeys.curated });
      refreshPaths(qc);
    },
  });
}

/** Starts re-planning everyone's path (202 with the job; progress through GET /jobs/:id). */
export function useStartReplan() {
  return useMutation({ mutationFn: () => api.post<JobItem>('/paths/replan') });
}

/** The knowledge points a module teaches, with the author's expected gain. */
export function useModuleKps(moduleId: number) {
  return useQuery({
    queryKey: pathKeys.moduleKps(moduleId),
    queryFn: () => api.get<ModuleKps>(`/modules/${moduleId}/knowledge-points`),
  });
}

/** Replaces what a module teaches (all or nothing); paths are planned from it. */
export function useSaveModuleKps(moduleId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: PutModuleKpsBody['items']) =>
      api.put<ModuleKps>(`/modules/${moduleId}/knowledge-points`, { items }),
    onSuccess: (data) => {
      qc.setQueryData(pathKeys.moduleKps(moduleId), data);
      void qc.invalidateQueries({ queryKey: pathKeys.all });
    },
  });
}

/**
 * Recommended courses for the learner home, or beside course `courseId`. Every answer is logged
 * as impressions by the server, so it is not refetched on focus.
 */
export function useRecommendations(courseId?: number, limit = 5) {
  return useQuery({
    queryKey: pathKeys.recommendations(courseId),
    queryFn: () => api.get<RecommendationList>('/me/recommendations', { courseId, limit }),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

/** Logs what the learner did with a recommendation (for evaluation); failures are not shown. */
export function useRecommendationEvent() {
  return useMutation({ mutationFn: (e: RecommendationEventBody) => api.post('/me/recommendations/events', e) });
}

/** How recommendations fared between two days (default: the last 30); L&D and administrators. */
export function useRecommendationReport(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: pathKeys.recommendationReport(from, to),
    queryFn: () => api.get<RecommendationReport>('/recommendations/report', { from, to }),
    placeholderData: keepPreviousData,
  });
}
