import 'server-only';

// What a write from an origin the app was not set up for is told (403 origin_not_allowed).
// In production, only that it is refused: the request did not come from the app. In
// development it is almost always the person themselves, who opened the app at 127.0.0.1 or
// at the network address `next dev` prints, and every form then fails; so the message says
// which setting decides (APP_ORIGIN, ALLOWED_ORIGINS) and what to do.

/** Origins a passkey can work on, and so APP_ORIGIN accepts: https, or http on localhost. */
function usable(url: URL): boolean {
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost');
  const ipAddress = /^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.startsWith('[');
  return !ipAddress && (url.protocol === 'https:' || (url.protocol === 'http:' && local));
}

export function originRefusal(origin: string, allowed: readonly string[], development: boolean): string {
  const shown = origin.slice(0, 200);
  const refused = `Requests from ${shown} are not allowed.`;
  if (!development) return refused;
  const home = allowed[0];
  let url: URL | null = null;
  try {
    url = new URL(origin);
  } catch {
    // Not an origin at all: no setting would help.
  }
  if (url && usable(url)) {
    return (
      `${refused} This development server accepts ${allowed.join(', ')} (APP_ORIGIN). To use ${url.origin}, restart it with ` +
      `APP_ORIGIN=${url.origin}, or add it to ALLOWED_ORIGINS (every origin must be on RP_ID) — or open ${home} instead.`
    );
  }
  return (
    `${refused} Open ${home} instead: this development server accepts ${allowed.join(', ')} (APP_ORIGIN, ALLOWED_ORIGINS), ` +
    `and passkeys need a domain name over https, or localhost, so APP_ORIGIN cannot be ${url ? url.origin : shown}.`
  );
}
