import { useEffect, useRef, useState } from 'react';
import { saveResponse } from '../../api/exams.ts';
import { AutosaveQueue, type SaveStatus } from './autosave.ts';

/**
 * One autosave queue per mounted exam page (StrictMode-safe: a remount makes a new one). It
 * retries at once when the browser comes back online, warns before the tab closes with
 * unsaved answers, and sends what is pending when the page is left in the app.
 */
export function useAutosave(attemptId: number, onClosed: (err: unknown) => void) {
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle', savedAt: null, error: null });
  const queueRef = useRef<AutosaveQueue | null>(null);
  const closedRef = useRef(onClosed);
  useEffect(() => {
    closedRef.current = onClosed;
  }, [onClosed]);

  useEffect(() => {
    const q = new AutosaveQueue({
      send: (itemId, body) => saveResponse(attemptId, itemId, body),
      onStatus: setStatus,
      onClosed: (e) => closedRef.current(e),
    });
    queueRef.current = q;
    const online = () => q.retryNow();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (q.pending) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
      if (queueRef.current === q) queueRef.current = null;
      void q.flushAll().then(() => q.dispose());
    };
  }, [attemptId]);

  return { queueRef, status };
}
