'use client';

import { useAccount } from './account-context';
import { DateTime } from './date-time';
import { EmailStatus, EmailVerifyPrompt } from './email-status';
import { SignOutButton } from './sign-out-button';

// Who is signed in, and how: "Signed in with" is this session's own sign-in method.
const methodLabel = { password: 'a password', passkey: 'a passkey', email: 'a link sent by email' } as const;

export function AccountSummary() {
  const { user, session } = useAccount().account;
  return (
    <div className="card summary">
      <div className="summary-head">
        <h1>Hello, {user.displayName}</h1>
        <SignOutButton />
      </div>
      <dl className="facts">
        <EmailStatus />
        <dt>Signed in with</dt>
        <dd>{methodLabel[session.authMethod]}</dd>
        <dt>Signed in at</dt>
        <dd>
          <DateTime value={session.authenticatedAt} />
        </dd>
      </dl>
      <EmailVerifyPrompt />
    </div>
  );
}
