import { execFileSync, type ChildProcess } from 'node:child_process';
import { request as playwrightRequest } from '@playwright/test';
import { E2E_DATABASE_URL } from './fixtures/database';
import { PASSWORD, softwareAuthenticator } from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';
import { startInstances, stopInstances } from './support/app-instances';

// `npm start` serves from several worker processes (server.mjs, node:cluster). Killing one
// under load costs at most the requests it was serving: the others go on, a replacement
// starts, and the metrics are the sum over the workers, whichever one is asked.

const PORT = 3150;
const origin = `http://localhost:${PORT}`;
const METRICS_TOKEN = 'e2e-workers-metrics-token-0123456789abcdef';
const PEOPLE = 6;
let instances: ChildProcess[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  instances = await startInstances([PORT], {
    DATABASE_URL: E2E_DATABASE_URL,
    APP_ORIGIN: origin,
    TRUST_PROXY_HOPS: '1',
    WEB_CONCURRENCY: '2',
    METRICS_TOKEN,
    SIGN_IN_OPTIONS_MAX_PER_CLIENT: '100000',
  });
});

test.afterAll(() => stopInstances(instances));

function workerPids(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(instances[0]!.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

test('a worker killed under load is replaced; only the requests it held fail', async ({ uniqueEmail }) => {
  test.setTimeout(90_000);
  expect(workerPids()).toHaveLength(2);
  const authenticator = softwareAuthenticator(origin);

  // People with a passkey each, signing in again and again.
  const people = await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i) => {
      const address = `2001:db8:77:${i}::1`;
      const api = await playwrightRequest.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin, 'X-Forwarded-For': address } });
      const email = uniqueEmail();
      expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'W', password: PASSWORD } })).status()).toBe(201);
      const options = await (await api.post('/api/passkeys/register/options')).json();
      const { response, credential } = authenticator.create(options);
      expect((await api.post('/api/passkeys/register/verify', { data: response })).status()).toBe(201);
      return { api, credential };
    }),
  );

  let ok = 0;
  let failed = 0;
  let stop = false;
  const signInOnce = async (person: (typeof people)[number]) => {
    try {
      const options = await person.api.post('/api/passkeys/sign-in/options', { timeout: 10_000 });
      if (options.status() !== 200) return false;
      const verify = await person.api.post('/api/passkeys/sign-in/verify', {
        data: authenticator.get(await options.json(), person.credential),
        timeout: 10_000,
      });
      return verify.status() === 200;
    } catch {
      return false;
    }
  };
  const load = people.map(async (person) => {
    while (!stop) {
      if (await signInOnce(person)) ok++;
      else failed++;
    }
  });

  await expect.poll(() => ok, { timeout: 30_000 }).toBeGreaterThan(20);
  const [victim] = workerPids();
  const before = ok;
  process.kill(victim!, 'SIGKILL');
  // A replacement starts and the load goes on.
  await expect.poll(() => workerPids().filter((pid) => pid !== victim).length, { timeout: 30_000 }).toBe(2);
  await expect.poll(() => ok, { timeout: 30_000 }).toBeGreaterThan(before + 40);
  stop = true;
  await Promise.all(load);

  // At most one sign-in per person was with the killed worker when it died.
  expect(failed).toBeLessThanOrEqual(PEOPLE);
  // And afterwards every sign-in works.
  const after = await Promise.all(people.map(signInOnce));
  expect(after).toEqual(Array(PEOPLE).fill(true));
  for (const person of people) await person.api.dispose();
});

test('the metrics count every worker’s sign-ins, whichever worker answers the scrape', async ({ uniqueEmail }) => {
  const api = await playwrightRequest.newContext({
    baseURL: origin,
    extraHTTPHeaders: { Origin: origin, 'X-Forwarded-For': '2001:db8:78::1' },
  });
  const scrape = async () => {
    const text = await (await api.get('/api/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(/^app_sign_ins_total\{method="password"\} (\d+)$/m.exec(text)?.[1] ?? NaN);
  };
  const start = await scrape();
  const email = uniqueEmail();
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'M', password: PASSWORD } })).status()).toBe(201);
  // Ten password sign-ins, spread over the workers (new connections go to either).
  for (let i = 0; i < 10; i++) {
    const person = await playwrightRequest.newContext({
      baseURL: origin,
      extraHTTPHeaders: { Origin: origin, 'X-Forwarded-For': '2001:db8:78::1' },
    });
    expect((await person.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(200);
    await person.dispose();
  }
  // Every scrape, on any worker, sees all ten.
  for (let i = 0; i < 4; i++) {
    const fresh = await playwrightRequest.newContext({ baseURL: origin });
    const text = await (await fresh.get('/api/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(Number(/^app_sign_ins_total\{method="password"\} (\d+)$/m.exec(text)?.[1])).toBe(start + 10);
    await fresh.dispose();
  }
  await api.dispose();
});
