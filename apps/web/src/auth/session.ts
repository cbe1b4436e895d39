/**
 * The logged-in user as React Query state under the key `['session']`: `null` when nobody is
 * logged in (the server answered 401), otherwise the session response. Login, logout and the
 * language preference all go through here so the CSRF token and the UI language stay in step
 * with the server.
 */
import type { SessionResponse, SessionUser } from '@xueli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import { applyLanguage, type AppLocale } from '../i18n/index.ts';

export const SESSION_KEY = ['session'] as const;

/** A language picked on the login page; it becomes the account's preference at login. */
let chosenBeforeLogin: AppLocale | null = null;

async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const s = await api.get<SessionResponse>('/auth/session');
    setCsrfToken(s.csrfToken);
    await applyLanguage(s.user.locale);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** The current session; `data` is `null` when logged out, `undefined` while loading. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
}

/** The logged-in user; only call below `RequireAuth`, where a session is guaranteed. */
export function useUser(): SessionUser {
  const { data } = useSession();
  if (!data) throw new Error('useUser() outside an authenticated view');
  return data.user;
}

/**
 * Logs in; on success the session is cached and the user's saved language applied — unless
 * a language was picked on the login page, which then becomes the saved one.
 */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<SessionResponse>('/auth/login', body),
    onSuccess: async (s) => {
      setCsrfToken(s.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      const chosen = chosenBeforeLogin;
      chosenBeforeLogin = null;
      if (chosen && chosen !== s.user.locale) {
        await applyLanguage(chosen);
        try {
          s = await api.patch<SessionResponse>('/auth/session', { locale: chosen });
        } catch {
          // keep the chosen language for this browser even if saving failed
        }
      } else {
        await applyLanguage(s.user.locale);
      }
      qc.setQueryData(SESSION_KEY, s);
    },
  });
}

/** Logs out and drops every cached query so the next user sees nothing of this one. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}

/**
 * Switches the UI language at once and, when logged in, saves it as the user's preference
 * (PATCH /auth/session); when logged out, remembers it for the next login. A failed save
 * keeps the new language for this browser.
 */
export function useChangeLanguage() {
  const qc = useQueryClient();
  return async (locale: AppLocale) => {
    await applyLanguage(locale);
    const current = qc.getQueryData<SessionResponse | null>(SESSION_KEY);
    if (!current) {
      chosenBeforeLogin = locale;
      return;
    }
    try {
      const s = await api.patch<SessionResponse>('/auth/session', { locale });
      qc.setQueryData(SESSION_KEY, { ...s, csrfToken: s.csrfToken ?? current.csrfToken });
    } catch {
      // the preference is cosmetic: keep the language for this browser even if saving failed
    }
  };
}
