'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { sendJson, type ApiResult } from '@/lib/client/api';
import { createdPasskeys, subscribeCreatedPasskeys, withCreatedPasskeys, type CreatedPasskey } from '@/lib/client/created-passkeys';
import { claimNotices, noNotices, notices as noticeState, subscribeNotices, type Notices } from '@/lib/client/notice';
import type { AccountSnapshot } from '@/lib/server/account/management';
import { ConfirmDialog, type Confirmation as Question } from './confirm-dialog';
import { ReauthDialog } from './reauth-dialog';

// The account page's one source of truth: the snapshot the server rendered it with, replaced
// by a fresh GET /api/account after every action. A snapshot is taken only if it is newer
// (by the server's `asOf`) than the one shown, so answers arriving out of order never undo
// a newer state. Passkeys this page has just created are merged in until a snapshot read
// after they were stored arrives (lib/client/created-passkeys.ts).
//
// Also shared by the sections:
// - `confirmAction(question)`: asks before a change that removes a way to sign in, saying what
//   it leaves; resolves with whether the person went ahead.
// - `withReauth(action)`: runs a change; if the server answers reauth_required, asks the
//   person to confirm with a passkey or the password, then runs the change again (or answers
//   `cancelled`, with no message, if they close the dialog).
// - `factorChanged()` / `factorChange`: after a passkey is removed or the password changes,
//   the page offers to end the account's other sessions.
// - `notices`: the notices (lib/client/notice.ts) that are this session's and still true: for
//   this account, and a "Passkey created" only while its passkey is listed.

type Ctx = {
  account: AccountSnapshot;
  /** Reads the account afresh and shows it; resolves with what is shown then, or null if it could not be read. */
  reload(): Promise<AccountSnapshot | null>;
  withReauth<T>(action: () => Promise<ApiResult<T>>): Promise<ApiResult<T>>;
  confirmAction(question: Question): Promise<boolean>;
  factorChanged(): void;
  factorChange: number;
  dismissFactorChange(): void;
  notices: Pick<Notices, 'passkey' | 'confirmation'> & {
    /** A listed passkey whose "Passkey created" has not arrived yet (lib/client/notice.ts). */
    passkeyExpected: boolean;
  };
};

const AccountContext = createContext<Ctx | null>(null);
const NOTHING_CREATED: CreatedPasskey[] = [];

export function useAccount(): Ctx {
  const ctx = useContext(AccountContext);
  if (!ctx) throw new Error('useAccount outside AccountProvider');
  return ctx;
}

export function AccountProvider(props: { initial: AccountSnapshot; children: React.ReactNode }) {
  const [snapshot, setSnapshot] = useState(props.initial);
  const shown = useRef(props.initial);
  const [factorChange, setFactorChange] = useState(0);
  const confirm = useRef<() => Promise<boolean>>(async () => false);
  const ask = useRef<(question: Question) => Promise<boolean>>(async () => false);
  const confirmAction = useCallback((question: Question) => ask.current(question), []);

  const adopt = useCallback((next: AccountSnapshot) => {
    if (next.asOf < shown.current.asOf) return shown.current;
    shown.current = next;
    setSnapshot(next);
    return next;
  }, []);

  // A newer server render (a navigation back to this page) replaces an older snapshot.
  useEffect(() => {
    adopt(props.initial);
  }, [props.initial, adopt]);

  const reload = useCallback(async () => {
    const result = await sendJson<AccountSnapshot>('GET', '/api/account');
    return result.ok ? adopt(result.data) : null;
  }, [adopt]);

  const created = useSyncExternalStore(subscribeCreatedPasskeys, createdPasskeys, () => NOTHING_CREATED);
  // A passkey made on this page: shown at once (merged below), the rest of the page follows.
  useEffect(() => {
    if (created.length > 0) void reload();
  }, [created, reload]);

  const account = useMemo(() => {
    const passkeys = withCreatedPasskeys(snapshot, created);
    return passkeys === snapshot.passkeys ? snapshot : { ...snapshot, passkeys };
  }, [snapshot, created]);

  // Notices become the first session's whose page shows them; another session sees none.
  const stored = useSyncExternalStore(subscribeNotices, noticeState, noNotices);
  const sessionId = account.sessions.find((s) => s.current)?.id ?? null;
  useEffect(() => {
    if (sessionId) claimNotices(sessionId);
  }, [sessionId, stored]);
  const notices = useMemo(() => {
    const mine = stored.session === null || stored.session === sessionId;
    const { passkey, confirmation, expected } = stored;
    return {
      passkeyExpected: mine && expected !== null && account.passkeys.some((p) => p.credentialId === expected),
      passkey:
        mine && passkey && passkey.userHandle === account.user.webauthnUserId && account.passkeys.some((p) => p.id === passkey.passkeyId)
          ? passkey
          : null,
      confirmation: mine && confirmation && confirmation.email === account.user.email ? confirmation : null,
    };
  }, [stored, sessionId, account]);

  const withReauth = useCallback(async <T,>(action: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
    const first = await action();
    if (first.ok || first.error.code !== 'reauth_required') return first;
    // Cancelled by the person: nothing failed, so there is nothing to show (code "cancelled").
    if (!(await confirm.current())) return { ok: false, status: first.status, error: { code: 'cancelled', message: '' } };
    return action();
  }, []);

  const factorChanged = useCallback(() => setFactorChange((n) => n + 1), []);
  const dismissFactorChange = useCallback(() => setFactorChange(0), []);

  const value = useMemo(
    () => ({ account, reload, withReauth, confirmAction, factorChanged, factorChange, dismissFactorChange, notices }),
    [account, reload, withReauth, confirmAction, factorChanged, factorChange, dismissFactorChange, notices],
  );
  return (
    <AccountContext.Provider value={value}>
      {props.children}
      <ConfirmDialog
        register={(open) => {
          ask.current = open;
        }}
      />
      <ReauthDialog
        hasPassword={account.hasPassword}
        hasPasskeys={account.passkeys.length > 0}
        register={(open) => {
          confirm.current = open;
        }}
      />
    </AccountContext.Provider>
  );
}
