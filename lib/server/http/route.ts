import 'server-only';
import { after, NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { STRICT_TRANSPORT_SECURITY, pathForLog, requestIdOf } from '@/lib/shared/response-headers.mjs';
import { claimCleanup, deleteExpired } from '../platform/cleanup';
import { rollUpRecentDays } from '../insights/rollup';
import { config } from '../platform/config';
import { isDatabaseUnavailable, isSchemaMissing } from '../platform/database-errors';
import { MIGRATE_HINT } from '../platform/health';
import { describeError, log } from '../platform/log';
import type { CurrentSession } from '../identity/session';
import { Failure, whenToTryAgain, type FailureCode } from '../platform/failure';
import { originRefusal } from './origin-refusal';
import { getCurrentSession } from './session-cookie';
import type { ClientInfo } from '../audit/security-events';

// The HTTP edge: what every JSON route handler shares. One error shape (a Failure from any
// layer below becomes a status here, in one table), body parsing, the Origin check on
// writes, and the client's address. Handlers parse input, call a module, shape the response.

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** The one place where a failure becomes an HTTP status. */
export const STATUS: Record<FailureCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  origin_required: 403,
  origin_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_signed_in: 401,
  invalid_credentials: 401,
  reauth_required: 403,
  too_many_attempts: 429,
  too_many_requests: 429,
  weak_password: 400,
  email_taken: 409,
  no_password: 404,
  last_sign_in_method: 409,
  passkey_not_found: 404,
  session_not_found: 404,
  current_session: 400,
  account_changed: 409,
  invalid_link: 400,
  link_expired: 410,
  link_used: 410,
  wrong_link: 400,
  already_verified: 409,
  invalid_challenge: 400,
  invalid_client_data: 400,
  invalid_attestation: 400,
  invalid_public_key: 400,
  verification_failed: 400,
  cross_origin: 400,
  credential_id_mismatch: 400,
  credential_exists: 409,
  unknown_credential: 404,
  user_handle_missing: 400,
  user_handle_mismatch: 400,
  counter_regression: 400,
  backup_eligibility_changed: 400,
  concurrent_use: 409,
  not_this_account: 400,
  no_passkeys: 409,
  upgrade_not_eligible: 403,
  upgrade_window_passed: 403,
  upgrade_already_offered: 409,
  invalid_period: 400,
  metrics_token_required: 401,
  database_unavailable: 503,
  schema_missing: 503,
  internal_error: 500,
};

export function errorResponse(failure: Failure, headers: Record<string, string> = {}): NextResponse<ErrorBody> {
  const status = STATUS[failure.code];
  // A limit says what happened; when to try again is said here, the same way for all of them.
  const message =
    status === 429 && failure.retryAfterSeconds !== undefined
      ? `${failure.message} ${whenToTryAgain(failure.retryAfterSeconds)}`
      : failure.message;
  const body: ErrorBody = { error: { code: failure.code, message } };
  if (failure.fields) body.error.fields = failure.fields;
  return NextResponse.json(body, {
    status,
    headers: {
      'Cache-Control': 'no-store',
      ...(failure.retryAfterSeconds !== undefined && { 'Retry-After': String(failure.retryAfterSeconds) }),
      ...headers,
    },
  });
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body and checks it against `schema`, or throws a Failure saying why. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<z.output<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new Failure('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readAtMost(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Failure('invalid_json', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Failure('invalid_json', 'The body is not valid JSON.');
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
    throw new Failure('invalid_request', `The request is not valid. ${summary}`, { fields });
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
  return new Failure('body_too_large', `The body is larger than ${maxBytes} bytes.`);
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
    throw new Failure('origin_required', 'The Origin header is missing; this request must come from the app.');
  }
  if (!config().origins.includes(origin)) {
    throw new Failure('origin_not_allowed', originRefusal(origin, config().origins, process.env.NODE_ENV === 'development'));
  }
}

/**
 * The client's address for rate limiting and the audit log. `npm start` (server.mjs) hands
 * route handlers the TCP peer's address in a header only it can set. With TRUST_PROXY_HOPS=0
 * that is the address, whatever X-Forwarded-For says; with n proxies in front, each appending
 * the address it saw, it is the entry n from the right of X-Forwarded-For followed by the
 * peer. Under server.mjs a request without the peer's address is not handed on at all; should
 * one arrive anyway, its address is unknown (null): never a header the client wrote. Without
 * server.mjs (`next dev`), the peer is unknown and the last X-Forwarded-For entry stands in for
 * it (Next.js fills the header with the socket address when it is absent).
 */
export function clientInfo(request: { headers: { get(name: string): string | null } }): ClientInfo {
  const userAgent = request.headers.get('user-agent');
  const peerHeader = process.env.PEER_ADDRESS_HEADER;
  const peer = (peerHeader && request.headers.get(peerHeader)) || null;
  if (peerHeader && !peer) return { ipAddress: null, userAgent };
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = peer ? [...forwarded, peer] : forwarded;
  const hops = config().trustProxyHops;
  const index = peer ? chain.length - 1 - hops : forwarded.length - Math.max(1, hops);
  const ipAddress = chain[Math.max(0, index)]?.slice(0, 64) ?? null;
  return { ipAddress, userAgent };
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** What a handler needs before it runs: a signed-in session, or whoever asks. */
export type Needs = { session: 'required' } | { session: 'optional' } | { session: 'none' };

type HandlerArgs<C, N extends Needs> = { context: C } & (N extends { session: 'required' }
  ? { current: CurrentSession }
  : N extends { session: 'optional' }
    ? { current: CurrentSession | null }
    : object);

/**
 * Wraps a route handler, which declares what it needs: `{ session: 'required' }` gets the
 * signed-in session (or the request is answered 401 before the handler runs), `'optional'`
 * gets it or null, `'none'` gets nothing. Around every handler: the Origin check on writes;
 * a Failure as its JSON answer (status from STATUS); a database that cannot be reached as
 * 503 (the app recovers when it is back); a request id (the Proxy does not run for /api)
 * and one log line per request with it; expired rows cleaned up after the response now and
 * then; answers left uncompressed unless `compress` (withNoTransform). Give handlers names (`async function renamePasskey(...)`): stack traces and
 * profiles show them.
 */
export function route<C = unknown, N extends Needs = Needs>(
  needs: N,
  handler: (request: NextRequest, args: HandlerArgs<C, N>) => Promise<Response>,
  options: { checkOrigin?: boolean; compress?: boolean } = {},
): Handler<C> {
  const checkOrigin = options.checkOrigin ?? true;
  const compress = options.compress ?? false;
  return async (request, context) => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers, config().trustProxyHops > 0);
    const path = pathForLog(new URL(request.url).pathname);
    let response: Response;
    let code: string | undefined;
    try {
      if (checkOrigin) assertSameOrigin(request);
      let args: { context: C; current?: CurrentSession | null } = { context };
      if (needs.session !== 'none') {
        const current = await getCurrentSession();
        if (!current && needs.session === 'required') throw new Failure('not_signed_in', 'You are not signed in.');
        args = { context, current };
      }
      response = await handler(request, args as HandlerArgs<C, N>);
    } catch (error) {
      if (error instanceof Failure) {
        code = error.code;
        response = errorResponse(error);
      } else if (isDatabaseUnavailable(error)) {
        code = 'database_unavailable';
        log('warn', 'database unavailable', { requestId, method: request.method, path, ...describeError(error) });
        response = errorResponse(
          new Failure('database_unavailable', 'The service is temporarily unavailable. Try again in a few seconds.', {
            retryAfterSeconds: 5,
          }),
        );
      } else if (isSchemaMissing(error)) {
        code = 'schema_missing';
        log('error', 'database schema missing', { requestId, method: request.method, path, hint: MIGRATE_HINT, ...describeError(error) });
        response = errorResponse(
          new Failure(
            'schema_missing',
            'The service is not set up yet: its database has no tables. The operator must run its migrations.',
            {
              retryAfterSeconds: 30,
            },
          ),
        );
      } else {
        code = 'internal_error';
        log('error', 'unhandled error', { requestId, method: request.method, path, ...describeError(error) });
        response = errorResponse(new Failure('internal_error', 'Something went wrong on our side.'));
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
    if (!compress) response.headers.set('Cache-Control', withNoTransform(response.headers.get('Cache-Control')));
    if (config().secureCookies) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    // Only when a clean-up is due: registering after() work has a cost on every request.
    // The insights' roll-ups first: a day must be counted before its events pass retention.
    if (claimCleanup())
      after(() =>
        rollUpRecentDays()
          .catch((error) => log('warn', 'insights roll-up failed', describeError(error)))
          .then(() => deleteExpired().catch(() => {})),
      );
    return response;
  };
}

/**
 * Next.js gzips every answer it cannot see the length of, and a route handler's answers never
 * carry one, so a 300-byte JSON answer costs a zlib stream (measured: about 3 % of a passkey
 * sign-in's CPU) to save a hundred bytes. `no-transform` is what its compression honours (and
 * asks a proxy not to rewrite the body either). Routes whose answers are large (the insights,
 * the metrics) ask for compression instead.
 */
function withNoTransform(cacheControl: string | null): string {
  if (!cacheControl) return 'no-transform';
  return /(^|,)\s*no-transform\s*(,|$)/i.test(cacheControl) ? cacheControl : `${cacheControl}, no-transform`;
}

/**
 * Runs `task` after the response is sent (mail: an SMTP server may be slow, and the answer
 * must not wait for it). It runs straight after, so the next request on the connection waits
 * for it: work whose cost must not be timed (a recovery request's) goes to
 * platform/deferred.ts instead. A failure is logged, never shown: the person was already
 * answered.
 */
export function afterResponse(name: string, task: () => Promise<void>): void {
  after(() => task().catch((error) => log('error', `${name} failed`, describeError(error))));
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
    { session: 'none' },
    async function methodNotAllowed(request) {
      return errorResponse(new Failure('method_not_allowed', `${request.method} is not allowed on this path; use ${allow}.`), {
        Allow: allow,
      });
    },
    { checkOrigin: false },
  );
  return Object.fromEntries(METHODS.map((method) => [method, handlers[method] ?? notAllowed])) as Record<Method, Handler<C>>;
}
