// Keeping the password manager in step with the server (WebAuthn L3 §5.1.10, Signal API).
// Each call only where the browser has it; all of them are advisory and never fail loudly.

type SignalApi = {
  signalAllAcceptedCredentials?: (options: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => Promise<void>;
  signalCurrentUserDetails?: (options: { rpId: string; userId: string; name: string; displayName: string }) => Promise<void>;
};

function api(): SignalApi | undefined {
  return typeof PublicKeyCredential === 'undefined' ? undefined : (PublicKeyCredential as unknown as SignalApi);
}

/** The account's passkeys are exactly these: the manager may hide or drop any others. */
export async function signalAcceptedCredentials(rpId: string, userId: string, credentialIds: string[]): Promise<void> {
  try {
    await api()?.signalAllAcceptedCredentials?.({ rpId, userId, allAcceptedCredentialIds: credentialIds });
  } catch {
    // Advisory only.
  }
}

/** The account's current email and display name, for the manager's passkey list. */
export async function signalUserDetails(rpId: string, userId: string, name: string, displayName: string): Promise<void> {
  try {
    await api()?.signalCurrentUserDetails?.({ rpId, userId, name, displayName });
  } catch {
    // Advisory only.
  }
}
