'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { postJson } from '@/lib/client/api';
import { sessionChanged } from '@/lib/client/session';
import { Field, FormAlert, bannerFor, useFocusOnFailure } from '../field';

export function SignUpForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const failed = useFocusOnFailure(formRef);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await postJson('/api/auth/sign-up', {
      email: String(form.get('email') ?? ''),
      displayName: String(form.get('displayName') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (result.ok) {
      // No automatic upgrade here: the password manager has not saved this password yet, so
      // it would decline (docs/decisions/009). The next password sign-in is offered one.
      sessionChanged();
      router.replace('/account');
      router.refresh();
      return;
    }
    setPending(false);
    setFields(result.error.fields ?? {});
    setError(bannerFor(result.error));
    failed();
  }

  return (
    <form ref={formRef} className="stack" method="post" action="/api/auth/sign-up" onSubmit={onSubmit} noValidate>
      <FormAlert message={error} />
      <Field label="Email" name="email" type="email" autoComplete="username" error={fields.email} autoFocus />
      <Field label="Display name" name="displayName" type="text" autoComplete="name" error={fields.displayName} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. Long passphrases are welcome; common passwords are not."
        error={fields.password}
      />
      <div className="actions">
        <button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
