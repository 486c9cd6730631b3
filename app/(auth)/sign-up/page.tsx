import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { OutboxLink } from '../outbox-link';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getCurrentSession()) redirect('/account');
  return (
    <div className="card auth-card">
      <h1>Create an account</h1>
      <p className="muted">
        We will email you a link to confirm that the address is yours.
        <OutboxLink>the link will be in the outbox</OutboxLink>
      </p>
      <SignUpForm />
      <p className="muted">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
