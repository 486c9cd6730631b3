import 'server-only';
import { UPGRADE_OUTCOMES, type UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { monotonicFactory } from 'ulid';
import { db } from '../platform/db';
import { countSignIn, countUpgradeOffer, countUpgradeOutcome } from '../platform/metrics';
import { browserAndOs } from './user-agent';

// The audit log (OWASP ASVS 5.0 V16): what happened to an account, by whom and from where.
// Details are small JSON objects and never hold a password, token, challenge or key.

export type SecurityEventType =
  | 'sign_up'
  | 'sign_in.password'
  | 'sign_in.passkey'
  | 'sign_in.failed'
  | 'sign_in.rate_limited'
  | 'sign_out'
  | 'passkey.created'
  | 'passkey.renamed'
  | 'passkey.removed'
  | 'passkey.counter_regression'
  | 'password.set'
  | 'password.changed'
  | 'password.removed'
  | 'profile.updated'
  | 'reauth.password'
  | 'reauth.passkey'
  | 'reauth.failed'
  | 'session.ended'
  | 'session.ended_others'
  | 'upgrade.offered'
  | UpgradeEventType
  // The funnel's last two steps, recorded beside the event that makes them: an account's
  // first passkey sign-in after it was offered the upgrade, and its password removed after.
  | 'upgrade.first_passkey_sign_in'
  | 'upgrade.password_removed'
  | 'insights.viewed'
  | 'insights.exported'
  // Email links: a verification link sent and used, a recovery link sent, a sign-in by a
  // recovery link, a password set by one, and what an address's first proof removed.
  | 'email.verification_sent'
  | 'email.verified'
  | 'recovery.requested'
  | 'recovery.signed_in'
  | 'password.reset'
  | 'account.secured';

/** The automatic upgrade's outcomes (lib/shared/upgrade-outcomes.ts): the funnel is counted from these. */
type UpgradeEventType = `upgrade.${UpgradeOutcome}`;

export type ClientInfo = { ipAddress: string | null; userAgent: string | null };

const nextEventId = monotonicFactory();

/** The columns the insights group by (see SecurityEvent in prisma/schema.prisma). */
export type EventFacts = { method?: 'autofill' | 'button'; provider?: string | null; seconds?: number };

export async function recordEvent(
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo,
  detail: Record<string, string | number | boolean | null> = {},
  facts: EventFacts = {},
): Promise<void> {
  const { browser, os } = browserAndOs(client.userAgent);
  // Every sign-in records one, so plain SQL (the same on SQLite and PostgreSQL): through
  // Prisma's query interpreter the insert cost twice the CPU (docs/decisions/008). Ids are
  // ULIDs, in order of time and, within one process, of recording: the activity list breaks
  // ties between events of the same millisecond by id.
  await db.$executeRaw`
    INSERT INTO "SecurityEvent" ("id", "userId", "type", "detail", "ipAddress", "userAgent", "browser", "os", "provider", "method", "seconds", "createdAt")
    VALUES (${nextEventId()}, ${userId}, ${type}, ${JSON.stringify(detail)}, ${client.ipAddress}, ${client.userAgent?.slice(0, 512) ?? null},
            ${browser}, ${os}, ${facts.provider ?? ''}, ${facts.method ?? ''}, ${facts.seconds ?? null}, ${new Date()})`;
  countInMetrics(type, facts);
}

const OUTCOME_EVENTS = new Map(UPGRADE_OUTCOMES.map((outcome) => [`upgrade.${outcome}`, outcome]));

function countInMetrics(type: SecurityEventType, facts: EventFacts): void {
  if (type === 'sign_in.password') countSignIn('password');
  else if (type === 'sign_in.passkey') countSignIn(facts.method === 'autofill' ? 'passkey_autofill' : 'passkey_button');
  else if (type === 'reauth.password' || type === 'reauth.passkey') countSignIn('reauthentication');
  else if (type === 'upgrade.offered') countUpgradeOffer();
  else {
    const outcome = OUTCOME_EVENTS.get(type);
    if (outcome) countUpgradeOutcome(outcome);
  }
}

/**
 * What an account holder sees of their own log: everything but the upgrade's internal steps
 * (offered, declined by the password manager, unsupported, ...). Those describe the browser,
 * not the account; they belong to the operator's funnel. A passkey the upgrade created still
 * shows, once, as "passkey.created" with how it was made.
 */
export const ACCOUNT_ACTIVITY_TYPES: SecurityEventType[] = [
  'sign_up',
  'sign_in.password',
  'sign_in.passkey',
  'sign_in.failed',
  'sign_in.rate_limited',
  'sign_out',
  'passkey.created',
  'passkey.renamed',
  'passkey.removed',
  'passkey.counter_regression',
  'password.set',
  'password.changed',
  'password.removed',
  'profile.updated',
  'reauth.password',
  'reauth.passkey',
  'reauth.failed',
  'session.ended',
  'session.ended_others',
  'insights.viewed',
  'insights.exported',
  'email.verification_sent',
  'email.verified',
  'recovery.requested',
  'recovery.signed_in',
  'password.reset',
  'account.secured',
];

export type ActivityPage = {
  events: {
    id: string;
    type: string;
    detail: Record<string, unknown>;
    ipAddress: string | null;
    userAgent: string | null;
    createdAt: Date;
  }[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
};

/** The account's events, newest first, `limit` at a time; `before` is the previous page's `next`. */
export async function listEvents(
  userId: string,
  options: { limit?: number; before?: string | null; types?: readonly SecurityEventType[] } = {},
): Promise<ActivityPage> {
  const limit = options.limit ?? 20;
  const cursor = options.before ? await db.securityEvent.findFirst({ where: { id: options.before, userId } }) : null;
  const rows = await db.securityEvent.findMany({
    where: {
      userId,
      ...(options.types && { type: { in: [...options.types] } }),
      ...(cursor && {
        OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
      }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map(({ userId: _user, ...row }) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> })),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The account's earliest event of a type (its first upgrade offer, say), or null. */
export async function firstEventOf(userId: string, type: SecurityEventType): Promise<{ createdAt: Date } | null> {
  return db.securityEvent.findFirst({ where: { userId, type }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
}
