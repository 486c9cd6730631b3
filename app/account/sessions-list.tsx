'use client';

import { useEffect, useRef, useState } from 'react';
import { postJson, sendJson } from '@/lib/client/api';
import { describeAddress } from '@/lib/client/format';
import { useAccount } from './account-context';
import { DateTime, RelativeTime } from './date-time';

const method = { password: 'a password', passkey: 'a passkey', email: 'a link sent by email' } as const;

export function SessionsList() {
  const { account, reload } = useAccount();
  const { sessions } = account;
  const [message, setMessage] = useState<{ text: string } | null>(null);
  // Where focus goes when the row (or the button) that held it is gone.
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) status.current?.focus();
  }, [message]);
  const others = sessions.filter((s) => !s.current).length;

  async function settle(text: string) {
    await reload();
    setMessage({ text });
  }

  return (
    <div className="stack">
      <ul className="sessions">
        {sessions.map((s) => (
          <li key={s.id} aria-label={s.current ? `${s.device} (this device)` : s.device} className={s.current ? 'current' : undefined}>
            <span className="session-head">
              <strong>{s.device}</strong>{' '}
              {s.current ? (
                <span className="badge">This device</span>
              ) : (
                <span className="muted">
                  · active <RelativeTime value={s.lastSeenAt} />
                </span>
              )}
            </span>
            <span className="muted">
              Signed in with {method[s.authMethod]} on <DateTime value={s.signedInAt} />
              {s.ipAddress && ` · from ${describeAddress(s.ipAddress)}`}
            </span>
            {!s.current && (
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  aria-label={`End session on ${s.device}`}
                  onClick={async () => {
                    const result = await sendJson('DELETE', `/api/account/sessions/${s.id}`);
                    await settle(result.ok ? 'Session ended.' : result.error.message);
                  }}
                >
                  End session
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <div role="status">
        {message && (
          <p ref={status} tabIndex={-1}>
            {message.text}
          </p>
        )}
      </div>
      {others > 0 && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              const result = await postJson<{ ended: number }>('/api/account/sessions/end-others');
              await settle(
                result.ok ? `Ended ${result.data.ended} other ${result.data.ended === 1 ? 'session' : 'sessions'}.` : result.error.message,
              );
            }}
          >
            End all other sessions
          </button>
        </div>
      )}
    </div>
  );
}
