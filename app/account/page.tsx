import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/server/session';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Your account' };

const methodLabel = { password: 'a password', passkey: 'a passkey' } as const;

export default async function AccountPage() {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  const { user, session } = current;
  return (
    <>
      <div className="card">
        <h1>Hello, {user.displayName}</h1>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Signed in with</dt>
          <dd>{methodLabel[session.authMethod]}</dd>
          <dt>Signed in at</dt>
          <dd>
            <time dateTime={session.authenticatedAt.toISOString()}>{session.authenticatedAt.toUTCString()}</time>
          </dd>
        </dl>
      </div>
      <div className="card actions">
        <SignOutButton />
      </div>
    </>
  );
}
