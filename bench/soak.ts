// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { SoftwareAuthenticator, type SoftwareCredential } from '@/e2e/fixtures/software-authenticator';
import { buildApp, startApp } from './support/app';
import { BenchDatabase, recreateDatabase } from './support/database';
import { HttpClient, keepAliveAgent, type JsonResponse } from './support/http-client';
import { reasonOf } from './support/load';
import { treeUsage } from './support/processes';
import { machine, percentile, round } from './support/stats';

// `npm run soak`: many simulated people go through the whole journey again and again for a
// fixed time, against the production build on loopback: sign up, sign out, sign in with the
// password, the automatic upgrade (the password manager's passkey made by the software
// authenticator), then passkey sign-ins, each followed by a look at the session. Afterwards:
// no request failed, nothing answered 5xx, every row the database holds matches what the
// load generator did (no lost or duplicated writes), and the app's memory stayed flat
// after warm-up. Exits 1 if any of that does not hold. CI runs a short one.
//
// Environment (all optional):
//   SOAK_SECONDS=300          how long new journeys start (those under way finish); at
//                             least SOAK_WARMUP_SECONDS (60) + 30 for the memory check
//   SOAK_PEOPLE=16            simulated people at once
//   SOAK_PASSKEY_SIGN_INS=3   passkey sign-ins per journey
//   SOAK_FLOOD_CLIENTS=4      anonymous clients flooding the endpoints anyone may call
//                             (passkey sign-in options, password sign-ins for unknown
//                             emails) all along; what they make the server store must stay
//                             within the per-address limits
//   SOAK_DATABASE_URL=file:./data/soak.db   or postgresql://…
//   SOAK_SKIP_BUILD=1         reuse the last build in .next-bench
//   SOAK_OUT=bench/results    where soak.json (everything) and soak.md (the summary) go

const env = process.env;
const settings = {
  seconds: Number(env.SOAK_SECONDS ?? 300),
  people: Number(env.SOAK_PEOPLE ?? 16),
  passkeySignIns: Number(env.SOAK_PASSKEY_SIGN_INS ?? 3),
  floodClients: Number(env.SOAK_FLOOD_CLIENTS ?? 4),
  databaseUrl: env.SOAK_DATABASE_URL ?? 'file:./data/soak.db',
  out: env.SOAK_OUT ?? 'bench/results',
};
const PORT = 3400;
const PASSWORD = 'soak passphrase, long enough';
// The app's resident memory climbs for the first minute or so of load (V8 grows its heap,
// argon2's 19 MiB blocks and SQLite's page cache reach their working size) and then
// swings by ±40 MiB with garbage collection around a level (measured: 240 s at 195
// requests/s on 2 cores, level ≈ 500 MiB from 50 s on). So the first WARMUP seconds are left
// out, and what follows is split in two halves: memory is flat when the second half's
// median is less than FLAT_MIB above the first's. A leak of 40 KiB per journey shows up
// in a 150 s run, one of 15 KiB in the default 300 s run.
const WARMUP_SECONDS = Number(env.SOAK_WARMUP_SECONDS ?? 60);
const FLAT_MIB = Number(env.SOAK_FLAT_MIB ?? 24);

type Tally = Record<string, number>;

class Journey {
  constructor(
    private readonly origin: string,
    private readonly agent: ReturnType<typeof keepAliveAgent>,
    private readonly authenticator: SoftwareAuthenticator,
    private readonly tally: Tally,
    private readonly failures: Tally,
    private readonly latencies: Record<string, number[]>,
  ) {}

  private count(key: string, n = 1) {
    this.tally[key] = (this.tally[key] ?? 0) + n;
  }

  private fail(reason: string) {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }

  /** One request; true when the answer is the one a person would expect. */
  private async step<T>(name: string, expected: number, send: () => Promise<JsonResponse<T>>): Promise<JsonResponse<T> | null> {
    const started = performance.now();
    let response: JsonResponse<T>;
    try {
      response = await send();
    } catch (error) {
      this.fail(`${name}: network ${(error as Error).message}`);
      return null;
    }
    (this.latencies[name] ??= []).push(performance.now() - started);
    this.count(`requests`);
    if (response.status >= 500) this.count('5xx');
    if (response.status !== expected) {
      this.fail(`${name}: ${reasonOf(response)}`);
      return null;
    }
    return response;
  }

  async run(n: number): Promise<void> {
    // Each person is someone else, on their own address (as a trusted proxy reports it).
    const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    const email = `soak-${n}-${Date.now().toString(36)}@example.com`;
    const laptop = new HttpClient(this.origin, this.agent, address);

    if (!(await this.step('sign-up', 201, () => laptop.post('/api/auth/sign-up', { email, displayName: `Soak ${n}`, password: PASSWORD }))))
      return;
    this.count('users');
    this.count('sessions');
    this.count('event:sign_up');
    // Sign-up mails a verification link after its response (to the outbox folder here).
    this.count('event:email.verification_sent');
    if (!(await this.step('sign-out', 200, () => laptop.post('/api/auth/sign-out')))) return;
    this.count('sessions', -1);
    this.count('event:sign_out');
    if (!(await this.step('password sign-in', 200, () => laptop.post('/api/auth/sign-in', { email, password: PASSWORD })))) return;
    this.count('sessions');
    this.count('event:sign_in.password');

    // The automatic upgrade, right after the password sign-in: the password manager makes
    // a synced passkey without asking the person for a gesture (UP and UV clear).
    const options = await this.step<PublicKeyCredentialCreationOptionsJSON>('upgrade options', 200, () =>
      laptop.post('/api/passkeys/upgrade/options'),
    );
    if (!options) return;
    this.count('event:upgrade.offered');
    const { response, credential } = this.authenticator.create(options.body, {
      flags: { up: false, uv: false, be: true, bs: true },
      counterMode: 'zero',
      transports: ['internal', 'hybrid'],
    });
    if (!(await this.step('upgrade verify', 201, () => laptop.post('/api/passkeys/register/verify', response)))) return;
    this.count('passkeys');
    this.count('event:passkey.created');
    this.count('event:upgrade.created');

    let signedIn = false;
    for (let i = 0; i < settings.passkeySignIns; i++) {
      const ok = await this.passkeySignIn(credential, address);
      // The account's first passkey sign-in, after it was offered the upgrade: the insights'
      // funnel step, recorded once per account.
      if (ok && !signedIn) this.count('event:upgrade.first_passkey_sign_in');
      signedIn ||= ok;
    }
  }

  private async passkeySignIn(credential: SoftwareCredential, address: string): Promise<boolean> {
    // Another browser of the same person: no cookies yet; the passkey is synced to it.
    const phone = new HttpClient(this.origin, this.agent, address);
    const options = await this.step<PublicKeyCredentialRequestOptionsJSON>('passkey options', 200, () =>
      phone.post('/api/passkeys/sign-in/options'),
    );
    if (!options) return false;
    const assertion = this.authenticator.get(options.body, credential);
    if (!(await this.step('passkey verify', 200, () => phone.post('/api/passkeys/sign-in/verify', assertion)))) return false;
    this.count('sessions');
    this.count('event:sign_in.passkey');
    const session = await this.step<{ session: { authMethod: string } }>('session', 200, () => phone.get('/api/auth/session'));
    if (session && session.body.session.authMethod !== 'passkey') {
      this.fail('session: not a passkey session');
    }
    return true;
  }
}

// The app's defaults for what one address may make it store in one window (15 minutes,
// longer than a soak): challenges from passkey sign-in options, failed-password events, and
// one "rate limited" event per limit.
const OPTIONS_PER_ADDRESS = 60;
const FAILURES_PER_ADDRESS = 20;
const REFUSAL_EVENTS_PER_ADDRESS = 1;

/**
 * An anonymous client that floods, from one address, the endpoints anyone may call: passkey
 * sign-in options (each stores a challenge) and password sign-ins for emails that do not
 * exist (each failure is an event). It counts the answers; the server must hold it to the
 * per-address limits whatever it sends.
 */
async function flood(origin: string, agent: ReturnType<typeof keepAliveAgent>, address: string, deadline: number, answers: Tally) {
  const client = new HttpClient(origin, agent, address);
  let n = 0;
  while (performance.now() < deadline) {
    const [options, signIn] = await Promise.all([
      client.post('/api/passkeys/sign-in/options').catch(() => ({ status: 0 })),
      client
        .post('/api/auth/sign-in', { email: `nobody-${address}-${n++}@example.com`, password: 'a guess of some length' })
        .catch(() => ({ status: 0 })),
    ]);
    answers[`options ${options.status}`] = (answers[`options ${options.status}`] ?? 0) + 1;
    answers[`sign-in ${signIn.status}`] = (answers[`sign-in ${signIn.status}`] ?? 0) + 1;
    // A steady stream rather than a tight loop: the flood must not starve the people.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return client.cookie('ceremony');
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function databaseCounts(database: BenchDatabase, floodAddresses: string[], floodBindings: string[]) {
  const notFlood = floodAddresses.length
    ? `WHERE "ipAddress" IS NULL OR "ipAddress" NOT IN (${floodAddresses.map(() => '?').join(', ')})`
    : '';
  const events = await database.query<{ type: string; n: number | string }>(
    `SELECT type, COUNT(*) AS n FROM "SecurityEvent" ${notFlood} GROUP BY type`,
    floodAddresses,
  );
  const floodEvents = floodAddresses.length
    ? await database.query<{ ip: string; type: string; n: number | string }>(
        `SELECT "ipAddress" AS ip, type, COUNT(*) AS n FROM "SecurityEvent" WHERE "ipAddress" IN (${floodAddresses.map(() => '?').join(', ')}) GROUP BY "ipAddress", type`,
        floodAddresses,
      )
    : [];
  const floodChallenges = floodBindings.length
    ? await database.count(
        `SELECT COUNT(*) AS n FROM "Challenge" WHERE "bindingHash" IN (${floodBindings.map(() => '?').join(', ')})`,
        ...floodBindings,
      )
    : 0;
  return {
    users: await database.count('SELECT COUNT(*) AS n FROM "User"'),
    passkeys: await database.count('SELECT COUNT(*) AS n FROM "Passkey"'),
    // Every account has exactly the one passkey its upgrade made.
    usersWithoutOnePasskey: await database.count(
      'SELECT COUNT(*) AS n FROM "User" u WHERE (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u.id AND p."createdVia" = \'automatic\') <> 1',
    ),
    sessions: await database.count('SELECT COUNT(*) AS n FROM "Session"'),
    challengesLeft: (await database.count('SELECT COUNT(*) AS n FROM "Challenge"')) - floodChallenges,
    events: Object.fromEntries(events.map((e) => [e.type, Number(e.n)])),
    flood: {
      challenges: floodChallenges,
      events: floodEvents.map((e) => ({ address: e.ip, type: e.type, n: Number(e.n) })),
      rateLimitRows: await database.count('SELECT COUNT(*) AS n FROM "RateLimit"'),
    },
  };
}

async function main() {
  if (settings.seconds < WARMUP_SECONDS + 30) {
    throw new Error(`SOAK_SECONDS must be at least SOAK_WARMUP_SECONDS + 30 (${WARMUP_SECONDS + 30}) for the memory check`);
  }
  mkdirSync('bench/tmp', { recursive: true });
  mkdirSync(settings.out, { recursive: true });
  if (env.SOAK_SKIP_BUILD !== '1') buildApp();
  recreateDatabase(settings.databaseUrl);
  rmSync('bench/tmp/soak-outbox', { recursive: true, force: true });
  const server = await startApp({
    databaseUrl: settings.databaseUrl,
    port: PORT,
    logFile: 'bench/tmp/soak-server.log',
    // The generator plays one trusted reverse proxy that reports each person's address.
    env: { TRUST_PROXY_HOPS: '1', MAIL_OUTBOX_DIR: 'bench/tmp/soak-outbox' },
  });
  const database = new BenchDatabase(settings.databaseUrl);
  const tally: Tally = {};
  const failures: Tally = {};
  const latencies: Record<string, number[]> = {};
  const memory: { x: number; y: number }[] = [];
  const started = performance.now();
  const sampler = setInterval(() => {
    memory.push({ x: (performance.now() - started) / 1000, y: treeUsage(server.process.pid!).rssBytes / 2 ** 20 });
  }, 1000);
  const cpuBefore = treeUsage(server.process.pid!).cpuSeconds;

  try {
    const agent = keepAliveAgent(settings.people * 2);
    const authenticator = new SoftwareAuthenticator(server.origin);
    const deadline = started + settings.seconds * 1000;
    let next = 0;
    let journeys = 0;
    const floodAddresses = Array.from({ length: settings.floodClients }, (_, i) => `192.0.2.${i + 1}`);
    const floodAnswers: Tally = {};
    const [floodTokens] = await Promise.all([
      Promise.all(floodAddresses.map((address) => flood(server.origin, agent, address, deadline, floodAnswers))),
      ...Array.from({ length: settings.people }, async () => {
        while (performance.now() < deadline) {
          await new Journey(server.origin, agent, authenticator, tally, failures, latencies).run(next++);
          journeys++;
        }
      }),
    ]);
    const floodBindings = floodTokens.filter((t): t is string => !!t).map((t) => createHash('sha256').update(t).digest('hex'));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const cpuSeconds = treeUsage(server.process.pid!).cpuSeconds - cpuBefore;
    agent.destroy();

    // What the database holds against what the generator saw the server accept.
    const counts = await databaseCounts(database, floodAddresses, floodBindings);
    const mismatches: string[] = [];
    const expect = (what: string, actual: number, expected: number) => {
      if (actual !== expected) mismatches.push(`${what}: database has ${actual}, the load generator expected ${expected}`);
    };
    expect('users', counts.users, tally.users ?? 0);
    expect('passkeys', counts.passkeys, tally.passkeys ?? 0);
    expect('accounts without exactly one automatic passkey', counts.usersWithoutOnePasskey, (tally.users ?? 0) - (tally.passkeys ?? 0));
    expect('sessions', counts.sessions, tally.sessions ?? 0);
    // Every challenge handed out was used (and so deleted), successful or not.
    expect('challenges left over', counts.challengesLeft, 0);
    const eventTypes = new Set([
      ...Object.keys(counts.events),
      ...Object.keys(tally)
        .filter((k) => k.startsWith('event:'))
        .map((k) => k.slice(6)),
    ]);
    for (const type of eventTypes) expect(`events ${type}`, counts.events[type] ?? 0, tally[`event:${type}`] ?? 0);
    // What the flood made the server store stays within the per-address limits.
    const bounded = (what: string, actual: number, limit: number) => {
      if (actual > limit) mismatches.push(`flood: ${what}: ${actual} rows, more than the limit of ${limit}`);
    };
    bounded('challenges', counts.flood.challenges, OPTIONS_PER_ADDRESS * floodAddresses.length);
    for (const address of floodAddresses) {
      const of = (type: string) => counts.flood.events.find((e) => e.address === address && e.type === type)?.n ?? 0;
      bounded(`sign_in.failed events from ${address}`, of('sign_in.failed'), FAILURES_PER_ADDRESS);
      bounded(`sign_in.rate_limited events from ${address}`, of('sign_in.rate_limited'), REFUSAL_EVENTS_PER_ADDRESS);
      bounded(
        `other events from ${address}`,
        counts.flood.events.filter((e) => e.address === address && !['sign_in.failed', 'sign_in.rate_limited'].includes(e.type)).length,
        0,
      );
    }
    const floodRequests = Object.values(floodAnswers).reduce((a, b) => a + b, 0);

    const afterWarmup = memory.filter((m) => m.x >= WARMUP_SECONDS);
    const half = Math.floor(afterWarmup.length / 2);
    const firstHalfMiB = percentile(
      afterWarmup.slice(0, half).map((m) => m.y),
      50,
    );
    const secondHalfMiB = percentile(
      afterWarmup.slice(half).map((m) => m.y),
      50,
    );
    const growthMiB = secondHalfMiB - firstHalfMiB;
    const trendMiB = afterWarmup.length > 2 ? slope(afterWarmup) * (afterWarmup.at(-1)!.x - afterWarmup[0]!.x) : NaN;
    const memoryFlat = Number.isFinite(growthMiB) && growthMiB < FLAT_MIB;
    const failed = Object.values(failures).reduce((a, b) => a + b, 0);

    const report = {
      startedAt: new Date(Date.now() - elapsed * 1000).toISOString(),
      machine: machine(),
      settings: { ...settings, databaseUrl: settings.databaseUrl.replace(/\/\/[^@]*@/, '//') },
      seconds: round(elapsed, 1),
      journeys,
      requests: tally.requests ?? 0,
      requestsPerSecond: round((tally.requests ?? 0) / elapsed, 1),
      failedRequests: failed,
      serverErrors: tally['5xx'] ?? 0,
      failures,
      appCpuSeconds: round(cpuSeconds, 1),
      latencyMs: Object.fromEntries(
        Object.entries(latencies).map(([name, values]) => [
          name,
          { n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) },
        ]),
      ),
      database: counts,
      flood: { clients: floodAddresses.length, requests: floodRequests, answers: floodAnswers },
      mismatches,
      memory: {
        startMiB: round(memory[0]?.y ?? NaN),
        warmupSeconds: WARMUP_SECONDS,
        firstHalfMedianMiB: round(firstHalfMiB),
        secondHalfMedianMiB: round(secondHalfMiB),
        growthMiB: round(growthMiB),
        flatWithinMiB: FLAT_MIB,
        leastSquaresTrendMiB: round(trendMiB),
        endMiB: round(memory.at(-1)?.y ?? NaN),
        peakMiB: round(Math.max(...memory.map((m) => m.y))),
        samples: memory.map((m) => [round(m.x, 0), round(m.y)]),
      },
    };
    writeFileSync(`${settings.out}/soak.json`, `${JSON.stringify(report, null, 2)}\n`);
    const lines = [
      `soak: ${journeys} journeys, ${report.requests} requests in ${report.seconds} s (${report.requestsPerSecond}/s) with ${settings.people} people at once`,
      `  failed requests: ${failed}${failed ? ` ${JSON.stringify(failures)}` : ''}; 5xx: ${report.serverErrors}`,
      `  database: ${counts.users} users, ${counts.passkeys} passkeys, ${counts.sessions} sessions, ${Object.values(counts.events).reduce((a, b) => a + b, 0)} events; mismatches: ${mismatches.length}`,
      `  anonymous flood: ${floodAddresses.length} addresses, ${floodRequests} requests (${Object.entries(floodAnswers)
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(
          ', ',
        )}); stored: ${counts.flood.challenges} challenges (limit ${OPTIONS_PER_ADDRESS * floodAddresses.length}), ${counts.flood.events.reduce((a, e) => a + e.n, 0)} events (limit ${(FAILURES_PER_ADDRESS + REFUSAL_EVENTS_PER_ADDRESS) * floodAddresses.length}), ${counts.flood.rateLimitRows} rate-limit rows in all`,
      `  app memory (RSS): ${report.memory.startMiB} MiB at start, peak ${report.memory.peakMiB}; after ${WARMUP_SECONDS} s warm-up, median ${report.memory.firstHalfMedianMiB} then ${report.memory.secondHalfMedianMiB} MiB: ${report.memory.growthMiB >= 0 ? '+' : ''}${report.memory.growthMiB} MiB (flat: under +${FLAT_MIB})`,
      `  app CPU: ${report.appCpuSeconds} s; latency p50/p99 ms: ${Object.entries(report.latencyMs)
        .map(([k, v]) => `${k} ${v.p50}/${v.p99}`)
        .join(', ')}`,
    ];
    console.log(lines.join('\n'));
    const m = report.machine;
    writeFileSync(
      `${settings.out}/soak.md`,
      [
        `${m.cpu}, ${m.cores} cores; Node.js ${m.node}; commit ${m.commit}; ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC; ${settings.databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}.`,
        '',
        '```',
        ...lines,
        '```',
        '',
      ].join('\n'),
    );
    for (const m of mismatches) console.error(`MISMATCH ${m}`);
    const ok = failed === 0 && (tally['5xx'] ?? 0) === 0 && mismatches.length === 0 && memoryFlat && journeys > 0;
    if (!memoryFlat) console.error(`Memory grew by ${report.memory.growthMiB} MiB after warm-up (limit ${FLAT_MIB} MiB)`);
    console.log(ok ? 'soak: passed' : 'soak: FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await server.stop();
    await database.close();
  }
}

await main();
