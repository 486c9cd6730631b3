import { expect } from '@playwright/test';
import type { RawAnswer } from './raw-http';

// Requests that Next.js cannot handle by itself (it answered them with a bare 500, or Node.js
// with an empty 400 or 431, or nothing at all), and the answer each must get instead: the
// app's JSON error, with the headers every API answer has.

export type UnhandledRequest = { name: string; requestLine: string; headers?: Record<string, string>; status: number; code: string };

export function unhandledRequests(port: number): UnhandledRequest[] {
  const badTree = { RSC: '1', 'Next-Router-State-Tree': 'not a router state' };
  return [
    {
      name: 'a passkey id that is not UTF-8',
      requestLine: 'PATCH /api/account/passkeys/%ff HTTP/1.1',
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'a passkey path that is not UTF-8, read',
      requestLine: 'GET /api/account/passkeys/%ff HTTP/1.1',
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'a session id that is not UTF-8',
      requestLine: 'DELETE /api/account/sessions/%ff HTTP/1.1',
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'an insights table that is not UTF-8',
      requestLine: 'GET /api/insights/%ff.csv HTTP/1.1',
      status: 400,
      code: 'invalid_request',
    },
    { name: 'a page path with a broken escape', requestLine: 'GET /account/%e2%82 HTTP/1.1', status: 400, code: 'invalid_request' },
    { name: 'TRACE on the API', requestLine: 'TRACE /api/health HTTP/1.1', status: 405, code: 'method_not_allowed' },
    { name: 'TRACE on a page', requestLine: 'TRACE /sign-in HTTP/1.1', status: 405, code: 'method_not_allowed' },
    { name: 'CONNECT', requestLine: `CONNECT localhost:${port} HTTP/1.1`, status: 405, code: 'method_not_allowed' },
    { name: 'a made-up method', requestLine: 'FOO /api/health HTTP/1.1', status: 405, code: 'method_not_allowed' },
    { name: 'a method Next.js does not route', requestLine: 'PROPFIND /sign-in HTTP/1.1', status: 405, code: 'method_not_allowed' },
    {
      name: 'an RSC request with a malformed router state',
      requestLine: 'GET /sign-in HTTP/1.1',
      headers: badTree,
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'an RSC request for a page that does not exist',
      requestLine: 'GET /no-such-page HTTP/1.1',
      headers: badTree,
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'headers over Node.js’s limit',
      requestLine: 'GET /api/health HTTP/1.1',
      headers: { 'X-Padding': 'x'.repeat(20_000) },
      status: 431,
      code: 'headers_too_large',
    },
    {
      name: 'a header name that is not a token',
      requestLine: 'GET /api/health HTTP/1.1',
      headers: { 'Bad Name': 'x' },
      status: 400,
      code: 'invalid_request',
    },
  ];
}

/** What every answer to one of them must be, whatever the request. */
export function expectOurRefusal(answer: RawAnswer, expected: UnhandledRequest, options: { https: boolean }): void {
  const what = `${expected.name} (${expected.requestLine})`;
  expect(answer.status, what).toBe(expected.status);
  expect(answer.headers['content-type'], what).toBe('application/json');
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body), what).toEqual(['error']);
  expect(body.error.code, what).toBe(expected.code);
  expect(body.error.message.length, what).toBeGreaterThan(10);
  if (expected.status === 405) expect(answer.headers['allow'], what).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  expect(answer.headers['x-request-id'], what).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers['cache-control'], what).toBe('no-store, no-transform');
  expect(answer.headers['content-security-policy'], what).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(answer.headers['x-content-type-options'], what).toBe('nosniff');
  expect(answer.headers['x-frame-options'], what).toBe('DENY');
  expect(answer.headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(answer.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(answer.headers['permissions-policy'], what).toContain('publickey-credentials-get=(self)');
  expect(answer.headers['strict-transport-security'], what).toBe(options.https ? 'max-age=63072000; includeSubDomains' : undefined);
}
