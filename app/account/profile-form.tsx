'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { signalUserDetails } from '@/lib/client/signal';

export function ProfileForm(props: { displayName: string; email: string; rpId: string; userId: string }) {
  const router = useRouter();
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
        setMessage({ ok: true, text: 'Display name saved.' });
        // The password manager shows this name next to the passkey.
        await signalUserDetails(props.rpId, props.userId, props.email, result.data.displayName);
        router.refresh();
      }}
    >
      <div className="field">
        <label htmlFor="display-name">Display name</label>
        <input id="display-name" name="displayName" type="text" autoComplete="name" defaultValue={props.displayName} required />
      </div>
      <div role="status">{message && <p className={message.ok ? 'ok' : 'alert'}>{message.text}</p>}</div>
      <div className="actions">
        <button type="submit">Save display name</button>
      </div>
    </form>
  );
}
