import type { Page } from '@playwright/test';
import { installCredentialManagerStandIn, type CredentialManagerOptions } from './fixtures/credential-manager-stand-in';
import { returningPerson as returningPersonWith } from './fixtures/returning-person';
import { eventTypesOf, passkeysOf } from './fixtures/database';
import { contradictions, delayResponses, isPageData, watchNoticeAgainstPasskeyList } from './fixtures/page-truth';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// The automatic upgrade as a person meets it, with the password manager's stand-in answering
// at a realistic pace and by its rules (fixtures/credential-manager-stand-in.ts): what the
// page shows must match what the server did, whatever order the answers arrive in.

const password = 'a long walk by the sea';
const notice = (page: Page) => page.locator('[data-notice]').filter({ hasText: 'Passkey created' });
const passkeyRows = (page: Page) => page.locator('#passkeys li');

const returningPerson = (page: Page, email: string, options: CredentialManagerOptions = {}) =>
  returningPersonWith(page, { email, password, displayName: 'Sam' }, options);

async function signInWithPassword(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the passkey is made for the address exactly as the person typed it', async ({ page, uniqueEmail }) => {
  // Signed up as "Ann.Lee…@Example.com": that is what the password manager saved.
  const typed = uniqueEmail().replace(/^t/, 'Ann.Lee.').replace('example.com', 'Example.com');
  const standIn = await installCredentialManagerStandIn(page, { saveNewPasswordsAfterMs: 200 });
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(typed);
  await page.getByLabel('Display name').fill('Ann');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/account');
  // No upgrade right after sign-up: the manager has not saved the password yet.
  await expect.poll(() => standIn.savedPasswords().map((p) => p.username)).toEqual([typed]);
  expect(standIn.calls).toEqual([]);
  expect(await eventTypesOf(typed.toLowerCase())).not.toContain('upgrade.offered');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');

  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });
  await page.getByLabel('Email').fill(typed);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(notice(page)).toBeVisible();
  expect(standIn.calls.map((c) => [c.userName, c.outcome])).toEqual([[typed, 'created']]);
  expect(await passkeysOf(typed.toLowerCase())).toHaveLength(1);
  // The account is still one account, found whatever the case: the address is stored lower-cased.
  await expect(page.locator('dl.facts dd').first()).toContainText(typed.toLowerCase());

  // The Signal API reports the same name the manager holds, not the lower-cased one.
  await page.getByLabel('Display name').fill('Ann Lee');
  await page.getByRole('button', { name: 'Save display name' }).click();
  await expect
    .poll(async () => (await authenticator.credentials()).map((c) => [c.userName, c.userDisplayName]))
    .toEqual([[typed, 'Ann Lee']]);
});

for (const answerDelayMs of [0, 150, 2000]) {
  test(`the notice and the passkey list agree when the password manager answers after ${answerDelayMs} ms`, async ({
    page,
    uniqueEmail,
  }) => {
    const email = uniqueEmail();
    await watchNoticeAgainstPasskeyList(page);
    await returningPerson(page, email, { answerDelayMs });
    await signInWithPassword(page, email);
    await expect(page).toHaveURL('/account');
    await expect(notice(page)).toBeVisible({ timeout: 10_000 });
    await expect(passkeyRows(page)).toHaveCount(1);
    await expect(page.locator('#passkeys')).not.toContainText('No passkeys yet');
    // Shown beside the passkey it announces, where passkeys are managed.
    await expect(page.locator('#passkeys').locator('[data-notice]')).toBeVisible();
    await expect(passkeyRows(page)).toContainText('Created automatically');
    // The rest of the page followed: the password can now be removed, the activity says why.
    await expect(page.locator('#password')).not.toContainText('Add a passkey before you can remove your password');
    await expect(page.locator('#activity')).toContainText('Passkey created automatically by your password manager');
    expect(await contradictions(page)).toEqual([]);
  });
}

test('the list shows the new passkey even when the page’s own data arrives long after the upgrade', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await watchNoticeAgainstPasskeyList(page);
  await returningPerson(page, email, { answerDelayMs: 0 });
  // The account page's data, and every later read of the account, answer with what was true
  // when they were asked (before the passkey existed) but arrive 1.5 s later.
  await delayResponses(page, isPageData('/account'), 1500);
  await delayResponses(page, (url) => url.pathname === '/api/account', 1500);
  await signInWithPassword(page, email);
  await expect(notice(page)).toBeVisible();
  await expect(page).toHaveURL('/account');
  await expect(passkeyRows(page)).toHaveCount(1);
  await page.waitForTimeout(2000); // every late answer has now arrived
  await expect(passkeyRows(page)).toHaveCount(1);
  expect(await contradictions(page)).toEqual([]);
});

test('the notice covers no control at any width, closes with Escape, and leaves focus where it was', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await returningPerson(page, email, { answerDelayMs: 100 });
  await signInWithPassword(page, email);
  await expect(notice(page)).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.closest('[data-notice]') ?? null)).toBeNull();

  const close = notice(page).getByRole('button', { name: 'Dismiss notice' });
  const box = await close.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(24);
  expect(box!.height).toBeGreaterThanOrEqual(24);

  for (const width of [320, 390, 768, 1280]) {
    await page.setViewportSize({ width, height: 700 });
    for (const scroll of [0, 10_000]) {
      await page.evaluate((y) => window.scrollTo(0, y), scroll);
      const covered = await page.evaluate(() => {
        const area = document.querySelector('[data-notice]')!.getBoundingClientRect();
        const overlaps = (r: DOMRect) => r.left < area.right && area.left < r.right && r.top < area.bottom && area.top < r.bottom;
        return [...document.querySelectorAll('button, a, input, select, textarea')]
          .filter((el) => !el.closest('[data-notice]'))
          .filter((el) => overlaps(el.getBoundingClientRect()))
          .map((el) => el.textContent || el.getAttribute('aria-label') || el.tagName);
      });
      expect(covered, `controls under the notice at ${width} px`).toEqual([]);
    }
  }

  await page.getByLabel('Display name').focus();
  await page.keyboard.press('Escape');
  await expect(notice(page)).toHaveCount(0);
  await expect(page.getByLabel('Display name')).toBeFocused();
});

test('a declined upgrade shows nothing; the stand-in declines a password the manager never saved', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  const { standIn } = await returningPerson(page, email);
  standIn.setAutomaticPasskeyUpgrades(false);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL('/account');
  await expect.poll(() => eventTypesOf(email)).toContain('upgrade.declined');
  expect(standIn.calls.map((c) => c.outcome)).toEqual(['NotAllowedError']);
  await expect(page.locator('[data-notice]')).toHaveCount(0);
  await expect(page.locator('#passkeys')).toContainText('No passkeys yet');
  // The person's activity is about them, not about the upgrade's steps.
  await expect(page.locator('#activity')).not.toContainText(/upgrade|declined|offered/i);
});
