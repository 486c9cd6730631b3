'use client';

import { useState } from 'react';
import { createPasskeyByHand } from '@/lib/client/passkey-create';

// "Create a passkey": the main action while there is none, a quieter one once there is. A
// passkey made here is listed (merged in by the account provider) and announced by
// createPasskeyByHand itself. A device that already holds one is information, said politely;
// a failure is an error, said at once.
export function CreatePasskeyButton(props: { first: boolean }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  return (
    <div className="create-passkey">
      <div role="alert">{message?.error && <p className="alert">{message.text}</p>}</div>
      <div role="status">{message && !message.error && <p className="info">{message.text}</p>}</div>
      <div className="actions">
        <button
          type="button"
          className={props.first ? undefined : 'secondary'}
          aria-busy={pending}
          onClick={async () => {
            if (pending) return;
            setPending(true);
            setMessage(null);
            const result = await createPasskeyByHand();
            setPending(false);
            if (!result.ok) setMessage({ error: result.kind === 'failed', text: result.message });
          }}
        >
          {pending ? 'Creating a passkey…' : 'Create a passkey'}
        </button>
      </div>
    </div>
  );
}
