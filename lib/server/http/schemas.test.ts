import { describe, expect, it } from 'vitest';
import { displayNameSchema, emailSchema, passkeyNameSchema } from './schemas';

describe('names', () => {
  const problem = (value: string) => {
    const parsed = passkeyNameSchema.safeParse(value);
    return parsed.success ? null : parsed.error.issues[0]!.message;
  };

  it('refuses invisible format characters (Unicode Cf) and control characters', () => {
    for (const invisible of ['\u061c', '\u200b', '\u2060', '\u200e', '\u202e', '\u2066', '\ufeff', '\u00ad']) {
      expect(problem(`Work${invisible}laptop`), JSON.stringify(invisible)).toMatch(/invisible or control/);
    }
    expect(problem('Work\u0007laptop')).toMatch(/invisible or control/);
  });

  it('treats a name of only invisible characters as empty', () => {
    expect(problem('\u200b')).toBe('Enter a name for the passkey.');
    expect(problem(' \u200b\u2060 ')).toBe('Enter a name for the passkey.');
    expect(displayNameSchema.safeParse('\u200b').error?.issues[0]?.message).toBe('Enter a display name.');
  });

  it('keeps emoji written with a zero-width joiner, and ordinary names', () => {
    expect(passkeyNameSchema.parse('Laptop 👩‍💻')).toBe('Laptop 👩‍💻');
    expect(passkeyNameSchema.parse('  Zoë’s phone ')).toBe('Zoë’s phone');
    expect(problem('a\u200db')).toMatch(/invisible or control/);
  });
});

describe('email', () => {
  it('keeps the address as typed beside the lower-cased one that finds the account', () => {
    expect(emailSchema.parse('  Ann.Lee@Example.COM ')).toEqual({ typed: 'Ann.Lee@Example.COM', address: 'ann.lee@example.com' });
  });
});
