// @ts-check
import { randomUUID } from 'node:crypto';

// The headers every response carries and the request id, in one place for everything that
// answers: next.config.js (the fixed headers, on whatever Next.js serves), proxy.ts (pages),
// route() in lib/server/http/route.ts (the API, where the Proxy does not run) and server.mjs
// (the requests it answers itself, before Next.js, and the defaults of every other one).
// Plain JavaScript so that server.mjs and next.config.js can load it without a build.

/** Headers every response gets. */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // WebAuthn for this origin only (no iframe may create or use passkeys); nothing else.
  {
    key: 'Permissions-Policy',
    value:
      'publickey-credentials-create=(self), publickey-credentials-get=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  },
];

/**
 * The policy of every JSON answer: nothing in it may run, load or frame anything. (Pages get
 * a nonce-based policy from proxy.ts.)
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** HSTS, sent when the app is served over https: two years, subdomains included. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The id that follows a request through the logs. One set by a trusted proxy in front
 * (TRUST_PROXY_HOPS > 0) is kept when it looks like an id, so one id follows a request
 * through every hop; with no proxy the client would be choosing our log's ids, so it gets a
 * new one, as does anything that does not look like an id.
 * @param {string | null | undefined} incoming
 * @param {boolean} fromTrustedProxy
 * @returns {string}
 */
export function requestIdFrom(incoming, fromTrustedProxy) {
  return fromTrustedProxy && incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The id of the request being handled: the one server.mjs chose by the rule above and handed
 * on in a header whose name only it and this process know (REQUEST_ID_HEADER), so that its
 * log line, route()'s and the Proxy's all carry one id; without server.mjs (`next dev`), one
 * chosen here by the same rule.
 * @param {{ get(name: string): string | null }} headers
 * @param {boolean} fromTrustedProxy
 * @returns {string}
 */
export function requestIdOf(headers, fromTrustedProxy) {
  const edgeHeader = process.env.REQUEST_ID_HEADER;
  return (edgeHeader && headers.get(edgeHeader)) || requestIdFrom(headers.get('x-request-id'), fromTrustedProxy);
}

/**
 * A request path as the logs keep it: at most 256 characters, marked when cut.
 * @param {string} path
 * @returns {string}
 */
export function pathForLog(path) {
  return path.length <= 256 ? path : `${path.slice(0, 256)}…(${path.length} characters)`;
}
