import { randomUUID } from 'node:crypto';

// Per-request headers that both proxy.ts (pages) and route() in lib/server/http.ts (the
// API, where the Proxy does not run) set.

/** HSTS, sent when the app is served over https: two years, subdomains included. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The id that follows a request through the logs. One from a proxy in front is kept (so
 * one id follows a request through every hop) when it looks like an id; anything else gets
 * a new one.
 */
export function requestIdFrom(incoming: string | null): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
