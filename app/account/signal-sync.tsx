'use client';

import { useEffect } from 'react';
import { signalAcceptedCredentials, signalUserDetails } from '@/lib/client/signal';

// Whenever the account page loads: tell the password manager which passkeys the account has
// now and what its name and display name are, so it can drop deleted passkeys and show the
// current names.
export function SignalSync(props: { rpId: string; userId: string; email: string; displayName: string; credentialIds: string[] }) {
  const { rpId, userId, email, displayName } = props;
  const ids = props.credentialIds.join(',');
  useEffect(() => {
    void signalAcceptedCredentials(rpId, userId, ids ? ids.split(',') : []);
    void signalUserDetails(rpId, userId, email, displayName);
  }, [rpId, userId, email, displayName, ids]);
  return null;
}
