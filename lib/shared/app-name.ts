// The app's name for people, in one setting (RP_NAME): the header, page titles, the mail's
// sender and subjects, and the name a password manager shows beside the passkey (WebAuthn's
// rp.name). A fork renames the app by setting it; the tests read it from here too.

export const DEFAULT_APP_NAME = 'Passkey Upgrade';

/** The name from RP_NAME (config.ts validates it at start), or the default. */
export function appName(env: Record<string, string | undefined> = process.env): string {
  return env.RP_NAME?.trim() || DEFAULT_APP_NAME;
}
