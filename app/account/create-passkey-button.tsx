'use client';

import { useState } from 'react';
import { createPasskeyByHand } from '@/lib/client/passkey-create';
import { useAccount } from './account-context';

export function CreatePasskeyButton() {
  const { account } = useAccount();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const first = account.passkeys.length === 0;
  return (
    <div className="stack">
      <div role="alert" aria-live="assertive">
        {message && <p className="alert">{message}</p>}
      </div>
      <div className="actions">
        <button
          type="button"
          // The main action while there is no passkey; a quieter one once there is.
          className={first ? undefined : 'secondary'}
          aria-busy={pending}
          onClick={async () => {
            if (pending) return;
            setPending(true);
            setMessage(null);
            // A passkey made here is listed (merged in by the account provider) and announced
            // by createPasskeyByHand itself.
            const result = await createPasskeyByHand();
            setPending(false);
            if (!result.ok) setMessage(result.message);
          }}
        >
          {pending ? 'Creating a passkey…' : 'Create a passkey'}
        </button>
      </div>
    </div>
  );
}
