import { ageSessionsOf } from './fixtures/database';
import { SCREENS, expectNoViolations } from './fixtures/axe';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';
import { linkIn, waitForMail } from './fixtures/mailbox';

// axe (WCAG 2.2 A and AA rules, and its best practices) on every page and every state a
// person can reach: errors, the dialog, the notice, empty and full lists, forms open. In
// light and dark, on a desktop and on a 390 px phone. Zero violations.

const password = 'steady rain on the roof';

for (const combination of SCREENS) {
  test.describe(combination.name, () => {
    test.use({ colorScheme: combination.colorScheme, viewport: combination.viewport });

    test('home, sign-in and sign-up, empty and with errors', async ({ page, uniqueEmail, consoleErrors }) => {
      consoleErrors.expect(/status of 404 .*\/this-page-does-not-exist/);
      await page.goto('/');
      await expectNoViolations(page, 'home');
      await page.goto('/this-page-does-not-exist');
      await expectNoViolations(page, 'not found');

      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
      await expectNoViolations(page, 'sign-in');
      await page.getByLabel('Email').fill(uniqueEmail());
      await page.getByLabel('Password').fill('wrong');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('main').getByRole('alert')).toContainText('incorrect');
      await expectNoViolations(page, 'sign-in with an error');

      await page.goto('/sign-up');
      await expectNoViolations(page, 'sign-up');
      await page.getByLabel('Email').fill('not an address');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page, 'sign-up with field errors');
    });

    test('the account page: empty, a passkey and the notice, renaming with an error', async ({ page, uniqueEmail }) => {
      const email = uniqueEmail();
      await page.goto('/');
      const headers = { Origin: new URL(page.url()).origin };
      expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Ivy', password } })).status()).toBe(201);
      await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
      await page.goto('/account');
      await expect(page.getByRole('heading', { name: 'Hello, Ivy' })).toBeVisible();
      await expectNoViolations(page, 'account, no passkeys');

      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await expect(page.locator('[data-notice]')).toBeVisible();
      await expect(page.locator('#passkeys li')).toHaveCount(1);
      await expectNoViolations(page, 'account with a passkey and the notice');

      await page.getByRole('button', { name: 'Actions for Passkey' }).click();
      await page.getByRole('menuitem', { name: 'Rename' }).click();
      await page.getByLabel('New name for Passkey').fill('');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect(page.getByLabel('New name for Passkey')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page, 'renaming, with an error');
    });

    test('the account page: a passkey’s menu open, and the question before removing it', async ({ page, uniqueEmail }) => {
      const email = uniqueEmail();
      await page.goto('/');
      const headers = { Origin: new URL(page.url()).origin };
      expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Ivy', password } })).status()).toBe(201);
      await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
      await page.goto('/account');
      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await expect(page.locator('#passkeys li')).toHaveCount(1);
      await page.getByRole('button', { name: 'Actions for Passkey' }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoViolations(page, 'a passkey’s actions menu, open');
      await page.getByRole('menuitem', { name: 'Remove' }).click();
      await expect(page.getByRole('dialog', { name: 'Remove “Passkey”?' })).toBeVisible();
      await expectNoViolations(page, 'asking before removing a passkey');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Remove password' }).click();
      await expect(page.getByRole('dialog', { name: 'Remove your password?' })).toBeVisible();
      await expectNoViolations(page, 'asking before removing the password');
    });

    // Split from the states above so that no single test holds a dozen axe runs: each run
    // takes seconds on a busy machine.
    test('the account page: two sessions, the password form, the dialog, the offer to end sessions', async ({ page, api, uniqueEmail }) => {
      const email = uniqueEmail();
      await page.goto('/');
      const headers = { Origin: new URL(page.url()).origin };
      expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Ivy', password } })).status()).toBe(201);
      expect((await api.post('/api/auth/sign-in', { data: { email, password } })).status()).toBe(200);
      await page.goto('/account');
      await expect(page.locator('#sessions li')).toHaveCount(2);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expectNoViolations(page, 'two sessions, the password form open');

      await ageSessionsOf(email, 601);
      await page.getByLabel('New password', { exact: true }).fill('a fine new passphrase');
      await page.getByRole('button', { name: 'Save new password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await expect(dialog).toBeVisible();
      await dialog.getByLabel('Current password').fill('wrong one');
      await dialog.getByRole('button', { name: 'Confirm with password' }).click();
      await expect(dialog.getByRole('alert')).not.toBeEmpty();
      await expectNoViolations(page, 'the confirmation dialog with an error');
      await dialog.getByLabel('Current password').fill(password);
      await dialog.getByRole('button', { name: 'Confirm with password' }).click();
      await expect(page.getByText('Your sign-in methods changed.')).toBeVisible();
      await expectNoViolations(page, 'password changed, the offer to end other sessions');
    });

    test('recovery and verification: forms, answers, errors, a link that cannot be used', async ({ page, api, uniqueEmail }) => {
      const email = uniqueEmail();
      expect((await api.post('/api/auth/sign-up', { data: { email, displayName: 'Ada', password } })).status()).toBe(201);

      await page.goto('/forgot-password');
      await expectNoViolations(page, 'forgot password');
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await expect(page.getByRole('main').getByRole('status')).toContainText('we have sent it a link');
      await expectNoViolations(page, 'forgot password, sent');

      const recovery = linkIn(await waitForMail(email, /^Reset your password/), '/recover');
      await page.goto(recovery.toString());
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Save password and sign in' }).click();
      await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      // An address never verified: the page says first what the link removes.
      await expect(page.getByText('This link is also the first proof')).toBeVisible();
      await expectNoViolations(page, 'recover, with an error');

      const verification = linkIn(await waitForMail(email, /^Verify your email/), '/verify-email');
      await page.goto(verification.toString());
      await expect(page.getByRole('button', { name: 'Verify and start over' })).toBeVisible();
      await expectNoViolations(page, 'verify, not signed in');
      await page.goto('/recover?token=not-a-token');
      await expect(page.getByRole('heading', { name: 'This link cannot be used' })).toBeVisible();
      await expectNoViolations(page, 'a link that cannot be used');

      // The recovery, done: the account page says what happened.
      await page.goto(recovery.toString());
      await page.getByLabel('New password', { exact: true }).fill('a long and steady new passphrase');
      await page.getByRole('button', { name: 'Save password and sign in' }).click();
      await expect(page.getByRole('main').getByText('Password changed, you’re signed in.')).toBeVisible();
      await expectNoViolations(page, 'the account page after a recovery, with its confirmation');
    });
  });
}
