import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <div className="card auth-card">
      <h1>Recover your account</h1>
      <p className="muted">
        Forgot your password, or lost your passkeys? We will email you a link to set a new password or to sign in and create a new passkey.
      </p>
      <ForgotPasswordForm />
      <p className="muted">
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
