import type { Page } from '@playwright/test';
import { ageSessionsOf } from './fixtures/database';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// The account page's smaller promises: its forms say what is wrong on the page, its buttons
// say when they are working and answer the pointer, long words do not break, and removing a
// passkey does not flash the empty list's pitch.

const password = 'lamplight over wet cobbles';

async function signedUp(page: Page, email: string) {
  await page.goto('/');
  const headers = { Origin: new URL(page.url()).origin };
  expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Ines', password } })).status()).toBe(201);
}

test('the display name and a passkey’s new name say what is wrong on the page, not in the browser’s bubble', async ({
  page,
  uniqueEmail,
}) => {
  await signedUp(page, uniqueEmail());
  await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await page.goto('/account');

  const displayName = page.getByLabel('Display name');
  await displayName.fill('   ');
  await page.getByRole('button', { name: 'Save display name' }).click();
  await expect(displayName).toHaveAttribute('aria-invalid', 'true');
  await expect(displayName).toHaveAccessibleDescription('Enter a display name.');
  await expect(displayName).toBeFocused();

  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await page.getByRole('button', { name: 'Actions for Passkey' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const name = page.getByLabel('New name for Passkey');
  await name.fill('');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Enter a name for this passkey.');
  await expect(name).toBeFocused();
});

test('the confirmation dialog’s button says it is working while the password is checked', async ({ page, uniqueEmail }) => {
  const email = uniqueEmail();
  await signedUp(page, email);
  await page.goto('/account');
  await ageSessionsOf(email, 601);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/account/reauth/password', async (route) => {
    await released;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('New password').fill('a newer, longer passphrase');
  await page.getByRole('button', { name: 'Save new password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('Current password').fill(password);
  await dialog.getByRole('button', { name: 'Confirm with password' }).click();
  const busy = dialog.getByRole('button', { name: 'Checking your password…' });
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(busy).toBeDisabled();
  release();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Password changed.')).toBeVisible();
});

test.describe('on a 320 px phone', () => {
  test.use({ viewport: { width: 320, height: 568 } });

  test('“Not verified” and a long address never break inside a word', async ({ page, uniqueEmail }) => {
    const email = uniqueEmail().replace('@', '.with.a.rather.long.name@mail.');
    await signedUp(page, email);
    await page.goto('/account');
    const badge = page.getByText('Not verified', { exact: true });
    await expect(badge).toBeVisible();
    expect(await badge.evaluate((el) => el.getClientRects().length)).toBe(1);
    // Where the address wraps, each new line starts at a "." or the "@", or after a hyphen:
    // never inside a word.
    const breaks = await page
      .locator('dl.facts dd')
      .first()
      .evaluate((dd, address) => {
        const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
        const chars: { char: string; top: number }[] = [];
        for (let node = walker.nextNode(); node && chars.length < address.length; node = walker.nextNode()) {
          for (let i = 0; i < node.textContent!.length && chars.length < address.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            chars.push({ char: node.textContent![i]!, top: Math.round(range.getBoundingClientRect().top) });
          }
        }
        if (chars.map((c) => c.char).join('') !== address)
          throw new Error(`the address is not the first text: ${chars.map((c) => c.char).join('')}`);
        return chars.flatMap((c, i) => (i > 0 && c.top > chars[i - 1]!.top ? [`${chars[i - 1]!.char}|${c.char}`] : []));
      }, email);
    expect(breaks.length).toBeGreaterThan(0);
    for (const at of breaks) expect(at, `a line break at ${at}`).toMatch(/^(.\|[.@]|-\|.)$/);
  });
});

test('removing the only passkey does not flash “No passkeys yet”: the list says it was removed', async ({ page, uniqueEmail }) => {
  await signedUp(page, uniqueEmail());
  await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await page.goto('/account');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  // Every moment the passkeys section shows the empty list's pitch from now on.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __pitch: string[] }).__pitch = seen;
    const section = document.querySelector<HTMLElement>('#passkeys')!;
    new MutationObserver(() => {
      if (section.innerText.includes('No passkeys yet')) seen.push(section.innerText);
    }).observe(section, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Actions for Passkey' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await page.getByRole('dialog', { name: 'Remove “Passkey”?' }).getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.getByText('Passkey “Passkey” removed.')).toBeVisible();
  await expect(page.locator('#passkeys li')).toHaveCount(0);
  // Settled: the page has read the account again (its activity shows the removal).
  await expect(page.locator('#activity li').first()).toContainText('Passkey removed');
  await expect(page.locator('#passkeys')).toContainText('No passkeys');
  expect(await page.evaluate(() => (window as unknown as { __pitch: string[] }).__pitch)).toEqual([]);
});

test('buttons answer hover and press, and say when they are busy', async ({ page, uniqueEmail }) => {
  await signedUp(page, uniqueEmail());
  await page.goto('/account');
  const look = (name: string) =>
    page.getByRole('button', { name }).evaluate((el) => {
      const style = getComputedStyle(el);
      return `${style.backgroundColor} ${style.transform}`;
    });
  await page.mouse.move(0, 0);
  for (const name of ['Save display name', 'Change password']) {
    const still = await look(name);
    await page.getByRole('button', { name }).hover();
    await expect.poll(() => look(name), `${name} on hover`).not.toBe(still);
    const hovered = await look(name);
    await page.mouse.down();
    await expect.poll(() => look(name), `${name} pressed`).not.toBe(hovered);
    await page.mouse.move(0, 0);
    await page.mouse.up();
  }

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/account/profile', async (route) => {
    await released;
    await route.continue();
  });
  await page.getByLabel('Display name').fill('Ines B.');
  await page.getByRole('button', { name: 'Save display name' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(page.getByRole('heading', { name: 'Hello, Ines B.' })).toBeVisible();
});

test.describe('in another time zone than the server’s', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('every time on the page, tooltips included, is in the person’s own time zone', async ({ page, uniqueEmail }) => {
    await signedUp(page, uniqueEmail());
    await page.goto('/account');
    const times = page.locator('main time');
    await expect(times.first()).toBeVisible();
    // After hydration nothing, text or title, is still in the server's UTC.
    await expect
      .poll(async () =>
        (await times.evaluateAll((nodes) => nodes.flatMap((n) => [n.textContent ?? '', n.getAttribute('title') ?? '']))).filter((s) =>
          / UTC$/.test(s),
        ),
      )
      .toEqual([]);
    const titles = await times.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
    expect(titles.some((title) => /\b(EST|EDT|GMT-[45])\b/.test(title))).toBe(true);
  });
});
