'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { postJson, sendJson } from '@/lib/client/api';
import type { SessionView } from '@/lib/server/account';
import { DateTime } from './date-time';

const method = { password: 'a password', passkey: 'a passkey' } as const;

export function SessionsList({ sessions }: { sessions: SessionView[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="stack">
      <ul className="sessions">
        {sessions.map((s) => (
          <li key={s.id} aria-label={s.current ? `${s.device} (this device)` : s.device}>
            <strong>{s.device}</strong> {s.current && <span className="badge">This device</span>}
            <span className="muted">
              Signed in with {method[s.authMethod]} on <DateTime value={s.signedInAt} /> · last seen{' '}
              <DateTime value={s.lastSeenAt} />
              {s.ipAddress && ` · ${s.ipAddress}`}
            </span>
            {!s.current && (
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  aria-label={`End session on ${s.device}`}
                  onClick={async () => {
                    const result = await sendJson('DELETE', `/api/account/sessions/${s.id}`);
                    setMessage(result.ok ? 'Session ended.' : result.error.message);
                    router.refresh();
                  }}
                >
                  End session
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <div role="status">{message && <p>{message}</p>}</div>
      {others > 0 && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              const result = await postJson<{ ended: number }>('/api/account/sessions/end-others');
              setMessage(result.ok ? `Ended ${result.data.ended} other ${result.data.ended === 1 ? 'session' : 'sessions'}.` : result.error.message);
              router.refresh();
            }}
          >
            End all other sessions
          </button>
        </div>
      )}
    </div>
  );
}
