import 'server-only';
import { db, isUniqueViolation } from '../platform/db';
import { asSession } from '../identity/security-stamp';
import type { User } from '../identity/user';

// Stored passkeys (WebAuthn credential records, WebAuthn L3 §4 "credential record").

export type PasskeyCreatedVia = 'automatic' | 'manual';
export type DeviceType = 'singleDevice' | 'multiDevice';

export type PasskeyRecord = {
  id: string;
  credentialId: string;
  userId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  aaguid: string;
  backupEligible: boolean;
  backupState: boolean;
  deviceType: DeviceType;
  uvInitialized: boolean;
  createdVia: PasskeyCreatedVia;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

type Row = NonNullable<Awaited<ReturnType<typeof db.passkey.findUnique>>>;

function toRecord({ createdInSession: _, ...row }: Row): PasskeyRecord {
  return {
    ...row,
    publicKey: Uint8Array.from(row.publicKey),
    counter: Number(row.counter),
    transports: row.transports ? row.transports.split(',') : [],
    deviceType: row.deviceType as DeviceType,
    createdVia: row.createdVia as PasskeyCreatedVia,
  };
}

export class CredentialExistsError extends Error {
  constructor() {
    super('This passkey is already registered.');
  }
}

/**
 * Stores a new passkey on the authority of the session that registered it, and only while
 * that session is live (asSession): a registration that was in flight when the session was
 * ended, or the account secured, stores nothing.
 */
export async function createPasskey(
  input: Omit<PasskeyRecord, 'id' | 'createdAt' | 'lastUsedAt' | 'userId'>,
  by: { id: string; userId: string },
): Promise<PasskeyRecord> {
  try {
    const row = await asSession(by, (tx) =>
      tx.passkey.create({
        data: {
          ...input,
          userId: by.userId,
          publicKey: Buffer.from(input.publicKey),
          counter: BigInt(input.counter),
          transports: input.transports.join(','),
          // What an address's first verification keeps when this session verifies it.
          createdInSession: by.id,
        },
      }),
    );
    return toRecord(row);
  } catch (error) {
    // The unique index on credentialId is what stops a second registration of an id that
    // another account (or this one) owns; the existing row is left as it was.
    if (isUniqueViolation(error)) {
      throw new CredentialExistsError();
    }
    throw error;
  }
}

/** A stored passkey with the account it belongs to (read together: a sign-in needs both). */
/**
 * A passkey and its account. `ownerSignedInWithPasskey`: the account's first passkey sign-in
 * is already behind it (so a sign-in need not try to claim it, lib/server/identity/user.ts).
 *
 * Every sign-in runs this, so it is one SQL join (the same text on SQLite and PostgreSQL;
 * Prisma gives raw results the schema's types), not Prisma's `include`: that was two
 * statements and, in Prisma's query interpreter, about four times the CPU (docs/decisions/008).
 */
export async function findPasskeyByCredentialId(
  credentialId: string,
): Promise<(PasskeyRecord & { owner: User; ownerSignedInWithPasskey: boolean; ownerStamp: number }) | null> {
  const [row] = await db.$queryRaw<
    (Row & {
      ownerEmail: string;
      ownerDisplayName: string;
      ownerWebauthnUserId: string;
      ownerCreatedAt: Date;
      ownerFirstPasskeySignInAt: Date | null;
      ownerStamp: number | bigint;
    })[]
  >`
    SELECT p."id", p."credentialId", p."userId", p."publicKey", p."counter", p."transports", p."aaguid",
           p."backupEligible", p."backupState", p."deviceType", p."uvInitialized", p."createdVia", p."name",
           p."createdAt", p."lastUsedAt", p."createdInSession",
           u."email" AS "ownerEmail", u."displayName" AS "ownerDisplayName", u."webauthnUserId" AS "ownerWebauthnUserId",
           u."createdAt" AS "ownerCreatedAt", u."firstPasskeySignInAt" AS "ownerFirstPasskeySignInAt",
           u."securityStamp" AS "ownerStamp"
    FROM "Passkey" p JOIN "User" u ON u."id" = p."userId"
    WHERE p."credentialId" = ${credentialId}`;
  if (!row) return null;
  const { ownerEmail, ownerDisplayName, ownerWebauthnUserId, ownerCreatedAt, ownerFirstPasskeySignInAt, ownerStamp, ...passkey } = row;
  const owner: User = {
    id: passkey.userId,
    email: ownerEmail,
    displayName: ownerDisplayName,
    webauthnUserId: ownerWebauthnUserId,
    createdAt: ownerCreatedAt,
  };
  // The account's security stamp, read with the passkey: the sign-in's session is made only
  // while it is still this one (lib/server/identity/session.ts).
  return { ...toRecord(passkey), owner, ownerSignedInWithPasskey: ownerFirstPasskeySignInAt !== null, ownerStamp: Number(ownerStamp) };
}

export async function listPasskeys(userId: string): Promise<PasskeyRecord[]> {
  const rows = await db.passkey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return rows.map(toRecord);
}

/**
 * Stores a sign-in's counter and backup state, only if the counter is still the one the
 * verification compared against (compare-and-swap): of two sign-ins racing with the same
 * old counter, one wins and the other is refused.
 */
export async function recordPasskeyUse(
  passkey: Pick<PasskeyRecord, 'id' | 'counter'>,
  update: { counter: number; backupState: boolean; at: Date },
): Promise<boolean> {
  // One statement per sign-in, raw for the same reason as the lookup above.
  const changed = await db.$executeRaw`
    UPDATE "Passkey" SET "counter" = ${BigInt(update.counter)}, "backupState" = ${update.backupState}, "lastUsedAt" = ${update.at}
    WHERE "id" = ${passkey.id} AND "counter" = ${BigInt(passkey.counter)}`;
  return changed === 1;
}

export async function findPasskeyOfUser(userId: string, id: string): Promise<PasskeyRecord | null> {
  const row = await db.passkey.findFirst({ where: { id, userId } });
  return row ? toRecord(row) : null;
}

/** Renames one of the account's passkeys, on a live session's authority; false if it has no passkey with that id. */
export async function renamePasskey(session: { id: string; userId: string }, id: string, name: string): Promise<boolean> {
  const { count } = await asSession(session, (tx) => tx.passkey.updateMany({ where: { id, userId: session.userId }, data: { name } }));
  return count === 1;
}

/** The account's passkeys that one session created (see Passkey.createdInSession). */
export async function passkeyIdsCreatedIn(userId: string, sessionId: string): Promise<string[]> {
  const rows = await db.passkey.findMany({ where: { userId, createdInSession: sessionId }, select: { id: true } });
  return rows.map((row) => row.id);
}
