'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { sendJson } from '@/lib/client/api';
import { PASSKEY_CREATED_EVENT, upgradeSettled } from '@/lib/client/passkey-upgrade';
import { signalAcceptedCredentials, signalUserDetails } from '@/lib/client/signal';

type Account = { user: { email: string; displayName: string; webauthnUserId: string }; passkeys: { credentialId: string }[] };

// Whenever the account page loads: tell the password manager which passkeys the account has
// and its current name and display name, so it can drop removed passkeys and show current
// names. It waits for an automatic upgrade still running (the page may have opened while the
// password manager was creating a passkey) and reads the list fresh, so a passkey made a
// moment ago is never signalled away as unknown.
export function SignalSync({ rpId }: { rpId: string }) {
  const router = useRouter();
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      await upgradeSettled();
      const account = await sendJson<Account>('GET', '/api/account');
      if (cancelled || !account.ok) return;
      const { user, passkeys } = account.data;
      await signalAcceptedCredentials(rpId, user.webauthnUserId, passkeys.map((p) => p.credentialId));
      await signalUserDetails(rpId, user.webauthnUserId, user.email, user.displayName);
    })();
    const refresh = () => router.refresh();
    window.addEventListener(PASSKEY_CREATED_EVENT, refresh);
    return () => {
      cancelled = true;
      window.removeEventListener(PASSKEY_CREATED_EVENT, refresh);
    };
  }, [rpId, router]);
  return null;
}
