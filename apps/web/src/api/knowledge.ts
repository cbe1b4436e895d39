/**
 * The knowledge base (issue 6 §2): collections, their documents (upload, paste, re-index, delete),
 * a document's passages and search. Keys start with `kb` so one invalidation refreshes every view.
 */
import type {
  JobItem,
  KbCollection,
  KbCollectionBody,
  KbCollectionList,
  KbCollectionPatch,
  KbDocument,
  KbDocumentDetail,
  KbPasteBody,
  Page,
} from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const kbKeys = {
  all: ['kb'] as const,
  collections: ['kb', 'collections'] as const,
  collection: (id: number) => ['kb', 'collection', id] as const,
  documents: (id: number, q: DocumentFilter) => ['kb', 'documents', id, q] as const,
  document: (id: number) => ['kb', 'document', id] as const,
};

export interface DocumentFilter {
  page: number;
  pageSize: number;
  status?: KbDocument['status'] | undefined;
  q?: string | undefined;
}

export function useKbCollections() {
  return useQuery({ queryKey: kbKeys.collections, queryFn: () => api.get<KbCollectionList>('/kb/collections') });
}

export function useKbCollection(id: number) {
  return useQuery({ queryKey: kbKeys.collection(id), queryFn: () => api.get<KbCollection>(`/kb/collections/${id}`) });
}

/** A collection's documents; polled every 2 s while one of them is still pending or indexing. */
export function useKbDocuments(collectionId: number, q: DocumentFilter) {
  return useQuery({
    queryKey: kbKeys.documents(collectionId, q),
    queryFn: () => api.get<Page<KbDocument>>(`/kb/collections/${collectionId}/documents`, { ...q }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'indexing') ? 2000 : false,
  });
}

export function useKbDocument(id: number | null) {
  return useQuery({
    queryKey: kbKeys.document(id ?? 0),
    queryFn: () => api.get<KbDocumentDetail>(`/kb/documents/${id}`),
    enabled: id !== null,
  });
}

export function useSaveCollection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: KbCollectionBody | KbCollectionPatch }) =>
      id === null
        ? api.post<KbCollection>('/kb/collections', body)
        : api.patch<KbCollection>(`/kb/collections/${id}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

/** Uploads one file (multipart); the answer is the pending document with its index job. */
export function useUploadDocument(collectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.post<KbDocument>(`/kb/collections/${collectionId}/documents`, form);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

export function usePasteDocument(collectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: KbPasteBody) => api.post<KbDocument>(`/kb/collections/${collectionId}/documents/paste`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

export function useReindex(collectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (documentId: number | null) =>
      api.post<JobItem>(
        documentId === null
          ? `/kb/collections/${collectionId}/reindex`
          : `/kb/collections/${collectionId}/documents/${documentId}/reindex`,
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: kbKeys.all }),
  });
}
