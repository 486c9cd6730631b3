'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { showConfirmation } from '@/lib/client/notice';
import { sessionChanged } from '@/lib/client/session';
import { FormAlert } from '../field';

type Removed = { password: boolean; passkeys: string[]; sessions: number };
type Verified = { email: string; removed: Removed; signedIn: boolean };

function describeRemoved(removed: Removed): string[] {
  return [
    ...(removed.password ? ['the password'] : []),
    ...removed.passkeys.map((name) => `the passkey “${name}”`),
    ...(removed.sessions > 0 ? [removed.sessions === 1 ? '1 signed-in session' : `${removed.sessions} signed-in sessions`] : []),
  ];
}

// Says, before anything happens, what the first verification of the address will remove:
// whatever was added to the account before it, except by the person verifying it now.
export function VerifyEmailForm(props: { token: string; email: string; signedInAsOwner: boolean; wouldRemove: Removed }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Verified | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const removals = describeRemoved(props.wouldRemove);

  async function verify() {
    setPending(true);
    setError(null);
    const result = await postJson<Verified>('/api/auth/email/verify', { token: props.token });
    if (!result.ok) {
      setPending(false);
      setError(result.error.message);
      return;
    }
    if (result.data.signedIn) {
      // Everything was removed and this browser is now signed in: set up a way in. The account
      // page says what happened, and how to get a way to sign in back.
      sessionChanged();
      const removed = describeRemoved(result.data.removed);
      showConfirmation(
        `${result.data.email} is verified, and you’re signed in.${removed.length > 0 ? ` Removed: ${removed.join(', ')}.` : ''}`,
        result.data.email,
      );
      router.replace('/account');
      router.refresh();
      return;
    }
    setDone(result.data);
    setPending(false);
    requestAnimationFrame(() => heading.current?.focus());
  }

  if (done) {
    const removed = describeRemoved(done.removed);
    return (
      <div className="stack" role="status">
        <h2 ref={heading} tabIndex={-1}>
          {done.email} is verified
        </h2>
        {removed.length > 0 && (
          <div>
            <p>Removed, because they were added before the address was verified and not by you here:</p>
            <ul className="removed">
              {removed.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        )}
        <Link href="/account">Go to your account</Link>
      </div>
    );
  }

  return (
    <div className="stack">
      <FormAlert message={error} />
      <p>
        Confirm that <strong>{props.email}</strong> is your address.
      </p>
      {props.signedInAsOwner ? (
        removals.length > 0 && (
          <div>
            <p>Verifying also removes what was added to this account before, other than by this sign-in:</p>
            <ul className="removed">
              {removals.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        )
      ) : (
        <p>
          You are not signed in to this account here. Until an address is verified, anyone could have created an account with it, so
          verifying here removes every password, passkey and sign-in the account has, and signs you in to set up your own. If you created
          this account, <Link href="/sign-in">sign in</Link> first and open the link again to keep what you set up.
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={pending} aria-busy={pending} onClick={verify}>
          {pending ? 'Verifying…' : props.signedInAsOwner ? 'Verify my email address' : 'Verify and start over'}
        </button>
      </div>
    </div>
  );
}
