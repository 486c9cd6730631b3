import { randomBytes } from 'node:crypto';
import { config } from '@/lib/server/platform/config';
import { db } from '@/lib/server/platform/db';
import { databaseProvider } from '@/lib/shared/database-url.mjs';
import { hashPassword } from '@/lib/server/identity/password';
import { SYNTHETIC_EMAIL_DOMAIN } from '@/lib/server/insights/report';
import { addDays, dayOf } from '@/lib/server/insights/period';
import { rollUpDays } from '@/lib/server/insights/rollup';

// A made-up history of password accounts meeting the automatic upgrade over `days` days,
// for the demo (npm run seed:demo) and the insights benchmark (npm run bench:insights).
// Plausible, not real: the browser mix and the outcome rates below are round guesses shaped
// like what passkey rollouts report (Chrome and Safari upgrade well, Firefox cannot upgrade
// at all), and every account is at synthetic.invalid, which the Insights page points out.
// Deterministic: the same arguments write the same history (a seeded random generator).

type Platform = { browser: string; os: string; weight: number; userAgent: string; provider: string; outcomes: [string, number][] };

const PLATFORMS: Platform[] = [
  {
    browser: 'Chrome',
    os: 'Android',
    weight: 33,
    provider: 'Google Password Manager',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
    outcomes: [
      ['created', 62],
      ['declined', 20],
      ['aborted', 9],
      ['already_exists', 4],
      ['error', 3],
      ['rejected', 2],
    ],
  },
  {
    browser: 'Safari',
    os: 'iOS',
    weight: 26,
    provider: 'iCloud Keychain',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    outcomes: [
      ['created', 55],
      ['declined', 27],
      ['aborted', 10],
      ['already_exists', 5],
      ['error', 2],
      ['rejected', 1],
    ],
  },
  {
    browser: 'Chrome',
    os: 'Windows',
    weight: 17,
    provider: 'Google Password Manager',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    outcomes: [
      ['created', 48],
      ['declined', 30],
      ['aborted', 14],
      ['already_exists', 4],
      ['error', 3],
      ['rejected', 1],
    ],
  },
  {
    browser: 'Microsoft Edge',
    os: 'Windows',
    weight: 8,
    provider: 'Microsoft Password Manager',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
    outcomes: [
      ['created', 35],
      ['declined', 40],
      ['aborted', 17],
      ['already_exists', 3],
      ['error', 4],
      ['rejected', 1],
    ],
  },
  {
    browser: 'Safari',
    os: 'macOS',
    weight: 7,
    provider: 'iCloud Keychain',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    outcomes: [
      ['created', 50],
      ['declined', 30],
      ['aborted', 12],
      ['already_exists', 5],
      ['error', 2],
      ['rejected', 1],
    ],
  },
  {
    browser: 'Firefox',
    os: 'Windows',
    weight: 5,
    provider: '',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
    outcomes: [],
  },
  {
    browser: 'Samsung Internet',
    os: 'Android',
    weight: 3,
    provider: 'Samsung Pass',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    outcomes: [
      ['created', 30],
      ['declined', 35],
      ['aborted', 20],
      ['error', 13],
      ['rejected', 2],
    ],
  },
  {
    browser: 'Firefox',
    os: 'Linux',
    weight: 1,
    provider: '',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    outcomes: [],
  },
];

/** mulberry32: small, fast and seeded; good enough for made-up data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: T[], weight: (item: T) => number): T {
  let r = rand() * items.reduce((sum, item) => sum + weight(item), 0);
  for (const item of items) if ((r -= weight(item)) < 0) return item;
  return items[items.length - 1]!;
}

type EventRow = {
  userId: string;
  type: string;
  detail: string;
  userAgent: string;
  browser: string;
  os: string;
  provider: string;
  method: string;
  seconds: number | null;
  createdAt: Date;
};

export type HistoryOptions = { accounts: number; events: number; days: number; seed?: number; now?: Date; log?: (line: string) => void };

/** Deletes earlier synthetic accounts (their events go with them) and writes a new history. */
export async function writeSyntheticHistory(options: HistoryOptions): Promise<{ accounts: number; events: number }> {
  const log = options.log ?? (() => {});
  const rand = random(options.seed ?? 2026);
  const now = options.now ?? new Date();
  const start = now.getTime() - options.days * 86400_000;
  const perAccount = options.events / options.accounts;
  await removeSyntheticHistory();
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  let written = 0;
  const BATCH = 500;
  for (let first = 0; first < options.accounts; first += BATCH) {
    const users: {
      id: string;
      email: string;
      displayName: string;
      webauthnUserId: string;
      signInName: string;
      createdAt: Date;
      firstPasskeySignInAt: Date | null;
    }[] = [];
    const passwords: { userId: string; hash: string }[] = [];
    const passkeys: {
      credentialId: string;
      userId: string;
      publicKey: Uint8Array<ArrayBuffer>;
      aaguid: string;
      backupEligible: boolean;
      backupState: boolean;
      deviceType: string;
      uvInitialized: boolean;
      createdVia: string;
      name: string;
      createdAt: Date;
      lastUsedAt: Date | null;
    }[] = [];
    const events: EventRow[] = [];
    for (let i = first; i < Math.min(options.accounts, first + BATCH); i++) {
      const id = `synthetic${String(i).padStart(8, '0')}`;
      const platform = pick(rand, PLATFORMS, (p) => p.weight);
      const email = `person-${i}@${SYNTHETIC_EMAIL_DOMAIN}`;
      // Sign-ups spread over the period; a third of the accounts are older than it.
      const createdAt = new Date(rand() < 0.33 ? start - rand() * 60 * 86400_000 : start + rand() * (now.getTime() - start) * 0.9);
      const event = (type: string, at: number, extra: Partial<EventRow> = {}) =>
        at < now.getTime() &&
        events.push({
          userId: id,
          type,
          detail: '{"synthetic":true}',
          userAgent: platform.userAgent,
          browser: platform.browser,
          os: platform.os,
          provider: '',
          method: '',
          seconds: null,
          createdAt: new Date(at),
          ...extra,
        });
      // Visits: about `perAccount` events each in all, a sign-in on a few days of the period.
      const visits = Math.max(1, Math.round((perAccount / 2.6) * (0.4 + rand() * 1.2)));
      let at = Math.max(createdAt.getTime(), start);
      let passkeyAt: number | null = null;
      let firstOffer: number | null = null;
      let firstPasskeySignIn: number | null = null;
      let hasPassword = true;
      for (let v = 0; v < visits && at < now.getTime(); v++) {
        if (passkeyAt === null || (hasPassword && rand() < 0.08)) {
          event('sign_in.password', at);
          if (platform.outcomes.length === 0) event('upgrade.unsupported', at + 800);
          else if (rand() < 0.97) {
            event('upgrade.offered', at + 600);
            firstOffer ??= at + 600;
            const outcome = passkeyAt !== null ? 'already_exists' : pick(rand, platform.outcomes, ([, w]) => w)[0];
            event(`upgrade.${outcome}`, at + 2500, outcome === 'created' ? { provider: platform.provider } : {});
            if (outcome === 'created') {
              passkeyAt = at + 2500;
              event('passkey.created', at + 2500, { provider: platform.provider });
            }
          }
        } else {
          const method = rand() < 0.68 ? 'autofill' : 'button';
          event('sign_in.passkey', at, { method, provider: platform.provider });
          if (firstPasskeySignIn === null) {
            firstPasskeySignIn = at;
            if (firstOffer !== null)
              event('upgrade.first_passkey_sign_in', at, {
                method,
                provider: platform.provider,
                seconds: Math.round((at - firstOffer) / 1000),
              });
            if (hasPassword && rand() < 0.18) {
              event('password.removed', at + 60_000);
              event('upgrade.password_removed', at + 60_000);
              hasPassword = false;
            }
          }
        }
        if (rand() < 0.12) event(rand() < 0.5 ? 'reauth.password' : 'reauth.passkey', at + 120_000);
        if (rand() < 0.3) event('sign_out', at + 600_000);
        at += (0.5 + rand() * 2.5) * ((now.getTime() - at) / Math.max(1, visits - v));
      }
      users.push({
        id,
        email,
        displayName: `Synthetic person ${i}`,
        webauthnUserId: randomBytes(16).toString('base64url'),
        signInName: email,
        createdAt,
        firstPasskeySignInAt: firstPasskeySignIn === null ? null : new Date(firstPasskeySignIn),
      });
      if (hasPassword) passwords.push({ userId: id, hash: passwordHash });
      if (passkeyAt !== null) {
        passkeys.push({
          credentialId: randomBytes(16).toString('base64url'),
          userId: id,
          publicKey: new Uint8Array(randomBytes(77)),
          aaguid: '00000000-0000-0000-0000-000000000000',
          backupEligible: true,
          backupState: true,
          deviceType: 'multiDevice',
          uvInitialized: false,
          createdVia: 'automatic',
          name: `${platform.provider} (synthetic)`,
          createdAt: new Date(passkeyAt),
          lastUsedAt: firstPasskeySignIn === null ? null : new Date(firstPasskeySignIn),
        });
      }
    }
    await db.user.createMany({ data: users });
    await db.password.createMany({ data: passwords });
    await db.passkey.createMany({ data: passkeys });
    for (let e = 0; e < events.length; e += 2000) await insertEvents(events.slice(e, e + 2000), written + e);
    written += events.length;
    if ((first / BATCH) % 20 === 0)
      log(`  ${Math.min(options.accounts, first + BATCH).toLocaleString('en-US')} accounts, ${written.toLocaleString('en-US')} events`);
  }
  // The days just written were perhaps rolled up (empty) already: count them again.
  await rollUpDays(dayOf(new Date(start - 60 * 86400_000)), addDays(dayOf(now), -1), { now, replace: true });
  return { accounts: options.accounts, events: written };
}

const EVENT_COLUMNS = [
  'id',
  'userId',
  'type',
  'detail',
  'userAgent',
  'browser',
  'os',
  'provider',
  'method',
  'seconds',
  'createdAt',
] as const;

/**
 * One multi-row INSERT of events. Raw SQL because Prisma's createMany spends most of its time
 * building and checking the query (measured: 80 % of a seed's CPU); a million rows matter here.
 */
async function insertEvents(rows: EventRow[], firstId: number): Promise<void> {
  const postgres = databaseProvider(config().databaseUrl) === 'postgresql';
  let n = 0;
  const placeholder = () => (postgres ? `$${++n}` : '?');
  const values = rows.map(() => `(${EVENT_COLUMNS.map(placeholder).join(', ')})`).join(', ');
  const params = rows.flatMap((row, i) => [
    `synthetic-event-${firstId + i}`,
    row.userId,
    row.type,
    row.detail,
    row.userAgent,
    row.browser,
    row.os,
    row.provider,
    row.method,
    row.seconds,
    row.createdAt,
  ]);
  await db.$executeRawUnsafe(`INSERT INTO "SecurityEvent" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, ...params);
}

export async function removeSyntheticHistory(): Promise<number> {
  const { count } = await db.user.deleteMany({ where: { email: { endsWith: `@${SYNTHETIC_EMAIL_DOMAIN}` } } });
  return count;
}
