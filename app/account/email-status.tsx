'use client';

import { Fragment, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { useAccount } from './account-context';
import { OutboxLink } from '@/app/(auth)/outbox-link';

// The address, whether it is verified, and a way to get a new verification link. The account
// works unverified; the link is what proves the address is the account holder's.

/** The address with places to wrap at its dots and "@", so a long one never breaks mid-word. */
export function EmailAddress({ email }: { email: string }) {
  const parts = email.split(/(?=[.@])/);
  return (
    <span className="email">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

export function EmailStatus() {
  const { user } = useAccount().account;
  return (
    <>
      <dt>Email</dt>
      <dd>
        <EmailAddress email={user.email} />{' '}
        {user.emailVerified ? <span className="badge">Verified</span> : <span className="badge badge-warning">Not verified</span>}
      </dd>
    </>
  );
}

export function EmailVerifyPrompt() {
  const { user } = useAccount().account;
  const [state, setState] = useState<{ pending: boolean; message: string | null; ok: boolean }>({
    pending: false,
    message: null,
    ok: true,
  });
  if (user.emailVerified) return null;

  async function resend() {
    setState({ pending: true, message: null, ok: true });
    const result = await postJson<{ sentTo: string }>('/api/account/email/verification');
    setState(
      result.ok
        ? { pending: false, ok: true, message: `We sent a new link to ${result.data.sentTo}. It replaces any earlier one.` }
        : { pending: false, ok: false, message: result.error.message },
    );
  }

  return (
    <div className="email-verify">
      <p className="muted">
        Open the link we emailed you to confirm that this address is yours.
        <OutboxLink />
      </p>
      <div className="actions">
        <button type="button" className="secondary" aria-busy={state.pending} disabled={state.pending} onClick={resend}>
          {state.pending ? 'Sending…' : 'Send a new link'}
        </button>
      </div>
      <div role={state.ok ? 'status' : 'alert'} aria-live={state.ok ? 'polite' : 'assertive'}>
        {state.message && <p className={state.ok ? 'ok' : 'alert'}>{state.message}</p>}
      </div>
    </div>
  );
}
