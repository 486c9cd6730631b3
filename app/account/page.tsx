import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { listPasskeys } from '@/lib/server/passkey';
import { getCurrentSession } from '@/lib/server/session';
import { CreatePasskeyButton } from './create-passkey-button';
import { SignOutButton } from './sign-out-button';

export const metadata: Metadata = { title: 'Your account' };

const methodLabel = { password: 'a password', passkey: 'a passkey' } as const;

function DateTime({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{value.toUTCString()}</time>;
}

export default async function AccountPage() {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  const { user, session } = current;
  const passkeys = await listPasskeys(user.id);
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
            <DateTime value={session.authenticatedAt} />
          </dd>
        </dl>
      </div>
      <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">Passkeys</h2>
        {passkeys.length === 0 ? (
          <p className="muted">No passkeys yet. Sign in with your password in a browser that supports passkeys, or create one here.</p>
        ) : (
          <ul className="passkeys">
            {passkeys.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>
                <span className="muted">
                  {' '}
                  · created {p.createdVia === 'automatic' ? 'automatically' : 'by hand'} on <DateTime value={p.createdAt} />
                  {' · '}
                  {p.backupState ? 'synced' : 'this device only'}
                  {' · '}
                  {p.lastUsedAt ? (
                    <>
                      last used <DateTime value={p.lastUsedAt} />
                    </>
                  ) : (
                    'not used yet'
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        <CreatePasskeyButton />
      </section>
      <div className="card actions">
        <SignOutButton />
      </div>
    </>
  );
}
