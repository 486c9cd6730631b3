import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// The account page as a settings hub: how you sign in first, a section navigation on a
// desktop, groups on a phone with the passkeys on the first screen; each passkey's actions in
// a menu; removing a way to sign in asks first and says what is left; an action that cannot
// work is shown disabled, with its reason.

const password = 'quiet rooms with tall windows';

async function signedUp(page: Page, email: string) {
  await page.goto('/');
  const headers = { Origin: new URL(page.url()).origin };
  expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Noor', password } })).status()).toBe(201);
}

/** A passkey made by hand on the account page, renamed through the API to `name`. */
async function withPasskey(page: Page, name?: string) {
  await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  await page.goto('/account');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(1);
  if (!name) return;
  const headers = { Origin: new URL(page.url()).origin };
  const [passkey] = (await (await page.request.get('/api/account')).json()).passkeys;
  expect((await page.request.patch(`/api/account/passkeys/${passkey.id}`, { headers, data: { name } })).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('listitem', { name })).toBeVisible();
}

test('a desktop shows a section navigation, and the sections in order: how you sign in first', async ({ page, uniqueEmail }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signedUp(page, uniqueEmail());
  await page.goto('/account');
  const nav = page.getByRole('navigation', { name: 'Account settings' });
  await expect(nav.getByRole('link')).toHaveText(['Passkeys', 'Password', 'Sessions', 'Security activity', 'Profile']);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Sign-in and security', 'Devices', 'Account']);
  const tops: number[] = [];
  for (const id of ['#passkeys', '#password', '#sessions', '#activity', '#profile']) tops.push((await page.locator(id).boundingBox())!.y);
  expect(tops).toEqual([...tops].sort((a, b) => a - b));
  // The navigation takes you there.
  await nav.getByRole('link', { name: 'Profile' }).click();
  await expect(page).toHaveURL(/#profile$/);
  await expect(page.locator('#profile')).toBeInViewport();
  await expect(nav).toBeInViewport();
  // How this session signed in, from the session itself.
  await expect(page.getByText('a password', { exact: true })).toBeVisible();
});

test('a 390 px phone shows the groups one after another, and the passkeys on its first screen', async ({ page, uniqueEmail }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signedUp(page, uniqueEmail());
  await page.goto('/account');
  await expect(page.getByRole('navigation', { name: 'Account settings' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Sign-in and security' })).toBeVisible();
  const firstScreen = async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const row = (await page.locator('#passkeys .passkey-row').first().boundingBox())!;
    expect(row.y + row.height).toBeLessThanOrEqual(844);
  };
  // Unverified (the longest summary), with no passkey and with one.
  await firstScreen();
  await withPasskey(page);
  await firstScreen();
});

test('a passkey’s actions are in a menu: its button says whether it is open, the keyboard reaches every item, Escape closes it', async ({
  page,
  uniqueEmail,
}) => {
  await signedUp(page, uniqueEmail());
  await withPasskey(page);
  const row = page.getByRole('listitem', { name: 'Passkey' });
  // One compact control per row, not a button for each action.
  await expect(row.getByRole('button')).toHaveCount(1);
  const button = row.getByRole('button', { name: 'Actions for Passkey' });
  const menu = page.getByRole('menu', { name: 'Actions for Passkey' });
  const item = (name: string) => menu.getByRole('menuitem', { name });
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  await button.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(item('Rename')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item('Rename')).toBeFocused();
  await page.keyboard.press('End');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(item('Rename')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // Up opens it on the last item; Tab closes it.
  await page.keyboard.press('ArrowUp');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu).toBeHidden();
  // A click elsewhere closes it too.
  await button.click();
  await expect(menu).toBeVisible();
  await page.getByRole('heading', { name: 'Passkeys', exact: true }).click();
  await expect(menu).toBeHidden();

  // Rename, chosen by keyboard: the field takes focus; Escape leaves it, back on the button.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('New name for Passkey')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('New name for Passkey')).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('removing the password asks first, naming the passkey you will sign in with; Cancel changes nothing', async ({
  page,
  uniqueEmail,
}) => {
  await signedUp(page, uniqueEmail());
  await withPasskey(page, 'Work laptop');
  const remove = page.getByRole('button', { name: 'Remove password' });
  const dialog = page.getByRole('dialog', { name: 'Remove your password?' });

  await remove.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription('You’ll sign in only with “Work laptop”.');
  // The safe choice has focus; Escape is Cancel, and focus goes back where it was.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(page.locator('#password')).toContainText('You can sign in with your password.');
  expect((await (await page.request.get('/api/account')).json()).hasPassword).toBe(true);

  await remove.click();
  await dialog.getByRole('button', { name: 'Remove password' }).click();
  await expect(page.getByText('Password removed. You now sign in with your passkeys.')).toBeVisible();
  expect((await (await page.request.get('/api/account')).json()).hasPassword).toBe(false);
});

test('removing a passkey asks first, naming what is left; Cancel keeps it', async ({ page, uniqueEmail }) => {
  await signedUp(page, uniqueEmail());
  await withPasskey(page, 'Work laptop');
  const actions = page.getByRole('button', { name: 'Actions for Work laptop' });
  const dialog = page.getByRole('dialog', { name: 'Remove “Work laptop”?' });

  await actions.click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await expect(dialog).toHaveAccessibleDescription('You’ll sign in only with your password.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(actions).toBeFocused();
  await expect(page.locator('#passkeys li')).toHaveCount(1);

  await actions.click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await dialog.getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.locator('#passkeys li')).toHaveCount(0);
  await expect(page.getByText('Passkey “Work laptop” removed.')).toBeFocused();
});

test('“Remove password” cannot work without a passkey: it is shown disabled, says why, and does nothing', async ({ page, uniqueEmail }) => {
  await signedUp(page, uniqueEmail());
  await page.goto('/account');
  const remove = page.getByRole('button', { name: 'Remove password' });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription('Add a passkey before you can remove your password.');
  // Still reachable by keyboard, so its reason can be heard; pressing it asks nothing.
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('#password .alert')).toHaveCount(0);
});
