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
import { FactorChangedOffer } from './factor-changed-offer';
import { NoWayIn } from './no-way-in';
import { AccountNotices } from './notices';
import { PasskeysSection } from './passkeys-section';
import { PasswordSection } from './password-section';
import { ProfileForm } from './profile-form';
import { SessionsList } from './sessions-list';
import { SignalSync } from './signal-sync';

export const metadata: Metadata = { title: 'Your account' };

// A settings hub: how you sign in first (passkeys, then the password), then where you are
// signed in, then what happened and your profile. On a desktop a section navigation sits
// beside it; on a phone the groups follow each other, passkeys on the first screen.
//
// Rendered with the same snapshot GET /api/account returns; after that the sections show the
// state the account provider holds, which every action refreshes (account-context.tsx).
export default async function AccountPage() {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  const snapshot = await accountSnapshot(current);
  const { rpId } = config();
  const operator = isOperator(current.user);
  return (
    <AccountProvider initial={snapshot}>
      <SignalSync rpId={rpId} />
      <div className="hub">
        <nav className="hub-nav" aria-label="Account settings">
          <NavGroup
            title="Sign-in and security"
            links={[
              ['#passkeys', 'Passkeys'],
              ['#password', 'Password'],
            ]}
          />
          <NavGroup title="Devices" links={[['#sessions', 'Sessions']]} />
          <NavGroup
            title="Account"
            links={[
              ['#activity', 'Security activity'],
              ['#profile', 'Profile'],
              ...(operator ? ([['#operator', 'Operator']] as [string, string][]) : []),
            ]}
          />
        </nav>

        <div className="hub-content">
          <AccountNotices />
          <NoWayIn />
          <AccountSummary />

          <div className="group">
            <h2 className="group-heading">Sign-in and security</h2>
            <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
              <h3 id="passkeys-heading">Passkeys</h3>
              <PasskeysSection rpId={rpId} />
            </section>
            <section className="card" id="password" aria-labelledby="password-heading">
              <h3 id="password-heading">Password</h3>
              <PasswordSection />
            </section>
          </div>

          <div className="group">
            <h2 className="group-heading">Devices</h2>
            <section className="card" id="sessions" aria-labelledby="sessions-heading">
              <h3 id="sessions-heading">Where you are signed in</h3>
              {/* After a passkey or the password changes: end the other sessions, offered here, beside them. */}
              <FactorChangedOffer />
              <SessionsList />
            </section>
          </div>

          <div className="group">
            <h2 className="group-heading">Account</h2>
            <section className="card" id="activity" aria-labelledby="activity-heading">
              <h3 id="activity-heading">Security activity</h3>
              <ActivityLog />
            </section>
            <section className="card" id="profile" aria-labelledby="profile-heading">
              <h3 id="profile-heading">Profile</h3>
              <ProfileForm rpId={rpId} />
            </section>
            {operator ? (
              <section className="card" id="operator" aria-labelledby="operator-heading">
                <h3 id="operator-heading">Operator</h3>
                <p>
                  <Link href="/insights">Adoption insights</Link>: is the automatic upgrade moving people to passkeys?
                </p>
              </section>
            ) : null}
          </div>
        </div>
      </div>
    </AccountProvider>
  );
}

function NavGroup(props: { title: string; links: [string, string][] }) {
  return (
    <div className="hub-nav-group">
      <p className="hub-nav-title">{props.title}</p>
      <ul>
        {props.links.map(([href, label]) => (
          <li key={href}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
