import '@/lib/shared/load-env-production.mjs';
import http from 'node:http';
import { percentile, round } from './support/stats';

// `npm run bench:recovery -- <origin> [<origin> …]`: can a client tell from timing whether an
// address has an account, through "Forgot password?"? Against servers already running (each
// with its own database, and mail limits high enough for the samples: MAIL_MAX_PER_ADDRESS=1000
// MAIL_MAX_PER_CLIENT=100000), it signs up one account per server, then asks for recovery,
// alternately for that address and for one with no account (in the order ABBA, so a drift of
// the machine's speed falls on both alike), on one keep-alive connection. For each request it
// times:
// - the answer itself;
// - a request sent on the same connection right after the answer (GET /api/auth/session),
//   which waits for whatever the server does in between;
// - with TIMING_SWEEP_MS=n, the slowest of requests sent back to back on that connection for
//   n ms after the answer: what a client probing all along would see of work done later.
// Then it waits TIMING_PAUSE_MS (300) so that each sample starts with the server idle, and
// reports, per server, medians and means for each kind of address and the difference (account
// minus no account) with a 95% bootstrap interval. Several origins take turns sample by sample (a
// build from before a change and one from after, say). TIMING_SAMPLES (300) per kind.

const origins = process.argv.slice(2);
if (origins.length === 0) {
  console.error('usage: npm run bench:recovery -- <origin> [<origin> …]');
  process.exit(2);
}
const SAMPLES = Number(process.env.TIMING_SAMPLES ?? 300);
const WARMUP = 20;
const SWEEP_MS = Number(process.env.TIMING_SWEEP_MS ?? 0);
const PAUSE_MS = Number(process.env.TIMING_PAUSE_MS ?? 300);

type Kind = 'account' | 'none';
type Sample = { answer: number; next: number; sweepMax: number };

function client(origin: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = Number(new URL(origin).port || 80);
  const request = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            Origin: origin,
            ...(data !== undefined && { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return { request, close: () => agent.destroy() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => percentile(values, 50);

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** The difference of `statistic` (a − b) and a 95% interval from 2,000 bootstrap resamples. */
function difference(a: number[], b: number[], statistic: (values: number[]) => number) {
  const resample = (values: number[]) => values.map(() => values[Math.floor(Math.random() * values.length)]!);
  const diffs = Array.from({ length: 2000 }, () => statistic(resample(a)) - statistic(resample(b))).sort((x, y) => x - y);
  return { value: statistic(a) - statistic(b), low: diffs[49]!, high: diffs[1949]! };
}

const stamp = Date.now().toString(36);
const servers = await Promise.all(
  origins.map(async (origin, i) => {
    const http = client(origin);
    const account = `timing-${stamp}-${i}@example.com`;
    const signUp = await http.request('POST', '/api/auth/sign-up', {
      email: account,
      displayName: 'Timing',
      password: 'a timing test passphrase',
    });
    if (signUp.status !== 201) throw new Error(`${origin}: sign-up answered ${signUp.status}`);
    return {
      origin,
      http,
      address: { account, none: `nobody-${stamp}-${i}@example.com` },
      samples: { account: [] as Sample[], none: [] as Sample[] },
    };
  }),
);

async function sample(server: (typeof servers)[number], kind: Kind): Promise<Sample> {
  const answer = await server.http.request('POST', '/api/auth/recovery', { email: server.address[kind] });
  if (answer.status !== 202) throw new Error(`${server.origin}: recovery answered ${answer.status} (are the mail limits raised?)`);
  const answered = performance.now();
  const next = await server.http.request('GET', '/api/auth/session');
  let sweepMax = next.ms;
  while (performance.now() - answered < SWEEP_MS) sweepMax = Math.max(sweepMax, (await server.http.request('GET', '/api/auth/session')).ms);
  await sleep(PAUSE_MS);
  return { answer: answer.ms, next: next.ms, sweepMax };
}

for (let round = 0; round < WARMUP + SAMPLES; round++) {
  const order: Kind[] = round % 2 === 0 ? ['account', 'none'] : ['none', 'account'];
  const turn = round % 2 === 0 ? servers : [...servers].reverse();
  for (const server of turn) {
    for (const kind of order) {
      const result = await sample(server, kind);
      if (round >= WARMUP) server.samples[kind].push(result);
    }
  }
}

for (const server of servers) {
  console.log(`\n${server.origin}: ${SAMPLES} samples of each kind${SWEEP_MS ? `, probing for ${SWEEP_MS} ms after each answer` : ''}`);
  const metrics: [string, keyof Sample][] = [
    ['the answer', 'answer'],
    ['the next request on the connection', 'next'],
    ...(SWEEP_MS ? ([['the slowest probe in the sweep', 'sweepMax']] as [string, keyof Sample][]) : []),
  ];
  for (const [label, key] of metrics) {
    const account = server.samples.account.map((s) => s[key]);
    const none = server.samples.none.map((s) => s[key]);
    // Medians, and means too: work that only now and then falls on a request moves the mean
    // more than the median.
    for (const [name, statistic] of [
      ['median', median],
      ['mean', mean],
    ] as const) {
      const d = difference(account, none, statistic);
      console.log(
        `  ${`${label}, ${name}`.padEnd(44)} account ${round(statistic(account), 2)} ms, no account ${round(statistic(none), 2)} ms: ` +
          `difference ${round(d.value, 2)} ms (95% ${round(d.low, 2)} to ${round(d.high, 2)})`,
      );
    }
  }
  server.http.close();
}
