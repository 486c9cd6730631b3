'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { useAccount } from './account-context';
import { afterRemovingPassword } from './consequences';
import { Swap } from './ghost';

const NEEDS_PASSKEY = 'Add a passkey before you can remove your password.';

export function PasswordSection() {
  const { account, reload, withReauth, factorChanged, confirmAction } = useAccount();
  const { hasPassword } = account;
  const passkeyCount = account.passkeys.length;
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'saving' | 'removing' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // Where focus goes when the control that held it goes away.
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) status.current?.focus();
  }, [message]);

  // Shown, disabled and with its reason, when it cannot work: not refused after the click.
  const removable = hasPassword && passkeyCount > 0;

  async function remove() {
    if (!removable || busy) return;
    const confirmed = await confirmAction({
      title: 'Remove your password?',
      consequence: afterRemovingPassword(account.passkeys.map((p) => p.name)),
      confirmLabel: 'Remove password',
    });
    if (!confirmed) return;
    setMessage(null);
    setBusy('removing');
    const result = await withReauth(() => sendJson('DELETE', '/api/account/password'));
    setBusy(null);
    if (!result.ok) {
      setMessage(result.error.code === 'cancelled' ? null : { ok: false, text: result.error.message });
      return;
    }
    await reload();
    setMessage({ ok: true, text: 'Password removed. You now sign in with your passkeys.' });
    factorChanged();
  }

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    // Said beside the field, like every other form's errors, before anything is sent.
    if (!password) {
      setFieldError('Enter a new password.');
      input.current?.focus();
      return;
    }
    setBusy('saving');
    const result = await withReauth(() => sendJson<{ password: 'set' | 'changed' }>('PUT', '/api/account/password', { password }));
    setBusy(null);
    if (!result.ok) {
      if (result.error.code === 'cancelled') return;
      if (result.error.fields?.password) {
        setFieldError(result.error.fields.password);
        input.current?.focus();
      } else {
        setMessage({ ok: false, text: result.error.message });
      }
      return;
    }
    form.reset();
    setFieldError(null);
    await reload();
    setEditing(false);
    setMessage({ ok: true, text: result.data.password === 'set' ? 'Password set.' : 'Password changed.' });
    factorChanged();
  }

  return (
    <div className="stack">
      <p>{hasPassword ? 'You can sign in with your password.' : 'You have no password: you sign in with your passkeys only.'}</p>
      <div role="status">
        {message && (
          <p ref={status} tabIndex={-1} className={message.ok ? 'ok' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
      {editing ? (
        <form className="stack" onSubmit={save} noValidate>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input
              ref={input}
              id="new-password"
              name="password"
              type="password"
              autoComplete="new-password"
              autoFocus
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-hint ${id}-error` : `${id}-hint`}
              onChange={() => fieldError && setFieldError(null)}
            />
            <span id={`${id}-hint`} className="hint">
              At least 8 characters. Long passphrases are welcome; common passwords are not.
            </span>
            {fieldError && (
              <span id={`${id}-error`} className="field-error">
                {fieldError}
              </span>
            )}
          </div>
          <div className="actions">
            <button type="submit" aria-busy={busy === 'saving'} disabled={busy !== null}>
              {busy === 'saving' ? 'Saving…' : hasPassword ? 'Save new password' : 'Set password'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setFieldError(null);
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {hasPassword ? 'Change password' : 'Set a password'}
          </button>
          {hasPassword && (
            <button
              type="button"
              className="secondary danger"
              aria-disabled={!removable || busy === 'removing' ? true : undefined}
              aria-busy={busy === 'removing'}
              aria-describedby={removable ? undefined : `${id}-reason`}
              onClick={remove}
            >
              {busy === 'removing' ? 'Removing…' : 'Remove password'}
            </button>
          )}
        </div>
      )}
      {hasPassword && (
        // Whichever shows, it takes the room of the longer, so a passkey arriving (the
        // automatic upgrade's) moves nothing below.
        <Swap
          show={removable ? 'removable' : 'needsPasskey'}
          className="muted"
          options={{
            needsPasskey: { text: NEEDS_PASSKEY, id: `${id}-reason` },
            removable: { text: 'Your passkeys sign you in too.' },
          }}
        />
      )}
    </div>
  );
}
