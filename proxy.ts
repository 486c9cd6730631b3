import { NextResponse, type NextRequest } from 'next/server';
import { STRICT_TRANSPORT_SECURITY, requestIdOf } from './lib/shared/response-headers.mjs';

// Runs before every page request (Next.js Proxy): a fresh nonce and the
// Content-Security-Policy built on it, HSTS when served over https, and a request id that
// the logs carry. The headers that never change are in next.config.js.
//
// Not for /api: JSON needs no script nonce (API responses get a fixed `default-src 'none'`
// policy from next.config.js, and their request id from route() in lib/server/http/route.ts), and
// running the Proxy for them, with after() on every request, made a passkey sign-in (two
// API requests) cost about 4 ms more CPU (docs/decisions/008).

function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    // Next.js puts the nonce on its own inline scripts; 'strict-dynamic' lets the scripts
    // they load run, and nothing else. React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Next.js sets style attributes on some elements it renders.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const https = (process.env.APP_ORIGIN ?? '').startsWith('https:');
  const csp = contentSecurityPolicy(nonce, https);
  // The Proxy cannot import the server's config module; it reads the same variable.
  const requestId = requestIdOf(request.headers, Number(process.env.TRUST_PROXY_HOPS || 0) > 0);

  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  headers.set('x-request-id', requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Request-Id', requestId);
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    // Everything but Next's static files, which need none of this (next.config.js still
    // gives them the fixed headers).
    { source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' },
  ],
};
