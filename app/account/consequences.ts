// What removing a way to sign in leaves, in the words the confirmation uses.

const quoted = (name: string) => `“${name}”`;

/** “A”, “A” and “B”, “A”, “B” and “C”. */
export function names(list: string[]): string {
  const q = list.map(quoted);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q.at(-1)}`;
}

export function afterRemovingPassword(passkeys: string[]): string {
  return passkeys.length === 1
    ? `You’ll sign in only with ${quoted(passkeys[0]!)}.`
    : `You’ll sign in only with your passkeys: ${names(passkeys)}.`;
}

export function afterRemovingPasskey(otherPasskeys: string[], hasPassword: boolean): string {
  if (otherPasskeys.length === 0) return 'You’ll sign in only with your password.';
  const rest = otherPasskeys.length === 1 ? quoted(otherPasskeys[0]!) : `your other passkeys: ${names(otherPasskeys)}`;
  return hasPassword ? `You’ll sign in with your password or ${rest}.` : `You’ll sign in only with ${rest}.`;
}
