import { describe, expect, it } from 'vitest';
import { hitLimit, limitAddress, peekLimit, resetLimit } from './rate-limit';

const key = () => `test:${crypto.randomUUID()}`;

describe('rate limits', () => {
  it('blocks once the count reaches the maximum, with the seconds left in the window', async () => {
    const k = key();
    const now = new Date('2026-05-01T12:00:00Z');
    for (let i = 1; i <= 4; i++) {
      expect(await hitLimit(k, 900, now)).toBe(i);
      expect((await peekLimit(k, 5, now)).blocked).toBe(false);
    }
    await hitLimit(k, 900, now);
    const later = new Date(now.getTime() + 60_000);
    expect(await peekLimit(k, 5, later)).toEqual({ blocked: true, retryAfterSeconds: 840 });
  });

  it('starts a new window when the old one is over', async () => {
    const k = key();
    const now = new Date('2026-05-01T12:00:00Z');
    for (let i = 0; i < 5; i++) await hitLimit(k, 900, now);
    const after = new Date(now.getTime() + 900_000);
    expect((await peekLimit(k, 5, after)).blocked).toBe(false);
    expect(await hitLimit(k, 900, after)).toBe(1);
  });

  it('loses no count when many requests hit the same key at once', async () => {
    const k = key();
    await Promise.all(Array.from({ length: 25 }, () => hitLimit(k, 900)));
    expect(await hitLimit(k, 900)).toBe(26);
  });

  it('keeps keys apart, and a reset clears one key', async () => {
    const a = key();
    const b = key();
    for (let i = 0; i < 3; i++) await hitLimit(a, 900);
    expect(await hitLimit(b, 900)).toBe(1);
    await resetLimit(a);
    expect((await peekLimit(a, 1)).blocked).toBe(false);
    expect((await peekLimit(b, 1)).blocked).toBe(true);
  });
});

describe('limitAddress', () => {
  it('counts an IPv6 client by its /64 and an IPv4 client by its address', () => {
    expect(limitAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(limitAddress('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(limitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitAddress('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(limitAddress('::1')).toBe('0:0:0:0::/64');
    expect(limitAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(limitAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(limitAddress(null)).toBe('unknown');
  });
});
