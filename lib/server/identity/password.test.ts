import * as argon2 from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from './password';

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

describe('password policy (ASVS 5.0 V6.2)', () => {
  it('refuses fewer than 8 characters and counts code points, not UTF-16 units', () => {
    expect(passwordProblem('1234567')).toBe('Use at least 8 characters.');
    // Seven emoji are 14 UTF-16 units but 7 characters.
    expect(passwordProblem('🦊🦊🦊🦊🦊🦊🦊')).toBe('Use at least 8 characters.');
    expect(passwordProblem('🦊🦊🦊🦊🦊🦊🦊🦊')).toBeNull();
  });

  it('allows 64 and up to 128 characters, and refuses 129', () => {
    expect(passwordProblem('x7'.repeat(32))).toBeNull();
    expect(passwordProblem('q'.repeat(127) + 'z')).toBeNull();
    expect(passwordProblem('q'.repeat(129))).toBe('Use at most 128 characters.');
  });

  it('has no composition rules: a long lower-case passphrase is fine', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    expect(passwordProblem('password1')).toMatch(/commonly used/);
    expect(passwordProblem('PassWord1')).toMatch(/commonly used/);
    expect(passwordProblem('iloveyou')).toMatch(/commonly used/);
  });

  it('refuses the account email as its password', () => {
    expect(passwordProblem('ann.lee@example.com', { email: 'ann.lee@example.com' })).toMatch(/email/);
  });
});

describe('password hashing', () => {
  it('stores argon2id with at least OWASP parameters and verifies the whole password', async () => {
    const password = 'a'.repeat(100) + 'tail-that-must-count';
    const stored = await hashPassword(password);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/);
    const [, m, t, p] = stored.match(/m=(\d+),t=(\d+),p=(\d+)/)!.map(Number);
    expect(m).toBeGreaterThanOrEqual(19 * 1024);
    expect(t).toBeGreaterThanOrEqual(2);
    expect(p).toBeGreaterThanOrEqual(1);
    expect(await verifyPassword(stored, password)).toBe(true);
    // No truncation: changing the last character fails.
    expect(await verifyPassword(stored, password.slice(0, -1) + 'X')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('treats canonically equivalent Unicode as the same password (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait');
    expect(await verifyPassword(stored, 'cafe\u0301 au lait')).toBe(true);
  });

  it('answers false, not an error, for a malformed stored hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever1')).toBe(false);
  });

  it('runs a full argon2id verification, with the real parameters, when there is nothing to verify', async () => {
    // What makes an unknown email cost as much as a wrong password is doing the same work;
    // the work is observed here rather than timed, so the test stays deterministic.
    const verify = vi.mocked(argon2.verify);
    verify.mockClear();
    expect(await verifyNothing('wrong guess')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [usedHash, usedPassword] = verify.mock.calls[0]!;
    expect(usedHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(usedPassword).toBe('wrong guess');
  });
});
