// First: the .env files the production build reads (lib/shared/env-files.mjs).
import '@/lib/shared/load-env-production.mjs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { z } from 'zod';
import { signInSchema } from '@/lib/server/http/schemas';
import { ceremonyCookieName, ceremonyTokenFrom } from '@/lib/server/http/ceremony-cookie';
import { isLiveBinding } from '@/lib/server/webauthn/challenge';
import { claimCleanup, deleteExpired } from '@/lib/server/platform/cleanup';
import { config } from '@/lib/server/platform/config';
import { randomToken, sha256Hex } from '@/lib/server/platform/crypto';
import { databaseHealth } from '@/lib/server/platform/health';
import { Failure } from '@/lib/server/platform/failure';
import { STATUS, assertSameOrigin, clientInfo } from '@/lib/server/http/route';
import { describeError, log } from '@/lib/server/platform/log';
import { requestIdFrom } from '@/lib/shared/response-headers.mjs';
import { authenticationOptions, verifyPasskeySignIn } from '@/lib/server/webauthn/authentication';
import { signInWithPassword } from '@/lib/server/account/password-sign-in';
import { sessionJson, userJson } from '@/lib/server/http/responses';
import { sessionCookieName } from '@/lib/server/http/session-cookie';
import { authenticationResponseSchema } from '@/lib/server/webauthn/input';

// The benchmark's baseline: the three sign-in endpoints on a bare node:http server, calling
// the very modules the Next.js route handlers call (so the same @simplewebauthn/server
// verification, the same Prisma statements, the same audit events and log line), with none
// of the framework: no router, no Proxy, no Web Request/Response objects, no cookies() or
// after(). What Next.js costs is the difference between the two. This is not a way to run
// the app; it serves nothing else.
//
// Run by bench/run.ts (which lets it listen on 127.0.0.1 only) as: node --import tsx --conditions=react-server bench/baseline-server.ts
// (react-server makes `server-only` importable outside Next.js, as it is inside it).

const MAX_BODY_BYTES = { '/api/auth/sign-in': 16 * 1024, '/api/passkeys/sign-in/verify': 64 * 1024 } as const;

type Reply = { status: number; body: unknown; cookies?: string[] };

function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function serializeCookie(name: string, value: string, options: { expires?: Date; maxAge?: number; sameSite: string }) {
  const parts = [`${name}=${value}`, 'Path=/'];
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (config().secureCookies) parts.push('Secure');
  parts.push('HttpOnly', `SameSite=${options.sameSite}`);
  return parts.join('; ');
}

async function readJson<S extends z.ZodType>(request: IncomingMessage, schema: S, maxBytes: number): Promise<z.output<S>> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new Failure('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) throw new Failure('body_too_large', `The body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new Failure('invalid_json', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Failure('invalid_request', 'The request is not valid.');
  return parsed.data;
}

/** The parts of a Web Request that assertSameOrigin and clientInfo read. */
function requestLike(request: IncomingMessage): Request {
  return {
    method: request.method ?? 'GET',
    headers: {
      get: (name: string) => {
        // Like Next.js: X-Forwarded-For is filled with the socket's address when absent.
        if (name === 'x-forwarded-for') return (request.headers['x-forwarded-for'] as string) ?? request.socket.remoteAddress ?? null;
        const value = request.headers[name];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      },
    },
  } as unknown as Request;
}

async function handle(request: IncomingMessage, path: string): Promise<Reply> {
  const like = requestLike(request);
  if (path === '/api/health' && request.method === 'GET') {
    const database = await databaseHealth();
    return { status: database.ok ? 200 : 503, body: { status: database.ok ? 'ok' : 'degraded', database } };
  }
  if (request.method !== 'POST') throw new Failure('not_found', 'No such endpoint here.');
  assertSameOrigin(like);

  if (path === '/api/passkeys/sign-in/options') {
    // As ensureCeremonyToken(): a token is kept only while a live challenge is bound to it.
    const presented = ceremonyTokenFrom(readCookie(request, ceremonyCookieName()));
    const existing = presented && (await isLiveBinding(sha256Hex(presented))) ? presented : undefined;
    const token = existing ?? randomToken(32);
    const options = await authenticationOptions(token, 'button', clientInfo(like));
    const cookies = token === existing ? [] : [serializeCookie(ceremonyCookieName(), token, { maxAge: 3600, sameSite: 'Strict' })];
    return { status: 200, body: options, cookies };
  }
  if (path === '/api/passkeys/sign-in/verify') {
    const response = await readJson(request, authenticationResponseSchema, MAX_BODY_BYTES[path]);
    const token = ceremonyTokenFrom(readCookie(request, ceremonyCookieName()));
    const result = await verifyPasskeySignIn(token, response, clientInfo(like));
    return {
      status: 200,
      body: { user: userJson(result.user), session: sessionJson(result.session) },
      cookies: [serializeCookie(sessionCookieName(), result.token, { expires: result.session.expiresAt, sameSite: 'Lax' })],
    };
  }
  if (path === '/api/auth/sign-in') {
    const { email, password } = await readJson(request, signInSchema, MAX_BODY_BYTES[path]);
    const result = await signInWithPassword(email, password, clientInfo(like));
    if (!result.ok) {
      if (result.reason === 'rate_limited') throw new Failure('too_many_attempts', 'Too many failed sign-in attempts.');
      throw new Failure('invalid_credentials', 'The email or password is incorrect.');
    }
    return {
      status: 200,
      body: { user: userJson(result.user), session: sessionJson(result.session) },
      cookies: [serializeCookie(sessionCookieName(), result.token, { expires: result.session.expiresAt, sameSite: 'Lax' })],
    };
  }
  throw new Failure('not_found', 'No such endpoint here.');
}

async function serve(request: IncomingMessage, response: ServerResponse) {
  const started = performance.now();
  const requestId = requestIdFrom((request.headers['x-request-id'] as string | undefined) ?? null, config().trustProxyHops > 0);
  const path = (request.url ?? '/').split('?')[0]!;
  let reply: Reply;
  let code: string | undefined;
  try {
    reply = await handle(request, path);
  } catch (error) {
    if (error instanceof Failure) {
      code = error.code;
      reply = { status: STATUS[error.code], body: { error: { code: error.code, message: error.message } } };
    } else {
      code = 'internal_error';
      log('error', 'unhandled error', { requestId, method: request.method, path, ...describeError(error) });
      reply = { status: 500, body: { error: { code, message: 'Something went wrong on our side.' } } };
    }
  }
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
    ...(reply.cookies?.length ? { 'set-cookie': reply.cookies } : {}),
  });
  response.end(body);
  log('info', 'request', {
    requestId,
    method: request.method,
    path,
    status: reply.status,
    code,
    ms: Math.round(performance.now() - started),
  });
  if (claimCleanup()) deleteExpired().catch(() => {});
}

config();
const port = Number(process.env.PORT ?? 3200);
createServer((request, response) => void serve(request, response)).listen(port, '127.0.0.1', () => {
  log('info', 'baseline server listening', { port });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
