import { E2E_DATABASE_URL } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { startLoggedInstance, type LoggedInstance } from './support/logged-instance';
import { rawRequest } from './support/raw-http';
import { expectOurRefusal, unhandledRequests } from './support/unhandled-requests';

// What every response tells the browser, and that the app still works under its own
// Content-Security-Policy.

test('pages carry a nonce-based CSP and the other security headers, and run under them', async ({ page, uniqueEmail }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/sign-up');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(headers['permissions-policy']).toContain('publickey-credentials-create=(self)');
  expect(headers['permissions-policy']).toContain('publickey-credentials-get=(self)');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  // Served over http here: no HSTS (it is sent when APP_ORIGIN is https).
  expect(headers['strict-transport-security']).toBeUndefined();

  // A new nonce for every request.
  const again = await page.request.get('/sign-up');
  expect(again.headers()['content-security-policy']).not.toBe(csp);

  // The page's scripts run under the policy: signing up works end to end.
  await page.getByLabel('Email').fill(uniqueEmail());
  await page.getByLabel('Display name').fill('Csp');
  await page.getByLabel('Password').fill('a policy-abiding passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  expect(violations).toEqual([]);
});

test('API responses carry the headers and a request id, keeping a well-formed incoming one', async ({ api }) => {
  const response = await api.get('/api/health', { headers: { 'X-Request-Id': 'lb-req-1234abcd' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['x-request-id']).toBe('lb-req-1234abcd');
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  // JSON: nothing in an API response may load or run, and no page may frame it.
  expect(response.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  const hostile = await api.get('/api/health', { headers: { 'X-Request-Id': 'bad id <script>alert(1)</script>' } });
  expect(hostile.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(await response.json()).toMatchObject({ status: 'ok', database: { ok: true } });
  // Writes and refusals carry an id too.
  const refused = await api.post('/api/auth/sign-in', { data: {} });
  expect(refused.status()).toBe(400);
  expect(refused.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(refused.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
});

test('small JSON answers are sent as they are, not gzipped, and large ones are compressed', async ({ api }) => {
  // Compressing a few hundred bytes costs the server more CPU than the bytes it saves.
  const options = await api.post('/api/passkeys/sign-in/options', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  expect(options.status()).toBe(200);
  expect(options.headers()['content-encoding']).toBeUndefined();
  expect(options.headers()['cache-control']).toBe('no-store, no-transform');
  expect(await options.json()).toMatchObject({ challenge: expect.any(String) });
  const refused = await api.post('/api/auth/sign-in', { data: {}, headers: { 'Accept-Encoding': 'gzip' } });
  expect(refused.headers()['content-encoding']).toBeUndefined();
  // A page is still compressed for a browser that accepts it.
  const page = await api.get('/sign-in', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(page.headers()['content-encoding']).toBe('gzip');
});

/** A script a page loads, as Next.js serves it from its build. */
function staticScriptPath(html: string): string {
  const path = /"(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(path, 'a script on the sign-in page').toBeTruthy();
  return path!;
}

/** The headers every response carries, whoever made it. */
function expectEveryResponseHeaders(headers: Record<string, string>, what: string, https: boolean) {
  expect(headers['x-request-id'], what).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(headers['permissions-policy'], what).toContain('publickey-credentials-create=(self)');
  expect(headers['strict-transport-security'], what).toBe(https ? 'max-age=63072000; includeSubDomains' : undefined);
}

test('what Next.js serves by itself carries the headers and a request id: static files, the icon, an unknown API path', async ({ api }) => {
  for (const [path, status] of [
    [staticScriptPath(await (await api.get('/sign-in')).text()), 200],
    ['/favicon.ico', 200],
    ['/api/no-such-endpoint', 404],
  ] as const) {
    const response = await api.get(path);
    expect(response.status(), path).toBe(status);
    expectEveryResponseHeaders(response.headers(), path, false);
  }
});

test.describe('served as https:// (APP_ORIGIN; the server itself listens on http here)', () => {
  // One server on a fixed port for the tests below: they must run on one worker, in turn.
  test.describe.configure({ mode: 'serial' });
  const PORT = 3403;
  let server: LoggedInstance;
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${PORT}${path}`);
    return { status: () => response.status, headers: () => Object.fromEntries(response.headers), text: () => response.text() };
  };

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    server = await startLoggedInstance(PORT, {
      DATABASE_URL: E2E_DATABASE_URL,
      APP_ORIGIN: `https://localhost:${PORT}`,
      TRUST_PROXY_HOPS: '0',
      WEB_CONCURRENCY: '1',
    });
  });

  test.afterAll(() => server?.stop());

  test('every response carries HSTS and a request id: pages, the API, static files, the icon, an unknown API path', async () => {
    for (const [path, status] of [
      ['/sign-in', 200],
      ['/api/health', 200],
      [staticScriptPath(await (await get('/sign-in')).text()), 200],
      ['/favicon.ico', 200],
      ['/api/no-such-endpoint', 404],
    ] as const) {
      const response = await get(path);
      expect(response.status(), path).toBe(status);
      expectEveryResponseHeaders(response.headers(), path, true);
    }
    // One id per request: the one in the answer is the one in the app's log line.
    const answered = await get('/api/auth/session');
    const id = answered.headers()['x-request-id'];
    await expect
      .poll(() =>
        server
          .lines()
          .filter((line) => line.requestId === id)
          .map((line) => [line.path, line.status]),
      )
      .toEqual([['/api/auth/session', 401]]);
  });

  test('requests the framework cannot handle get the app’s JSON error, HSTS included, and one log line each, never a stack trace', async () => {
    const otherBefore = server.other().length;
    for (const unhandled of unhandledRequests(PORT)) {
      const answer = await rawRequest(PORT, unhandled.requestLine, unhandled.headers);
      expectOurRefusal(answer, unhandled, { https: true });
      const id = answer.headers['x-request-id'];
      await expect
        .poll(
          () =>
            server
              .lines()
              .filter((line) => line.requestId === id)
              .map(({ level, msg, status, code }) => ({ level, msg, status, code })),
          {
            message: `the log line of ${unhandled.name}`,
          },
        )
        .toEqual([{ level: 'info', msg: 'request', status: unhandled.status, code: unhandled.code }]);
    }
    expect(server.other().slice(otherBefore), 'anything but JSON log lines').toEqual([]);
    expect(server.lines().filter((line) => line.level === 'error')).toEqual([]);
  });
});
