import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { E2E_DATABASE_URL } from './fixtures/database';
import { expect, test } from './fixtures/test';

// With TRUST_PROXY_HOPS=0 (no proxy in front, as `npm start` serves the demo), the address
// the limits count is the TCP peer's, whatever X-Forwarded-For a client invents. Two clients
// on two loopback addresses (127.0.0.2 and 127.0.0.3) talk to a server of their own.

const PORT = 3191;
const origin = `http://localhost:${PORT}`;
let server: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = spawn(process.execPath, ['server.mjs'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      NEXT_DIST_DIR: '.next-e2e',
      DATABASE_URL: E2E_DATABASE_URL,
      APP_ORIGIN: origin,
      TRUST_PROXY_HOPS: '0',
    },
    stdio: 'ignore',
    detached: true,
  });
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
    .toBe(200);
});

test.afterAll(() => {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
});

/** A sign-in attempt from `from`, claiming in X-Forwarded-For to be someone else. */
function signIn(from: string, email: string, claimed: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password: 'not the password' });
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        localAddress: from,
        path: '/api/auth/sign-in',
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Origin: origin,
          'X-Forwarded-For': claimed,
          'X-Peer-Address-Forged': '198.51.100.1',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('TRUST_PROXY_HOPS=0 counts the TCP peer, never a client’s own X-Forwarded-For', async () => {
  const stamp = Date.now().toString(36);
  // 20 failures (the per-address limit) from 127.0.0.2, each claiming another address.
  for (let i = 0; i < 20; i++) {
    expect(await signIn('127.0.0.2', `peer-${stamp}-${i}@example.com`, `203.0.113.${i + 1}`)).toBe(401);
  }
  // Blocked, however it dresses up.
  expect(await signIn('127.0.0.2', `peer-${stamp}-x@example.com`, '203.0.113.77')).toBe(429);
  expect(await signIn('127.0.0.2', `peer-${stamp}-y@example.com`, '127.0.0.3')).toBe(429);
  // Another machine (127.0.0.3) is not.
  expect(await signIn('127.0.0.3', `peer-${stamp}-z@example.com`, '127.0.0.2')).toBe(401);
});
