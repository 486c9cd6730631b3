'use client';

import { useEffect, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { dismissPasskeyNotice } from '@/lib/client/notice';
import { signalAcceptedCredentials } from '@/lib/client/signal';
import type { PasskeyView } from '@/lib/server/webauthn/passkey-view';
import { useAccount } from './account-context';
import { DateTime, RelativeTime } from './date-time';
import { PasskeyIcon } from '@/lib/client/passkey-icon';

export function PasskeyList(props: { rpId: string }) {
  const { account } = useAccount();
  // Where focus goes when the row that held it is removed.
  const status = useRef<HTMLParagraphElement>(null);
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  useEffect(() => {
    if (message) status.current?.focus();
  }, [message]);
  return (
    <>
      {account.passkeys.length === 0 ? (
        <p className="muted">
          No passkeys yet. A passkey signs you in with your fingerprint, face or screen lock instead of your password, and cannot be phished.
        </p>
      ) : (
        <ul className="passkeys">
          {account.passkeys.map((p) => (
            <PasskeyItem
              key={p.id}
              passkey={p}
              rpId={props.rpId}
              onRemoved={(name) => setMessage((old) => ({ text: `Passkey “${name}” removed.`, n: (old?.n ?? 0) + 1 }))}
            />
          ))}
        </ul>
      )}
      <div role="status">
        {message && (
          <p ref={status} tabIndex={-1} className="ok">
            {message.text}
          </p>
        )}
      </div>
    </>
  );
}

function PasskeyItem(props: { passkey: PasskeyView; rpId: string; onRemoved: (name: string) => void }) {
  const { passkey: p } = props;
  const { account, reload, withReauth, factorChanged, notices } = useAccount();
  const [renaming, setRenaming] = useState(false);
  const [renamed, setRenamed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);

  // After a rename is saved, focus returns to the row's own Rename button.
  useEffect(() => {
    if (renamed && !renaming) renameButton.current?.focus();
  }, [renamed, renaming]);

  async function remove() {
    setMessage(null);
    const result = await withReauth(() =>
      sendJson<{ remaining: PasskeyView[] }>('DELETE', `/api/account/passkeys/${p.id}`),
    );
    if (!result.ok) {
      setMessage(result.error.message || null);
      return;
    }
    props.onRemoved(p.name);
    // A "Passkey created" notice must not outlive the passkey it announced.
    if (notices.passkey?.passkeyId === p.id) dismissPasskeyNotice();
    factorChanged();
    await reload();
    // Tell the password manager which passkeys remain, so it stops offering this one.
    await signalAcceptedCredentials(props.rpId, account.user.webauthnUserId, result.data.remaining.map((r) => r.credentialId));
  }

  async function rename(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    const result = await sendJson('PATCH', `/api/account/passkeys/${p.id}`, { name });
    if (!result.ok) {
      setMessage(result.error.fields?.name ?? result.error.message);
      return;
    }
    await reload();
    setMessage(null);
    setRenamed(true);
    setRenaming(false);
  }

  return (
    <li aria-label={p.name}>
      <div className="passkey-row">
        <PasskeyIcon size={28} className="passkey-icon" />
        <div className="passkey-facts">
          <strong>{p.name}</strong>
          {p.provider && p.provider !== p.name && <span className="muted">{p.provider}</span>}
          <span className="muted">
            Created {p.createdVia === 'automatic' ? 'automatically' : 'by hand'} on <DateTime value={p.createdAt} />
            {' · '}
            {p.lastUsedAt ? (
              <>
                last used <RelativeTime value={p.lastUsedAt} />
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
        <form className="inline-form" onSubmit={rename}>
          <label htmlFor={`name-${p.id}`}>New name for {p.name}</label>
          <input id={`name-${p.id}`} name="name" type="text" defaultValue={p.name} maxLength={64} required autoFocus />
          <button type="submit">Save name</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setRenamed(true);
              setRenaming(false);
            }}
          >
            Cancel
          </button>
        </form>
      ) : (
        <div className="actions">
          <button
            ref={renameButton}
            type="button"
            className="secondary"
            onClick={() => {
              setRenamed(false);
              setRenaming(true);
            }}
            aria-label={`Rename ${p.name}`}
          >
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
