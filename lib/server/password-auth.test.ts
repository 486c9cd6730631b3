import { describe, expect, it } from 'vitest';
import { db } from './db';
import { signInWithPassword, signUp } from './password-auth';

// Each call is a different client address, so only the per-account limit is in play.
let clients = 0;
const client = () => ({ userAgent: 'vitest', ipAddress: `2001:db8::${(++clients).toString(16)}` });
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

  it('locks an account after 5 failures, from any address, even for the right password', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    for (let i = 0; i < 5; i++) {
      expect((await signInWithPassword(address, `wrong ${i}`, client())).ok).toBe(false);
    }
    const locked = await signInWithPassword(address, password, client());
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.reason).toBe('rate_limited');
    expect(!locked.ok && locked.reason === 'rate_limited' && locked.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('limits unknown emails the same way, so the limit reveals nothing', async () => {
    const address = email();
    for (let i = 0; i < 5; i++) await signInWithPassword(address, `wrong ${i}`, client());
    const result = await signInWithPassword(address, 'wrong again', client());
    expect(!result.ok && result.reason).toBe('rate_limited');
  });

  it('limits one client address across many accounts', async () => {
    const from = client();
    for (let i = 0; i < 20; i++) await signInWithPassword(email(), 'guess', from);
    const result = await signInWithPassword(email(), 'guess', from);
    expect(!result.ok && result.reason).toBe('rate_limited');
  });

  it('a successful sign-in clears the account counter', async () => {
    const address = email();
    await signUp({ email: address, displayName: 'Ann', password }, client());
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, client());
    expect((await signInWithPassword(address, password, client())).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signInWithPassword(address, `wrong ${i}`, client());
    expect((await signInWithPassword(address, password, client())).ok).toBe(true);
  });
});
