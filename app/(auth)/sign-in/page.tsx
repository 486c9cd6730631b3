import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  if (await getCurrentSession()) redirect('/account');
  return (
    <div className="card auth-card">
      <h1>Sign in</h1>
      <SignInForm />
      <p className="muted">
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </div>
  );
}
