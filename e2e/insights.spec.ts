import { spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { request as playwrightRequest, type APIRequestContext, type Browser } from '@playwright/test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { E2E_DATABASE_URL } from './fixtures/database';
import { SCREENS, expectNoViolations } from './fixtures/axe';
import { PASSWORD, passkeySignInWith } from './fixtures/ceremonies';
import { SoftwareAuthenticator, type SoftwareCredential } from './fixtures/software-authenticator';
import { linkIn, waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';
import { startInstances, stopInstances } from './support/app-instances';
import { startRoundRobinProxy } from './support/round-robin-proxy';

// The operator's insights, end to end: scripted journeys through the real API (password
// sign-ins, upgrades ending each way, passkey sign-ins from autofill and from the button, a
// password removed) on a fresh database of their own, through two app instances behind a
// round-robin balancer. The page, its API, its CSV, the terminal report and both instances'
// Prometheus metrics must show exactly those numbers.

const PROXY_PORT = 3720;
const INSTANCE_PORTS = [3721, 3722];
const origin = `http://localhost:${PROXY_PORT}`;
const OPERATOR = 'operator@example.com';
const METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef0123';
const OUTBOX = './data/e2e-insights-outbox';
const DATABASE_URL = /^postgres/.test(E2E_DATABASE_URL)
  ? 'postgresql://postgres@127.0.0.1:5432/passkey_e2e_insights'
  : 'file:./data/e2e-insights.db';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';
// Google Password Manager's AAGUID, so the passkeys have a provider to group by.
const GOOGLE = Buffer.from('ea9b8d664d011d213ce4b6b48cb575d4', 'hex');

let instances: ChildProcess[] = [];
let proxy: Server | undefined;
const contexts: APIRequestContext[] = [];

test.describe.configure({ mode: 'serial' });

function db(command: string) {
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', command], {
    env: { ...process.env, DATABASE_URL },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`db.mjs ${command}: ${result.stderr || result.stdout}`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  db('recreate');
  rmSync(OUTBOX, { recursive: true, force: true });
  db('migrate');
  instances = await startInstances(INSTANCE_PORTS, {
    DATABASE_URL,
    APP_ORIGIN: origin,
    TRUST_PROXY_HOPS: '1',
    OPERATOR_EMAILS: `someone-else@example.com, ${OPERATOR.toUpperCase()}`,
    MAIL_OUTBOX_DIR: OUTBOX,
    METRICS_TOKEN,
    // Every account here signs up from the one address of this test.
    SIGN_UP_MAX_PER_CLIENT: '1000',
  });
  proxy = await startRoundRobinProxy(PROXY_PORT, INSTANCE_PORTS);
});

test.afterAll(async () => {
  for (const context of contexts) await context.dispose();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  stopInstances(instances);
});

async function person(userAgent: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: origin, userAgent, extraHTTPHeaders: { Origin: origin } });
  contexts.push(context);
  return context;
}

async function ok(response: Promise<import('@playwright/test').APIResponse>, status = 200) {
  const answer = await response;
  expect(answer.status(), await answer.text()).toBe(status);
  return answer;
}

/** Sign-up, sign-out and a password sign-in: a returning person the upgrade is offered to. */
async function returningPerson(api: APIRequestContext, email: string) {
  await ok(api.post('/api/auth/sign-up', { data: { email, displayName: 'Pat', password: PASSWORD } }), 201);
  await ok(api.post('/api/auth/sign-out'));
  await ok(api.post('/api/auth/sign-in', { data: { email, password: PASSWORD } }));
}

const expectedFunnel = [
  ['Password sign-ins', '12', '', ''],
  ['Upgrade offered', '10', 'Password sign-ins', '83.3%'],
  ['Passkey created', '5', 'Upgrade offered', '50.0%'],
  ['Declined by the password manager', '1', 'Upgrade offered', '10.0%'],
  ['Already had a passkey', '1', 'Upgrade offered', '10.0%'],
  ['Aborted', '1', 'Upgrade offered', '10.0%'],
  ['Error in the browser', '1', 'Upgrade offered', '10.0%'],
  ['Refused by the server', '1', 'Upgrade offered', '10.0%'],
  ['Browser cannot upgrade', '2', 'Password sign-ins', '16.7%'],
  ['First passkey sign-in after an offer', '5', 'Passkey created', '100.0%'],
  ['Password removed after an offer', '1', 'First passkey sign-in after an offer', '20.0%'],
];

// The page draws the path apart from how the offers ended (outcomes are not steps of it).
const expectedPath = [
  ['Password sign-ins', '12', ''],
  ['Upgrade offered', '10', '83.3%'],
  ['Passkey created', '5', '50.0%'],
  ['First passkey sign-in after an offer', '5', '100.0%'],
  ['Password removed after an offer', '1', '20.0%'],
];
const expectedOutcomes = [
  ['Passkey created', '5', '50.0% of offers'],
  ['Declined by the password manager', '1', '10.0% of offers'],
  ['Already had a passkey', '1', '10.0% of offers'],
  ['Aborted', '1', '10.0% of offers'],
  ['Error in the browser', '1', '10.0% of offers'],
  ['Refused by the server', '1', '10.0% of offers'],
  ['Never offered: browser cannot upgrade', '2', '16.7% of password sign-ins'],
];

let someone: APIRequestContext;
let operator: APIRequestContext;

test('scripted journeys produce exactly the expected funnel, sign-in mix and splits', async () => {
  test.setTimeout(120_000);
  const authenticator = new SoftwareAuthenticator(origin, GOOGLE);
  const credentials: { api: APIRequestContext; credential: SoftwareCredential }[] = [];

  // Eight people on Chrome for Android: five let the password manager create a passkey, and
  // one each declines, aborts, or hits an error in the browser.
  for (let i = 0; i < 8; i++) {
    const api = await person(CHROME_ANDROID);
    await returningPerson(api, `chrome-${i}@example.com`);
    const options = await (await ok(api.post('/api/passkeys/upgrade/options'))).json();
    if (i < 5) {
      const { response, credential } = authenticator.create(options, {
        flags: { up: false, uv: false, be: true, bs: true },
        counterMode: 'zero',
      });
      await ok(api.post('/api/passkeys/register/verify', { data: response }), 201);
      credentials.push({ api, credential });
    } else {
      await ok(api.post('/api/passkeys/upgrade/outcome', { data: { outcome: ['declined', 'aborted', 'error'][i - 5] } }));
    }
  }
  // One already has a passkey in their manager; one sends a passkey the server refuses.
  const already = await person(CHROME_ANDROID);
  await returningPerson(already, 'chrome-already@example.com');
  await ok(already.post('/api/passkeys/upgrade/options'));
  await ok(already.post('/api/passkeys/upgrade/outcome', { data: { outcome: 'already_exists' } }));
  const refused = await person(CHROME_ANDROID);
  await returningPerson(refused, 'chrome-refused@example.com');
  const refusedOptions = await (await ok(refused.post('/api/passkeys/upgrade/options'))).json();
  const bad = authenticator.create(refusedOptions, { rpIdForHash: 'evil.example' });
  expect((await refused.post('/api/passkeys/register/verify', { data: bad.response })).status()).toBe(400);
  // Two on Firefox, which cannot upgrade: never offered.
  for (let i = 0; i < 2; i++) {
    const api = await person(FIREFOX_WINDOWS);
    await returningPerson(api, `firefox-${i}@example.com`);
    await ok(api.post('/api/passkeys/upgrade/outcome', { data: { outcome: 'unsupported' } }));
  }
  // The five sign in with their passkeys in new browsers: three from autofill, two with the
  // button; one signs in again with the button, and one then removes their password.
  for (const [i, { credential }] of credentials.entries()) {
    const browser = await person(CHROME_ANDROID);
    await ok(passkeySignInWith(browser, authenticator, credential, i < 3 ? 'autofill' : 'button'));
    if (i === 0) {
      await ok(passkeySignInWith(browser, authenticator, credential, 'button'));
      await ok(browser.delete('/api/account/password'));
    }
  }
  // One confirms who they are with their password (re-authentication).
  await ok(refused.post('/api/account/reauth/password', { data: { password: PASSWORD } }));
  someone = refused;

  // The operator (a sign-up: not a sign-in, so not in the numbers).
  operator = await person('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36');
  await ok(operator.post('/api/auth/sign-up', { data: { email: OPERATOR, displayName: 'Olu', password: PASSWORD } }), 201);
  // Anyone can sign up with an operator's address; only its owner can verify it, and until
  // then the insights are not there.
  expect((await operator.get('/api/insights?days=7')).status()).toBe(404);
  const verification = linkIn(await waitForMail(OPERATOR, /^Verify your email/, { outbox: OUTBOX }), '/verify-email');
  await ok(operator.post('/api/auth/email/verify', { data: { token: verification.searchParams.get('token') } }));

  const report = await (await ok(operator.get('/api/insights?days=7'))).json();
  expect(report.funnel.map((step: { label: string; count: number }) => [step.label, String(step.count)])).toEqual(
    expectedFunnel.map(([label, count]) => [label, count]),
  );
  const today = report.signIns.days.at(-1);
  expect(today).toEqual({
    day: new Date().toISOString().slice(0, 10),
    suppressed: false,
    counts: { password: 12, passkey_autofill: 3, passkey_button: 3, reauthentication: 1 },
  });
  expect(report.signIns.totals).toEqual({ password: 12, passkey_autofill: 3, passkey_button: 3, reauthentication: 1 });
  expect(report.byBrowser).toEqual([
    {
      group: 'Chrome',
      suppressed: false,
      createdRate: 0.5,
      counts: {
        password_sign_ins: 10,
        offered: 10,
        created: 5,
        declined: 1,
        already_exists: 1,
        aborted: 1,
        error: 1,
        rejected: 1,
        unsupported: 0,
        first_passkey_sign_in: 5,
        password_removed: 1,
      },
    },
    { group: 'Firefox', suppressed: true, counts: null, createdRate: null },
  ]);
  expect(report.byOs.map((row: { group: string; suppressed: boolean }) => [row.group, row.suppressed])).toEqual([
    ['Android', false],
    ['Windows', true],
  ]);
  expect(report.byProvider).toEqual([
    { group: 'Google Password Manager', suppressed: false, counts: { upgrade_created: 5, passkey_sign_ins: 6, first_passkey_sign_ins: 5 } },
  ]);
  expect(report.accounts).toMatchObject({ total: 13, withPasskey: 5, passwordless: 1, firstPasskeySignIns: 5 });
  expect(report.accounts.medianSecondsToFirstPasskeySignIn).toBeGreaterThanOrEqual(0);
  expect(report.accounts.medianSecondsToFirstPasskeySignIn).toBeLessThan(600);

  // The CSV: the same rows.
  const csv = await ok(operator.get('/api/insights/funnel.csv?days=7'));
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toMatch(
    /^attachment; filename="insights-funnel-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  expect((await csv.text()).trim().split('\r\n')).toEqual(['Step,Count,Share of,Rate', ...expectedFunnel.map((row) => row.join(','))]);
  const browsers = (await (await ok(operator.get('/api/insights/browsers.csv?days=7'))).text()).trim().split('\r\n');
  expect(browsers[1]).toBe('Chrome,10,10,5,1,1,1,1,1,0,5,1,50.0%');
  expect(browsers[2]).toMatch(/^Firefox(,fewer than 5){12}$/);

  // Viewing and exporting are in the operator's security log.
  const activity = await (await ok(operator.get('/api/account/activity'))).json();
  expect(activity.events.map((event: { type: string }) => event.type).slice(0, 3)).toEqual([
    'insights.exported',
    'insights.exported',
    'insights.viewed',
  ]);
});

// One test per screen: each loads the whole page and runs axe on it, which takes long on a
// busy machine.
for (const screen of SCREENS) {
  test(`the Insights page shows the same numbers, and its charts and tables pass axe (${screen.name})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await operatorPage(browser, screen);
    // The operator finds the page from their account page.
    await page.goto('/account');
    await page.getByRole('link', { name: 'Adoption insights' }).click();
    await expect(page).toHaveURL('/insights');
    await page.getByRole('link', { name: 'Last 7 days' }).click();
    await expect(page).toHaveURL('/insights?days=7');
    await expect(page.getByRole('link', { name: 'Last 7 days' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: 'Adoption insights' })).toBeVisible();
    const cells = (table: import('@playwright/test').Locator) =>
      table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    const path = page.getByRole('table', { name: 'The upgrade path' });
    await expect(path.locator('tbody tr')).toHaveCount(expectedPath.length);
    expect(await cells(path)).toEqual(expectedPath);
    expect(await cells(page.getByRole('table', { name: 'How the offers ended' }))).toEqual(expectedOutcomes);
    // Two charts: the path's steps, and the outcomes, which are not steps of it.
    const pathChart = page.getByRole('img', { name: 'The upgrade path' });
    await expect(pathChart).toBeVisible();
    await expect(pathChart).not.toContainText('Declined');
    await expect(page.getByRole('img', { name: 'How the offers ended' })).toContainText('Declined by the password manager');
    const byBrowser = page.getByRole('table', { name: 'The funnel by browser' });
    await expect(byBrowser.getByRole('row', { name: /^Firefox/ })).toContainText('fewer than 5');
    await expect(byBrowser.getByRole('row', { name: /^Chrome/ })).toContainText('50.0%');
    await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: /Passwordless/ })).toContainText('1');
    await page.getByText(/The numbers for each of the 7 days/).click();
    const days = page.getByRole('table', { name: 'Sign-ins per day (UTC)' });
    await expect(days.getByRole('row', { name: /^Total/ })).toHaveText(/Total\s*12\s*3\s*3\s*1/);
    await expectReadableLayout(page, screen.name);
    await expectNoViolations(page, `insights, ${screen.name}`);
    expect(page.errors, 'console errors').toEqual([]);
    await page.context().close();
  });
}

test('the terminal report prints the same funnel and sign-in mix', async () => {
  const result = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/insights.ts', '--days', '7'], {
    env: { ...process.env, DATABASE_URL },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  const lines = result.stdout.split('\n');
  for (const [label, count, of, rate] of expectedFunnel) {
    expect(
      lines
        .find((line) => line.startsWith(`${label} `))
        ?.split(/\s{2,}/)
        .filter(Boolean),
    ).toEqual([label, count, ...(of ? [of, rate] : [])]);
  }
  expect(lines.find((line) => line.startsWith('Total'))?.split(/\s+/)).toEqual(['Total', '12', '3', '3', '1']);
});

test('only operators: anyone else, signed in or not, gets 404 for the page, the API and the CSV', async ({ browser }) => {
  const stranger = await person(CHROME_ANDROID);
  for (const api of [someone, stranger]) {
    for (const path of ['/api/insights', '/api/insights?days=90', '/api/insights/funnel.csv']) {
      const response = await api.get(path);
      expect(response.status(), path).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  }
  const signedOutPage = await (await browser.newContext({ baseURL: origin })).newPage();
  expect((await signedOutPage.goto('/insights'))?.status()).toBe(404);
  await signedOutPage.context().close();
  // A signed-in person who is not an operator (their browser's cookies, no new sign-in).
  const page = await (await browser.newContext({ baseURL: origin, storageState: await someone.storageState() })).newPage();
  expect((await page.goto('/account'))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Security activity' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Adoption insights' })).toHaveCount(0);
  expect((await page.goto('/insights'))?.status()).toBe(404);
  await expect(page.getByRole('main')).toContainText('This page could not be found');
  await page.context().close();
});

test('an operator asking for a period that does not exist gets a 400 naming it', async () => {
  for (const [query, field] of [
    ['days=8', 'days'],
    ['from=2026-13-01&to=2026-12-01', 'from'],
    ['from=2020-01-01&to=2099-01-01', 'to'],
  ] as const) {
    const response = await operator.get(`/api/insights?${query}`);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_period', fields: { [field]: expect.any(String) } });
  }
  expect((await operator.get('/api/insights/secrets.csv')).status()).toBe(404);
  expect((await operator.post('/api/insights')).status()).toBe(405);
});

test('the Prometheus endpoint refuses a missing or wrong token, and each instance counts what it served', async () => {
  const totals = new Map<string, number>();
  for (const port of INSTANCE_PORTS) {
    const url = `http://127.0.0.1:${port}/api/metrics`;
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: `Bearer ${METRICS_TOKEN}x` },
      { Authorization: `Basic ${METRICS_TOKEN}` },
      { Authorization: `bearer ${METRICS_TOKEN.slice(1)}` },
    ]) {
      const refused = await fetch(url, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('metrics_token_required');
    }
    const response = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // Several kilobytes of text: compressed (the small JSON answers are not, see security-headers).
    expect(response.headers.get('content-encoding')).toBe('gzip');
    for (const [, series, value] of (await response.text()).matchAll(/^(app_[a-z_]+(?:\{[^}]*\})?) (\d+)$/gm)) {
      totals.set(series!, (totals.get(series!) ?? 0) + Number(value));
    }
  }
  // Both instances together served exactly the journeys above.
  expect(Object.fromEntries(totals)).toEqual({
    'app_sign_ins_total{method="password"}': 12,
    'app_sign_ins_total{method="passkey_autofill"}': 3,
    'app_sign_ins_total{method="passkey_button"}': 3,
    'app_sign_ins_total{method="reauthentication"}': 1,
    app_passkey_upgrade_offers_total: 10,
    'app_passkey_upgrade_outcomes_total{outcome="unsupported"}': 2,
    'app_passkey_upgrade_outcomes_total{outcome="declined"}': 1,
    'app_passkey_upgrade_outcomes_total{outcome="already_exists"}': 1,
    'app_passkey_upgrade_outcomes_total{outcome="aborted"}': 1,
    'app_passkey_upgrade_outcomes_total{outcome="error"}': 1,
    'app_passkey_upgrade_outcomes_total{outcome="created"}': 5,
    'app_passkey_upgrade_outcomes_total{outcome="rejected"}': 1,
  });
});

/**
 * Every table fits its card, or scrolls inside it and says so (never wider than the card, cut
 * off with no sign of more); the short tables fit outright, at 1280 and 390 px.
 * Each key figure is on one line, and no bar's words run past its chart.
 */
async function expectReadableLayout(page: import('@playwright/test').Page, screen: string) {
  const tables = await page.locator('.table-scroll').evaluateAll((regions) =>
    regions.map((region) => {
      const card = region.closest('.card')!.getBoundingClientRect();
      const box = region.getBoundingClientRect();
      const element = region as HTMLElement;
      return {
        name: region.getAttribute('aria-label'),
        insideCard: box.left >= card.left - 0.5 && box.right <= card.right + 0.5,
        overflows: element.scrollWidth > element.clientWidth,
        // Scrollbars are not drawn until scrolled on phones and Macs (nor in headless tests).
        hintShown:
          getComputedStyle(region.previousElementSibling!).visibility === 'visible' &&
          getComputedStyle(region.previousElementSibling!).display !== 'none',
      };
    }),
  );
  expect(tables.length).toBeGreaterThanOrEqual(7);
  for (const table of tables) {
    expect(table.insideCard, `${table.name} inside its card, ${screen}`).toBe(true);
    expect(table.hintShown, `${table.name}: "scroll sideways" shown exactly when it overflows, ${screen}`).toBe(table.overflows);
    if (/upgrade path|offers ended|Accounts/.test(table.name ?? '')) expect(table.overflows, `${table.name} fits, ${screen}`).toBe(false);
  }
  const figures = await page.locator('.key-figures .figure-value').evaluateAll((values) =>
    values.map((value) => ({
      text: value.textContent,
      lines: Math.round(value.getBoundingClientRect().height / parseFloat(getComputedStyle(value).lineHeight)),
    })),
  );
  expect(figures.length).toBe(5);
  for (const figure of figures) expect(figure.lines, `key figure ${figure.text} on one line, ${screen}`).toBe(1);
  const bars = await page
    .locator('.hbar')
    .evaluateAll((rows) => rows.filter((row) => row.scrollWidth > row.clientWidth + 1).map((row) => row.textContent));
  expect(bars, `bar rows wider than their chart, ${screen}`).toEqual([]);
}

/** A browser page signed in as the operator, collecting console errors. */
async function operatorPage(browser: Browser, screen: (typeof SCREENS)[number]) {
  // The operator's cookies from their sign-up: no new sign-in, so the numbers stay as scripted.
  const context = await browser.newContext({
    baseURL: origin,
    colorScheme: screen.colorScheme,
    viewport: screen.viewport,
    storageState: await operator.storageState(),
  });
  const page = Object.assign(await context.newPage(), { errors: [] as string[] });
  page.on('console', (message) => void (message.type() === 'error' && page.errors.push(message.text())));
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}

test('a step counted more often than the one before it says why: no bare rate over 100 %', async ({ browser }) => {
  // Two of the five passkeys were made 40 days ago, before the period; all five sign in in it.
  // Last in this file: it changes the history the tests above read.
  await moveEventsBack('upgrade.created', ['chrome-0@example.com', 'chrome-1@example.com'], 40);
  const page = await operatorPage(browser, SCREENS[3]);
  await page.goto('/insights?days=7');
  const why = '166.7%, more than the step before: it includes passkeys created before the period';
  const path = page.getByRole('table', { name: 'The upgrade path' });
  await expect(path.getByRole('row', { name: /^Passkey created/ })).toHaveText(/Passkey created\s*3\s*30\.0%/);
  await expect(path.getByRole('row', { name: /^First passkey sign-in/ })).toHaveText(`First passkey sign-in after an offer5${why}`);
  await expect(
    page.getByText('First passkey sign-in after an offer is 166.7% of “Passkey created”: it includes passkeys created before the period.'),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: 'The upgrade path' })).toContainText('5 · more than the step before');
  // Anywhere on the page, a rate over 100 % comes with why.
  const lines = (await page.getByRole('main').innerText()).split('\n');
  const over = lines.filter((line) => [...line.matchAll(/(\d+(?:\.\d+)?)%/g)].some((match) => Number(match[1]) > 100));
  expect(over.length).toBeGreaterThan(0);
  for (const line of over) expect(line).toMatch(/before the period/);
  await expectReadableLayout(page, SCREENS[3].name);
  expect(page.errors, 'console errors').toEqual([]);
  await page.context().close();
});

/** Moves some accounts' events of one type `days` back, as if they had happened then. */
async function moveEventsBack(type: string, emails: string[], days: number) {
  const when = new Date(Date.now() - days * 24 * 3600 * 1000);
  const sql = `UPDATE "SecurityEvent" SET "createdAt" = ? WHERE type = ? AND "userId" IN (SELECT id FROM "User" WHERE email IN (${emails.map(() => '?').join(', ')}))`;
  if (/^postgres/.test(DATABASE_URL)) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    let n = 0;
    await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      [when, type, ...emails],
    );
    await client.end();
    return;
  }
  const sqlite = new Database(DATABASE_URL.slice('file:'.length), { fileMustExist: true, timeout: 5000 });
  sqlite.prepare(sql).run(when.toISOString().replace('Z', '+00:00'), type, ...emails);
  sqlite.close();
}
