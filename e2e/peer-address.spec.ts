import { connect } from 'node:net';
import { request } from 'node:http';
import { E2E_DATABASE_URL, rowsUnderAddress, userRowOf } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { startLoggedInstance, type LoggedInstance } from './support/logged-instance';

// With TRUST_PROXY_HOPS=0 the address the limits and the security log count is the TCP
// peer's, even for a client that resets the connection the moment its request is written:
// by the time the request is read the socket is gone and its address with it, and no header
// may stand in for it. Clients on loopback addresses of their own (127.0.0.4 to .9) talk to
// servers of their own, each request claiming in X-Forwarded-For to come from somewhere else
// (192.0.2.0/24, 198.18.0.0/15). Two servers, as `npm start` may run: one process
// (WEB_CONCURRENCY=1), and two workers that the primary hands each connection to.
const BURST = 30;
const GUESSES = 110;

for (const { workers, port, signUpFrom, guessFrom, ownerFrom } of [
  { workers: '1', port: 3401, signUpFrom: '127.0.0.4', guessFrom: '127.0.0.5', ownerFrom: '127.0.0.6' },
  { workers: '2', port: 3402, signUpFrom: '127.0.0.7', guessFrom: '127.0.0.8', ownerFrom: '127.0.0.9' },
]) {
  test.describe(`WEB_CONCURRENCY=${workers}`, () => {
    // One server on a fixed port for the tests below: they must run on one worker, in turn.
    test.describe.configure({ mode: 'serial' });
    const origin = `http://localhost:${port}`;
    let server: LoggedInstance;

    test.beforeAll(async () => {
      test.setTimeout(90_000);
      server = await startLoggedInstance(port, {
        DATABASE_URL: E2E_DATABASE_URL,
        APP_ORIGIN: origin,
        TRUST_PROXY_HOPS: '0',
        WEB_CONCURRENCY: workers,
      });
    });

    test.afterAll(() => server?.stop());

    /** Writes a JSON POST from `from` claiming to be `claimed`, and resets the connection at once. */
    function postAndReset(from: string, path: string, body: unknown, claimed: string): Promise<void> {
      const json = JSON.stringify(body);
      const head = [
        `POST ${path} HTTP/1.1`,
        `Host: localhost:${port}`,
        `Origin: ${origin}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(json)}`,
        `X-Forwarded-For: ${claimed}`,
      ].join('\r\n');
      return new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, localAddress: from }, () => {
          socket.write(`${head}\r\n\r\n${json}`);
          socket.resetAndDestroy();
        });
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });
    }

    /** The same request, answered as usual: its status. */
    function post(from: string, path: string, body: unknown, claimed: string): Promise<number> {
      const json = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            localAddress: from,
            path,
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(json),
              Origin: origin,
              'X-Forwarded-For': claimed,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(json);
      });
    }

    /** How many requests to `path` the server has logged (answered, or dropped unanswered). */
    const logged = (path: string) => server.lines().filter((line) => line.path === path).length;

    test('sign-ups whose connection is reset at once never count under the address they claim, and the machine’s limit holds', async () => {
      const stamp = Date.now().toString(36);
      const emails = Array.from({ length: BURST }, (_, i) => `reset-${workers}-${stamp}-${i}@example.com`);
      const claimed = (i: number) => `192.0.2.${i + 1}`;
      const before = logged('/api/auth/sign-up');
      for (let i = 0; i < BURST; i++) {
        await postAndReset(
          signUpFrom,
          '/api/auth/sign-up',
          { email: emails[i], displayName: 'Reset', password: 'a fine long password' },
          claimed(i),
        );
      }
      // Every one of them reached the server and was dealt with (one log line each) before
      // anything is counted.
      await expect.poll(() => logged('/api/auth/sign-up') - before, { timeout: 20_000 }).toBe(BURST);

      for (let i = 0; i < BURST; i++) {
        expect(await rowsUnderAddress(claimed(i)), `nothing under ${claimed(i)}`).toEqual({ sessions: 0, events: 0, rateLimits: 0 });
      }
      // The machine's sign-up limit (10 an hour) held: asking on as usual meets it, and no
      // more than 10 accounts came from it in all.
      const more: string[] = [];
      let status = 0;
      while (status !== 429 && more.length <= 10) {
        const email = `reset-${workers}-${stamp}-more-${more.length}@example.com`;
        more.push(email);
        status = await post(
          signUpFrom,
          '/api/auth/sign-up',
          { email, displayName: 'Reset', password: 'a fine long password' },
          '192.0.2.200',
        );
      }
      expect(status).toBe(429);
      let created = 0;
      for (const email of [...emails, ...more]) if (await userRowOf(email)) created++;
      expect(created).toBeLessThanOrEqual(10);
    });

    test('110 wrong passwords from one machine, each connection reset at once, do not lock the owner out', async () => {
      test.setTimeout(60_000);
      const stamp = Date.now().toString(36);
      const email = `reset-owner-${workers}-${stamp}@example.com`;
      const password = 'the owner’s long password';
      expect(await post(ownerFrom, '/api/auth/sign-up', { email, displayName: 'Owner', password }, '192.0.2.250')).toBe(201);
      const claimed = (i: number) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const before = logged('/api/auth/sign-in');
      for (let i = 0; i < GUESSES; i++) {
        await postAndReset(guessFrom, '/api/auth/sign-in', { email, password: `guess number ${i}` }, claimed(i));
      }
      await expect.poll(() => logged('/api/auth/sign-in') - before, { timeout: 30_000 }).toBe(GUESSES);

      for (let i = 0; i < GUESSES; i++) {
        expect(await rowsUnderAddress(claimed(i)), `nothing under ${claimed(i)}`).toEqual({ sessions: 0, events: 0, rateLimits: 0 });
      }
      // The account's own limit (100 failures from anywhere) was not reached: the guesses
      // were dropped, or counted against the one machine they came from, whose own limits
      // stop it after 5.
      expect(await post(ownerFrom, '/api/auth/sign-in', { email, password }, '192.0.2.250')).toBe(200);
    });
  });
}
