import type { Page } from '@playwright/test';
import { installCredentialManagerStandIn } from './fixtures/credential-manager-stand-in';
import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator } from './fixtures/virtual-authenticator';

// Nothing moves under the person's finger when the automatic upgrade's "Passkey created"
// arrives on the account page a moment after the page has drawn. Measured as Chromium
// measures it for Core Web Vitals: the Layout Instability API's layout-shift entries,
// summed, leaving out those right after an input (which the person caused). The sign-in is
// submitted by script, not by a click or a key, so no shift can hide behind an input; the
// test checks that none did.
//
// The upgrade's server answer (POST /api/passkeys/register/verify) is held back until the
// account page has drawn, then released after 0, 300 or 2,000 ms.

const password = 'a steady hand on the rail';

// Phone (small and common), tablet and laptop screens.
const SCREENS = [
  { width: 320, height: 568 },
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];

type Shift = { value: number; hadRecentInput: boolean; startTime: number; sources: string[] };
type Measure = { shifts: Shift[]; drawnAt: number | null; noticeAt: number | null };

async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { shifts: [] as unknown[], drawnAt: null as number | null, noticeAt: null as number | null };
    const describe = (node: Node | null) => {
      if (!(node instanceof Element)) return node?.nodeName ?? '?';
      const id = node.id ? `#${node.id}` : '';
      const classes = node.classList.length > 0 ? `.${[...node.classList].join('.')}` : '';
      return `${node.tagName.toLowerCase()}${id}${classes} "${(node.textContent ?? '').trim().slice(0, 40)}"`;
    };
    type LayoutShift = PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
    };
    const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    const take = (entries: PerformanceEntryList) => {
      for (const entry of entries as LayoutShift[]) {
        record.shifts.push({
          value: entry.value,
          hadRecentInput: entry.hadRecentInput,
          startTime: entry.startTime,
          sources: entry.sources.map((s) => `${describe(s.node)} from ${rect(s.previousRect)} to ${rect(s.currentRect)}`),
        });
      }
    };
    const observer = new PerformanceObserver((list) => take(list.getEntries()));
    observer.observe({ type: 'layout-shift', buffered: true });
    // The moments the account page first drew and the notice first showed, on the page's clock.
    // "Drew" is the frame after the account page is in the document: the frame that replaces
    // the sign-in page moves what the two pages share (the footer) and is the navigation's,
    // not the notice's. (A person's click on "Sign in" would exclude it from CLS anyway.)
    let accountInDocument = false;
    new MutationObserver(() => {
      const now = performance.now();
      if (!accountInDocument && document.querySelector('h1')?.textContent?.startsWith('Hello,')) {
        accountInDocument = true;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            record.drawnAt = performance.now();
            void (window as unknown as { __accountDrawn?: () => void }).__accountDrawn?.();
          }),
        );
      }
      if (record.noticeAt === null && document.querySelector('[data-notice]')?.textContent?.includes('Passkey created'))
        record.noticeAt = now;
    }).observe(document, { subtree: true, childList: true, characterData: true });
    (window as unknown as { __layoutShifts: () => typeof record }).__layoutShifts = () => {
      take(observer.takeRecords());
      return record;
    };
  });
}

for (const screen of SCREENS) {
  for (const afterMs of [0, 300, 2000]) {
    test(`the upgrade's notice moves nothing at ${screen.width} px when it arrives ${afterMs} ms after the account page`, async ({
      page,
      uniqueEmail,
    }, testInfo) => {
      await page.setViewportSize(screen);
      await page.goto('/');
      const email = uniqueEmail();
      const headers = { Origin: new URL(page.url()).origin };
      expect((await page.request.post('/api/auth/sign-up', { headers, data: { email, displayName: 'Lee', password } })).status()).toBe(201);
      expect((await page.request.post('/api/auth/sign-out', { headers })).status()).toBe(200);
      const standIn = await installCredentialManagerStandIn(page, { answerDelayMs: 0 });
      standIn.savePassword({ username: email, password });
      const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
      await authenticator.setResponseOverrideBits({ isBadUP: true, isBadUV: true });

      // The page reports the moment the account page is there; the upgrade's answer waits for
      // it, then for `afterMs`.
      let drawn!: () => void;
      const accountDrawn = new Promise<void>((resolve) => (drawn = resolve));
      await page.exposeFunction('__accountDrawn', () => drawn());
      await page.route('**/api/passkeys/register/verify', async (route) => {
        const response = await route.fetch();
        await accountDrawn;
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        await route.fulfill({ response });
      });
      await recordLayoutShifts(page);

      await page.goto('/sign-in');
      await expect(page.locator('form[data-passkey-autofill="idle"]')).toBeAttached();
      // Filled and submitted by script: a click or a key press would mark the shifts that
      // follow it as caused by the person, and the measure would leave them out.
      await page.locator('form').evaluate(
        (form: HTMLFormElement, values) => {
          (form.elements.namedItem('email') as HTMLInputElement).value = values.email;
          (form.elements.namedItem('password') as HTMLInputElement).value = values.password;
          form.requestSubmit();
        },
        { email, password },
      );

      await expect(page.getByRole('heading', { name: 'Hello, Lee' })).toBeVisible();
      const notice = page.locator('[data-notice]').filter({ hasText: 'Passkey created' });
      await expect(notice).toBeVisible({ timeout: 20_000 });
      // Settled: the page has read the account again after the upgrade, and its activity says so.
      await expect(page.locator('#activity')).toContainText('Passkey created automatically by your password manager');
      await expect(page.locator('#passkeys li')).toHaveCount(1);
      // Two frames, so any last shift is reported.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

      const record = await page.evaluate(() => (window as unknown as { __layoutShifts: () => Measure }).__layoutShifts());
      expect(record.drawnAt).not.toBeNull();
      const onAccountPage = record.shifts.filter((s) => s.startTime >= record.drawnAt!);
      const byInput = onAccountPage.filter((s) => s.hadRecentInput);
      const cls = onAccountPage.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
      const arrivedAfter = Math.round(record.noticeAt! - record.drawnAt!);
      testInfo.annotations.push({
        type: 'layout shift',
        description: `${screen.width} px, notice ${arrivedAfter} ms after the page: ${cls.toFixed(4)}`,
      });
      console.log(`layout shift at ${screen.width} px, notice ${arrivedAfter} ms after the page (asked ${afterMs}): ${cls.toFixed(4)}`);
      // No shift may hide behind an input: there was none.
      expect(byInput).toEqual([]);
      const timeline = `page drawn at ${Math.round(record.drawnAt!)} ms, notice at ${Math.round(record.noticeAt!)} ms; shifts: ${JSON.stringify(onAccountPage, null, 1)}`;
      expect(cls, timeline).toBeLessThanOrEqual(0.01);
    });
  }
}
