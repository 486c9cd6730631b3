'use client';

import { useEffect, useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { reauthenticateWithPasskey } from '@/lib/client/passkey-reauth';

// "Confirm it's you": a modal dialog that asks for a passkey or the password before a change
// to how the person signs in. `register` hands the account page a function that opens it and
// resolves with whether the person confirmed.
export function ReauthDialog(props: { hasPassword: boolean; hasPasskeys: boolean; register: (open: () => Promise<boolean>) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const pending = useRef<((confirmed: boolean) => void) | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Which way of confirming is working: its button says so, and the others wait.
  const [busy, setBusy] = useState<'passkey' | 'password' | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const { register } = props;

  useEffect(() => {
    register(
      () =>
        new Promise<boolean>((resolve) => {
          pending.current = resolve;
          setError(null);
          dialog.current?.showModal();
        }),
    );
  }, [register]);

  function close(confirmed: boolean) {
    // The typed password never outlives the dialog, whatever way it closes.
    form.current?.reset();
    setError(null);
    dialog.current?.close();
    pending.current?.(confirmed);
    pending.current = null;
  }

  async function confirmWithPasskey() {
    setError(null);
    setBusy('passkey');
    const result = await reauthenticateWithPasskey();
    setBusy(null);
    if (result.ok) close(true);
    else setError(result.message);
  }

  async function confirmWithPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    // Said in the dialog, like every other form's errors (not the browser's bubble).
    if (!password) {
      setError('Enter your current password.');
      passwordInput.current?.focus();
      return;
    }
    setError(null);
    setBusy('password');
    const result = await postJson('/api/account/reauth/password', { password });
    setBusy(null);
    if (result.ok) close(true);
    else {
      setError(result.error.message);
      passwordInput.current?.focus();
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="reauth-heading" onCancel={() => close(false)} className="reauth">
      <h2 id="reauth-heading">Confirm it’s you</h2>
      <p className="muted">For your security, confirm your identity before changing how you sign in.</p>
      <div role="alert">{error && <p className="alert">{error}</p>}</div>
      <div className="stack">
        {props.hasPasskeys && (
          <button type="button" onClick={confirmWithPasskey} disabled={busy !== null} aria-busy={busy === 'passkey'}>
            {busy === 'passkey' ? 'Waiting for your passkey…' : 'Confirm with a passkey'}
          </button>
        )}
        {props.hasPassword && (
          <form ref={form} className="stack" onSubmit={confirmWithPassword} noValidate>
            <div className="field">
              <label htmlFor="reauth-password">Current password</label>
              <input ref={passwordInput} id="reauth-password" name="password" type="password" autoComplete="current-password" />
            </div>
            <button type="submit" className="secondary" disabled={busy !== null} aria-busy={busy === 'password'}>
              {busy === 'password' ? 'Checking your password…' : 'Confirm with password'}
            </button>
          </form>
        )}
        <button type="button" className="secondary" onClick={() => close(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
