import { describe, expect, it } from 'vitest';
import { consumeChallenge, saveChallenge } from './challenge';
import { randomToken } from '../platform/crypto';

const sessionId = () => randomToken(16);

describe('challenges', () => {
  it('are consumed exactly once, even by concurrent requests', async () => {
    const challenge = randomToken();
    const binding = { sessionId: sessionId() };
    await saveChallenge({ challenge, purpose: 'registration', binding });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => consumeChallenge({ challenge, binding, purposes: ['registration'] })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await consumeChallenge({ challenge, binding, purposes: ['registration'] })).toEqual({ ok: false, problem: 'unknown' });
  });

  it('are refused for another purpose or after expiry, and used up all the same', async () => {
    const binding = { ceremonyToken: randomToken() };
    const cases = [
      { input: { binding, purposes: ['registration', 'upgrade'] as const }, problem: 'wrong_purpose' },
      { input: { binding, purposes: ['authentication'] as const, now: new Date(Date.now() + 3600_000) }, problem: 'expired' },
    ];
    for (const { input, problem } of cases) {
      const challenge = randomToken();
      await saveChallenge({ challenge, purpose: 'authentication', binding });
      expect(await consumeChallenge({ challenge, ...input })).toEqual({ ok: false, problem });
      // A failed attempt used it up: the right browser cannot use it afterwards either.
      expect(await consumeChallenge({ challenge, binding, purposes: ['authentication'] })).toEqual({ ok: false, problem: 'unknown' });
    }
  });

  it('are refused from another browser without being used up, so whoever learns one cannot burn it', async () => {
    const binding = { ceremonyToken: randomToken() };
    for (const other of [{ ceremonyToken: randomToken() }, { ceremonyToken: undefined }, { sessionId: sessionId() }]) {
      const challenge = randomToken();
      await saveChallenge({ challenge, purpose: 'authentication', binding });
      expect(await consumeChallenge({ challenge, binding: other, purposes: ['authentication'] })).toEqual({
        ok: false,
        problem: 'other_browser',
      });
      expect(await consumeChallenge({ challenge, binding, purposes: ['authentication'] })).toMatchObject({ ok: true });
    }
  });

  it('give back purpose and account on success', async () => {
    const challenge = randomToken();
    const binding = { sessionId: sessionId() };
    await saveChallenge({ challenge, purpose: 'upgrade', binding });
    expect(await consumeChallenge({ challenge, binding, purposes: ['registration', 'upgrade'] })).toEqual({
      ok: true,
      value: { challenge, purpose: 'upgrade', userId: null, mediation: null },
    });
  });
});
