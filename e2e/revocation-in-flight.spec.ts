import type { APIRequestContext, APIResponse } from '@playwright/test';
import { passkeysOf, passwordCountOf, sessionCountOf } from './fixtures/database';
import { PASSWORD, creationOptions, softwareAuthenticator } from './fixtures/ceremonies';
import { linkIn, waitForMail } from './fixtures/mailbox';
import { expect, test } from './fixtures/test';

// A revocation is a line in time (docs/decisions/014): once the owner's verification, password
// reset or "end other sessions" has answered, nothing an attacker started before it may still
// work or be left behind. Each round, an attacker keeps 20 requests of each kind in flight
// (password sign-ins, password changes, passkey registrations, uses of a session: confirming
// it with the password, which gives it a new token, and writes on its authority) and the
// owner revokes while they run. The owner's request starts after a different number of the
// attacker's have been answered each round, so the line falls at a different place in the
// stream. Then, from outside and in the database: the attacker has no session, no passkey,
// and no password that signs in.

const ROUNDS = Number(process.env.REVOCATION_ROUNDS ?? 50);
const IN_FLIGHT = 20;
const KINDS = ['verifies the address', 'resets the password', 'ends the other sessions'] as const;

test.describe.configure({ mode: 'parallel' });

for (const [index, kind] of KINDS.entries()) {
  const rounds = Array.from({ length: ROUNDS }, (_, round) => round).filter((round) => round % KINDS.length === index);

  test(`the owner ${kind} while the attacker’s requests are in flight: nothing of the attacker’s survives (${rounds.length} rounds)`, async ({
    playwright,
    baseURL,
    uniqueEmail,
  }) => {
    // A round is a few seconds on a quiet machine; the bound is for a busy one.
    test.setTimeout(60_000 + rounds.length * 60_000);
    const contexts: APIRequestContext[] = [];
    // Limits count an IPv6 client by its /64, so each browser gets a /64 of its own.
    const network = (0x8000 + Math.floor(Math.random() * 0x7fff)).toString(16);
    let addresses = 0;
    /** A browser of its own (cookies) from an address of its own (limits count per address). */
    const browser = async () => {
      const context = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Origin: baseURL!, 'X-Forwarded-For': `2001:db8:${network}:${(++addresses).toString(16)}::1` },
      });
      contexts.push(context);
      return context;
    };
    try {
      for (const round of rounds) await playRound(kind, round, uniqueEmail(), browser, baseURL!);
    } finally {
      await Promise.all(contexts.map((context) => context.dispose()));
    }
  });
}

async function playRound(
  kind: (typeof KINDS)[number],
  round: number,
  email: string,
  browser: () => Promise<APIRequestContext>,
  baseURL: string,
) {
  const expectStatus = async (response: APIResponse, status: number) => expect(response.status(), await response.text()).toBe(status);
  const owner = await browser();
  const ownersPassword = `the owner’s own passphrase ${round}`;

  // The account. For a verification or a reset, the attacker made it with the owner's address
  // (pre-hijacking) and knows its password; for "end other sessions" it is the owner's, verified,
  // and the attacker holds sessions of it (a stolen password, or stolen cookies).
  const attackerSignUp = await browser();
  await expectStatus(await attackerSignUp.post('/api/auth/sign-up', { data: { email, displayName: 'Mallory', password: PASSWORD } }), 201);
  const verification = linkIn(await waitForMail(email, /^Verify your email/), '/verify-email').searchParams.get('token')!;
  let ownerRevokes: () => Promise<APIResponse>;
  if (kind === 'ends the other sessions') {
    await expectStatus(await attackerSignUp.post('/api/auth/email/verify', { data: { token: verification } }), 200);
    await expectStatus(await owner.post('/api/auth/sign-in', { data: { email, password: PASSWORD } }), 200);
    ownerRevokes = () => owner.post('/api/account/sessions/end-others');
  } else if (kind === 'verifies the address') {
    ownerRevokes = () => owner.post('/api/auth/email/verify', { data: { token: verification } });
  } else {
    await expectStatus(await owner.post('/api/auth/recovery', { data: { email } }), 202);
    const token = linkIn(await waitForMail(email, /^Reset your password/), '/recover').searchParams.get('token')!;
    ownerRevokes = () => owner.post('/api/auth/recovery/password', { data: { token, email, password: ownersPassword } });
  }

  // The attacker's sessions, each signed in with the password.
  const signedIn = async () => {
    const context = await browser();
    await expectStatus(await context.post('/api/auth/sign-in', { data: { email, password: PASSWORD } }), 200);
    return context;
  };
  const changer = await signedIn();
  const registrar = await signedIn();
  const users = await Promise.all(Array.from({ length: 4 }, signedIn));
  const authenticator = softwareAuthenticator(baseURL);
  const registrations = [];
  for (let i = 0; i < IN_FLIGHT; i++) registrations.push(authenticator.create(await creationOptions(registrar, 'register')).response);
  // Someone who knows the password may sign in again after "end other sessions": that is what
  // changing the password is for, and the other two kinds show it. So only those have sign-ins.
  const signers = kind === 'ends the other sessions' ? [] : await Promise.all(Array.from({ length: IN_FLIGHT }, browser));
  const newPasswords = Array.from({ length: IN_FLIGHT }, (_, i) => `mallory keeps a way in ${round}.${i}`);

  // Everything in flight at once, and the owner's revocation in the middle of it.
  const attack: Promise<APIResponse>[] = [
    ...signers.map((context) => context.post('/api/auth/sign-in', { data: { email, password: PASSWORD } })),
    ...newPasswords.map((password) => changer.put('/api/account/password', { data: { password } })),
    ...registrations.map((response) => registrar.post('/api/passkeys/register/verify', { data: response })),
    ...Array.from({ length: IN_FLIGHT }, (_, i) => {
      const context = users[i % users.length]!;
      return i < users.length
        ? context.post('/api/account/reauth/password', { data: { password: PASSWORD } })
        : context.patch('/api/account/profile', { data: { displayName: `Mallory ${i}` } });
    }),
  ];
  let answered = 0;
  const attackDone = Promise.all(attack.map((request) => request.then((response) => (answered++, response))));
  await expect.poll(() => answered).toBeGreaterThanOrEqual(round % IN_FLIGHT);
  const revoked = await ownerRevokes();
  expect(revoked.status(), await revoked.text()).toBe(200);
  const answers = await attackDone;
  // No attack request may fail with a server error: each is answered, or refused with a 4xx.
  expect(answers.map((response) => response.status()).filter((status) => status >= 500)).toEqual([]);

  // Nothing of the attacker's survives. No session (each attacker browser holds whatever cookie
  // its last answer set, a rotated one included):
  const attackers = [attackerSignUp, changer, registrar, ...users, ...signers];
  const still = await Promise.all(attackers.map(async (context) => (await context.get('/api/account')).status()));
  expect(
    still.filter((status) => status !== 401),
    `round ${round}: attacker sessions still signed in`,
  ).toEqual([]);
  expect(await sessionCountOf(email), `round ${round}: sessions left`).toBe(1);
  expect((await owner.get('/api/account')).status()).toBe(200);

  if (kind !== 'ends the other sessions') {
    // No passkey, and no password of the attacker's: after a verification by someone with no
    // session of the account there is no password at all; after a reset, the one password the
    // account can have is the owner's (it signs in), so none of the attacker's can.
    expect(await passkeysOf(email), `round ${round}: attacker passkeys left`).toEqual([]);
    if (kind === 'verifies the address') {
      expect(await passwordCountOf(email), `round ${round}: a password left`).toBe(0);
      expect((await (await browser()).post('/api/auth/sign-in', { data: { email, password: PASSWORD } })).status()).toBe(401);
    } else {
      expect((await (await browser()).post('/api/auth/sign-in', { data: { email, password: ownersPassword } })).status()).toBe(200);
    }
  }
}
