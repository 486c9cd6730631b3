import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { request as playwrightRequest } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { E2E_DATABASE_URL } from './fixtures/database';
import { PASSWORD } from './fixtures/ceremonies';
import { expect, test } from './fixtures/test';
import { startInstances, stopInstances } from './support/app-instances';
import { appName } from '../lib/shared/app-name';

// Mail over real SMTP: an app instance with SMTP_URL set sends to an SMTP server that this
// test runs on the loopback address (the smtp-server package, which speaks the protocol as a
// mail provider's submission server does, with a login). The test reads what the server
// received and follows the link in it.

const PORT = 3130;
const origin = `http://localhost:${PORT}`;
const USER = 'app';
const SECRET = 'smtp password';

const received: { from: string; to: string[]; mail: ParsedMail }[] = [];
let server: SMTPServer;
let instances: ChildProcess[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = new SMTPServer({
    // Plain SMTP on loopback: the test has no certificate for STARTTLS to verify.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === SECRET) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const smtpPort = (server.server.address() as AddressInfo).port;
  instances = await startInstances([PORT], {
    DATABASE_URL: E2E_DATABASE_URL,
    APP_ORIGIN: origin,
    TRUST_PROXY_HOPS: '1',
    SMTP_URL: `smtp://${USER}:${encodeURIComponent(SECRET)}@127.0.0.1:${smtpPort}`,
    MAIL_FROM: `${appName()} <accounts@example.com>`,
  });
});

test.afterAll(async () => {
  stopInstances(instances);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('sign-up’s verification link is delivered over SMTP and verifies the address', async ({ uniqueEmail }) => {
  const email = uniqueEmail();
  const browser = await playwrightRequest.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
  expect((await browser.post('/api/auth/sign-up', { data: { email, displayName: 'Sam', password: PASSWORD } })).status()).toBe(201);

  await expect.poll(() => received.filter((r) => r.to.includes(email)).length, { timeout: 10_000 }).toBe(1);
  const { from, mail } = received.find((r) => r.to.includes(email))!;
  expect(from).toBe('accounts@example.com');
  expect(mail.from?.value).toEqual([{ name: appName(), address: 'accounts@example.com' }]);
  expect(mail.subject).toBe(`Verify your email address for ${appName()}`);
  expect(mail.html).toContain('Verify my email address');
  const link = new URL(mail.text!.match(/https?:\/\/\S+\/verify-email\S*/)![0]);
  expect(link.origin).toBe(origin);

  const verify = await browser.post('/api/auth/email/verify', { data: { token: link.searchParams.get('token') } });
  expect(verify.status(), await verify.text()).toBe(200);
  expect((await verify.json()).email).toBe(email);
  const account = await (await browser.get('/api/account')).json();
  expect(account.user.emailVerified).toBe(true);
  await browser.dispose();
});
