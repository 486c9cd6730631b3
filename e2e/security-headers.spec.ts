import { expect, test } from './fixtures/test';

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
