'use client';

import { useEffect } from 'react';
import { upgradeSettled } from '@/lib/client/passkey-upgrade';
import { signalAcceptedCredentials, signalUserDetails } from '@/lib/client/signal';
import { useAccount } from './account-context';

// Whenever the account page loads: tell the password manager which passkeys the account has
// and its current name and display name, so it can drop removed passkeys and show current
// names. It waits for an automatic upgrade still running (the page may have opened while the
// password manager was creating a passkey) and reads the list fresh, so a passkey made a
// moment ago is never signalled away as unknown.
export function SignalSync({ rpId }: { rpId: string }) {
  const { reload } = useAccount();
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      await upgradeSettled();
      const fresh = await reload();
      if (cancelled || !fresh) return;
      const { user, passkeys } = fresh;
      await signalAcceptedCredentials(
        rpId,
        user.webauthnUserId,
        passkeys.map((p) => p.credentialId),
      );
      await signalUserDetails(rpId, user.webauthnUserId, user.signInName, user.displayName);
    })();
    return () => {
      cancelled = true;
    };
  }, [rpId, reload]);
  return null;
}
