'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { postJson } from '@/lib/client/api';
import { Field, FormAlert } from '../field';

export function SignInForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await postJson('/api/auth/sign-in', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (result.ok) {
      router.replace('/account');
      router.refresh();
      return;
    }
    setPending(false);
    setFields(result.error.fields ?? {});
    setError(result.error.message);
  }

  return (
    // A real form with method and action, so password managers recognise a sign-in form.
    <form className="stack" method="post" action="/api/auth/sign-in" onSubmit={onSubmit} noValidate>
      <FormAlert message={error} />
      <Field label="Email" name="email" type="email" autoComplete="username webauthn" error={fields.email} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={fields.password} />
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
