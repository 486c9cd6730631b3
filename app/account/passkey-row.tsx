'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { PasskeyIcon } from '@/lib/client/passkey-icon';
import type { PasskeyView } from '@/lib/server/webauthn/passkey-view';
import { useAccount } from './account-context';
import { RelativeTime } from './date-time';
import { MenuButton } from './menu-button';

// One passkey: its name, where it lives, how it was made and used, and its actions (Rename,
// Remove) in a menu. Renaming happens in the row; removing is the passkeys section's, which
// asks first. A row is two lines of facts at most, so it is never taller than the room the
// empty list keeps for the first passkey (passkeys-section.tsx).

export function PasskeyRow(props: {
  passkey: PasskeyView;
  /** Why it cannot be removed (it is the only way to sign in), or null. */
  keepReason: string | null;
  error: string | null;
  onRemove(menuButton: HTMLButtonElement | null): void;
  onRenamed(name: string): void;
}) {
  const { passkey: p } = props;
  const { reload } = useAccount();
  const menuButton = useRef<HTMLButtonElement>(null);
  const [renaming, setRenaming] = useState(false);
  const [renamed, setRenamed] = useState(0);

  // Back from renaming (saved or not): focus returns to the row's own actions button.
  useEffect(() => {
    if (renamed > 0) menuButton.current?.focus();
  }, [renamed]);

  return (
    <li aria-label={p.name}>
      <div className="passkey-row">
        <PasskeyIcon size={28} className="passkey-icon" />
        <div className="passkey-text">
          <strong className="passkey-name">{p.name}</strong>
          <span className="passkey-facts">
            {p.provider && p.provider !== p.name && <>{p.provider} · </>}
            Created {p.createdVia === 'automatic' ? 'automatically' : 'by hand'} <RelativeTime value={p.createdAt} />
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
          {props.keepReason && <span className="passkey-facts">Your only way to sign in</span>}
        </div>
        <MenuButton
          label={`Actions for ${p.name}`}
          buttonRef={menuButton}
          items={[
            { label: 'Rename', onSelect: () => setRenaming(true) },
            {
              label: 'Remove',
              danger: true,
              onSelect: () => props.onRemove(menuButton.current),
              disabledBecause: props.keepReason ?? undefined,
            },
          ]}
        />
      </div>
      {renaming && (
        <RenameForm
          passkey={p}
          onDone={async (name) => {
            if (name !== null) {
              await reload();
              props.onRenamed(name);
            }
            setRenaming(false);
            setRenamed((n) => n + 1);
          }}
        />
      )}
      {props.error && (
        <p role="alert" className="alert">
          {props.error}
        </p>
      )}
    </li>
  );
}

function RenameForm(props: { passkey: PasskeyView; onDone(name: string | null): void }) {
  const { passkey: p } = props;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    // Said here, beside the field, like every other form's errors (not the browser's bubble).
    if (!name) {
      setError('Enter a name for this passkey.');
      input.current?.focus();
      return;
    }
    setSaving(true);
    const result = await sendJson('PATCH', `/api/account/passkeys/${p.id}`, { name });
    setSaving(false);
    if (!result.ok) {
      setError(result.error.fields?.name ?? result.error.message);
      input.current?.focus();
      return;
    }
    props.onDone(name);
  }

  return (
    <form className="inline-form" onSubmit={save} noValidate>
      <label htmlFor={`${id}-name`}>New name for {p.name}</label>
      <input
        ref={input}
        id={`${id}-name`}
        name="name"
        type="text"
        defaultValue={p.name}
        maxLength={64}
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          // Escape leaves the form as Cancel does, and closes nothing else.
          event.preventDefault();
          props.onDone(null);
        }}
      />
      <button type="submit" aria-busy={saving} disabled={saving}>
        {saving ? 'Saving…' : 'Save name'}
      </button>
      <button type="button" className="secondary" onClick={() => props.onDone(null)}>
        Cancel
      </button>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
