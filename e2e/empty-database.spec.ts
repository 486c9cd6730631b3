import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from './fixtures/test';

// A server started on a database that was never migrated: it says so at start-up (with what
// to run), its health check answers 503 naming the missing migrations, and requests that need
// the tables get a clear 503, not a 500 with nothing to go on.

const PORT = 3190;
const origin = `http://localhost:${PORT}`;
const file = './data/e2e-empty.db';
let server: ChildProcess;
let output = '';

test.beforeAll(async () => {
  test.setTimeout(90_000);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  server = spawn(process.execPath, ['server.mjs'], {
    env: { ...process.env, PORT: String(PORT), NEXT_DIST_DIR: '.next-e2e', DATABASE_URL: `file:${file}`, APP_ORIGIN: origin },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  await expect.poll(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.status, { timeout: 60_000 }).toBe(503);
});

test.afterAll(() => {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
});

test('an unmigrated database: health says what is missing, requests get a clear 503, the log says what to run', async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
  const health = await api.get('/api/health');
  expect(health.status()).toBe(503);
  const body = await health.json();
  expect(body).toMatchObject({
    status: 'degraded',
    database: { ok: true },
    schema: { ok: false, hint: expect.stringContaining('npm run db:migrate') },
  });
  expect(body.schema.pending).toEqual(expect.arrayContaining([expect.stringMatching(/_init$/)]));

  const signUp = await api.post('/api/auth/sign-up', {
    data: { email: 'first@example.com', displayName: 'First', password: 'a long first passphrase' },
  });
  expect(signUp.status()).toBe(503);
  expect((await signUp.json()).error).toMatchObject({ code: 'schema_missing' });
  await expect.poll(() => output).toContain('npm run db:migrate');
  expect(output).toContain('database schema missing');
  await api.dispose();
});
