'use client';

import { useEffect, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { useAccount } from './account-context';

// After a passkey is removed or the password changes: offer to end the account's other
// sessions (OWASP ASVS 5.0 V7.4.3), and say how many ended.
export function FactorChangedOffer() {
  const { account, reload, factorChange, dismissFactorChange } = useAccount();
  const [ended, setEnded] = useState<number | null>(null);
  const others = account.sessions.filter((s) => !s.current).length;

  useEffect(() => {
    if (factorChange > 0) setEnded(null);
  }, [factorChange]);

  if (ended !== null) {
    return (
      <p className="offer" role="status">
        Ended {ended} other {ended === 1 ? 'session' : 'sessions'}.
      </p>
    );
  }
  if (factorChange === 0 || others === 0) return null;
  return (
    <div className="offer" role="status">
      <p>Your sign-in methods changed. Sign out of your other {others === 1 ? 'session' : `${others} sessions`} too?</p>
      <div className="actions">
        <button
          type="button"
          onClick={async () => {
            const result = await postJson<{ ended: number }>('/api/account/sessions/end-others');
            dismissFactorChange();
            if (result.ok) setEnded(result.data.ended);
            await reload();
          }}
        >
          End other sessions
        </button>
        <button type="button" className="secondary" onClick={dismissFactorChange}>
          Keep them
        </button>
      </div>
    </div>
  );
}
