// `npm start`: the production server, on every core. Next.js's own request handler behind a
// plain node:http server, run in one worker process per core (node:cluster; the workers share
// the port, and nothing else: sessions, challenges and limits are all in the database).
//
// The http server in front is there because it sees every request and every connection first:
// - The TCP peer's address, which a route handler cannot see; without it a client could choose
//   the address the rate limits count by sending its own X-Forwarded-For (docs/decisions/005).
//   Each worker hands it to the app in a request header whose name is random for each process,
//   and removes any header of that family that the client sent, so the value cannot be forged
//   from outside. A request whose peer address is already gone is dropped.
// - The request id, chosen here (lib/shared/response-headers.mjs says how) and handed on the
//   same way, so the app's log line, the Proxy's and this server's all name one id.
// - Requests Next.js would answer with a bare 500 and a stack trace in the log (a method it
//   cannot handle, a path it cannot decode, a router state header it cannot parse) and ones
//   Node.js's parser refuses or would drop unanswered (an unknown method, CONNECT): each is
//   answered here, in the app's JSON error shape with the app's headers, and logged once.
// - Every other response starts with the security headers, the request id and, over https,
//   HSTS, so that what Next.js serves by itself (static files, its 404s) carries them too.
//
//   PORT (3000), HOSTNAME (0.0.0.0): where to listen.
//   WEB_CONCURRENCY: how many worker processes (default: one per core the machine offers;
//     1 serves from this process, with no cluster).
//
// A worker that dies is replaced; the others keep serving. Workers that cannot start at all
// (five stopping within five seconds) stop the server with an error instead of being
// restarted for ever.
import './lib/shared/load-env-production.mjs'; // first: the .env files, as `next start` reads them
import cluster from 'node:cluster';
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLine } from './lib/shared/log-line.mjs';
import {
  API_CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
  pathForLog,
  requestIdFrom,
} from './lib/shared/response-headers.mjs';

const port = Number(process.env.PORT ?? 3000);
// The exit code of a worker stopped by its configuration (lib/server/platform/startup.ts).
const CONFIGURATION_ERROR = 78;
const hostname = process.env.HOSTNAME ?? '0.0.0.0';

// The methods Next.js and the app handle; a route answers the ones it does not have with its
// own 405 and its own Allow. Any other method is refused here, for every path (Allow then
// names what the server handles at all).
const HANDLED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const ALLOW = [...HANDLED_METHODS].join(', ');

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
  // Next.js's own check of the router state header, so that what is refused here is exactly
  // what it would fail on (it is internal: an upgrade that moves it stops the server at start).
  const { parseAndValidateFlightRouterState } = await import('next/dist/server/app-render/parse-and-validate-flight-router-state.js');
  const PEER_HEADER_PREFIX = 'x-peer-address-';
  const REQUEST_ID_HEADER_PREFIX = 'x-edge-request-id-';
  const peerHeader = `${PEER_HEADER_PREFIX}${randomBytes(12).toString('hex')}`;
  const requestIdHeader = `${REQUEST_ID_HEADER_PREFIX}${randomBytes(12).toString('hex')}`;
  // Read by lib/server/http/route.ts (clientInfo, route()) and proxy.ts, which run in this process.
  process.env.PEER_ADDRESS_HEADER = peerHeader;
  process.env.REQUEST_ID_HEADER = requestIdHeader;
  // Read as proxy.ts reads them; the app validates both at start (lib/server/platform/config.ts).
  const https = (process.env.APP_ORIGIN ?? '').startsWith('https:');
  const behindProxy = Number(process.env.TRUST_PROXY_HOPS || 0) > 0;

  /** The headers every response starts with. */
  const defaultHeaders = (requestId) => ({
    ...Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value])),
    'X-Request-Id': requestId,
    ...(https && { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY }),
  });

  /** A refusal as route() in lib/server/http/route.ts answers one: its status, body and headers. */
  const refusal = (requestId, { status, code, message, allow }) => {
    const body = JSON.stringify({ error: { code, message } });
    return {
      status,
      body,
      headers: {
        ...defaultHeaders(requestId),
        'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store, no-transform',
        'Content-Length': String(Buffer.byteLength(body)),
        ...(allow && { Allow: allow }),
      },
    };
  };

  const logRefusal = (requestId, method, path, started, { status, code }) =>
    logLine('info', 'request', {
      requestId,
      method,
      path: path === undefined ? undefined : pathForLog(path),
      status,
      code,
      ms: Math.round(performance.now() - started),
    });

  /** What this server answers itself instead of handing the request on, if anything. */
  const refusalOf = (request) => {
    if (!HANDLED_METHODS.has(request.method ?? '')) {
      return { status: 405, code: 'method_not_allowed', message: `${request.method} is not allowed; use ${ALLOW}.`, allow: ALLOW };
    }
    try {
      decodeURIComponent(pathOf(request.url));
    } catch {
      return {
        status: 400,
        code: 'invalid_request',
        message: 'The path is not valid: it has a percent-encoding that does not decode to UTF-8.',
      };
    }
    if (request.headers.rsc === '1' && request.headers['next-router-state-tree'] !== undefined) {
      try {
        parseAndValidateFlightRouterState(request.headers['next-router-state-tree']);
      } catch {
        return { status: 400, code: 'invalid_request', message: 'The Next-Router-State-Tree header is not valid.' };
      }
    }
    return null;
  };

  const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    const started = performance.now();
    for (const name of Object.keys(request.headers)) {
      if (name.startsWith(PEER_HEADER_PREFIX) || name.startsWith(REQUEST_ID_HEADER_PREFIX)) delete request.headers[name];
    }
    const peer = request.socket.remoteAddress;
    if (!peer) {
      // The socket is already gone (the client reset the connection right after writing its
      // request), so there is nobody to answer and no address to count the request against.
      // Handing it on without one would let the app fall back to something the client wrote;
      // it is dropped before anything runs.
      logLine('warn', 'request dropped', { method: request.method, path: pathForLog(pathOf(request.url)), reason: 'peer address unknown' });
      request.socket.destroy();
      return;
    }
    const requestId = requestIdFrom(request.headers['x-request-id'], behindProxy);
    const refused = refusalOf(request);
    if (refused) {
      const { status, headers, body } = refusal(requestId, refused);
      response.writeHead(status, headers).end(request.method === 'HEAD' ? undefined : body);
      logRefusal(requestId, request.method, pathOf(request.url), started, refused);
      return;
    }
    request.headers[peerHeader] = peer;
    request.headers[requestIdHeader] = requestId;
    // Next.js and the app replace these where they set their own (the same id, the same
    // values); whatever else Next.js serves keeps them.
    for (const [name, value] of Object.entries(defaultHeaders(requestId))) response.setHeader(name, value);
    void handle(request, response);
  });

  // What never becomes a request event: answered on the socket itself, and the connection
  // closed, as Node.js would do (with an empty 400, or for CONNECT nothing at all).
  const answerOnSocket = (socket, method, path, refused) => {
    const started = performance.now();
    const requestId = randomUUID();
    const { status, headers, body } = refusal(requestId, refused);
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      ...Object.entries({ ...headers, Connection: 'close' }).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
    logRefusal(requestId, method, path, started, refused);
  };

  server.on('connect', (request, socket) => {
    answerOnSocket(socket, request.method, pathOf(request.url), {
      status: 405,
      code: 'method_not_allowed',
      message: `CONNECT is not allowed; use ${ALLOW}.`,
      allow: ALLOW,
    });
  });

  server.on('clientError', (error, socket) => {
    // Nothing to answer on a connection that is gone, or in the middle of another answer
    // (the check Node.js makes before its own default answer).
    if (!socket.writable || error.code === 'ECONNRESET' || socket._httpMessage) {
      socket.destroy();
      return;
    }
    // Only what the parser could read of the request line, for the log.
    const line = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) (\S{1,2048}) HTTP\//.exec(String(error.rawPacket ?? '').split('\r\n', 1)[0] ?? '');
    const [method, path] = line ? [line[1], pathOf(line[2])] : [undefined, undefined];
    answerOnSocket(socket, method, path, clientErrorRefusal(error.code, method));
  });

  // Keep idle connections longer than the load balancers in front usually do (60 s): a server
  // that closes an idle keep-alive connection first can do so just as the client sends on it,
  // and that request fails with ECONNRESET. (Node's default is 5 s.)
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) console.log(`> Ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
  });

  // Work the app queued to run off the requests' path (lib/server/platform/deferred.ts: the
  // mail of a recovery request), run before the process exits.
  const drainDeferredWork = async () => {
    const queue = /** @type {{ drain?: () => Promise<void> } | undefined} */ (globalThis[Symbol.for('passkey-upgrade.deferred-work')]);
    await queue?.drain?.().catch(() => {});
  };

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close(() => void drainDeferredWork().then(() => process.exit(0)));
      // Keep-alive connections may hold close() open; do not wait for them for ever.
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

/** How a request Node.js's parser refused is answered. */
function clientErrorRefusal(code, method) {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return { status: 405, code: 'method_not_allowed', message: `${method ?? 'This method'} is not allowed; use ${ALLOW}.`, allow: ALLOW };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' };
    default:
      return { status: 400, code: 'invalid_request', message: 'The request is not valid HTTP/1.1.' };
  }
}

/** The path of a request's target, without its query. */
function pathOf(url = '/') {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
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
