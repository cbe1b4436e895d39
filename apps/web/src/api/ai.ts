/** AI provider administration (issue 6 §1): settings, connection test, call log and usage. Admin only. */
import type { AiCallItem, AiOutcomeValue, AiSettingsBody, AiSettingsView, AiTestBody, AiTestResult, AiUsageReport, Page } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export interface AiCallFilter {
  feature?: string | undefined;
  outcome?: AiOutcomeValue | undefined;
  userId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export const aiKeys = {
  all: ['ai-admin'] as const,
  settings: ['ai-admin', 'settings'] as const,
  usage: ['ai-admin', 'usage'] as const,
  calls: (q: AiCallFilter) => ['ai-admin', 'calls', q] as const,
};

export function useAiSettings() {
  return useQuery({ queryKey: aiKeys.settings, queryFn: () => api.get<AiSettingsView>('/admin/ai/settings') });
}

export function useSaveAiSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AiSettingsBody) => api.put<AiSettingsView>('/admin/ai/settings', body),
    onSuccess: (view) => {
      qc.setQueryData(aiKeys.settings, view);
      void qc.invalidateQueries({ queryKey: aiKeys.usage });
    },
  });
}

export function useTestAiConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AiTestBody) => api.post<AiTestResult>('/admin/ai/settings/test', body),
    // The test calls are logged too.
    onSettled: () => void qc.invalidateQueries({ queryKey: ['ai-admin', 'calls'] }),
  });
}

export function useAiUsage() {
  return useQuery({ queryKey: aiKeys.usage, queryFn: () => api.get<AiUsageReport>('/admin/ai/usage') });
}

export function useAiCalls(q: AiCallFilter) {
  return useQuery({ queryKey: aiKeys.calls(q), queryFn: () => api.get<Page<AiCallItem>>('/admin/ai/calls', { ...q }), placeholderData: keepPreviousData });
}
