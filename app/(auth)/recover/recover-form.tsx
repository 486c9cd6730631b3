'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { showConfirmation } from '@/lib/client/notice';
import { createPasskeyByHand } from '@/lib/client/passkey-create';
import { upgradeInBackground } from '@/lib/client/passkey-upgrade';
import { sessionChanged } from '@/lib/client/session';
import { Field, FormAlert, bannerFor, useFocusOnFailure } from '../field';

type FirstProof = { password: boolean; passkeys: string[] } | null;

function removals(firstProof: FirstProof): string[] {
  if (!firstProof) return [];
  return [...(firstProof.password ? ['the password'] : []), ...firstProof.passkeys.map((name) => `the passkey “${name}”`)];
}

/**
 * What the first proof removed, for the account page's confirmation. The new password does
 * not count its old one as removed: "Password changed" says it.
 */
function removedSentence(firstProof: FirstProof, newPassword: boolean): string {
  const items = removals(firstProof && { ...firstProof, password: firstProof.password && !newPassword });
  return items.length === 0 ? '' : ` Removed, because they were added before your address was verified: ${items.join(', ')}.`;
}

// A recovery link's two ways back in: a new password (a password sign-in like any other, so
// the automatic passkey upgrade follows it), or a sign-in by the link that goes straight on to
// create a new passkey (a modal create: the person is asked, and verified). On an address never
// verified the link is also its first proof: the page says, before anything can be pressed,
// what that removes. Either way ends on the account page, which says what happened.
export function RecoverForm(props: { token: string; email: string; hasPassword: boolean; passkeys: number; firstProof: FirstProof }) {
  const router = useRouter();
  const [pending, setPending] = useState<'password' | 'passkey' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const failed = useFocusOnFailure(formRef);
  const removed = removals(props.firstProof);

  function toAccount() {
    router.replace('/account');
    router.refresh();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending('password');
    setError(null);
    const result = await postJson('/api/auth/recovery/password', {
      token: props.token,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (result.ok) {
      sessionChanged();
      const what = props.hasPassword ? 'Password changed' : 'Password set';
      showConfirmation(`${what}, you’re signed in.${removedSentence(props.firstProof, true)}`, props.email);
      toAccount();
      upgradeInBackground();
      return;
    }
    setPending(null);
    setFields(result.error.fields ?? {});
    setError(bannerFor(result.error));
    failed();
  }

  async function onPasskey() {
    setPending('passkey');
    setError(null);
    const signedIn = await postJson('/api/auth/recovery/sign-in', { token: props.token });
    if (!signedIn.ok) {
      setPending(null);
      setError(signedIn.error.message);
      failed();
      return;
    }
    // Signed in now; the passkey is the next step (it announces itself when it is made). If it
    // is cancelled, the account page says what is missing and offers it again.
    sessionChanged();
    showConfirmation(`You’re signed in with the link we emailed you.${removedSentence(props.firstProof, false)}`, props.email);
    await createPasskeyByHand();
    toAccount();
  }

  return (
    <div className="stack">
      <p>
        For <strong>{props.email}</strong>. Choose a new password, or create a new passkey. Either way, every other device signed in to this
        account is signed out.
      </p>
      {removed.length > 0 && (
        <div className="first-proof">
          <p>
            This link is also the first proof that this address is yours. Until an address is proved, anyone could have set up an account
            with it, so either way, using the link removes what was added to the account before:
          </p>
          <ul className="removed">
            {removed.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="recover-option" aria-labelledby="recover-password-heading">
        <form ref={formRef} className="stack" method="post" action="/api/auth/recovery/password" onSubmit={onSubmit} noValidate>
          <h2 id="recover-password-heading">{props.hasPassword ? 'Set a new password' : 'Set a password'}</h2>
          <FormAlert message={error} />
          {/* The username beside the new password, so the password manager saves the pair. */}
          <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={props.email} readOnly error={fields.email} />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters. Long passphrases are welcome; common passwords are not."
            error={fields.password}
            autoFocus
          />
          <div className="actions">
            <button type="submit" disabled={pending !== null} aria-busy={pending === 'password'}>
              {pending === 'password' ? 'Saving…' : 'Save password and sign in'}
            </button>
          </div>
        </form>
      </section>
      <section className="recover-option stack" aria-labelledby="recover-passkey-heading">
        <h2 id="recover-passkey-heading">{props.passkeys > 0 ? 'Lost your passkeys?' : 'Or use a passkey'}</h2>
        <p className="muted">
          Sign in with this link and create a new passkey on this device.
          {props.passkeys > 0 && !props.firstProof && ' Your account page then lists your old passkeys, so you can remove the lost ones.'}
        </p>
        <div className="actions">
          <button type="button" className="secondary" disabled={pending !== null} aria-busy={pending === 'passkey'} onClick={onPasskey}>
            {pending === 'passkey' ? 'Creating a passkey…' : 'Sign in and create a passkey'}
          </button>
        </div>
      </section>
    </div>
  );
}
