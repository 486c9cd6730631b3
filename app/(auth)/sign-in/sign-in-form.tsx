'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { upgradeInBackground } from '@/lib/client/passkey-upgrade';
import { sessionChanged } from '@/lib/client/session';
import { cancelPasskeyAutofill, passkeyAutofill, passkeyModalSignIn, type PasskeySignInResult } from '@/lib/client/passkey-sign-in';
import { Field, FormAlert, bannerFor, useFocusOnFailure } from '../field';
import { PasskeyIcon } from '@/lib/client/passkey-icon';

export function SignInForm() {
  const router = useRouter();
  const [pending, setPending] = useState<'password' | 'passkey' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const mounted = useRef(true);
  const formRef = useRef<HTMLFormElement>(null);
  const failed = useFocusOnFailure(formRef);
  // Whether a conditional get (autofill) is waiting; exposed as data-passkey-autofill so
  // tests can tell when the browser has answered it.
  const [autofill, setAutofill] = useState<'pending' | 'idle'>('pending');

  // A new session: whatever this tab was told for an earlier one goes first.
  const signedIn = useCallback(() => {
    sessionChanged();
    router.replace('/account');
    router.refresh();
  }, [router]);

  const onPasskeyResult = useCallback(
    (result: PasskeySignInResult | null) => {
      if (!mounted.current || !result) return;
      if (result.ok) signedIn();
      else if (result.message) setError(result.message);
    },
    [signedIn],
  );

  // Offer passkeys in the email field's autofill as soon as the page is there.
  const startAutofill = useCallback(() => {
    setAutofill('pending');
    void passkeyAutofill().then((result) => {
      if (mounted.current) setAutofill('idle');
      onPasskeyResult(result);
    });
  }, [onPasskeyResult]);

  useEffect(() => {
    mounted.current = true;
    startAutofill();
    return () => {
      mounted.current = false;
      cancelPasskeyAutofill();
    };
  }, [startAutofill]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending('password');
    setError(null);
    const result = await postJson('/api/auth/sign-in', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (result.ok) {
      // Go to the account page at once; the upgrade runs beside it, silently.
      signedIn();
      upgradeInBackground();
      return;
    }
    setPending(null);
    setFields(result.error.fields ?? {});
    setError(bannerFor(result.error));
    failed();
  }

  async function onPasskeyButton() {
    setPending('passkey');
    setError(null);
    const result = await passkeyModalSignIn();
    if (!mounted.current) return;
    if (result.ok) {
      signedIn();
      return;
    }
    setPending(null);
    setError(result.message);
    failed();
    // The modal ceremony replaced the autofill one; offer autofill again.
    startAutofill();
  }

  return (
    // A real form with method and action, so password managers recognise a sign-in form.
    <form
      ref={formRef}
      className="stack"
      method="post"
      action="/api/auth/sign-in"
      onSubmit={onSubmit}
      noValidate
      data-passkey-autofill={autofill}
    >
      <FormAlert message={error} />
      <Field label="Email" name="email" type="email" autoComplete="username webauthn" error={fields.email} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={fields.password} revealable />
      <p className="forgot">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <div className="actions">
        <button type="submit" disabled={pending !== null} aria-busy={pending === 'password'}>
          {pending === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
      <p className="divider">or</p>
      <div className="actions">
        <button type="button" className="secondary" disabled={pending !== null} aria-busy={pending === 'passkey'} onClick={onPasskeyButton}>
          <PasskeyIcon /> Sign in with a passkey
        </button>
      </div>
    </form>
  );
}
