import type { Metadata } from 'next';
import Link from 'next/link';
import { previewVerification } from '@/lib/server/account/email-verification';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { LinkProblem, tokenFrom } from '../link-problem';
import { VerifyEmailForm } from './verify-email-form';

export const metadata: Metadata = { title: 'Verify your email address', referrer: 'no-referrer' };

// Opening the link shows what verifying will do; the person confirms with a button (a mail
// scanner that opens links must not use them up, nor remove anything).
export default async function VerifyEmailPage(props: { searchParams: Promise<{ token?: string | string[] }> }) {
  const token = tokenFrom((await props.searchParams).token);
  const current = await getCurrentSession();
  const preview = await previewVerification(token, current);
  if (!preview.ok) {
    const again = current
      ? { href: '/account', label: 'Send a new link from your account page' }
      : { href: '/sign-in', label: 'Sign in to send a new link' };
    return <LinkProblem message={preview.message} again={again} />;
  }
  if (preview.alreadyVerified) {
    return (
      <div className="card auth-card">
        <h1>Your email address is verified</h1>
        <p>
          <strong>{preview.email}</strong> was verified already; there is nothing more to do.
        </p>
        <Link href={current ? '/account' : '/sign-in'}>{current ? 'Go to your account' : 'Sign in'}</Link>
      </div>
    );
  }
  return (
    <div className="card auth-card">
      <h1>Verify your email address</h1>
      <VerifyEmailForm token={token} email={preview.email} signedInAsOwner={preview.signedInAsOwner} wouldRemove={preview.wouldRemove} />
    </div>
  );
}
