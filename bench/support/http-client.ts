import http from 'node:http';
import zlib from 'node:zlib';

// The load generator's HTTP client: node:http with keep-alive (as a browser keeps its
// connection), one cookie jar per simulated person, and the Origin header the app checks on
// every write. It connects to 127.0.0.1 whatever the origin's host name says (loopback
// only). Plain node:http rather than fetch, so the generator spends as little of the
// machine's CPU as it can: it shares two cores with the server it measures.

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

const REQUEST_TIMEOUT_MS = 30_000;

export type JsonResponse<T = unknown> = { status: number; body: T; headers: http.IncomingHttpHeaders };

export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly origin: string,
    private readonly agent: http.Agent,
    /** Sent as X-Forwarded-For: the address of this simulated person, as a trusted proxy would. */
    private readonly forwardedFor?: string,
  ) {}

  /** A cookie this client holds, as the server set it. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  get<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.request<T>('GET', path);
  }

  private request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(path, this.origin);
    // What a browser sends on every request (the app stores the user agent with sessions
    // and events; Next.js decides on compression from accept-encoding).
    const headers: http.OutgoingHttpHeaders = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'en-GB,en;q=0.9',
    };
    if (method === 'POST') {
      // What a browser sends with a fetch() from the app's own page.
      headers.origin = this.origin;
      headers['content-length'] = payload?.byteLength ?? 0;
      if (payload) headers['content-type'] = 'application/json';
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (this.forwardedFor) headers['x-forwarded-for'] = this.forwardedFor;
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: url.port, path: url.pathname, method, headers, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            this.keepCookies(response.headers['set-cookie']);
            const text = decode(Buffer.concat(chunks), response.headers['content-encoding']).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // Not JSON: kept as text so the report can show what came back.
            }
            resolve({ status: response.statusCode ?? 0, body: parsed as T, headers: response.headers });
          });
        },
      );
      request.on('error', reject);
      // A request the server never answers must show up as a failure, not hang the run.
      request.setTimeout(REQUEST_TIMEOUT_MS, () =>
        request.destroy(new Error(`no answer to ${method} ${url.pathname} within ${REQUEST_TIMEOUT_MS / 1000} s`)),
      );
      request.end(payload);
    });
  }

  private keepCookies(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}
