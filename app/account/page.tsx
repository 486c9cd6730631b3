import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { accountPasskeys, accountSessions, signInMethodsOf } from '@/lib/server/account';
import { config } from '@/lib/server/config';
import { listEvents } from '@/lib/server/security-events';
import { getCurrentSession } from '@/lib/server/session';
import { AccountProvider } from './account-context';
import { ActivityLog } from './activity-log';
import { CreatePasskeyButton } from './create-passkey-button';
import { DateTime } from './date-time';
import { PasskeyList } from './passkey-list';
import { PasswordSection } from './password-section';
import { ProfileForm } from './profile-form';
import { SessionsList } from './sessions-list';
import { SignOutButton } from './sign-out-button';
import { SignalSync } from './signal-sync';

export const metadata: Metadata = { title: 'Your account' };

const methodLabel = { password: 'a password', passkey: 'a passkey' } as const;

export default async function AccountPage() {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  const { user, session } = current;
  const [passkeys, sessions, methods, activity] = await Promise.all([
    accountPasskeys(user.id),
    accountSessions(current),
    signInMethodsOf(user.id),
    listEvents(user.id, { limit: 10 }),
  ]);
  const { rpId } = config();
  return (
    <AccountProvider
      hasPassword={methods.password}
      hasPasskeys={passkeys.length > 0}
      otherSessions={sessions.filter((s) => !s.current).length}
    >
      <SignalSync rpId={rpId} />
      <div className="card">
        <h1>Hello, {user.displayName}</h1>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Signed in with</dt>
          <dd>{methodLabel[session.authMethod]}</dd>
          <dt>Signed in at</dt>
          <dd>
            <DateTime value={session.authenticatedAt} />
          </dd>
        </dl>
        <div className="actions">
          <SignOutButton />
        </div>
      </div>

      <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">Passkeys</h2>
        <PasskeyList passkeys={passkeys} rpId={rpId} userId={user.webauthnUserId} hasPassword={methods.password} />
        <CreatePasskeyButton />
      </section>

      <section className="card" id="password" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <PasswordSection hasPassword={methods.password} passkeyCount={passkeys.length} />
      </section>

      <section className="card" id="profile" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <ProfileForm displayName={user.displayName} email={user.email} rpId={rpId} userId={user.webauthnUserId} />
      </section>

      <section className="card" id="sessions" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <SessionsList sessions={sessions} />
      </section>

      <section className="card" id="activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Security activity</h2>
        <ActivityLog
          // A new first event (after a refresh) starts the list afresh.
          key={activity.events[0]?.id ?? 'none'}
          events={activity.events.map((e) => ({
            id: e.id,
            type: e.type,
            detail: e.detail,
            ipAddress: e.ipAddress,
            createdAt: e.createdAt.toISOString(),
          }))}
          next={activity.next}
        />
      </section>
    </AccountProvider>
  );
}
