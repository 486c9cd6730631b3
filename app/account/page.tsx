import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { isOperator } from '@/lib/server/insights/operators';
import { accountSnapshot } from '@/lib/server/account/management';
import { config } from '@/lib/server/platform/config';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { AccountProvider } from './account-context';
import { AccountSummary } from './account-summary';
import { ActivityLog } from './activity-log';
import { CreatePasskeyButton } from './create-passkey-button';
import { FactorChangedOffer } from './factor-changed-offer';
import { NoWayIn } from './no-way-in';
import { AccountNotices } from './notices';
import { PasskeyList } from './passkey-list';
import { PasswordSection } from './password-section';
import { ProfileForm } from './profile-form';
import { SessionsList } from './sessions-list';
import { SignalSync } from './signal-sync';

export const metadata: Metadata = { title: 'Your account' };

// Rendered with the same snapshot GET /api/account returns; after that the sections show the
// state the account provider holds, which every action refreshes (account-context.tsx).
export default async function AccountPage() {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  const snapshot = await accountSnapshot(current);
  const { rpId } = config();
  return (
    <AccountProvider initial={snapshot}>
      <SignalSync rpId={rpId} />
      <AccountNotices />
      <NoWayIn />
      <AccountSummary />

      <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">Passkeys</h2>
        <PasskeyList rpId={rpId} />
        <CreatePasskeyButton />
      </section>

      <section className="card" id="password" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <PasswordSection />
      </section>

      <section className="card" id="sessions" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        {/* After a passkey or the password changes: end the other sessions, offered here, beside them. */}
        <FactorChangedOffer />
        <SessionsList />
      </section>

      <section className="card" id="activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Security activity</h2>
        <ActivityLog />
      </section>

      <section className="card" id="profile" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <ProfileForm rpId={rpId} />
      </section>

      {isOperator(current.user) ? (
        <section className="card" id="operator" aria-labelledby="operator-heading">
          <h2 id="operator-heading">Operator</h2>
          <p>
            <Link href="/insights">Adoption insights</Link>: is the automatic upgrade moving people to passkeys?
          </p>
        </section>
      ) : null}
    </AccountProvider>
  );
}
