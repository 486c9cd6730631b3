'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { signalAcceptedCredentials } from '@/lib/client/signal';
import type { PasskeyView } from '@/lib/server/account';
import { useAccount } from './account-context';
import { DateTime } from './date-time';

function PasskeyIcon() {
  return (
    <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" className="passkey-icon">
      <circle cx="9" cy="7" r="4" />
      <path d="M2 21v-1a6 6 0 0 1 9.5-4.9" />
      <circle cx="18" cy="12" r="2.5" />
      <path d="M18 14.5V21l1.5-1.5L18 18l1.5-1.5" />
    </svg>
  );
}

export function PasskeyList(props: { passkeys: PasskeyView[]; rpId: string; userId: string; hasPassword: boolean }) {
  if (props.passkeys.length === 0) {
    return <p className="muted">No passkeys yet. Sign in with your password in a browser that supports passkeys, or create one here.</p>;
  }
  return (
    <ul className="passkeys">
      {props.passkeys.map((p) => (
        <PasskeyItem key={p.id} passkey={p} {...props} />
      ))}
    </ul>
  );
}

function PasskeyItem(props: { passkey: PasskeyView; passkeys: PasskeyView[]; rpId: string; userId: string; hasPassword: boolean }) {
  const { passkey: p } = props;
  const router = useRouter();
  const { withReauth, factorChanged } = useAccount();
  const [renaming, setRenaming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function remove() {
    setMessage(null);
    const result = await withReauth(() =>
      sendJson<{ remaining: PasskeyView[] }>('DELETE', `/api/account/passkeys/${p.id}`),
    );
    if (!result.ok) {
      setMessage(result.error.message);
      return;
    }
    // Tell the password manager which passkeys remain, so it stops offering this one.
    await signalAcceptedCredentials(props.rpId, props.userId, result.data.remaining.map((r) => r.credentialId));
    factorChanged();
    router.refresh();
  }

  return (
    <li aria-label={p.name}>
      <div className="passkey-row">
        <PasskeyIcon />
        <div className="passkey-facts">
          <strong>{p.name}</strong>
          {p.provider && p.provider !== p.name && <span className="muted">{p.provider}</span>}
          <span className="muted">
            Created {p.createdVia === 'automatic' ? 'automatically' : 'by hand'} on <DateTime value={p.createdAt} />
            {' · '}
            {p.lastUsedAt ? (
              <>
                last used <DateTime value={p.lastUsedAt} />
              </>
            ) : (
              'not used yet'
            )}
            {' · '}
            {p.synced ? 'synced' : 'this device only'}
          </span>
        </div>
      </div>
      {renaming ? (
        <form
          className="inline-form"
          onSubmit={async (event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get('name') ?? '');
            const result = await sendJson('PATCH', `/api/account/passkeys/${p.id}`, { name });
            if (!result.ok) {
              setMessage(result.error.fields?.name ?? result.error.message);
              return;
            }
            setRenaming(false);
            setMessage(null);
            router.refresh();
          }}
        >
          <label htmlFor={`name-${p.id}`}>New name for {p.name}</label>
          <input id={`name-${p.id}`} name="name" type="text" defaultValue={p.name} maxLength={64} required autoFocus />
          <button type="submit">Save name</button>
          <button type="button" className="secondary" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setRenaming(true)} aria-label={`Rename ${p.name}`}>
            Rename
          </button>
          <button type="button" className="secondary danger" onClick={remove} aria-label={`Remove ${p.name}`}>
            Remove
          </button>
        </div>
      )}
      {message && (
        <p role="alert" className="alert">
          {message}
        </p>
      )}
    </li>
  );
}
