import 'server-only';
import { after, NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { STRICT_TRANSPORT_SECURITY, pathForLog, requestIdFrom } from '../response-headers';
import { claimCleanup, deleteExpired } from './cleanup';
import { config } from './config';
import { isDatabaseUnavailable, isSchemaMissing } from './database-errors';
import { MIGRATE_HINT } from './health';
import { describeError, log } from './log';
import type { ClientInfo } from './security-events';

// What every JSON route handler shares: one error shape, body parsing, the Origin check on
// writes, and the client's address. Handlers parse input, call a module, shape the response.

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** A failure that the client caused: answered as a 4xx JSON error, nothing written. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorResponse(error: HttpError): NextResponse<ErrorBody> {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.fields) body.error.fields = error.fields;
  return NextResponse.json(body, {
    status: error.status,
    headers: { 'Cache-Control': 'no-store', ...error.headers },
  });
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body and checks it against `schema`, or throws a 4xx HttpError saying why. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<z.output<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readAtMost(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || '(body)';
      fields[path] ??= issue.message;
    }
    const summary = Object.entries(fields)
      .map(([path, message]) => `${path}: ${message}`)
      .join('; ');
    throw new HttpError(400, 'invalid_request', `The request is not valid. ${summary}`, fields);
  }
  return parsed.data;
}

/**
 * The body's bytes, read until `maxBytes` and no further: a body sent without Content-Length
 * (chunked) that runs past the limit is cut off there and refused, not read to its end.
 */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number) {
  return new HttpError(413, 'body_too_large', `The body is larger than ${maxBytes} bytes.`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for every state-changing request: the browser's Origin header must be one of
 * the configured origins. SameSite=Lax cookies already stop most cross-site writes; this
 * also stops same-site (sibling subdomain) ones and requests from non-browser clients that
 * do not say where they come from.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin) {
    throw new HttpError(403, 'origin_required', 'The Origin header is missing; this request must come from the app.');
  }
  if (!config().origins.includes(origin)) {
    throw new HttpError(403, 'origin_not_allowed', `Requests from ${origin.slice(0, 200)} are not allowed.`);
  }
}

/**
 * The client's address for rate limiting and the audit log. `npm start` (server.mjs) hands
 * route handlers the TCP peer's address in a header only it can set. With TRUST_PROXY_HOPS=0
 * that is the address, whatever X-Forwarded-For says; with n proxies in front, each appending
 * the address it saw, it is the entry n from the right of X-Forwarded-For followed by the
 * peer. Without server.mjs (`next dev`), the peer is unknown and the last X-Forwarded-For
 * entry stands in for it (Next.js fills the header with the socket address when it is absent).
 */
export function clientInfo(request: Request): ClientInfo {
  const peerHeader = process.env.PEER_ADDRESS_HEADER;
  const peer = (peerHeader && request.headers.get(peerHeader)) || null;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = peer ? [...forwarded, peer] : forwarded;
  const hops = config().trustProxyHops;
  const index = peer ? chain.length - 1 - hops : forwarded.length - Math.max(1, hops);
  const ipAddress = chain[Math.max(0, index)]?.slice(0, 64) ?? null;
  return { ipAddress, userAgent: request.headers.get('user-agent') };
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Wraps a route handler: the Origin check on writes; HttpError as its JSON answer; a
 * database that cannot be reached as 503 (the app recovers when it is back); a request id
 * (the Proxy does not run for /api) and one log line per request with it; expired rows
 * cleaned up after the response now and then.
 */
export function route<C = unknown>(handler: Handler<C>, options: { checkOrigin?: boolean } = {}): Handler<C> {
  const checkOrigin = options.checkOrigin ?? true;
  return async (request, context) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get('x-request-id'), config().trustProxyHops > 0);
    const path = pathForLog(new URL(request.url).pathname);
    let response: Response;
    let code: string | undefined;
    try {
      if (checkOrigin) assertSameOrigin(request);
      response = await handler(request, context);
    } catch (error) {
      if (error instanceof HttpError) {
        code = error.code;
        response = errorResponse(error);
      } else if (isDatabaseUnavailable(error)) {
        code = 'database_unavailable';
        log('warn', 'database unavailable', { requestId, method: request.method, path, ...describeError(error) });
        response = errorResponse(
          new HttpError(503, code, 'The service is temporarily unavailable. Try again in a few seconds.', undefined, {
            'Retry-After': '5',
          }),
        );
      } else if (isSchemaMissing(error)) {
        code = 'schema_missing';
        log('error', 'database schema missing', { requestId, method: request.method, path, hint: MIGRATE_HINT, ...describeError(error) });
        response = errorResponse(
          new HttpError(503, code, 'The service is not set up yet: its database has no tables. The operator must run its migrations.', undefined, {
            'Retry-After': '30',
          }),
        );
      } else {
        code = 'internal_error';
        log('error', 'unhandled error', { requestId, method: request.method, path, ...describeError(error) });
        response = errorResponse(new HttpError(500, code, 'Something went wrong on our side.'));
      }
    }
    log('info', 'request', {
      requestId,
      method: request.method,
      path,
      status: response.status,
      code,
      ms: Math.round(performance.now() - started),
    });
    response.headers.set('X-Request-Id', requestId);
    if (config().secureCookies) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    // Only when a clean-up is due: registering after() work has a cost on every request.
    if (claimCleanup()) after(() => deleteExpired().catch(() => {}));
    return response;
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/**
 * Every method's handler for one route file: the ones it has, and for the others a 405 JSON
 * error naming the allowed methods in `Allow` (RFC 9110 §15.5.6), with a request id and a log
 * line like every other error (Next.js alone answers them with an empty body).
 */
export function methods<C = unknown>(handlers: Partial<Record<Method, Handler<C>>>): Record<Method, Handler<C>> {
  const allowed = METHODS.filter((method) => handlers[method]);
  const allow = [...allowed, ...(handlers.GET ? ['HEAD'] : [])].join(', ');
  const notAllowed = route<C>(
    async (request) => {
      throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed on this path; use ${allow}.`, undefined, {
        Allow: allow,
      });
    },
    { checkOrigin: false },
  );
  return Object.fromEntries(METHODS.map((method) => [method, handlers[method] ?? notAllowed])) as Record<Method, Handler<C>>;
}
