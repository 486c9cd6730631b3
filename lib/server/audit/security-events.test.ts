import { describe, expect, it } from 'vitest';
import { db } from '../platform/db';
import { createUserWithPassword } from '../identity/user';
import { listEvents, recordEvent } from './security-events';

const client = {
  ipAddress: '192.0.2.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
};

describe('security events', () => {
  it('list newest first, events of one moment in the order they were recorded, page after page', async () => {
    const user = await createUserWithPassword({ email: `e-${crypto.randomUUID()}@example.com`, displayName: 'E', passwordHash: 'x' });
    // Many events in a few milliseconds: ties on the time are broken by the id.
    for (let i = 0; i < 30; i++) await recordEvent('profile.updated', user.id, client, { n: i });
    const seen: number[] = [];
    let before: string | null = null;
    do {
      const page = await listEvents(user.id, { limit: 7, before });
      seen.push(...page.events.map((e) => e.detail.n as number));
      before = page.next;
    } while (before);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));
  });

  it('store what the insights group by, and the detail as JSON', async () => {
    const user = await createUserWithPassword({ email: `f-${crypto.randomUUID()}@example.com`, displayName: 'F', passwordHash: 'x' });
    await recordEvent(
      'sign_in.passkey',
      user.id,
      client,
      { credential: 'c1' },
      { method: 'autofill', provider: 'Google Password Manager', seconds: 12 },
    );
    const [event] = (await listEvents(user.id)).events;
    expect(event).toMatchObject({
      type: 'sign_in.passkey',
      detail: { credential: 'c1' },
      ipAddress: '192.0.2.7',
      userAgent: client.userAgent,
    });
    expect(event!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(event!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    const row = await db.securityEvent.findUniqueOrThrow({ where: { id: event!.id } });
    expect(row).toMatchObject({ browser: 'Chrome', os: 'Linux', method: 'autofill', provider: 'Google Password Manager', seconds: 12 });
  });
});
