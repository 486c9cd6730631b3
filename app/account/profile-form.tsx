'use client';

import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { signalUserDetails } from '@/lib/client/signal';
import { useAccount } from './account-context';

export function ProfileForm(props: { rpId: string }) {
  const { account, reload } = useAccount();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="stack"
      onSubmit={async (event) => {
        event.preventDefault();
        const displayName = String(new FormData(event.currentTarget).get('displayName') ?? '');
        const result = await sendJson<{ displayName: string }>('PATCH', '/api/account/profile', { displayName });
        if (!result.ok) {
          setMessage({ ok: false, text: result.error.fields?.displayName ?? result.error.message });
          return;
        }
        const fresh = (await reload()) ?? account;
        setMessage({ ok: true, text: 'Display name saved.' });
        // The password manager shows this name next to the passkey, under the username it
        // holds for the account (as the person typed it, not as the server stores it).
        await signalUserDetails(props.rpId, fresh.user.webauthnUserId, fresh.user.signInName, result.data.displayName);
      }}
    >
      <div className="field">
        <label htmlFor="display-name">Display name</label>
        <input id="display-name" name="displayName" type="text" autoComplete="name" defaultValue={account.user.displayName} required />
      </div>
      <div role="status">{message && <p className={message.ok ? 'ok' : 'alert'}>{message.text}</p>}</div>
      <div className="actions">
        <button type="submit">Save display name</button>
      </div>
    </form>
  );
}
