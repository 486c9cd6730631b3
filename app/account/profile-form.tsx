'use client';

import { useId, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { signalUserDetails } from '@/lib/client/signal';
import { useAccount } from './account-context';

export function ProfileForm(props: { rpId: string }) {
  const { account, reload } = useAccount();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function fieldFailed(text: string) {
    setMessage(null);
    setFieldError(text);
    input.current?.focus();
  }

  return (
    <form
      className="stack"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const displayName = String(new FormData(event.currentTarget).get('displayName') ?? '');
        // Said beside the field, like every other form's errors (not the browser's bubble).
        if (!displayName.trim()) return fieldFailed('Enter a display name.');
        setSaving(true);
        const result = await sendJson<{ displayName: string }>('PATCH', '/api/account/profile', { displayName });
        setSaving(false);
        if (!result.ok) {
          if (result.error.fields?.displayName) return fieldFailed(result.error.fields.displayName);
          setMessage({ ok: false, text: result.error.message });
          return;
        }
        setFieldError(null);
        const fresh = (await reload()) ?? account;
        setMessage({ ok: true, text: 'Display name saved.' });
        // The password manager shows this name next to the passkey, under the username it
        // holds for the account (as the person typed it, not as the server stores it).
        await signalUserDetails(props.rpId, fresh.user.webauthnUserId, fresh.user.signInName, result.data.displayName);
      }}
    >
      <div className="field">
        <label htmlFor="display-name">Display name</label>
        <input
          ref={input}
          id="display-name"
          name="displayName"
          type="text"
          autoComplete="name"
          defaultValue={account.user.displayName}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${id}-error` : undefined}
          onChange={() => fieldError && setFieldError(null)}
        />
        {fieldError && (
          <span id={`${id}-error`} className="field-error">
            {fieldError}
          </span>
        )}
      </div>
      <div role="status">{message && <p className={message.ok ? 'ok' : 'alert'}>{message.text}</p>}</div>
      <div className="actions">
        <button type="submit" aria-busy={saving} disabled={saving}>
          {saving ? 'Saving…' : 'Save display name'}
        </button>
      </div>
    </form>
  );
}
