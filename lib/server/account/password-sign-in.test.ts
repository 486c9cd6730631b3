import { describe, expect, it } from 'vitest';
import { db } from '../platform/db';
import { signInWithPassword, signUp } from './password-sign-in';

// Each call of client() is a different client address.
let clients = 0;
const client = () => ({ userAgent: 'vitest', ipAddress: `2001:db8:${(++clients).toString(16)}::1` });
const email = () => `p-${crypto.randomUUID()}@example.com`;
const password = 'a long enough passphrase';

describe('password sign-up and sign-in', () => {
  it('signs up, then signs in with a new session that records the password method', async () => {
    const address = email();
    const up = await signUp({ email: address, displayName: 'Ann', password }, client());
    expect(up.ok).toBe(true);
    const result = await signInWithPassword(address, password, client());
    expect(result.ok && result.session.authMethod).toBe('password');
    expect(result.ok && up.ok && result.session.id !== up.session.id).toBe(true);
    const events = await db.securityEvent.findMany({ where: { user: { email: address } }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['sign_up', 'sign_in.password']);
  });

  it('refuses a second account for the same email and a common password', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    expect(await signUp({ email: address, displayName: 'Bob', password }, client())).toEqual({
      ok: false,
      reason: 'email_taken',
    });
    const weak = await signUp({ email: email(), displayName: 'Cy', password: 'password123' }, client());
    expect(weak.ok).toBe(false);
    expect(!weak.ok && weak.reason).toBe('weak_password');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    expect(await signInWithPassword(address, 'not the password', client())).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(await signInWithPassword(email(), 'not the password', client())).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
  });

  it('answers an account without a password like a wrong password', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    await db.password.deleteMany({ where: { user: { email: address } } });
    expect(await signInWithPassword(address, password, client())).toEqual({ ok: false, reason: 'invalid_credentials' });
  });

  it('locks one address out of an account after 5 failures, even for the right password, but not the owner elsewhere', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    const attacker = client();
    for (let i = 0; i < 5; i++) {
      expect((await signInWithPassword(address, `wrong ${i}`, attacker)).ok).toBe(false);
    }
    const locked = await signInWithPassword(address, password, attacker);
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.reason).toBe('rate_limited');
    expect(!locked.ok && locked.reason === 'rate_limited' && locked.retryAfterSeconds).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out by someone else's guesses.
    expect((await signInWithPassword(address, password, client())).ok).toBe(true);
  });

  it('limits unknown emails the same way, so the limit reveals nothing', async () => {
    const address = email();
    const from = client();
    for (let i = 0; i < 5; i++) await signInWithPassword(address, `wrong ${i}`, from);
    const result = await signInWithPassword(address, 'wrong again', from);
    expect(!result.ok && result.reason).toBe('rate_limited');
  });

  it('twelve wrong passwords at once from one address: exactly five are checked, seven refused', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    const from = client();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signInWithPassword(address, `wrong ${i}`, from)));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'invalid_credentials')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(7);
    const failed = await db.securityEvent.count({ where: { user: { email: address }, type: 'sign_in.failed' } });
    expect(failed).toBe(5);
  });

  it('bounds guesses spread over many addresses: 100 per account, exactly, even all at once', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    const results = await Promise.all(Array.from({ length: 110 }, (_, i) => signInWithPassword(address, `wrong ${i}`, client())));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'invalid_credentials')).toHaveLength(100);
    expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(10);
    // Now the password is refused from everywhere until the window ends.
    expect(await signInWithPassword(address, password, client())).toMatchObject({ ok: false, reason: 'rate_limited' });
  }, 30_000);

  it('limits one client address across many accounts', async () => {
    const from = client();
    for (let i = 0; i < 20; i++) await signInWithPassword(email(), 'guess', from);
    const result = await signInWithPassword(email(), 'guess', from);
    expect(!result.ok && result.reason).toBe('rate_limited');
  });

  it('a successful sign-in clears its address’s count for the account', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    const from = client();
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, from);
    expect((await signInWithPassword(address, password, from)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, from);
    expect((await signInWithPassword(address, password, from)).ok).toBe(true);
  });

  it('a successful sign-in from another address changes nothing for the first', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, client());
    expect((await signInWithPassword(address, password, client())).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, client());
    expect((await signInWithPassword(address, password, client())).ok).toBe(true);
  });
});
