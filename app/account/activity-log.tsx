'use client';

import { useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { DateTime } from './date-time';

export type ActivityEvent = { id: string; type: string; detail: Record<string, unknown>; ipAddress: string | null; createdAt: string };

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
  'upgrade.offered': 'Automatic passkey upgrade offered',
  'upgrade.created': 'Passkey created automatically',
  'upgrade.declined': 'Automatic upgrade declined by the password manager',
  'upgrade.unsupported': 'Automatic upgrade not supported by this browser',
  'upgrade.already_exists': 'Automatic upgrade skipped: a passkey already exists',
  'upgrade.aborted': 'Automatic upgrade interrupted',
  'upgrade.error': 'Automatic upgrade failed in the browser',
  'upgrade.rejected': 'Automatic upgrade refused by the server',
};

function describe(event: ActivityEvent): string {
  const label = LABELS[event.type] ?? event.type;
  if (event.type === 'passkey.created' && event.detail.via) {
    return `${label} (${event.detail.via === 'automatic' ? 'automatically' : 'by hand'})`;
  }
  if (event.type === 'passkey.renamed' && typeof event.detail.name === 'string') return `${label} to “${event.detail.name}”`;
  return label;
}

export function ActivityLog(props: { events: ActivityEvent[]; next: string | null }) {
  const [events, setEvents] = useState(props.events);
  const [next, setNext] = useState(props.next);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="stack">
      <ol className="activity">
        {events.map((e) => (
          <li key={e.id}>
            <span>{describe(e)}</span>
            <span className="muted">
              <DateTime value={e.createdAt} />
              {e.ipAddress && ` · ${e.ipAddress}`}
            </span>
          </li>
        ))}
      </ol>
      <div role="status">{error && <p className="alert">{error}</p>}</div>
      {next && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              const result = await sendJson<{ events: ActivityEvent[]; next: string | null }>('GET', `/api/account/activity?before=${next}`);
              if (!result.ok) {
                setError(result.error.message);
                return;
              }
              setEvents((old) => [...old, ...result.data.events]);
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
