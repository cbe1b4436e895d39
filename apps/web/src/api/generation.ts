/**
 * Content generation (issue 6 §4): what the model can do, the knowledge-base documents to pick
 * from, generating drafts, the review queue and its actions. Keys start with `generation`.
 */
import type { GenerateRequest, GenerateResult, GenerationDraftView, KbCollection, KbDocument, Page } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export interface DraftFilter {
  status: 'pending' | 'approved' | 'rejected';
  kind?: 'outline' | 'item' | 'case' | undefined;
  page: number;
  pageSize: number;
}

export const generationKeys = {
  all: ['generation'] as const,
  capabilities: ['generation', 'capabilities'] as const,
  drafts: (f: DraftFilter) => ['generation', 'drafts', f] as const,
  draft: (id: number) => ['generation', 'draft', id] as const,
  collections: ['generation', 'kb-collections'] as const,
  documents: (collectionId: number) => ['generation', 'kb-documents', collectionId] as const,
};

export function useGenerationCapabilities() {
  return useQuery({
    queryKey: generationKeys.capabilities,
    queryFn: () => api.get<{ model: boolean; chatModel: string | null; itemTypes: string[] }>('/generation/capabilities'),
  });
}

export function useKbCollections() {
  return useQuery({ queryKey: generationKeys.collections, queryFn: () => api.get<{ items: KbCollection[] }>('/kb/collections') });
}

/** The ready documents of a collection (up to 200). */
export function useKbDocuments(collectionId: number | null) {
  return useQuery({
    queryKey: generationKeys.documents(collectionId ?? 0),
    queryFn: () => api.get<Page<KbDocument>>(`/kb/collections/${collectionId}/documents`, { status: 'ready', pageSize: 200 }),
    enabled: collectionId != null,
  });
}

export function useDrafts(f: DraftFilter) {
  return useQuery({
    queryKey: generationKeys.drafts(f),
    queryFn: () => api.get<Page<GenerationDraftView>>('/generation/drafts', { ...f }),
    placeholderData: keepPreviousData,
  });
}

export function useDraft(id: number | null) {
  return useQuery({
    queryKey: generationKeys.draft(id ?? 0),
    queryFn: () => api.get<GenerationDraftView>(`/generation/drafts/${id}`),
    enabled: id != null,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: generationKeys.all });
}

export function useGenerate() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: GenerateRequest) => api.post<GenerateResult>('/generation/drafts', body), onSuccess: refresh });
}

export function useSaveDraft(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (content: Record<string, unknown>) => api.put<GenerationDraftView>(`/generation/drafts/${id}`, { content }),
    onSuccess: refresh,
  });
}

export function useApproveDraft(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { knowledgePoints?: string[]; note?: string }) =>
      api.post<{ draft: GenerationDraftView; itemId: number | null; courseId: number | null }>(`/generation/drafts/${id}/approve`, body),
    onSuccess: refresh,
  });
}

export function useRejectDraft(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (reason: string) => api.post<GenerationDraftView>(`/generation/drafts/${id}/reject`, { reason }),
    onSuccess: refresh,
  });
}
