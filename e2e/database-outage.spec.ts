import { execSync } from 'node:child_process';
import { newPasswordAccount, PASSWORD } from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';

// PostgreSQL stops in the middle of a run and starts again. While it is down, every endpoint
// answers 503 with a clear JSON error and nothing is half-written; when it is back, the app
// recovers by itself. Runs after the rest of the suite (it stops the shared server), only
// on PostgreSQL, with E2E_DB_STOP_COMMAND / E2E_DB_START_COMMAND (set by .ci/run).

test('answers 503 while the database is down and recovers when it is back', async ({ api, newApi, uniqueEmail }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail();
  await newPasswordAccount(api, email);
  const duringOutage = uniqueEmail();

  execSync(process.env.E2E_DB_STOP_COMMAND!, { stdio: 'inherit' });
  try {
    const health = await api.get('/api/health');
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: { ok: false } });

    const other = await newApi();
    for (const response of [
      await other.post('/api/auth/sign-in', { data: { email, password: PASSWORD } }),
      await other.post('/api/auth/sign-up', { data: { email: duringOutage, displayName: 'Down', password: PASSWORD } }),
      await other.post('/api/passkeys/sign-in/options'),
      await api.get('/api/auth/session'),
      await api.post('/api/passkeys/upgrade/options'),
    ]) {
      expect(response.status(), await response.text()).toBe(503);
      expect(response.headers()['retry-after']).toBe('5');
      expect((await response.json()).error).toMatchObject({ code: 'database_unavailable' });
    }
  } finally {
    execSync(process.env.E2E_DB_START_COMMAND!, { stdio: 'inherit' });
  }

  await expect.poll(async () => (await api.get('/api/health')).status(), { timeout: 60_000 }).toBe(200);
  const signIn = await (await newApi()).post('/api/auth/sign-in', { data: { email, password: PASSWORD } });
  expect(signIn.status()).toBe(200);
  // The sign-up refused during the outage left nothing behind: the address is still free.
  await newPasswordAccount(await newApi(), duringOutage);
});
