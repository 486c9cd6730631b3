'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { createPasskeyByHand } from '@/lib/client/passkey-create';
import { upgradeInBackground } from '@/lib/client/passkey-upgrade';
import { sessionChanged } from '@/lib/client/session';
import { Field, FormAlert, bannerFor, useFocusOnFailure } from '../field';

// A recovery link's two ways back in: a new password (a password sign-in like any other, so
// the automatic passkey upgrade follows it), or a sign-in by the link that goes straight on to
// create a new passkey (a modal create: the person is asked, and verified).
export function RecoverForm(props: { token: string; email: string; hasPassword: boolean; passkeys: number }) {
  const router = useRouter();
  const [pending, setPending] = useState<'password' | 'passkey' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const failed = useFocusOnFailure(formRef);

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
    await createPasskeyByHand();
    toAccount();
  }

  return (
    <div className="stack">
      <p>
        For <strong>{props.email}</strong>. Choose a new password, or create a new passkey. Either way, every other device signed in to this
        account is signed out.
      </p>
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
            <button type="submit" disabled={pending !== null}>
              {pending === 'password' ? 'Saving…' : 'Save password and sign in'}
            </button>
          </div>
        </form>
      </section>
      <section className="recover-option stack" aria-labelledby="recover-passkey-heading">
        <h2 id="recover-passkey-heading">{props.passkeys > 0 ? 'Lost your passkeys?' : 'Or use a passkey'}</h2>
        <p className="muted">
          Sign in with this link and create a new passkey on this device.
          {props.passkeys > 0 && ' Your account page then lists your old passkeys, so you can remove the lost ones.'}
        </p>
        <div className="actions">
          <button type="button" className="secondary" disabled={pending !== null} onClick={onPasskey}>
            {pending === 'passkey' ? 'Creating a passkey…' : 'Sign in and create a passkey'}
          </button>
        </div>
      </section>
    </div>
  );
}
