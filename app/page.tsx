import Link from 'next/link';
import { getCurrentSession } from '@/lib/server/http/session-cookie';

export default async function HomePage() {
  const current = await getCurrentSession();
  return (
    <div className="card">
      <h1>From a password to a passkey</h1>
      <p className="muted">
        A reference app for the automatic passkey upgrade: sign in with a password once, and your password manager
        quietly creates a passkey for next time.
      </p>
      <ol className="journey">
        <li>Create an account with an email and a password.</li>
        <li>Sign in with the password. If your browser supports it, a passkey is created without a prompt.</li>
        <li>Next time, sign in with the passkey.</li>
      </ol>
      <div className="actions">
        {current ? (
          <Link href="/account">Go to your account</Link>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </div>
    </div>
  );
}
