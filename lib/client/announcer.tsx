'use client';

import { useSyncExternalStore } from 'react';
import { newestNoticeText, noNotices, notices, subscribeNotices } from './notice';

// Reads the newest notice out to screen readers. It sits in the root layout, so the live
// region is in the document long before anything is said in it, whichever page is showing:
// a region that arrives with its text already in it (the account page right after a sign-in)
// is not announced. Visually hidden: the account page shows the notice where it belongs.
export function Announcer() {
  const newest = newestNoticeText(useSyncExternalStore(subscribeNotices, notices, noNotices));
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-announcer>
      {/* A new element for each notice, so the same words said again are read again. */}
      {newest && <p key={newest.id}>{newest.text}</p>}
    </div>
  );
}
