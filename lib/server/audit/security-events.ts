import 'server-only';
import type { UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';
import { db } from '../platform/db';

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
  | UpgradeEventType;

/** The automatic upgrade's outcomes (lib/shared/upgrade-outcomes.ts): the funnel is counted from these. */
type UpgradeEventType = `upgrade.${UpgradeOutcome}`;

export type ClientInfo = { ipAddress: string | null; userAgent: string | null };

export async function recordEvent(
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo,
  detail: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  await db.securityEvent.create({
    data: {
      type,
      userId,
      detail: JSON.stringify(detail),
      ipAddress: client.ipAddress,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    },
  });
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
];

export type ActivityPage = {
  events: { id: string; type: string; detail: Record<string, unknown>; ipAddress: string | null; userAgent: string | null; createdAt: Date }[];
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
