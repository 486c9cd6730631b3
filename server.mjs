// `npm start`: the production server, on every core. Next.js's own request handler behind a
// plain node:http server, run in one worker process per core (node:cluster; the workers share
// the port, and nothing else: sessions, challenges and limits are all in the database).
//
// The http server in front is there for one reason: a route handler cannot see the TCP
// peer's address, and without it a client could choose the address the rate limits count by
// sending its own X-Forwarded-For (docs/decisions/005). Each worker hands the peer's address
// to the app in a request header whose name is random for each process, and removes any
// header of that family that the client sent, so the value cannot be forged from outside.
//
//   PORT (3000), HOSTNAME (0.0.0.0): where to listen.
//   WEB_CONCURRENCY: how many worker processes (default: one per core the machine offers;
//     1 serves from this process, with no cluster).
//
// A worker that dies is replaced; the others keep serving. Workers that cannot start at all
// (five stopping within five seconds) stop the server with an error instead of being
// restarted for ever.
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 3000);
// The exit code of a worker stopped by its configuration (lib/server/platform/startup.ts).
const CONFIGURATION_ERROR = 78;
const hostname = process.env.HOSTNAME ?? '0.0.0.0';

function workerCount() {
  const value = (process.env.WEB_CONCURRENCY ?? '').trim();
  if (value === '' || value === 'auto') return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    console.error(`WEB_CONCURRENCY: "${value}" is not allowed: expected a whole number from 1 to 256, or "auto"`);
    process.exit(1);
  }
  return count;
}

// A production server must be told its origin (lib/server/platform/config.ts says why). Said
// here, once, before any worker starts: each worker would say it again, and be restarted.
if (cluster.isPrimary && process.env.NODE_ENV === 'production' && !(process.env.APP_ORIGIN ?? '').trim()) {
  console.error(
    'Invalid configuration: APP_ORIGIN is not set: a production server (NODE_ENV=production) needs the origin people use, e.g. APP_ORIGIN=https://accounts.example.com',
  );
  process.exit(1);
}

const workers = cluster.isPrimary ? workerCount() : 0;

if (cluster.isPrimary && workers > 1) {
  await runPrimary(workers);
} else {
  await serve();
}

async function serve() {
  if (cluster.isWorker) {
    // Answer the primary's requests for this worker's metrics from the start, before the app's
    // code (which registers its counters, lib/server/platform/metrics.ts) has loaded.
    const { AggregatorRegistry } = await import('prom-client');
    AggregatorRegistry.setRegistries([]);
    new AggregatorRegistry();
  }
  const { default: next } = await import('next');
  const PEER_HEADER_PREFIX = 'x-peer-address-';
  const peerHeader = `${PEER_HEADER_PREFIX}${randomBytes(12).toString('hex')}`;
  // Read by lib/server/http/route.ts (clientInfo), which runs in this process.
  process.env.PEER_ADDRESS_HEADER = peerHeader;

  const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    for (const name of Object.keys(request.headers)) {
      if (name.startsWith(PEER_HEADER_PREFIX)) delete request.headers[name];
    }
    request.headers[peerHeader] = request.socket.remoteAddress ?? '';
    void handle(request, response);
  });
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) console.log(`> Ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      // Keep-alive connections may hold close() open; do not wait for them for ever.
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

async function runPrimary(count) {
  // Prometheus counters live in each worker; /api/metrics (served by any one of them) asks
  // this process for the sum over all workers (prom-client's cluster aggregation).
  const { AggregatorRegistry } = await import('prom-client');
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let listening = 0;
  const recentDeaths = [];

  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();

  cluster.on('listening', () => {
    listening++;
    if (listening === count) {
      console.log(`> Ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port} (${count} workers)`);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (code === CONFIGURATION_ERROR) {
      // A wrong setting: every worker would stop the same way. Its message is above.
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exit(1);
    }
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length > 0 && now - recentDeaths[0] > 5000) recentDeaths.shift();
    console.error(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    if (recentDeaths.length >= 5) {
      console.error('workers keep stopping as they start: giving up (see the errors above)');
      process.exit(1);
    }
    fork();
  });

  cluster.on('message', (worker, message) => {
    if (message?.type !== 'app:metrics-request') return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: 'app:metrics-response', id: message.id, body }),
      (error) => worker.send({ type: 'app:metrics-response', id: message.id, error: String(error?.message ?? error) }),
    );
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      const check = setInterval(() => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      }, 50);
      setTimeout(() => {
        clearInterval(check);
        process.exit(0);
      }, 8000).unref();
    });
  }
}
