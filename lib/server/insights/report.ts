import 'server-only';
import { db } from '../platform/db';
import { addDays, daysOf, startOfDay, type Period } from './period';
import {
  MIN_GROUP_ACCOUNTS,
  PROVIDER_TYPES,
  SIGN_IN_TYPES,
  lastFinishedDay,
  rollUpDays,
  tallyDay,
  type CountRow,
  type Dimension,
} from './rollup';

// What the operator's Insights page, its API, its CSV files and `npm run insights` show:
// one report, built from the daily roll-ups plus today's events. Aggregates only. In the
// breakdowns (by browser, OS, provider, day) a group of fewer than 5 accounts shows no
// numbers ("fewer than 5"); the funnel's and the sign-in mix's totals are exact.

export const FUNNEL_STEPS = [
  { key: 'password_sign_ins', type: 'sign_in.password', label: 'Password sign-ins', of: null },
  { key: 'offered', type: 'upgrade.offered', label: 'Upgrade offered', of: 'password_sign_ins' },
  { key: 'created', type: 'upgrade.created', label: 'Passkey created', of: 'offered' },
  { key: 'declined', type: 'upgrade.declined', label: 'Declined by the password manager', of: 'offered' },
  { key: 'already_exists', type: 'upgrade.already_exists', label: 'Already had a passkey', of: 'offered' },
  { key: 'aborted', type: 'upgrade.aborted', label: 'Aborted', of: 'offered' },
  { key: 'error', type: 'upgrade.error', label: 'Error in the browser', of: 'offered' },
  { key: 'rejected', type: 'upgrade.rejected', label: 'Refused by the server', of: 'offered' },
  { key: 'unsupported', type: 'upgrade.unsupported', label: 'Browser cannot upgrade', of: 'password_sign_ins' },
  { key: 'first_passkey_sign_in', type: 'upgrade.first_passkey_sign_in', label: 'First passkey sign-in after an offer', of: 'created' },
  { key: 'password_removed', type: 'upgrade.password_removed', label: 'Password removed after an offer', of: 'first_passkey_sign_in' },
] as const;

export type FunnelStepKey = (typeof FUNNEL_STEPS)[number]['key'];
export type FunnelStep = { step: FunnelStepKey; label: string; count: number; of: FunnelStepKey | null; rate: number | null };
export type FunnelCounts = Record<FunnelStepKey, number>;

export const SIGN_IN_METHODS = [
  { key: 'password', label: 'Password' },
  { key: 'passkey_autofill', label: 'Passkey from autofill' },
  { key: 'passkey_button', label: 'Passkey from the button' },
  { key: 'reauthentication', label: 'Re-authentication' },
] as const;
export type SignInMethodKey = (typeof SIGN_IN_METHODS)[number]['key'];

export type SignInDay = { day: string; suppressed: boolean; counts: Record<SignInMethodKey, number> | null };

/** A browser's or OS's funnel; `counts` is null when the group has fewer than 5 accounts. */
export type SplitRow = { group: string; suppressed: boolean; counts: FunnelCounts | null; createdRate: number | null };

export type ProviderCounts = { upgrade_created: number; passkey_sign_ins: number; first_passkey_sign_ins: number };
export type ProviderRow = { group: string; suppressed: boolean; counts: ProviderCounts | null };

export type InsightsReport = {
  period: Period;
  generatedAt: string;
  /** The database holds the demo seed's made-up history (npm run seed:demo). */
  synthetic: boolean;
  funnel: FunnelStep[];
  signIns: { days: SignInDay[]; totals: Record<SignInMethodKey, number>; passkeyShare: number | null };
  byBrowser: SplitRow[];
  byOs: SplitRow[];
  byProvider: ProviderRow[];
  accounts: {
    total: number;
    withPasskey: number;
    passwordless: number;
    /** Median seconds from an account's first upgrade offer to its first passkey sign-in (period); null under 5 accounts. */
    medianSecondsToFirstPasskeySignIn: number | null;
    firstPasskeySignIns: number;
  };
};

export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.invalid';
const UNKNOWN_GROUP = 'Unknown';

/** The period's tallies: kept days from the roll-up tables, unfinished days counted live. */
type Tallies = {
  counts: CountRow[];
  byDay: Map<string, { type: string; method: string; events: number }[]>;
  dayAccounts: Map<string, number>;
  groupMax: Map<string, number>;
  members: Map<string, Set<string>>;
};

const groupKey = (dimension: Dimension, value: string) => `${dimension}\u0000${value}`;

async function talliesOf(period: Period, now: Date): Promise<Tallies> {
  await rollUpDays(period.from, period.to, { now });
  const lastKept = lastFinishedDay(now);
  const kept = { day: { gte: period.from, lte: period.to < lastKept ? period.to : lastKept } };
  const liveDays = daysOf(period).filter((day) => day > lastKept);

  const [counts, signInsByDay, groupMax, dayGroups, members, live] = await Promise.all([
    db.insightCount.groupBy({ by: ['type', 'method', 'browser', 'os', 'provider'], where: kept, _sum: { events: true } }),
    db.insightCount.groupBy({
      by: ['day', 'type', 'method'],
      where: { ...kept, type: { in: [...SIGN_IN_TYPES] } },
      _sum: { events: true },
    }),
    db.insightGroup.groupBy({ by: ['dimension', 'value'], where: { ...kept, dimension: { not: 'sign_ins' } }, _max: { accounts: true } }),
    db.insightGroup.findMany({ where: { ...kept, dimension: 'sign_ins' }, select: { day: true, accounts: true } }),
    db.insightRareMember.groupBy({ by: ['dimension', 'value', 'userId'], where: { ...kept, dimension: { not: 'sign_ins' } } }),
    Promise.all(liveDays.map((day) => tallyDay(day))),
  ]);

  const tallies: Tallies = {
    counts: counts.map(({ _sum, ...keys }) => ({ ...keys, events: _sum.events ?? 0 })),
    byDay: new Map(),
    dayAccounts: new Map(dayGroups.map((row) => [row.day, row.accounts])),
    groupMax: new Map(groupMax.map((row) => [groupKey(row.dimension as Dimension, row.value), row._max.accounts ?? 0])),
    members: new Map(),
  };
  for (const row of signInsByDay) {
    const list = tallies.byDay.get(row.day) ?? [];
    list.push({ type: row.type, method: row.method, events: row._sum.events ?? 0 });
    tallies.byDay.set(row.day, list);
  }
  const addMember = (dimension: Dimension, value: string, userId: string) => {
    const key = groupKey(dimension, value);
    const set = tallies.members.get(key) ?? new Set<string>();
    set.add(userId);
    tallies.members.set(key, set);
  };
  for (const row of members) addMember(row.dimension as Dimension, row.value, row.userId);
  for (const day of live) {
    tallies.counts.push(...day.counts);
    tallies.byDay.set(
      day.day,
      day.counts.filter((row) => (SIGN_IN_TYPES as readonly string[]).includes(row.type)),
    );
    for (const group of day.groups) {
      if (group.dimension === 'sign_ins') tallies.dayAccounts.set(day.day, group.accounts);
      else {
        const key = groupKey(group.dimension, group.value);
        tallies.groupMax.set(key, Math.max(tallies.groupMax.get(key) ?? 0, group.accounts));
      }
    }
    for (const member of day.members) if (member.dimension !== 'sign_ins') addMember(member.dimension, member.value, member.userId);
  }
  return tallies;
}

/**
 * Whether a group had at least 5 accounts over the period. Distinct accounts do not add up
 * across days, but a group with 5 on one day has at least 5; one that was smaller on every
 * day has all its accounts in the members kept for such days, counted exactly.
 */
function atLeastMinimum(tallies: Tallies, dimension: Dimension, value: string): boolean {
  const key = groupKey(dimension, value);
  return (tallies.groupMax.get(key) ?? 0) >= MIN_GROUP_ACCOUNTS || (tallies.members.get(key)?.size ?? 0) >= MIN_GROUP_ACCOUNTS;
}

const rate = (count: number, of: number) => (of > 0 ? count / of : null);

function funnelCounts(rows: CountRow[]): FunnelCounts {
  const byType = new Map<string, number>();
  for (const row of rows) byType.set(row.type, (byType.get(row.type) ?? 0) + row.events);
  return Object.fromEntries(FUNNEL_STEPS.map((step) => [step.key, byType.get(step.type) ?? 0])) as FunnelCounts;
}

function splitBy(tallies: Tallies, dimension: 'browser' | 'os'): SplitRow[] {
  const funnelTypes = new Set<string>(FUNNEL_STEPS.map((step) => step.type));
  const groups = new Map<string, CountRow[]>();
  for (const row of tallies.counts) {
    if (!funnelTypes.has(row.type)) continue;
    const list = groups.get(row[dimension]) ?? [];
    list.push(row);
    groups.set(row[dimension], list);
  }
  return [...groups]
    .map(([value, rows]) => {
      const shown = atLeastMinimum(tallies, dimension, value);
      const counts = funnelCounts(rows);
      return {
        group: value || UNKNOWN_GROUP,
        suppressed: !shown,
        counts: shown ? counts : null,
        createdRate: shown ? rate(counts.created, counts.offered) : null,
        order: counts.password_sign_ins,
      };
    })
    .sort(bySizeThenName)
    .map(({ order: _order, ...row }) => row);
}

/** Shown groups first, largest first; the small ones after, by name, so order leaks no size. */
function bySizeThenName(
  a: { suppressed: boolean; order: number; group: string },
  b: { suppressed: boolean; order: number; group: string },
): number {
  if (a.suppressed !== b.suppressed) return a.suppressed ? 1 : -1;
  if (!a.suppressed && a.order !== b.order) return b.order - a.order;
  return a.group.localeCompare(b.group);
}

function byProvider(tallies: Tallies): ProviderRow[] {
  const groups = new Map<string, ProviderCounts>();
  for (const row of tallies.counts) {
    if (!row.provider || !(PROVIDER_TYPES as readonly string[]).includes(row.type)) continue;
    const counts = groups.get(row.provider) ?? { upgrade_created: 0, passkey_sign_ins: 0, first_passkey_sign_ins: 0 };
    if (row.type === 'upgrade.created') counts.upgrade_created += row.events;
    if (row.type === 'sign_in.passkey') counts.passkey_sign_ins += row.events;
    if (row.type === 'upgrade.first_passkey_sign_in') counts.first_passkey_sign_ins += row.events;
    groups.set(row.provider, counts);
  }
  return [...groups]
    .map(([value, counts]) => {
      const shown = atLeastMinimum(tallies, 'provider', value);
      return { group: value, suppressed: !shown, counts: shown ? counts : null, order: counts.passkey_sign_ins + counts.upgrade_created };
    })
    .sort(bySizeThenName)
    .map(({ order: _order, ...row }) => row);
}

function methodOf(type: string, method: string): SignInMethodKey {
  if (type === 'sign_in.password') return 'password';
  if (type === 'sign_in.passkey') return method === 'autofill' ? 'passkey_autofill' : 'passkey_button';
  return 'reauthentication';
}

const zeroMethods = (): Record<SignInMethodKey, number> => ({ password: 0, passkey_autofill: 0, passkey_button: 0, reauthentication: 0 });

function signIns(period: Period, tallies: Tallies): InsightsReport['signIns'] {
  const totals = zeroMethods();
  const days = daysOf(period).map((day) => {
    const counts = zeroMethods();
    for (const row of tallies.byDay.get(day) ?? []) counts[methodOf(row.type, row.method)] += row.events;
    for (const key of Object.keys(totals) as SignInMethodKey[]) totals[key] += counts[key];
    const any = Object.values(counts).some((n) => n > 0);
    const shown = !any || (tallies.dayAccounts.get(day) ?? 0) >= MIN_GROUP_ACCOUNTS;
    return { day, suppressed: !shown, counts: shown ? counts : null };
  });
  const passkeys = totals.passkey_autofill + totals.passkey_button;
  return { days, totals, passkeyShare: rate(passkeys, passkeys + totals.password) };
}

async function accounts(period: Period): Promise<InsightsReport['accounts']> {
  const from = startOfDay(period.from);
  const to = startOfDay(addDays(period.to, 1));
  const [total, withPasskey, passwordless, firstPasskeySignIns] = await Promise.all([
    db.user.count(),
    db.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(DISTINCT "userId") AS "n" FROM "Passkey"`.then(([row]) => Number(row?.n ?? 0)),
    db.user.count({ where: { password: { is: null } } }),
    db.securityEvent.count({ where: { type: 'upgrade.first_passkey_sign_in', createdAt: { gte: from, lt: to }, seconds: { not: null } } }),
  ]);
  let median: number | null = null;
  if (firstPasskeySignIns >= MIN_GROUP_ACCOUNTS) {
    // The middle one or two, sorted by the database from the covering index. Raw SQL: Prisma's
    // skip walked the skipped rows itself (measured 5-8 times slower over 66,000 of them).
    const middle = await db.$queryRaw<{ seconds: number | bigint }[]>`
      SELECT "seconds" FROM "SecurityEvent"
      WHERE "type" = 'upgrade.first_passkey_sign_in' AND "createdAt" >= ${from} AND "createdAt" < ${to} AND "seconds" IS NOT NULL
      ORDER BY "seconds" LIMIT ${firstPasskeySignIns % 2 === 1 ? 1 : 2} OFFSET ${Math.floor((firstPasskeySignIns - 1) / 2)}`;
    median = middle.reduce((sum, row) => sum + Number(row.seconds ?? 0), 0) / middle.length;
  }
  return { total, withPasskey, passwordless, medianSecondsToFirstPasskeySignIn: median, firstPasskeySignIns };
}

export async function insightsReport(period: Period, now = new Date()): Promise<InsightsReport> {
  const [tallies, accountStats, synthetic] = await Promise.all([
    talliesOf(period, now),
    accounts(period),
    db.user.findFirst({ where: { email: { endsWith: `@${SYNTHETIC_EMAIL_DOMAIN}` } }, select: { id: true } }),
  ]);
  const counts = funnelCounts(tallies.counts);
  return {
    period,
    generatedAt: now.toISOString(),
    synthetic: synthetic !== null,
    funnel: FUNNEL_STEPS.map((step) => ({
      step: step.key,
      label: step.label,
      count: counts[step.key],
      of: step.of,
      rate: step.of ? rate(counts[step.key], counts[step.of]) : null,
    })),
    signIns: signIns(period, tallies),
    byBrowser: splitBy(tallies, 'browser'),
    byOs: splitBy(tallies, 'os'),
    byProvider: byProvider(tallies),
    accounts: accountStats,
  };
}
