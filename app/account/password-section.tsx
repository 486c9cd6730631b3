'use client';

import { useEffect, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { useAccount } from './account-context';

export function PasswordSection() {
  const { account, reload, withReauth, factorChanged } = useAccount();
  const { hasPassword } = account;
  const passkeyCount = account.passkeys.length;
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Where focus goes when the control that held it goes away.
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) status.current?.focus();
  }, [message]);

  async function remove() {
    setMessage(null);
    const result = await withReauth(() => sendJson('DELETE', '/api/account/password'));
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
    const result = await withReauth(() => sendJson<{ password: 'set' | 'changed' }>('PUT', '/api/account/password', { password }));
    if (!result.ok) {
      setMessage(result.error.code === 'cancelled' ? null : { ok: false, text: result.error.fields?.password ?? result.error.message });
      return;
    }
    form.reset();
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
        <form className="stack" onSubmit={save}>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input id="new-password" name="password" type="password" autoComplete="new-password" required autoFocus />
            <span className="hint">At least 8 characters. Long passphrases are welcome; common passwords are not.</span>
          </div>
          <div className="actions">
            <button type="submit">{hasPassword ? 'Save new password' : 'Set password'}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
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
            <button type="button" className="secondary danger" onClick={remove}>
              Remove password
            </button>
          )}
        </div>
      )}
      {hasPassword && passkeyCount === 0 && <p className="muted">Add a passkey before you can remove your password.</p>}
    </div>
  );
}
