// `npm start`: the production server. Next.js's own request handler behind a plain
// node:http server, for one reason: a route handler cannot see the TCP peer's address, and
// without it a client could choose the address the rate limits count by sending its own
// X-Forwarded-For (docs/decisions/005). This server hands the peer's address to the app in a
// request header whose name is random for each process, and removes any header of that
// family that the client sent, so the value cannot be forged from outside.
//
//   PORT (3000), HOSTNAME (0.0.0.0): where to listen.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const PEER_HEADER_PREFIX = 'x-peer-address-';
const peerHeader = `${PEER_HEADER_PREFIX}${randomBytes(12).toString('hex')}`;
// Read by lib/server/http/route.ts (clientInfo), which runs in this process.
process.env.PEER_ADDRESS_HEADER = peerHeader;

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? '0.0.0.0';
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
  console.log(`> Ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections may hold close() open; do not wait for them for ever.
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
