// What reusing prepared statements saves on SQLite (lib/server/platform/sqlite-connection.ts):
// the database work of one passkey sign-in (the statements it runs, through Prisma, against a
// seeded database) done by two Prisma clients in one process, one with the statement cache
// and one without, taking turns round after round. It prints the CPU per sign-in of each and
// their ratio, and writes them to bench/results/statements.{json,md}. A round in which other
// processes used more than a quarter of a core is measured again (up to 5 times), and said so.
//
//   npm run bench:statements          BENCH_STATEMENT_ROUNDS=7 BENCH_STATEMENT_SIGN_INS=400
// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/sqlite/client';
import { reuseStatements } from '@/lib/server/platform/sqlite-connection';

const ROUNDS = Number(process.env.BENCH_STATEMENT_ROUNDS ?? 7);
const SIGN_INS = Number(process.env.BENCH_STATEMENT_SIGN_INS ?? 400);
const ACCOUNTS = 2000;
const FILE = 'bench/tmp/statements.db';
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

function client(cached: boolean): PrismaClient {
  const factory = new PrismaBetterSqlite3({ url: `file:${FILE}`, timeout: 5000 });
  if (!cached) return new PrismaClient({ adapter: factory });
  return new PrismaClient({
    adapter: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => {
        const adapter = await factory.connect();
        reuseStatements((adapter as unknown as { client: Parameters<typeof reuseStatements>[0] }).client);
        return adapter;
      },
    },
  });
}

/** The statements of one passkey sign-in (options, then verify), as the app runs them. */
async function signIn(db: PrismaClient, n: number): Promise<void> {
  const now = new Date();
  const account = `bench-${n % ACCOUNTS}@example.com`;
  const challenge = randomBytes(32).toString('base64url');
  // Options: count the client's limit, store the challenge.
  const key = `sign-in-options:client:${n % 50}`;
  await db.rateLimit.updateManyAndReturn({
    where: { key, resetAt: { gt: now } },
    data: { count: { increment: 1 } },
    select: { count: true },
  });
  await db.challenge.create({
    data: {
      challenge,
      purpose: 'authentication',
      bindingHash: challenge,
      mediation: 'button',
      expiresAt: new Date(now.getTime() + 300_000),
    },
  });
  // Verify: take the challenge once, find the passkey and its owner, move the counter, start
  // a session, record the event.
  await db.challenge.deleteMany({ where: { challenge, purpose: 'authentication', expiresAt: { gt: now } } });
  const user = await db.user.findUnique({ where: { email: account }, include: { passkeys: true } });
  const passkey = user!.passkeys[0]!;
  await db.passkey.findUnique({ where: { credentialId: passkey.credentialId }, include: { user: true } });
  await db.passkey.updateMany({ where: { id: passkey.id, counter: passkey.counter }, data: { lastUsedAt: now } });
  await db.session.create({
    data: {
      id: randomBytes(32).toString('hex'),
      userId: user!.id,
      expiresAt: new Date(now.getTime() + 86_400_000),
      authMethod: 'passkey',
      authenticatedAt: now,
      passkeyId: passkey.id,
    },
  });
  await db.securityEvent.create({ data: { type: 'sign_in.passkey', userId: user!.id, method: 'button' } });
  await db.user.updateMany({ where: { id: user!.id, firstPasskeySignInAt: null }, data: { firstPasskeySignInAt: now } });
}

async function seed(): Promise<void> {
  rmSync(FILE, { force: true });
  const migrate = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db.mjs', 'migrate'], {
    env: { ...process.env, DATABASE_URL: `file:./${FILE}` },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(migrate.stderr);
  const db = client(true);
  for (let i = 0; i < ACCOUNTS; i++) {
    await db.user.create({
      data: {
        email: `bench-${i}@example.com`,
        displayName: 'Bench',
        webauthnUserId: randomBytes(32).toString('base64url'),
        passkeys: {
          create: {
            credentialId: randomBytes(16).toString('base64url'),
            publicKey: randomBytes(77),
            backupEligible: true,
            backupState: true,
            deviceType: 'multiDevice',
            uvInitialized: true,
            createdVia: 'automatic',
            name: 'Passkey',
          },
        },
      },
    });
  }
  await db.rateLimit.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({
      key: `sign-in-options:client:${i}`,
      count: 0,
      resetAt: new Date(Date.now() + 86_400_000),
    })),
  });
  await db.$disconnect();
}

async function measure(db: PrismaClient, start: number): Promise<{ cpuMs: number; othersCores: number }> {
  const busy = machineBusySeconds();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < SIGN_INS; i++) await signIn(db, start + i);
  const used = process.cpuUsage(cpu);
  const ownSeconds = (used.user + used.system) / 1e6;
  const wallSeconds = (performance.now() - wall) / 1000;
  const othersSeconds = Math.max(0, machineBusySeconds() - busy - ownSeconds);
  return { cpuMs: (ownSeconds * 1000) / SIGN_INS, othersCores: othersSeconds / wallSeconds };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  mkdirSync('bench/tmp', { recursive: true });
  mkdirSync('bench/results', { recursive: true });
  await seed();
  const clients = { uncached: client(false), cached: client(true) };
  // Warm both: Prisma's query plans, V8's JIT.
  for (const db of Object.values(clients)) for (let i = 0; i < 200; i++) await signIn(db, i);
  const results: Record<keyof typeof clients, number[]> = { uncached: [], cached: [] };
  let retried = 0;
  let n = 1000;
  for (let round = 0; round < ROUNDS; round++) {
    // Take turns, and swap who goes first each round.
    const order = (round % 2 === 0 ? ['uncached', 'cached'] : ['cached', 'uncached']) as (keyof typeof clients)[];
    for (const kind of order) {
      for (let attempt = 0; ; attempt++) {
        const { cpuMs, othersCores } = await measure(clients[kind], n);
        n += SIGN_INS;
        if (othersCores <= 0.25) {
          results[kind].push(cpuMs);
          break;
        }
        retried++;
        if (attempt >= 4) throw new Error(`other processes kept using ${othersCores.toFixed(2)} cores: measure on a quieter machine`);
      }
    }
  }
  const uncached = median(results.uncached);
  const cached = median(results.cached);
  const summary = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    signInsPerRound: SIGN_INS,
    stepsMeasuredAgain: retried,
    cpuMsPerSignIn: { uncached, cached },
    ratio: cached / uncached,
    perRound: results,
  };
  writeFileSync('bench/results/statements.json', JSON.stringify(summary, null, 2) + '\n');
  const table = [
    '| Prisma on SQLite, one passkey sign-in’s statements | CPU ms per sign-in (median of rounds) |',
    '|---|---:|',
    `| Each statement prepared anew (the adapter as shipped) | ${uncached.toFixed(2)} |`,
    `| Prepared statements reused | ${cached.toFixed(2)} |`,
    `| Reused ÷ anew | ${(cached / uncached).toFixed(2)} |`,
  ].join('\n');
  writeFileSync(
    'bench/results/statements.md',
    `${table}\n\n${ROUNDS} rounds of ${SIGN_INS} sign-ins each, taking turns; ${retried} steps measured again because other processes were busy.\n`,
  );
  console.log(table);
  console.log(`(${retried} steps measured again)`);
  await Promise.all(Object.values(clients).map((db) => db.$disconnect()));
}

await main();
