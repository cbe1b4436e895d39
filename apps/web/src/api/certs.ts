/**
 * Certification (issue 7): my certificates, the admin list with status changes and key rotation,
 * and public verification (by id, or of a presented file) — the last needs no login.
 */
import type { CertificateItem, Page, VerificationView } from '@xueli/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const certKeys = {
  all: ['certs'] as const,
  mine: ['certs', 'me'] as const,
  list: (q: CertificateFilter) => ['certs', 'list', q] as const,
  verification: (publicId: string) => ['certs', 'verify', publicId] as const,
};

export interface CertificateFilter {
  q?: string | undefined;
  status?: 'active' | 'suspended' | 'revoked' | undefined;
  page: number;
  pageSize: number;
}

export function useMyCertificates() {
  return useQuery({ queryKey: certKeys.mine, queryFn: () => api.get<{ items: CertificateItem[] }>('/me/certificates') });
}

export function useCertificates(q: CertificateFilter) {
  return useQuery({
    queryKey: certKeys.list(q),
    queryFn: () => api.get<Page<CertificateItem>>('/certificates', { ...q }),
    placeholderData: keepPreviousData,
  });
}

export function useVerification(publicId: string | undefined) {
  return useQuery({
    queryKey: certKeys.verification(publicId ?? ''),
    queryFn: () => api.get<VerificationView>(`/public/certificates/${publicId}`),
    enabled: !!publicId,
    retry: false,
  });
}

/** Verifies a certificate someone presents (its JWT or the downloaded JSON file). */
export function useVerifyPresented() {
  return useMutation({ mutationFn: (credential: string) => api.post<VerificationView>('/public/certificates/verify', { credential }) });
}

export type StatusChange = 'suspend' | 'reinstate' | 'revoke';

export function useCertificateStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; change: StatusChange; reason: string }) =>
      api.post<CertificateItem>(`/certificates/${v.id}/status`, { change: v.change, reason: v.reason }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: certKeys.all }),
  });
}

export function useRotateKey() {
  return useMutation({ mutationFn: () => api.post<{ thumbprint: string; retired: string[] }>('/cert-keys/rotate') });
}

/** Download links of a certificate (served without login). */
export const credentialUrl = (publicId: string, format: 'jwt' | 'json') =>
  `/api/v1/public/certificates/${publicId}/credential?format=${format}`;

/** The printable certificate (an A4 PDF in Chinese and English with a QR code), also without login. */
export const certificatePdfUrl = (publicId: string) => `/api/v1/public/certificates/${publicId}/pdf`;
