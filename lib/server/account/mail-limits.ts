import 'server-only';
import { config } from '../platform/config';
import { sha256Hex } from '../platform/crypto';
import { Failure } from '../platform/failure';
import { limitAddress, releaseLimit, takeLimit } from '../identity/rate-limit';
import type { ClientInfo } from '../audit/security-events';
import type { EmailLinkPurpose } from '../identity/email-link';

// How many links the app mails: per address (so nobody can flood one inbox) and per client
// address (so nobody can mail the world through us). Both are taken before anything else,
// atomically, so they hold exactly under any concurrency and on any number of instances. The
// address key is a hash and exists whether or not an account does, so a refusal says nothing
// about whether the address has an account.

const addressKey = (purpose: EmailLinkPurpose, email: string) => `mail:${purpose}:address:${sha256Hex(email)}`;
const clientKey = (ip: string | null) => `mail:client:${limitAddress(ip)}`;

export async function takeMailLimits(purpose: EmailLinkPurpose, email: string, client: ClientInfo): Promise<void> {
  const { perAddress, perClient, windowSeconds } = config().mailLimit;
  const keys = [
    { key: addressKey(purpose, email), max: perAddress },
    { key: clientKey(client.ipAddress), max: perClient },
  ];
  const states = await Promise.all(keys.map(({ key, max }) => takeLimit(key, max, windowSeconds)));
  if (states.some((state) => state.blocked)) {
    // A refused request sent nothing, so it does not use up the other limit.
    await Promise.all(keys.filter((_, i) => !states[i]!.blocked).map(({ key }) => releaseLimit(key)));
    throw new Failure('too_many_requests', 'Too many emails were asked for.', {
      retryAfterSeconds: Math.max(...states.map((state) => state.retryAfterSeconds)),
    });
  }
}
