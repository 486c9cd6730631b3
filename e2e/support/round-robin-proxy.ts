import { createServer, request, type Server } from 'node:http';

// A tiny reverse proxy that sends consecutive requests to consecutive upstreams (round
// robin), the way a load balancer in front of several app instances would. Like a real one,
// it appends the client's address to X-Forwarded-For. It tags each response with
// X-Upstream (the upstream's index) so a test can see where a request went.
export function startRoundRobinProxy(port: number, upstreams: number[]): Promise<Server> {
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const index = next++ % upstreams.length;
    const forwardedFor = [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      {
        host: '127.0.0.1',
        port: upstreams[index],
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, 'x-upstream': String(index) });
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'The upstream did not answer.' } }));
    });
    incoming.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
