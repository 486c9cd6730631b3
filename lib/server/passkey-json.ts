import 'server-only';
import type { PasskeyRecord } from './passkey';

/** A passkey as the API shows it: never the public key or the counter. */
export function passkeyJson(passkey: PasskeyRecord) {
  return {
    id: passkey.id,
    credentialId: passkey.credentialId,
    name: passkey.name,
    aaguid: passkey.aaguid,
    createdVia: passkey.createdVia,
    backupEligible: passkey.backupEligible,
    backedUp: passkey.backupState,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}
