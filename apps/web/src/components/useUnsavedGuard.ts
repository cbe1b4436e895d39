/**
 * Warns before unsaved changes are lost. The app uses <BrowserRouter> (no data router, so no
 * useBlocker): while `dirty`, closing or reloading the tab asks the browser's question, and a
 * click on any in-app link (menu, breadcrumbs, the page's own links) is held back until the user
 * confirms. The browser's Back button is not intercepted.
 */
import { App as AntApp } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

export function useUnsavedGuard(dirty: boolean) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(a instanceof HTMLAnchorElement) || a.target === '_blank' || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      const to = url.pathname + url.search + url.hash;
      if (url.pathname + url.search === window.location.pathname + window.location.search) return;
      // Held in the capture phase, before React Router's own click handler sees it.
      e.preventDefault();
      e.stopPropagation();
      modal.confirm({
        title: t('common.unsavedTitle'),
        content: t('common.unsavedText'),
        okText: t('common.unsavedLeave'),
        okButtonProps: { danger: true, 'data-testid': 'unsaved-leave' },
        cancelText: t('common.unsavedStay'),
        onOk: () => void navigate(to),
      });
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, modal, navigate, t]);
}
