'use client';

import { useEffect } from 'react';
import { dismissConfirmation, dismissPasskeyNotice } from '@/lib/client/notice';
import { useAccount } from './account-context';

// The notices this session's account page shows (lib/client/notice.ts says whose they are):
// a flow's confirmation at the top, "Passkey created" in the passkeys section, beside the
// passkey it is about. They sit in the page's flow, never over it: an overlay covers whatever
// control is under it. Screen readers hear them from the announcer in the root layout, so
// these are not live regions themselves (the words would be read twice). Each stays until
// closed, by its button or by Escape.

function CheckIcon() {
  return (
    <svg
      aria-hidden="true"
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className="notice-icon"
    >
      <path d="M20 6 9 17l-5-5" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg
      aria-hidden="true"
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
    >
      <path d="M6 6l12 12M18 6 6 18" />
    </svg>
  );
}

export function Notice(props: { id: number; title?: string; text: string; onDismiss: () => void }) {
  return (
    <div className="notice" data-notice={props.id}>
      <CheckIcon />
      <p className="notice-body">
        {props.title && (
          <>
            <strong>{props.title}</strong>{' '}
          </>
        )}
        {props.text}
      </p>
      <button type="button" className="notice-close" aria-label="Dismiss notice" onClick={props.onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** Escape closes the newest notice, unless a dialog or a menu took the key first. */
function useEscapeCloses(close: (() => void) | null) {
  useEffect(() => {
    if (!close) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      close!();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [close]);
}

/** The confirmation at the top of the page; Escape closes the newest notice on the page. */
export function AccountNotices() {
  const { notices } = useAccount();
  const { passkey, confirmation } = notices;
  const newest =
    passkey && (!confirmation || passkey.id > confirmation.id) ? dismissPasskeyNotice : confirmation ? dismissConfirmation : null;
  useEscapeCloses(newest);
  return confirmation && <Notice id={confirmation.id} text={confirmation.text} onDismiss={dismissConfirmation} />;
}
