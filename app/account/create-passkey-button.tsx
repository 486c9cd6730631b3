'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createPasskeyByHand } from '@/lib/client/passkey-create';
import { showPasskeyCreatedNotice } from '@/lib/client/passkey-upgrade';

export function CreatePasskeyButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="stack">
      <div role="alert" aria-live="assertive">
        {message && <p className="alert">{message}</p>}
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={pending}
          onClick={async () => {
            setPending(true);
            setMessage(null);
            const result = await createPasskeyByHand();
            setPending(false);
            if (result.ok) {
              showPasskeyCreatedNotice();
              router.refresh();
            } else {
              setMessage(result.message);
            }
          }}
        >
          {pending ? 'Creating a passkey…' : 'Create a passkey'}
        </button>
      </div>
    </div>
  );
}
