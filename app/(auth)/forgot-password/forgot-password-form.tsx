'use client';

import { useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { Field, FormAlert, bannerFor, useFocusOnFailure } from '../field';
import { OutboxLink } from '../outbox-link';

// The answer is the same whether or not the address has an account (the server sends the
// same words, at once, either way), so this page cannot be used to find out who has one.
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const failed = useFocusOnFailure(formRef);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setPending(true);
    setError(null);
    setSent(null);
    const result = await postJson<{ message: string }>('/api/auth/recovery', { email });
    setPending(false);
    if (result.ok) {
      setFields({});
      setSent(result.data.message);
      return;
    }
    setFields(result.error.fields ?? {});
    setError(bannerFor(result.error));
    failed();
  }

  return (
    <form ref={formRef} className="stack" method="post" action="/api/auth/recovery" onSubmit={onSubmit} noValidate>
      <FormAlert message={error} />
      <Field label="Email" name="email" type="email" autoComplete="username" error={fields.email} autoFocus />
      <div className="actions">
        <button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? 'Sending…' : 'Email me a link'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {sent && (
          <p className="ok">
            {sent}
            <OutboxLink />
          </p>
        )}
      </div>
    </form>
  );
}
