import 'server-only';
import { db } from './db';

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
  | 'passkey.counter_regression'
  | 'upgrade.offered'
  | UpgradeEventType;

/** The automatic upgrade's outcomes: the funnel is counted from these. */
export const UPGRADE_OUTCOMES = ['unsupported', 'declined', 'already_exists', 'aborted', 'error', 'created', 'rejected'] as const;
export type UpgradeOutcome = (typeof UPGRADE_OUTCOMES)[number];
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

export async function listEvents(userId: string, take = 20) {
  const rows = await db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
