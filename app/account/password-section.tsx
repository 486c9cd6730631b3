'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { useAccount } from './account-context';

export function PasswordSection(props: { hasPassword: boolean; passkeyCount: number }) {
  const router = useRouter();
  const { withReauth, factorChanged } = useAccount();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function remove() {
    setMessage(null);
    const result = await withReauth(() => sendJson('DELETE', '/api/account/password'));
    if (!result.ok) {
      setMessage({ ok: false, text: result.error.message });
      return;
    }
    setMessage({ ok: true, text: 'Password removed. You now sign in with your passkeys.' });
    factorChanged();
    router.refresh();
  }

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    const result = await withReauth(() => sendJson<{ password: 'set' | 'changed' }>('PUT', '/api/account/password', { password }));
    if (!result.ok) {
      setMessage({ ok: false, text: result.error.fields?.password ?? result.error.message });
      return;
    }
    form.reset();
    setEditing(false);
    setMessage({ ok: true, text: result.data.password === 'set' ? 'Password set.' : 'Password changed.' });
    factorChanged();
    router.refresh();
  }

  return (
    <div className="stack">
      <p>
        {props.hasPassword
          ? 'You can sign in with your password.'
          : 'You have no password: you sign in with your passkeys only.'}
      </p>
      <div role="status">{message && <p className={message.ok ? 'ok' : 'alert'}>{message.text}</p>}</div>
      {editing ? (
        <form className="stack" onSubmit={save}>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input id="new-password" name="password" type="password" autoComplete="new-password" required />
            <span className="hint">At least 8 characters. Long passphrases are welcome; common passwords are not.</span>
          </div>
          <div className="actions">
            <button type="submit">{props.hasPassword ? 'Save new password' : 'Set password'}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {props.hasPassword ? 'Change password' : 'Set a password'}
          </button>
          {props.hasPassword && (
            <button type="button" className="secondary danger" onClick={remove}>
              Remove password
            </button>
          )}
        </div>
      )}
      {props.hasPassword && props.passkeyCount === 0 && (
        <p className="muted">Add a passkey before you can remove your password.</p>
      )}
    </div>
  );
}
