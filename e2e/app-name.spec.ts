import { rmSync } from 'node:fs';
import { E2E_DATABASE_URL } from './fixtures/database';
import { waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';
import { startLoggedInstance, type LoggedInstance } from './support/logged-instance';

// A fork renames the app with one setting, RP_NAME: the header, the page titles, the footer,
// the mail and the name a password manager shows beside the passkey all follow it. A server of
// its own, on the suite's build and database, with another name.

const PORT = 3560;
const origin = `http://localhost:${PORT}`;
const NAME = 'Acme Accounts';
const OUTBOX = './data/e2e-app-name-outbox';
let server: LoggedInstance;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  rmSync(OUTBOX, { recursive: true, force: true });
  server = await startLoggedInstance(PORT, { DATABASE_URL: E2E_DATABASE_URL, APP_ORIGIN: origin, RP_NAME: NAME, MAIL_OUTBOX_DIR: OUTBOX });
});

test.afterAll(() => server?.stop());

test('renaming the app is one setting: header, title, footer, mail and the passkey’s site name follow it', async ({
  page,
  playwright,
  uniqueEmail,
}) => {
  await page.goto(`${origin}/sign-in`);
  await expect(page.getByRole('banner').getByRole('link', { name: NAME })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`· ${NAME}$`));
  await expect(page.getByRole('contentinfo')).toContainText(NAME);
  await expect(page.getByText('Passkey Upgrade')).toHaveCount(0);

  const email = uniqueEmail();
  const api = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
  expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Acme', password: 'a name of our own' } })).status()).toBe(201);
  const mail = await waitForMail(email, /^Verify your email/, { outbox: OUTBOX });
  expect(mail.subject).toBe(`Verify your email address for ${NAME}`);
  const options = await (await api.post('/api/passkeys/register/options')).json();
  expect(options.rp.name).toBe(NAME);
  await api.dispose();
});
