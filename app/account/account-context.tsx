'use client';

import { createContext, useCallback, useContext, useRef, useState } from 'react';
import { postJson, type ApiResult } from '@/lib/client/api';
import { reauthenticateWithPasskey } from '@/lib/client/passkey-reauth';

// What the account page's sections share:
// - `withReauth(action)`: runs a change; if the server answers reauth_required, asks the
//   person to confirm with a passkey or the password, then runs the change again.
// - `factorChanged()`: after a passkey is removed or the password changes, offers to end the
//   account's other sessions.

type Ctx = {
  withReauth<T>(action: () => Promise<ApiResult<T>>): Promise<ApiResult<T>>;
  factorChanged(): void;
};

const AccountContext = createContext<Ctx | null>(null);

export function useAccount(): Ctx {
  const ctx = useContext(AccountContext);
  if (!ctx) throw new Error('useAccount outside AccountProvider');
  return ctx;
}

export function AccountProvider(props: {
  hasPassword: boolean;
  hasPasskeys: boolean;
  otherSessions: number;
  children: React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pendingConfirm = useRef<((confirmed: boolean) => void) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offerEndOthers, setOfferEndOthers] = useState(false);
  const [endedOthers, setEndedOthers] = useState<number | null>(null);

  const confirm = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        pendingConfirm.current = resolve;
        setError(null);
        dialog.current?.showModal();
      }),
    [],
  );

  const close = (confirmed: boolean) => {
    dialog.current?.close();
    pendingConfirm.current?.(confirmed);
    pendingConfirm.current = null;
  };

  const withReauth = useCallback(
    async <T,>(action: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
      const first = await action();
      if (first.ok || first.error.code !== 'reauth_required') return first;
      if (!(await confirm())) return first;
      return action();
    },
    [confirm],
  );

  async function confirmWithPasskey() {
    setBusy(true);
    const result = await reauthenticateWithPasskey();
    setBusy(false);
    if (result.ok) close(true);
    else setError(result.message);
  }

  async function confirmWithPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    const result = await postJson('/api/account/reauth/password', { password });
    setBusy(false);
    if (result.ok) {
      event.currentTarget?.reset();
      close(true);
    } else setError(result.error.message);
  }

  const factorChanged = useCallback(() => {
    setEndedOthers(null);
    setOfferEndOthers(true);
  }, []);

  return (
    <AccountContext.Provider value={{ withReauth, factorChanged }}>
      {offerEndOthers && props.otherSessions > 0 && (
        <div className="card notice" role="status">
          <p>Your sign-in methods changed. Sign out of your other {props.otherSessions === 1 ? 'session' : `${props.otherSessions} sessions`} too?</p>
          <div className="actions">
            <button
              type="button"
              onClick={async () => {
                const result = await postJson<{ ended: number }>('/api/account/sessions/end-others');
                setOfferEndOthers(false);
                if (result.ok) setEndedOthers(result.data.ended);
              }}
            >
              End other sessions
            </button>
            <button type="button" className="secondary" onClick={() => setOfferEndOthers(false)}>
              Keep them
            </button>
          </div>
        </div>
      )}
      {endedOthers !== null && (
        <p className="card notice" role="status">
          Ended {endedOthers} other {endedOthers === 1 ? 'session' : 'sessions'}.
        </p>
      )}
      {props.children}
      <dialog ref={dialog} aria-labelledby="reauth-heading" onCancel={() => close(false)} className="reauth">
        <h2 id="reauth-heading">Confirm it’s you</h2>
        <p className="muted">For your security, confirm your identity before changing how you sign in.</p>
        <div role="alert">{error && <p className="alert">{error}</p>}</div>
        <div className="stack">
          {props.hasPasskeys && (
            <button type="button" onClick={confirmWithPasskey} disabled={busy}>
              Confirm with a passkey
            </button>
          )}
          {props.hasPassword && (
            <form className="stack" onSubmit={confirmWithPassword}>
              <div className="field">
                <label htmlFor="reauth-password">Current password</label>
                <input id="reauth-password" name="password" type="password" autoComplete="current-password" required />
              </div>
              <button type="submit" className="secondary" disabled={busy}>
                Confirm with password
              </button>
            </form>
          )}
          <button type="button" className="secondary" onClick={() => close(false)}>
            Cancel
          </button>
        </div>
      </dialog>
    </AccountContext.Provider>
  );
}
