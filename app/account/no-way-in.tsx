'use client';

import { useAccount } from './account-context';

// After a recovery or a first verification that removed everything, the account has no
// password and no passkey: the person is signed in by the link alone. Say so first, with
// the way out, so they do not sign out and find no way back in but another email.
export function NoWayIn() {
  const { account } = useAccount();
  if (account.hasPassword || account.passkeys.length > 0) return null;
  return (
    <section className="card notice-card" aria-labelledby="no-way-in-heading">
      <h2 id="no-way-in-heading">Set up a way to sign in</h2>
      <p>
        This account has no passkey and no password: you are signed in by the link we emailed you. <a href="#passkeys">Create a passkey</a>{' '}
        or <a href="#password">set a password</a> before you leave.
      </p>
    </section>
  );
}
