import { describe, expect, it } from 'vitest';
import { db } from '../platform/db';
import { createUserWithPassword } from '../identity/user';
import { parsePeriod } from './period';
import { insightsReport } from './report';
import { rollUpDays } from './rollup';
import { tableOf, toCsv } from './tables';

// The report over a past stretch of days that only these tests write to (the unit-test
// database is shared), with "now" set after it so every day is finished and rolled up, or
// inside it so the last day is counted live.

async function account() {
  return createUserWithPassword({ email: `i-${crypto.randomUUID()}@example.com`, displayName: 'I', passwordHash: 'x' });
}

async function event(
  userId: string,
  type: string,
  at: string,
  facts: { browser: string; os?: string; method?: string; provider?: string; seconds?: number },
) {
  await db.securityEvent.create({ data: { userId, type, createdAt: new Date(at), os: 'Windows', ...facts } });
}

describe('the insights report', () => {
  it('shows a group only with 5 accounts over the period, even when no single day had 5', async () => {
    // Five accounts on Firefox, one a day; four on Opera, one a day.
    for (let i = 0; i < 5; i++) {
      const user = await account();
      await event(user.id, 'sign_in.password', `2021-03-0${i + 1}T10:00:00Z`, { browser: 'Firefox' });
      await event(user.id, 'upgrade.unsupported', `2021-03-0${i + 1}T10:00:01Z`, { browser: 'Firefox' });
    }
    for (let i = 0; i < 4; i++) {
      const user = await account();
      await event(user.id, 'sign_in.password', `2021-03-0${i + 1}T11:00:00Z`, { browser: 'Opera' });
      await event(user.id, 'upgrade.offered', `2021-03-0${i + 1}T11:00:01Z`, { browser: 'Opera' });
      await event(user.id, 'upgrade.created', `2021-03-0${i + 1}T11:00:02Z`, { browser: 'Opera', provider: 'Opera Passkeys' });
    }
    const period = { from: '2021-03-01', to: '2021-03-07', days: 7 };
    // The last day still being counted live, then every day rolled up: the same answer.
    for (const now of ['2021-03-05T12:00:00Z', '2021-03-20T00:00:00Z']) {
      const report = await insightsReport(period, new Date(now));
      expect(report.funnel.find((s) => s.step === 'password_sign_ins')!.count, now).toBe(9);
      expect(report.funnel.find((s) => s.step === 'created')).toMatchObject({ count: 4, rate: 1 });
      const firefox = report.byBrowser.find((row) => row.group === 'Firefox')!;
      expect(firefox.suppressed).toBe(false);
      expect(firefox.counts).toMatchObject({ password_sign_ins: 5, unsupported: 5, offered: 0 });
      expect(report.byBrowser.find((row) => row.group === 'Opera')).toEqual({
        group: 'Opera',
        suppressed: true,
        counts: null,
        createdRate: null,
      });
      expect(report.byProvider).toEqual([{ group: 'Opera Passkeys', suppressed: true, counts: null }]);
      // Each day had fewer than 5 accounts signing in: no day's mix is shown, the totals are.
      expect(report.signIns.days.filter((day) => day.suppressed).map((day) => day.day)).toEqual([
        '2021-03-01',
        '2021-03-02',
        '2021-03-03',
        '2021-03-04',
        '2021-03-05',
      ]);
      expect(report.signIns.totals.password).toBe(9);
    }
  });

  it('shows a day of 5 accounts, and counts passkey sign-ins by how they were asked for', async () => {
    for (let i = 0; i < 5; i++) {
      const user = await account();
      await event(user.id, 'sign_in.passkey', `2021-04-02T0${i}:00:00Z`, {
        browser: 'Chrome',
        method: i < 3 ? 'autofill' : 'button',
        provider: 'Google Password Manager',
      });
      await event(user.id, 'upgrade.first_passkey_sign_in', `2021-04-02T0${i}:00:00Z`, { browser: 'Chrome', seconds: (i + 1) * 60 });
    }
    const report = await insightsReport({ from: '2021-04-01', to: '2021-04-03', days: 3 }, new Date('2021-05-01T00:00:00Z'));
    expect(report.signIns.days.map((day) => [day.day, day.suppressed, day.counts?.passkey_autofill, day.counts?.passkey_button])).toEqual([
      ['2021-04-01', false, 0, 0],
      ['2021-04-02', false, 3, 2],
      ['2021-04-03', false, 0, 0],
    ]);
    expect(report.signIns.passkeyShare).toBe(1);
    expect(report.byProvider).toEqual([
      {
        group: 'Google Password Manager',
        suppressed: false,
        counts: { upgrade_created: 0, passkey_sign_ins: 5, first_passkey_sign_ins: 0 },
      },
    ]);
    expect(report.accounts.medianSecondsToFirstPasskeySignIn).toBe(180);
    expect(report.accounts.firstPasskeySignIns).toBe(5);
  });

  it('keeps a day once when two instances roll it up at the same moment', async () => {
    const user = await account();
    await event(user.id, 'sign_in.password', '2021-06-01T10:00:00Z', { browser: 'Chrome' });
    const now = new Date('2021-06-10T00:00:00Z');
    const rolled = await Promise.all(Array.from({ length: 4 }, () => rollUpDays('2021-06-01', '2021-06-01', { now })));
    expect(rolled.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await db.insightCount.findMany({ where: { day: '2021-06-01' }, select: { type: true, events: true } })).toEqual([
      { type: 'sign_in.password', events: 1 },
    ]);
  });
});

describe('the period', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('is the last 7, 30 or 90 days, or two dates', () => {
    expect(parsePeriod({}, now)).toEqual({ from: '2026-10-28', to: '2026-11-26', days: 30 });
    expect(parsePeriod({ days: '7' }, now)).toEqual({ from: '2026-11-20', to: '2026-11-26', days: 7 });
    expect(parsePeriod({ from: '2026-01-01', to: '2026-01-31' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-31', days: 31 });
  });
  it.each([
    [{ days: '8' }, 'days'],
    [{ days: '07' }, 'days'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-13-01', to: '2026-12-01' }, 'from'],
    [{ from: '2026-12-01', to: '2026-12-99' }, 'to'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'from'],
    [{ from: '2026-11-01', to: '2026-11-27' }, 'to'],
    [{ from: '2024-01-01', to: '2026-01-01' }, 'from'],
    [{ from: '2026-01-01' }, 'to'],
    [{ days: '7', from: '2026-01-01', to: '2026-01-02' }, 'days'],
  ])('refuses %j, naming %s', (query, field) => {
    expect(() => parsePeriod(query, now)).toThrow(
      expect.objectContaining({ code: 'invalid_period', fields: { [field]: expect.any(String) } }),
    );
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv({
      title: 't',
      columns: ['Group', 'Count'],
      rows: [
        ['=HYPERLINK("x")', 3],
        ['a, b', null],
        ['-1', 0],
      ],
    });
    expect(csv).toBe('Group,Count\r\n"\'=HYPERLINK(""x"")",3\r\n"a, b",\r\n\'-1,0\r\n');
  });
  it('says "fewer than 5" for a hidden group', async () => {
    const report = await insightsReport({ from: '2021-03-01', to: '2021-03-07', days: 7 }, new Date('2021-03-20T00:00:00Z'));
    const rows = toCsv(tableOf(report, 'browsers')).split('\r\n');
    expect(rows.find((row) => row.startsWith('Opera,'))).toMatch(/^Opera(,fewer than 5)+$/);
  });
  it('draws the path apart from the outcomes, and a step over the one before it says why', async () => {
    // Five passkeys created before the period (2021-05-01), two in it; all seven sign in in it.
    for (let i = 0; i < 7; i++) {
      const user = await account();
      const day = i < 5 ? '2021-05-01' : '2021-05-10';
      await event(user.id, 'sign_in.password', `${day}T10:00:00Z`, { browser: 'Chrome' });
      await event(user.id, 'upgrade.offered', `${day}T10:00:01Z`, { browser: 'Chrome' });
      await event(user.id, 'upgrade.created', `${day}T10:00:02Z`, { browser: 'Chrome' });
      await event(user.id, 'upgrade.first_passkey_sign_in', '2021-05-11T10:00:00Z', { browser: 'Chrome', seconds: 60 });
    }
    const report = await insightsReport({ from: '2021-05-08', to: '2021-05-14', days: 7 }, new Date('2021-06-01T00:00:00Z'));
    const path = tableOf(report, 'upgrade-path');
    expect(path.rows.map((row) => row[0])).toEqual([
      'Password sign-ins',
      'Upgrade offered',
      'Passkey created',
      'First passkey sign-in after an offer',
      'Password removed after an offer',
    ]);
    expect(path.rows[3]).toEqual([
      'First passkey sign-in after an offer',
      7,
      '350.0%, more than the step before: it includes passkeys created before the period',
    ]);
    expect(tableOf(report, 'upgrade-outcomes').rows.map((row) => row[0])).toEqual([
      'Passkey created',
      'Declined by the password manager',
      'Already had a passkey',
      'Aborted',
      'Error in the browser',
      'Refused by the server',
      'Never offered: browser cannot upgrade',
    ]);
    expect(tableOf(report, 'upgrade-outcomes').rows[0]).toEqual(['Passkey created', 2, '100.0% of offers']);
    // No rate over 100 % anywhere without why.
    for (const name of ['upgrade-path', 'upgrade-outcomes'] as const) {
      for (const line of toCsv(tableOf(report, name)).split('\r\n')) {
        if ([...line.matchAll(/(\d+\.\d)%/g)].some((match) => Number(match[1]) > 100)) expect(line).toContain('before the period');
      }
    }
  });
});
