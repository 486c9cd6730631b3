import { createPrivateKey } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { SoftwareAuthenticator, type SoftwareCredential } from '@/e2e/fixtures/software-authenticator';
import type { SeededAccount } from './accounts';
import { HttpClient, keepAliveAgent } from './http-client';

// The load generator: `concurrency` simulated people, each signing in again and again as
// soon as the last sign-in finished (a closed loop), with the test suite's software
// authenticator making real WebAuthn assertions (or, for the 'floor', one request to a bare
// Next.js route handler). A sign-in counts only when the server said
// yes (200 with a session); anything else is a failure, recorded by status and error code.

export type Kind = 'passkey' | 'password' | 'floor';

export type Person = { email: string; credential: SoftwareCredential };

export function peopleFrom(accounts: SeededAccount[]): Person[] {
  return accounts.map((a) => ({
    email: a.email,
    credential: {
      id: Buffer.from(a.credentialId, 'base64url'),
      privateKey: createPrivateKey({ key: Buffer.from(a.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }),
      cosePublicKey: new Uint8Array(),
      userHandle: a.userHandle,
      counter: 0,
      counterMode: 'zero',
      // A synced passkey in a password manager that verifies the user at sign-in.
      flags: { up: true, uv: true, be: true, bs: true },
    },
  }));
}

export type LoadResult = {
  /** Sign-ins that started and ended inside the measured window, and their latencies. */
  completed: number;
  latenciesMs: number[];
  /** Every sign-in the server said yes to, warm-up included (to check against the database). */
  succeededInAll: number;
  failures: Record<string, number>;
  measuredSeconds: number;
};

export async function signInOnce(
  client: HttpClient,
  kind: Kind,
  person: Person,
  authenticator: SoftwareAuthenticator,
  password: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (kind === 'floor') {
    // One request to the bare Next.js app's route handler (bench/floor): the framework's floor.
    const response = await client.post('/api/floor', { email: person.email });
    return response.status === 200 ? { ok: true } : { ok: false, reason: reasonOf(response) };
  }
  if (kind === 'password') {
    const response = await client.post('/api/auth/sign-in', { email: person.email, password });
    return response.status === 200 ? { ok: true } : { ok: false, reason: reasonOf(response) };
  }
  const options = await client.post<PublicKeyCredentialRequestOptionsJSON>('/api/passkeys/sign-in/options');
  if (options.status !== 200) return { ok: false, reason: `options ${reasonOf(options)}` };
  const assertion = authenticator.get(options.body, person.credential);
  const verify = await client.post('/api/passkeys/sign-in/verify', assertion);
  return verify.status === 200 ? { ok: true } : { ok: false, reason: `verify ${reasonOf(verify)}` };
}

export function reasonOf(response: { status: number; body: unknown }): string {
  const code = (response.body as { error?: { code?: string } } | null)?.error?.code;
  return code ? `${response.status} ${code}` : String(response.status);
}

/**
 * Runs the loop for warmup + measure seconds. `onWindow` is called when the measured window
 * opens and when it closes, so the caller can read the server's CPU at the same instants.
 */
export async function runLoad(input: {
  origin: string;
  kind: Kind;
  concurrency: number;
  people: Person[];
  password: string;
  warmupSeconds: number;
  measureSeconds: number;
  onWindow: (edge: 'open' | 'close') => void;
}): Promise<LoadResult> {
  const { concurrency, people } = input;
  if (people.length < concurrency) throw new Error(`need at least ${concurrency} seeded accounts`);
  const agent = keepAliveAgent(concurrency);
  const authenticator = new SoftwareAuthenticator(input.origin);
  const start = performance.now();
  const open = start + input.warmupSeconds * 1000;
  const close = open + input.measureSeconds * 1000;
  const done: { began: number; ended: number }[] = [];
  const failures: Record<string, number> = {};
  let succeededInAll = 0;

  // The window is where the timers actually fired (a busy event loop fires them late), so
  // the sign-ins counted and the server CPU read cover the same stretch of time.
  let openedAt = Infinity;
  let closedAt = Infinity;
  const openTimer = setTimeout(() => {
    openedAt = performance.now();
    input.onWindow('open');
  }, open - start);
  const closeTimer = setTimeout(() => {
    closedAt = performance.now();
    input.onWindow('close');
  }, close - start);

  async function person(index: number) {
    const client = new HttpClient(input.origin, agent);
    // Each simulated person signs in as its own share of the accounts, so no two of them
    // ever use one passkey at the same moment.
    const mine = people.filter((_, i) => i % concurrency === index);
    for (let n = 0; performance.now() < close || closedAt === Infinity; n++) {
      const began = performance.now();
      let outcome: Awaited<ReturnType<typeof signInOnce>>;
      try {
        outcome = await signInOnce(client, input.kind, mine[n % mine.length]!, authenticator, input.password);
      } catch (error) {
        outcome = { ok: false, reason: `network ${(error as Error).message}` };
      }
      const ended = performance.now();
      if (outcome.ok) {
        succeededInAll++;
        done.push({ began, ended });
      } else {
        failures[outcome.reason] = (failures[outcome.reason] ?? 0) + 1;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, i) => person(i)));
  clearTimeout(openTimer);
  clearTimeout(closeTimer);
  agent.destroy();
  const latenciesMs = done.filter((d) => d.began >= openedAt && d.ended <= closedAt).map((d) => d.ended - d.began);
  return { completed: latenciesMs.length, latenciesMs, succeededInAll, failures, measuredSeconds: (closedAt - openedAt) / 1000 };
}
