import { rowsWrittenFor } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { rawRequest } from './support/raw-http';
import { expectOurRefusal, unhandledRequests } from './support/unhandled-requests';

// Malformed, hostile or misdirected requests: each gets a 4xx JSON error that says what
// was wrong, and writes nothing.

const nothing = { users: 0, sessions: 0, events: 0, rateLimits: 0 };

type Case = { name: string; status: number; code: string; body: string; headers?: Record<string, string> };

type Body = { email: string; password: string; displayName?: string };

// The cases for one endpoint, each built from a body that endpoint would accept.
function cases(valid: Body): Case[] {
  const json = (value: unknown) => JSON.stringify(value);
  const list: Case[] = [
    { name: 'malformed JSON', status: 400, code: 'invalid_json', body: json(valid).slice(0, -1) + ',' },
    { name: 'a JSON array', status: 400, code: 'invalid_request', body: json([valid]) },
    { name: 'null', status: 400, code: 'invalid_request', body: 'null' },
    { name: 'an empty body', status: 400, code: 'invalid_json', body: '' },
    { name: 'a missing password', status: 400, code: 'invalid_request', body: json({ ...valid, password: undefined }) },
    { name: 'a number for the password', status: 400, code: 'invalid_request', body: json({ ...valid, password: 12345678 }) },
    { name: 'an object for the email', status: 400, code: 'invalid_request', body: json({ ...valid, email: { $ne: '' } }) },
    { name: 'an unknown field', status: 400, code: 'invalid_request', body: json({ ...valid, isAdmin: true }) },
    { name: 'a 4 KB password', status: 400, code: 'invalid_request', body: json({ ...valid, password: 'p'.repeat(4096) }) },
    {
      name: 'a lone surrogate in the password',
      status: 400,
      code: 'invalid_request',
      body: json({ ...valid, password: 'long enough LONE pw' }).replace('LONE', '\\ud800'),
    },
    { name: 'an invalid email', status: 400, code: 'invalid_request', body: json({ ...valid, email: 'not-an-email' }) },
    { name: 'invalid UTF-8', status: 400, code: 'invalid_json', body: '\xff\xfe' },
    { name: 'a body over 16 KB', status: 413, code: 'body_too_large', body: json({ ...valid, pad: 'x'.repeat(20_000) }) },
    {
      name: 'a form-encoded body',
      status: 415,
      code: 'unsupported_media_type',
      body: `email=${encodeURIComponent(valid.email)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    },
    { name: 'no Origin header', status: 403, code: 'origin_required', body: json(valid), headers: { Origin: '' } },
    {
      name: 'a cross-site Origin',
      status: 403,
      code: 'origin_not_allowed',
      body: json(valid),
      headers: { Origin: 'https://evil.example' },
    },
    {
      name: 'a look-alike Origin',
      status: 403,
      code: 'origin_not_allowed',
      body: json(valid),
      headers: { Origin: 'http://localhost:3100.evil.example' },
    },
    { name: 'the null Origin', status: 403, code: 'origin_not_allowed', body: json(valid), headers: { Origin: 'null' } },
  ];
  if (valid.displayName !== undefined) {
    list.push(
      {
        name: 'a bidi override in the display name',
        status: 400,
        code: 'invalid_request',
        body: json({ ...valid, displayName: 'evil\u202egnp.exe' }),
      },
      {
        name: 'a control character in the display name',
        status: 400,
        code: 'invalid_request',
        body: json({ ...valid, displayName: 'a\u0000b' }),
      },
    );
  }
  return list;
}

const endpoints = [
  { path: '/api/auth/sign-up', valid: (email: string): Body => ({ email, displayName: 'Ok Name', password: 'a fine long password' }) },
  { path: '/api/auth/sign-in', valid: (email: string): Body => ({ email, password: 'a fine long password' }) },
];

for (const { path, valid } of endpoints) {
  test.describe(`POST ${path}`, () => {
    for (const c of cases(valid('placeholder@example.com'))) {
      test(`answers ${c.name} with ${c.status} ${c.code} and writes nothing`, async ({ api, uniqueEmail, clientAddress }) => {
        const email = uniqueEmail();
        const body = c.body.replaceAll('placeholder@example.com', email).replaceAll('placeholder%40example.com', encodeURIComponent(email));
        const response = await api.post(path, {
          headers: { 'Content-Type': 'application/json', ...c.headers },
          data: Buffer.from(body, c.name === 'invalid UTF-8' ? 'latin1' : 'utf8'),
        });
        expect(response.status()).toBe(c.status);
        expect(response.headers()['content-type']).toContain('application/json');
        const payload = await response.json();
        expect(payload.error.code).toBe(c.code);
        expect(payload.error.message.length).toBeGreaterThan(10);
        expect(response.headers()['set-cookie']).toBeUndefined();
        expect(await rowsWrittenFor(email, clientAddress)).toEqual(nothing);
      });
    }

    test('accepts the valid body the cases are built from', async ({ api, uniqueEmail }) => {
      const email = uniqueEmail();
      await api.post('/api/auth/sign-up', { data: { email, displayName: 'Ok Name', password: 'a fine long password' } });
      const response = await api.post(path, { data: valid(path.endsWith('sign-up') ? uniqueEmail() : email) });
      expect(response.status()).toBe(path.endsWith('sign-up') ? 201 : 200);
    });
  });
}

test('validation errors name the field that is wrong', async ({ api, uniqueEmail }) => {
  const response = await api.post('/api/auth/sign-up', {
    data: { email: uniqueEmail(), displayName: '   ', password: 'p'.repeat(4096) },
  });
  expect(response.status()).toBe(400);
  const { error } = await response.json();
  expect(error.fields).toEqual({ displayName: 'Enter a display name.', password: 'Use at most 128 characters.' });
});

test('sign-out refuses a cross-site request and keeps the session', async ({ api, uniqueEmail }) => {
  await api.post('/api/auth/sign-up', { data: endpoints[0]!.valid(uniqueEmail()) });
  const forged = await api.post('/api/auth/sign-out', { headers: { Origin: 'https://evil.example' } });
  expect(forged.status()).toBe(403);
  expect((await api.get('/api/auth/session')).status()).toBe(200);
});

test('wrong methods answer 405 with a JSON error, Allow and a request id, on every API path', async ({ api }) => {
  const paths: [string, string][] = [
    ['/api/auth/sign-up', 'POST'],
    ['/api/auth/sign-in', 'POST'],
    ['/api/auth/sign-out', 'POST'],
    ['/api/auth/session', 'GET, HEAD'],
    ['/api/auth/recovery', 'POST'],
    ['/api/auth/recovery/password', 'POST'],
    ['/api/auth/recovery/sign-in', 'POST'],
    ['/api/auth/email/verify', 'POST'],
    ['/api/account/email/verification', 'POST'],
    ['/api/passkeys/upgrade/options', 'POST'],
    ['/api/passkeys/upgrade/outcome', 'POST'],
    ['/api/passkeys/register/options', 'POST'],
    ['/api/passkeys/register/verify', 'POST'],
    ['/api/passkeys/sign-in/options', 'POST'],
    ['/api/passkeys/sign-in/verify', 'POST'],
    ['/api/account', 'GET, HEAD'],
    ['/api/account/activity', 'GET, HEAD'],
    ['/api/account/profile', 'PATCH'],
    ['/api/account/password', 'PUT, DELETE'],
    ['/api/account/passkeys/abcdefghijklmnopq', 'PATCH, DELETE'],
    ['/api/account/sessions', 'GET, HEAD'],
    ['/api/account/sessions/abcdefghijklmnopq', 'DELETE'],
    ['/api/account/sessions/end-others', 'POST'],
    ['/api/account/reauth/password', 'POST'],
    ['/api/account/reauth/passkey/options', 'POST'],
    ['/api/account/reauth/passkey/verify', 'POST'],
    ['/api/insights', 'GET, HEAD'],
    ['/api/insights/funnel.csv', 'GET, HEAD'],
    ['/api/metrics', 'GET, HEAD'],
    ['/api/health', 'GET, HEAD'],
    ['/.well-known/passkey-endpoints', 'GET, HEAD'],
    ['/.well-known/change-password', 'GET, HEAD'],
  ];
  for (const [path, allow] of paths) {
    const wrong = allow.startsWith('GET') ? 'PUT' : allow.includes('DELETE') ? 'POST' : 'DELETE';
    const response = await api.fetch(path, { method: wrong });
    expect(response.status(), `${wrong} ${path}`).toBe(405);
    expect(response.headers()['allow'], path).toBe(allow);
    expect(response.headers()['x-request-id'], path).toMatch(/^[0-9a-f-]{36}$/);
    expect((await response.json()).error, path).toMatchObject({ code: 'method_not_allowed', message: expect.stringContaining(allow) });
  }
});

test('a chunked body with no Content-Length is cut off at the limit, not read to its end', async ({ baseURL, clientAddress }) => {
  const { request } = await import('node:http');
  const url = new URL('/api/auth/sign-in', baseURL);
  let written = 0;
  let stop = false;
  const answer = await new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', Origin: baseURL!, 'X-Forwarded-For': clientAddress },
      },
      (res) => {
        const at = written;
        stop = true;
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, written: at }));
      },
    );
    req.on('error', (error) => (stop ? undefined : reject(error)));
    req.write('{"email":"a@example.com","password":"');
    // 1 KB every 2 ms, up to 8 MB: about 16 s if the server read it all.
    const timer = setInterval(() => {
      if (stop || written > 8 * 1024 * 1024) {
        clearInterval(timer);
        req.end();
        return;
      }
      req.write('x'.repeat(1024));
      written += 1024;
    }, 2);
  });
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body).error.code).toBe('body_too_large');
  // The answer came long before the body ended: the server stopped reading at 16 KB.
  expect(answer.written).toBeLessThan(1024 * 1024);
});

test('requests the framework cannot handle get the app’s JSON error with its headers, never a 500', async ({ baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  for (const unhandled of unhandledRequests(port)) {
    const answer = await rawRequest(port, unhandled.requestLine, unhandled.headers);
    expectOurRefusal(answer, unhandled, { https: false });
  }
});
