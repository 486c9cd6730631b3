'use client';

import Link from 'next/link';
import { useEffect, useSyncExternalStore } from 'react';

// Quiet notices such as "Passkey created". One at a time, shown in the page's flow just under
// the header, never over it: an overlay in a corner covers whatever control sits there (on a
// phone, a whole row of buttons). It sits in a polite live region that is always in the
// document, so screen readers announce it without focus moving. It stays until the person
// closes it (button or Escape), so nobody has to read it against a timer.

export type Notice = { id: number; title: string; text: string; link?: { href: string; label: string } };

let current: Notice | null = null;
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function showNotice(notice: Omit<Notice, 'id'>): void {
  current = { ...notice, id: nextId++ };
  emit();
}

export function dismissNotice(): void {
  current = null;
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function NoticeArea() {
  const notice = useSyncExternalStore(subscribe, () => current, () => null);

  useEffect(() => {
    if (!notice) return;
    function onKeyDown(event: KeyboardEvent) {
      // Escape belongs to an open dialog first, and to whatever already handled it.
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      dismissNotice();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [notice]);

  return (
    <div className="notice-area" role="status" aria-live="polite">
      {notice && (
        <div className="notice" data-notice={notice.id}>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" className="notice-icon">
            <path d="M20 6 9 17l-5-5" />
          </svg>
          <div className="notice-body">
            <strong>{notice.title}</strong> <span>{notice.text}</span>{' '}
            {notice.link && (
              <Link href={notice.link.href}>
                {notice.link.label}
              </Link>
            )}
          </div>
          <button type="button" className="notice-close" aria-label="Dismiss notice" onClick={() => dismissNotice()}>
            <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round">
              <path d="M6 6l12 12M18 6 6 18" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
}
