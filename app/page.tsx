import Link from 'next/link';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { PasskeyIcon } from '@/lib/client/passkey-icon';

export default async function HomePage() {
  const current = await getCurrentSession();
  return (
    <>
      <section className="card hero" aria-labelledby="hero-heading">
        <PasskeyIcon size={40} className="hero-icon" />
        <h1 id="hero-heading">Sign in with a password once. Then never again.</h1>
        <p className="lead">
          Sign in with your password as usual. Your password manager quietly creates a passkey for this site, and next time you sign in with
          a glance or a touch instead.
        </p>
        <div className="actions">
          {current ? (
            <Link className="button-link" href="/account">
              Go to your account
            </Link>
          ) : (
            <>
              <Link className="button-link" href="/sign-up">
                Create an account
              </Link>
              <Link className="button-link secondary" href="/sign-in">
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="how-heading">
        <h2 id="how-heading">How it works</h2>
        <ol className="journey">
          <li>
            <strong>Create an account</strong> with an email and a password, and let your password manager save it.
          </li>
          <li>
            <strong>Sign in with the password.</strong> If your browser supports it (Chrome, Edge, Safari), a passkey is created without a
            prompt, and a quiet notice says so.
          </li>
          <li>
            <strong>Next time, sign in with the passkey</strong> from the email field&apos;s suggestions or the passkey button. Manage your
            passkeys, or drop the password, from your account.
          </li>
        </ol>
      </section>
    </>
  );
}
