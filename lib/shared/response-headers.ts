import { randomUUID } from 'node:crypto';

// Per-request headers that both proxy.ts (pages) and route() in lib/server/http/route.ts (the
// API, where the Proxy does not run) set.

/** HSTS, sent when the app is served over https: two years, subdomains included. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The id that follows a request through the logs. One set by a trusted proxy in front
 * (TRUST_PROXY_HOPS > 0) is kept when it looks like an id, so one id follows a request
 * through every hop; with no proxy the client would be choosing our log's ids, so it gets a
 * new one, as does anything that does not look like an id.
 */
export function requestIdFrom(incoming: string | null, fromTrustedProxy: boolean): string {
  return fromTrustedProxy && incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** A request path as the logs keep it: at most 256 characters, marked when cut. */
export function pathForLog(path: string): string {
  return path.length <= 256 ? path : `${path.slice(0, 256)}…(${path.length} characters)`;
}
