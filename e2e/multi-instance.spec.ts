import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import { E2E_DATABASE_URL } from './fixtures/database';
import { PASSWORD, softwareAuthenticator } from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';
import { startInstances, stopInstances } from './support/app-instances';
import { startRoundRobinProxy } from './support/round-robin-proxy';

// Two app instances on one database behind a round-robin load balancer: every ceremony
// starts on one instance and finishes on the other, because no state lives in app memory.

const PROXY_PORT = 3110;
const INSTANCE_PORTS = [3111, 3112];
const origin = `http://localhost:${PROXY_PORT}`;

let instances: ChildProcess[] = [];
let proxy: Server | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  instances = await startInstances(INSTANCE_PORTS, { DATABASE_URL: E2E_DATABASE_URL, APP_ORIGIN: origin, TRUST_PROXY_HOPS: '1' });
  proxy = await startRoundRobinProxy(PROXY_PORT, INSTANCE_PORTS);
});

test.afterAll(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  stopInstances(instances);
});

const upstream = (response: APIResponse) => response.headers()['x-upstream'];

async function client(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
}

test('a password sign-in, an automatic upgrade and a passkey sign-in each cross instances', async ({ uniqueEmail }) => {
  const email = uniqueEmail();
  const browser = await client();
  const authenticator = softwareAuthenticator(origin);
  expect((await browser.post('/api/auth/sign-up', { data: { email, displayName: 'Lee', password: PASSWORD } })).status()).toBe(201);

  // Password sign-in on one instance; the session is honoured by the other.
  const signIn = await browser.post('/api/auth/sign-in', { data: { email, password: PASSWORD } });
  expect(signIn.status()).toBe(200);
  const session = await browser.get('/api/auth/session');
  expect(session.status()).toBe(200);
  expect(upstream(session)).not.toBe(upstream(signIn));

  // The upgrade: options from one instance, verified by the other.
  const optionsResponse = await browser.post('/api/passkeys/upgrade/options');
  expect(optionsResponse.status()).toBe(200);
  const { response, credential } = authenticator.create(await optionsResponse.json(), {
    flags: { up: false, uv: false, be: true, bs: true },
    counterMode: 'zero',
  });
  const verify = await browser.post('/api/passkeys/register/verify', { data: response });
  expect(verify.status(), await verify.text()).toBe(201);
  expect(upstream(verify)).not.toBe(upstream(optionsResponse));

  // Passkey sign-in in a new browser: options from one instance, verified by the other.
  const other = await client();
  const requestOptions = await other.post('/api/passkeys/sign-in/options');
  const assertion = authenticator.get(await requestOptions.json(), credential);
  const passkeySignIn = await other.post('/api/passkeys/sign-in/verify', { data: assertion });
  expect(passkeySignIn.status(), await passkeySignIn.text()).toBe(200);
  expect(upstream(passkeySignIn)).not.toBe(upstream(requestOptions));
  await browser.dispose();
  await other.dispose();
});

test('the failed-attempt limit counts across both instances', async ({ uniqueEmail }) => {
  const email = uniqueEmail();
  const browser = await client();
  await browser.post('/api/auth/sign-up', { data: { email, displayName: 'Lee', password: PASSWORD } });
  const served = new Set<string | undefined>();
  for (let i = 0; i < 5; i++) {
    const failure = await browser.post('/api/auth/sign-in', { data: { email, password: `wrong ${i}` } });
    expect(failure.status()).toBe(401);
    served.add(upstream(failure));
  }
  expect(served).toEqual(new Set(['0', '1']));
  const locked = await browser.post('/api/auth/sign-in', { data: { email, password: PASSWORD } });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
  await browser.dispose();
});

test('twelve guesses at once, spread over both instances, get exactly five checks', async ({ uniqueEmail }) => {
  const email = uniqueEmail();
  const browser = await client();
  await browser.post('/api/auth/sign-up', { data: { email, displayName: 'Lee', password: PASSWORD } });
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => browser.post('/api/auth/sign-in', { data: { email, password: `wrong ${i}` } })),
  );
  expect(new Set(answers.map(upstream))).toEqual(new Set(['0', '1']));
  expect(answers.map((a) => a.status()).sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  await browser.dispose();
});
