// What bench/seed.ts writes for the load generator: one entry per seeded account.

/** Every seeded account's password (see bench/seed.ts for why they share one). */
export const BENCH_PASSWORD = 'bench passphrase for everyone';

export type SeededAccount = { email: string; userHandle: string; credentialId: string; privateKeyPkcs8: string };
