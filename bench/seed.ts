// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { writeFileSync } from 'node:fs';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { SoftwareAuthenticator } from '@/e2e/fixtures/software-authenticator';
import { config } from '@/lib/server/platform/config';
import { db } from '@/lib/server/platform/db';
import { createPasskey } from '@/lib/server/webauthn/passkey';
import { hashPassword } from '@/lib/server/identity/password';
import { createUserWithPassword } from '@/lib/server/identity/user';
import { createSession, endSession } from '@/lib/server/identity/session';
import { BENCH_PASSWORD, type SeededAccount } from './support/accounts';

// Seeds the benchmark's accounts into DATABASE_URL through the app's own data modules, so
// the rows are exactly what sign-up and the automatic upgrade write: each account has a
// password and one passkey as a password manager makes it in the upgrade (synced: BE and BS
// set; no user verification at creation; signature counter always 0). The private keys go
// to a file for the load generator, which signs in as these people.
//
//   node --import tsx --conditions=react-server bench/seed.ts <count> <out.json>
//
// Every account gets the same password hash (one argon2id hash, made once): hashing 4,000
// passwords would take minutes and change nothing the benchmark measures, since verifying
// costs the same whichever salt the hash has.

async function main() {
  const count = Number(process.argv[2]);
  const out = process.argv[3];
  if (!Number.isInteger(count) || count < 1 || !out) throw new Error('usage: seed.ts <count> <out.json>');
  const authenticator = new SoftwareAuthenticator(config().origin);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const accounts: SeededAccount[] = [];
  const started = performance.now();
  const BATCH = 16;
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => start + k);
    accounts.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const email = `bench-${i}@example.com`;
          const user = await createUserWithPassword({ email, displayName: `Bench ${i}`, passwordHash });
          const options = {
            rp: { id: config().rpId, name: config().rpName },
            user: { id: user.webauthnUserId, name: email, displayName: `Bench ${i}` },
            challenge: 'c2VlZA',
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          } as PublicKeyCredentialCreationOptionsJSON;
          const { response, credential } = authenticator.create(options, {
            flags: { up: true, uv: false, be: true, bs: true },
            counterMode: 'zero',
            transports: ['internal', 'hybrid'],
          });
          // Registered on the authority of a session, as in the app; the seed needs none after.
          const { session } = await createSession(user.id, 'password', { userAgent: null, ipAddress: null }, { stamp: 0 });
          await createPasskey(
            {
              credentialId: response.id,
              publicKey: new Uint8Array(credential.cosePublicKey),
              counter: 0,
              transports: ['internal', 'hybrid'],
              aaguid: '00000000-0000-0000-0000-000000000000',
              backupEligible: true,
              backupState: true,
              deviceType: 'multiDevice',
              uvInitialized: false,
              createdVia: 'automatic',
              name: 'Passkey',
            },
            session,
          );
          await endSession(session);
          return {
            email,
            userHandle: user.webauthnUserId,
            credentialId: response.id,
            privateKeyPkcs8: credential.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
          };
        }),
      )),
    );
  }
  writeFileSync(out, JSON.stringify(accounts));
  console.log(`seeded ${count} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.$disconnect();
}

await main();
