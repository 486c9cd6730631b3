import 'server-only';
import { UPGRADE_OUTCOMES } from '@/lib/shared/upgrade-outcomes';
import type { SecurityEventType } from '../audit/security-events';
import { db, isUniqueViolation, sqlList } from '../platform/db';
import { MAX_PERIOD_DAYS, addDays, dayOf, startOfDay } from './period';

// The insights count security events per UTC day. A finished day is counted once and kept
// (InsightDay, InsightCount, InsightGroup, InsightRareMember in prisma/schema.prisma), so a
// report over 90 days reads a few thousand small rows, whatever the number of events; the
// days not finished yet (today) are counted live. Either way the counting is grouped
// queries in the database: no event is ever loaded into JavaScript.

/** Sign-ins and re-authentications: the "how people sign in" chart. */
export const SIGN_IN_TYPES = [
  'sign_in.password',
  'sign_in.passkey',
  'reauth.password',
  'reauth.passkey',
] as const satisfies readonly SecurityEventType[];

/** The funnel's steps, in order. */
export const FUNNEL_TYPES = [
  'sign_in.password',
  'upgrade.offered',
  ...UPGRADE_OUTCOMES.map((outcome) => `upgrade.${outcome}` as const),
  'upgrade.first_passkey_sign_in',
  'upgrade.password_removed',
] as const satisfies readonly SecurityEventType[];

/** Events that name a passkey's provider. */
export const PROVIDER_TYPES = [
  'upgrade.created',
  'sign_in.passkey',
  'upgrade.first_passkey_sign_in',
] as const satisfies readonly SecurityEventType[];

const COUNTED_TYPES = [...new Set<string>([...SIGN_IN_TYPES, ...FUNNEL_TYPES, ...PROVIDER_TYPES])];

/** The groups a report may split by, and the events that put an account in each. */
export const DIMENSIONS = {
  browser: FUNNEL_TYPES,
  os: FUNNEL_TYPES,
  provider: PROVIDER_TYPES,
  sign_ins: SIGN_IN_TYPES,
} as const;
export type Dimension = keyof typeof DIMENSIONS;

/** The smallest group shown as a number; smaller ones read "fewer than 5". */
export const MIN_GROUP_ACCOUNTS = 5;

/** Events of one kind: a type, with how it was done and where. */
export type CountRow = { type: string; method: string; browser: string; os: string; provider: string; events: number };
/** Distinct accounts in a group (a browser, OS or provider; "sign_ins" has the one value ""). */
export type GroupRow = { dimension: Dimension; value: string; accounts: number };
export type MemberRow = { dimension: Dimension; value: string; userId: string };
export type DayTally = { day: string; counts: CountRow[]; groups: GroupRow[]; members: MemberRow[] };

/** A day is final once it has been over for 5 minutes: late writes from busy instances are in. */
const GRACE_MS = 5 * 60 * 1000;

export function lastFinishedDay(now: Date): string {
  return addDays(dayOf(new Date(now.getTime() - GRACE_MS)), -1);
}

/** Counts one UTC day from the events themselves. */
export async function tallyDay(day: string): Promise<DayTally> {
  const start = startOfDay(day);
  const end = startOfDay(addDays(day, 1));
  const during = { createdAt: { gte: start, lt: end } };
  const counted = await db.securityEvent.groupBy({
    by: ['type', 'method', 'browser', 'os', 'provider'],
    where: { ...during, type: { in: COUNTED_TYPES } },
    _count: { _all: true },
  });
  const rows = await db.$queryRaw<{ dimension: Dimension; value: string; accounts: bigint | number }[]>`
    SELECT 'browser' AS "dimension", "browser" AS "value", COUNT(DISTINCT "userId") AS "accounts" FROM "SecurityEvent"
      WHERE "createdAt" >= ${start} AND "createdAt" < ${end} AND "type" IN (${sqlList(DIMENSIONS.browser)}) GROUP BY "browser"
    UNION ALL
    SELECT 'os', "os", COUNT(DISTINCT "userId") FROM "SecurityEvent"
      WHERE "createdAt" >= ${start} AND "createdAt" < ${end} AND "type" IN (${sqlList(DIMENSIONS.os)}) GROUP BY "os"
    UNION ALL
    SELECT 'provider', "provider", COUNT(DISTINCT "userId") FROM "SecurityEvent"
      WHERE "createdAt" >= ${start} AND "createdAt" < ${end} AND "type" IN (${sqlList(DIMENSIONS.provider)}) GROUP BY "provider"
    UNION ALL
    SELECT 'sign_ins', '', COUNT(DISTINCT "userId") FROM "SecurityEvent"
      WHERE "createdAt" >= ${start} AND "createdAt" < ${end} AND "type" IN (${sqlList(DIMENSIONS.sign_ins)})`;
  const groups = rows
    .map((row) => ({ dimension: row.dimension, value: row.value, accounts: Number(row.accounts) }))
    .filter((row) => row.accounts > 0);
  // Who is in each small group: distinct accounts do not add up across days, so a group that
  // is small on every day of a period is counted from these.
  const members: MemberRow[] = [];
  for (const group of groups.filter((row) => row.accounts < MIN_GROUP_ACCOUNTS)) {
    const found = await db.securityEvent.findMany({
      where: {
        ...during,
        type: { in: [...DIMENSIONS[group.dimension]] },
        userId: { not: null },
        ...(group.dimension === 'sign_ins' ? {} : { [group.dimension]: group.value }),
      },
      distinct: ['userId'],
      select: { userId: true },
    });
    for (const { userId } of found) if (userId) members.push({ dimension: group.dimension, value: group.value, userId });
  }
  return {
    day,
    counts: counted.map(({ _count, ...keys }) => ({ ...keys, events: _count._all })),
    groups,
    members,
  };
}

/**
 * Counts and keeps every finished day from `from` to `to` not kept yet; `replace` counts
 * them again (after events were written into the past, as the demo seed does). Several
 * instances may do this at once: the day's InsightDay row is written in the same
 * transaction as its counts, so one of them keeps the day and the others drop theirs.
 */
export async function rollUpDays(from: string, to: string, options: { now?: Date; replace?: boolean } = {}): Promise<number> {
  const last = lastFinishedDay(options.now ?? new Date());
  const until = to < last ? to : last;
  if (from > until) return 0;
  if (options.replace) await forgetDays(from, until);
  // Days before the first event there is have nothing to count (a new database, a long period).
  const oldest = await db.securityEvent.findFirst({ orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
  if (!oldest) return 0;
  if (dayOf(oldest.createdAt) > from) from = dayOf(oldest.createdAt);
  if (from > until) return 0;
  const kept = new Set(
    (await db.insightDay.findMany({ where: { day: { gte: from, lte: until } }, select: { day: true } })).map((row) => row.day),
  );
  let rolled = 0;
  for (let day = from; day <= until; day = addDays(day, 1)) {
    if (kept.has(day)) continue;
    const tally = await tallyDay(day);
    try {
      await db.$transaction([
        db.insightDay.create({ data: { day } }),
        db.insightCount.createMany({ data: tally.counts.map((row) => ({ day, ...row })) }),
        db.insightGroup.createMany({ data: tally.groups.map((row) => ({ day, ...row })) }),
        db.insightRareMember.createMany({ data: tally.members.map((row) => ({ day, ...row })) }),
      ]);
      rolled += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return rolled;
}

async function forgetDays(from: string, to: string): Promise<void> {
  const days = { day: { gte: from, lte: to } };
  await db.$transaction([
    db.insightCount.deleteMany({ where: days }),
    db.insightGroup.deleteMany({ where: days }),
    db.insightRareMember.deleteMany({ where: days }),
    db.insightDay.deleteMany({ where: days }),
  ]);
}

/** Keeps the roll-ups up to date: every finished day a report can ask for (run now and then). */
export async function rollUpRecentDays(now = new Date()): Promise<number> {
  const today = dayOf(now);
  return rollUpDays(addDays(today, -(MAX_PERIOD_DAYS - 1)), today, { now });
}
