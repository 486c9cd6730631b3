'use client';

import { useEffect, useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { PASSKEY_CREATED, dismissPasskeyNotice } from '@/lib/client/notice';
import { PasskeyIcon } from '@/lib/client/passkey-icon';
import { signalAcceptedCredentials } from '@/lib/client/signal';
import type { PasskeyView } from '@/lib/server/webauthn/passkey-view';
import { useAccount } from './account-context';
import { afterRemovingPasskey } from './consequences';
import { CreatePasskeyButton } from './create-passkey-button';
import { Ghost } from './ghost';
import { Notice } from './notices';
import { PasskeyRow } from './passkey-row';

// The account's passkeys, and where "Passkey created" appears.
//
// The automatic upgrade creates the first passkey a moment after this page has drawn, and
// nothing may move when it lands. So the empty list keeps the room its outcome needs: the
// "No passkeys yet" row is exactly as tall as a passkey's row can be, and beneath it the
// explanation shares a cell with an invisible copy of the notice. When the passkey and its
// notice arrive (at once, lib/client/passkey-upgrade.ts; or the passkey first, when the page
// read the account after the server stored it), they are drawn over that room while the
// notice shows or is on its way, so everything below stays where it was. Closing the notice
// (the person's own action) gives the room back.

const ONLY_WAY_IN = 'Your only way to sign in: set a password or add another passkey first.';

export function PasskeysSection(props: { rpId: string }) {
  const { account, reload, withReauth, factorChanged, confirmAction, notices } = useAccount();
  const [removedIds, setRemovedIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; n: number; focus: boolean } | null>(null);
  // Emptied by the person just now: the list says so, without the "No passkeys yet" pitch.
  const [emptied, setEmptied] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  // A removed passkey leaves the list as soon as the server has removed it, without waiting
  // for the account to be read again.
  const passkeys = account.passkeys.filter((p) => !removedIds.includes(p.id));
  const notice = notices.passkey;

  useEffect(() => {
    if (passkeys.length > 0 && emptied) setEmptied(false);
  }, [passkeys.length, emptied]);

  // Where focus goes when the row that held it is gone.
  useEffect(() => {
    if (message?.focus) status.current?.focus();
  }, [message]);

  const say = (text: string, focus: boolean) => setMessage((old) => ({ text, focus, n: (old?.n ?? 0) + 1 }));

  async function remove(p: PasskeyView) {
    const others = passkeys.filter((o) => o.id !== p.id);
    const confirmed = await confirmAction({
      title: `Remove “${p.name}”?`,
      consequence: afterRemovingPasskey(
        others.map((o) => o.name),
        account.hasPassword,
      ),
      confirmLabel: 'Remove passkey',
    });
    if (!confirmed) return;
    setErrors(({ [p.id]: _dropped, ...rest }) => rest);
    const result = await withReauth(() => sendJson<{ remaining: PasskeyView[] }>('DELETE', `/api/account/passkeys/${p.id}`));
    if (!result.ok) {
      if (result.error.code !== 'cancelled') setErrors((old) => ({ ...old, [p.id]: result.error.message }));
      return;
    }
    setRemovedIds((old) => [...old, p.id]);
    if (others.length === 0) setEmptied(true);
    say(`Passkey “${p.name}” removed.`, true);
    // A "Passkey created" notice must not outlive the passkey it announced.
    if (notice?.passkeyId === p.id) dismissPasskeyNotice();
    factorChanged();
    await reload();
    // Tell the password manager which passkeys remain, so it stops offering this one.
    await signalAcceptedCredentials(
      props.rpId,
      account.user.webauthnUserId,
      result.data.remaining.map((r) => r.credentialId),
    );
  }

  const onlyWayIn = !account.hasPassword && passkeys.length === 1;
  // The room kept for the first passkey and its notice, while that notice shows or is on its
  // way (the page's data can list the passkey before the upgrade's own answer arrives).
  const keepRoom = passkeys.length === 0 || (passkeys.length === 1 && (notice !== null || notices.passkeyExpected));

  return (
    <>
      <div className="stack-cell">
        {keepRoom && <EmptyList hidden={passkeys.length > 0} emptied={emptied} hasPassword={account.hasPassword} />}
        {passkeys.length > 0 && (
          <div>
            <ul className="passkeys">
              {passkeys.map((p) => (
                <PasskeyRow
                  key={p.id}
                  passkey={p}
                  keepReason={onlyWayIn ? ONLY_WAY_IN : null}
                  error={errors[p.id] ?? null}
                  onRemove={() => void remove(p)}
                  onRenamed={(name) => say(`Passkey renamed to “${name}”.`, false)}
                />
              ))}
            </ul>
            {notice && (
              <div className="passkeys-after">
                <Notice id={notice.id} title={PASSKEY_CREATED.title} text={PASSKEY_CREATED.text} onDismiss={dismissPasskeyNotice} />
              </div>
            )}
          </div>
        )}
      </div>
      <div role="status" className="section-status">
        {message && (
          <p ref={status} tabIndex={-1} className="ok" key={message.n}>
            {message.text}
          </p>
        )}
      </div>
      <CreatePasskeyButton first={passkeys.length === 0} />
    </>
  );
}

/**
 * "No passkeys yet", with the explanation, in the room the first passkey and its notice will
 * take. Drawn invisibly (`hidden`) under them while their notice shows, holding that room.
 */
function EmptyList(props: { hidden: boolean; emptied: boolean; hasPassword: boolean }) {
  const text = (words: string) => (props.hidden ? <Ghost text={words} /> : words);
  const title = props.emptied ? 'No passkeys' : 'No passkeys yet';
  const detail = props.hasPassword ? 'You sign in with your password.' : 'Create one, or set a password, to sign in again later.';
  return (
    <div className={props.hidden ? 'layer-hidden' : undefined} aria-hidden={props.hidden || undefined}>
      <div className="passkey-row passkey-row-empty">
        <PasskeyIcon size={28} className="passkey-icon" />
        <div className="passkey-text">
          <strong className="passkey-name">{text(title)}</strong>
          <span className="passkey-facts">{text(detail)}</span>
        </div>
      </div>
      {!props.emptied && (
        <div className="stack-cell passkeys-after">
          <p className="muted">
            {text('A passkey signs you in with your fingerprint, face or screen lock instead of your password, and cannot be phished.')}
          </p>
          <div className="notice layer-hidden" aria-hidden="true">
            <span className="notice-icon notice-icon-room" />
            <p className="notice-body">
              <strong>
                <Ghost text={PASSKEY_CREATED.title} />
              </strong>{' '}
              <Ghost text={PASSKEY_CREATED.text} />
            </p>
            <span className="notice-close notice-close-room" />
          </div>
        </div>
      )}
    </div>
  );
}
