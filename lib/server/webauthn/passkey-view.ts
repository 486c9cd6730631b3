import 'server-only';
import type { PasskeyRecord } from './passkey';
import { providerName } from './passkey-providers';

/**
 * A passkey as the API and the account page show it: never the public key or the counter.
 * `synced` is the backup state (BS): the passkey is in a synced password manager.
 */
export function passkeyView(passkey: PasskeyRecord) {
  return {
    id: passkey.id,
    credentialId: passkey.credentialId,
    name: passkey.name,
    aaguid: passkey.aaguid,
    provider: providerName(passkey.aaguid),
    createdVia: passkey.createdVia,
    synced: passkey.backupState,
    backupEligible: passkey.backupEligible,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}

export type PasskeyView = ReturnType<typeof passkeyView>;
