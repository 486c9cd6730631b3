'use client';

import { useEffect, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { describeAddress } from '@/lib/client/format';
import type { ActivityView } from '@/lib/server/account/management';
import { useAccount } from './account-context';
import { RelativeTime } from './date-time';

// What happened to the account, as its holder reads it. The server leaves out the automatic
// upgrade's internal steps (offered, declined by the password manager, ...): they are the
// operator's funnel, not something a person acted on. A passkey it created shows once.
const LABELS: Record<string, string> = {
  sign_up: 'Account created',
  'sign_in.password': 'Signed in with a password',
  'sign_in.passkey': 'Signed in with a passkey',
  'sign_in.failed': 'Failed sign-in',
  'sign_in.rate_limited': 'Sign-in blocked after too many failures',
  sign_out: 'Signed out',
  'passkey.created': 'Passkey created',
  'passkey.renamed': 'Passkey renamed',
  'passkey.removed': 'Passkey removed',
  'passkey.counter_regression': 'Passkey refused: its counter went backwards',
  'password.set': 'Password set',
  'password.changed': 'Password changed',
  'password.removed': 'Password removed',
  'profile.updated': 'Display name changed',
  'reauth.password': 'Confirmed with password',
  'reauth.passkey': 'Confirmed with a passkey',
  'reauth.failed': 'Confirmation failed',
  'session.ended': 'Session ended',
  'session.ended_others': 'Other sessions ended',
  'insights.viewed': 'Viewed the adoption insights',
  'insights.exported': 'Exported adoption insights',
  'email.verification_sent': 'Verification email sent',
  'email.verified': 'Email address verified',
  'recovery.requested': 'Recovery email sent',
  'recovery.signed_in': 'Signed in with a recovery link',
  'password.reset': 'Password reset with a recovery link',
  'account.secured': 'Removed what was added before the address was verified',
};

function describe(event: ActivityView): string {
  const label = LABELS[event.type] ?? event.type;
  if (event.type === 'passkey.created' && event.detail.via === 'automatic') return 'Passkey created automatically by your password manager';
  if (event.type === 'account.secured') return `${label}: ${securedSummary(event.detail)}`;
  if (event.type === 'passkey.renamed' && typeof event.detail.name === 'string') return `${label} to “${event.detail.name}”`;
  return label;
}

function securedSummary(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  if (detail.password === true) parts.push('the password');
  const passkeys = Number(detail.passkeys ?? 0);
  if (passkeys > 0) parts.push(passkeys === 1 ? '1 passkey' : `${passkeys} passkeys`);
  const sessions = Number(detail.sessions ?? 0);
  if (sessions > 0) parts.push(sessions === 1 ? '1 session' : `${sessions} sessions`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export function ActivityLog() {
  const { account } = useAccount();
  const [older, setOlder] = useState<ActivityView[]>([]);
  const [next, setNext] = useState(account.activity.next);
  const [error, setError] = useState<string | null>(null);
  const first = account.activity;

  // A fresh first page (after any action) starts the list afresh.
  useEffect(() => {
    setOlder([]);
    setNext(first.next);
  }, [first]);

  const events = [...first.events, ...older];
  return (
    <div className="stack">
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="activity">
          {events.map((e) => (
            <li key={e.id}>
              <span>{describe(e)}</span>
              <span className="muted">
                <RelativeTime value={e.createdAt} />
                {e.ipAddress && ` · from ${describeAddress(e.ipAddress)}`}
              </span>
            </li>
          ))}
        </ol>
      )}
      <div role="status">{error && <p className="alert">{error}</p>}</div>
      {next && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              const result = await sendJson<{ events: ActivityView[]; next: string | null }>('GET', `/api/account/activity?before=${next}`);
              if (!result.ok) {
                setError(result.error.message);
                return;
              }
              setError(null);
              setOlder((old) => [...old, ...result.data.events]);
              setNext(result.data.next);
            }}
          >
            Show older activity
          </button>
        </div>
      )}
    </div>
  );
}
