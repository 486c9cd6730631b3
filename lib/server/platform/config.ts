import 'server-only';
import { z } from 'zod';
import { databaseProvider, resolveDatabaseUrl } from '@/lib/shared/database-url.mjs';
import { DEFAULT_APP_NAME } from '@/lib/shared/app-name';

// The one place for relying-party and deployment settings. Read from the environment with
// localhost defaults so the demo needs no env file; validated once at start-up
// (instrumentation.ts) so a wrong value stops the server with a message, not a failed
// ceremony later.

export type Config = {
  /** WebAuthn relying-party id: a registrable domain that every origin is on. */
  rpId: string;
  rpName: string;
  /** The origin links and redirects point to; always the first of `origins`. */
  origin: string;
  /** Exact origins accepted in clientDataJSON and in the Origin header of writes. */
  origins: string[];
  databaseUrl: string;
  /** True when the app is served over https: Secure cookies with the __Host- prefix. */
  secureCookies: boolean;
  /** How many reverse proxies in front of the app append to X-Forwarded-For (0: trust none). */
  trustProxyHops: number;
  session: { idleTimeoutSeconds: number; absoluteTimeoutSeconds: number };
  /** Failed password attempts allowed per window, per account and per client address. */
  signInLimit: { perAccountAndClient: number; perAccount: number; perClient: number; windowSeconds: number };
  signUpLimit: { perClient: number; windowSeconds: number };
  /** Passkey sign-in options (each stores a challenge) per client address per sign-in window. */
  signInOptionsLimit: { perClient: number; windowSeconds: number };
  /** How long security events are kept: those of an account, and those of no account. */
  eventRetentionDays: { account: number; anonymous: number };
  /** How long after a password sign-in the server will offer the automatic passkey upgrade. */
  upgradeWindowSeconds: number;
  /** Lifetime of a WebAuthn challenge. */
  challengeTtlSeconds: number;
  /** How recently a session must have proved who it is to change passkeys or the password. */
  reauthWindowSeconds: number;
  /** Accounts (normalised email addresses) that may see the adoption insights. */
  operatorEmails: string[];
  /** The bearer token that /api/metrics asks for; null: the endpoint is off (404). */
  metricsToken: string | null;
  /**
   * Where mail goes: an SMTP server (smtp:// or smtps:// URL, credentials included), or
   * null: each message is written as an .eml file to `outboxDir` (the demo and the tests).
   */
  mail: { smtpUrl: string | null; from: string; outboxDir: string };
  /** Links sent by email (verification, recovery) per address and per client address per window. */
  mailLimit: { perAddress: number; perClient: number; windowSeconds: number };
};

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const number = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(number) || number < min || number > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return number;
    });

// `npm run dev` is a demo: a person signs up, signs in and out, reloads and asks for links
// for an afternoon from one address, and next dev's strict mode asks for passkey sign-in
// options twice per page view. Limits sized for attackers would stop them within the hour,
// so development gets room; every other mode keeps the production numbers.
const DEVELOPMENT_LIMITS = { signUpPerClient: 1000, signInOptionsPerClient: 1000, mailPerAddress: 30, mailPerClient: 300 };
const PRODUCTION_LIMITS = { signUpPerClient: 10, signInOptionsPerClient: 60, mailPerAddress: 3, mailPerClient: 20 };

const envSchema = (limits: typeof PRODUCTION_LIMITS) =>
  z.object({
    // Unset, it follows the port the server listens on (see loadConfig).
    APP_ORIGIN: z.string().optional(),
    ALLOWED_ORIGINS: z.string().default(''),
    RP_ID: z.string().optional(),
    // The app's name for people: header, titles, mail, and the passkey's site name (lib/shared/app-name.ts).
    RP_NAME: z.string().trim().max(64, 'expected at most 64 characters').default(DEFAULT_APP_NAME),
    DATABASE_URL: z.string().optional(),
    TRUST_PROXY_HOPS: integer(0, 0, 10),
    SESSION_IDLE_TIMEOUT_SECONDS: integer(7 * 24 * 3600, 60, 365 * 24 * 3600),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: integer(30 * 24 * 3600, 60, 365 * 24 * 3600),
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT: integer(5, 1, 1000),
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: integer(100, 1, 100000),
    SIGN_IN_MAX_FAILURES_PER_CLIENT: integer(20, 1, 100000),
    SIGN_IN_WINDOW_SECONDS: integer(15 * 60, 10, 24 * 3600),
    SIGN_IN_OPTIONS_MAX_PER_CLIENT: integer(limits.signInOptionsPerClient, 1, 100000),
    SIGN_UP_MAX_PER_CLIENT: integer(limits.signUpPerClient, 1, 100000),
    EVENT_RETENTION_DAYS: integer(365, 1, 3650),
    ANONYMOUS_EVENT_RETENTION_DAYS: integer(30, 1, 3650),
    SIGN_UP_WINDOW_SECONDS: integer(3600, 10, 24 * 3600),
    UPGRADE_WINDOW_SECONDS: integer(300, 10, 3600),
    CHALLENGE_TTL_SECONDS: integer(300, 30, 900),
    REAUTH_WINDOW_SECONDS: integer(600, 30, 24 * 3600),
    OPERATOR_EMAILS: z.string().default(''),
    // Long and random: it is compared in constant time, but it is the only thing guarding the
    // endpoint (`openssl rand -hex 32` makes a good one).
    METRICS_TOKEN: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{32,256}$/, 'expected 32 to 256 printable characters with no spaces')
      .optional(),
    SMTP_URL: z
      .string()
      .trim()
      .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://user:password@host:587 or smtps://user:password@host:465')
      .optional(),
    // An address, optionally with a name: "Passkey Upgrade <no-reply@example.com>".
    MAIL_FROM: z
      .string()
      .trim()
      .regex(/^([^<>\r\n]{0,64}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'expected an address, or "Name <address>"')
      .optional(),
    MAIL_OUTBOX_DIR: z.string().trim().default('./data/outbox'),
    MAIL_MAX_PER_ADDRESS: integer(limits.mailPerAddress, 1, 1000),
    MAIL_MAX_PER_CLIENT: integer(limits.mailPerClient, 1, 100000),
    MAIL_WINDOW_SECONDS: integer(3600, 10, 24 * 3600),
  });

/** The names of every setting above, for the check that .env.example lists them all. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema(PRODUCTION_LIMITS).shape);

const SECRET_SETTINGS = new Set(['METRICS_TOKEN', 'SMTP_URL']);

/** Said by config.ts and by server.mjs, which checks before it starts any worker. */
export const APP_ORIGIN_REQUIRED =
  'APP_ORIGIN is not set: a production server (NODE_ENV=production) needs the origin people use, e.g. APP_ORIGIN=https://accounts.example.com';

export class ConfigError extends Error {
  constructor(problems: string[]) {
    // One problem is one line, so a log shows it whole.
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function parseOrigin(value: string, name: string, problems: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: "${value}" is not a URL (expected e.g. https://example.com)`);
    return null;
  }
  if (url.origin !== value.replace(/\/$/, '')) {
    problems.push(`${name}: "${value}" must be a bare origin (scheme, host, port) with no path`);
    return null;
  }
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    // WebAuthn needs a secure context; http is one only on localhost.
    problems.push(`${name}: "${value}" must use https (http is allowed only for localhost)`);
    return null;
  }
  return url;
}

/** Builds the configuration from an environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // A variable set to nothing (`NAME=` in an .env or compose file) means "not set": its default.
  const mode = env.NODE_ENV;
  const schema = envSchema(mode === 'development' ? DEVELOPMENT_LIMITS : PRODUCTION_LIMITS);
  const given = Object.fromEntries(
    Object.keys(schema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // A secret is never echoed into the log, not even a wrong one.
        const shown = SECRET_SETTINGS.has(name) ? '(hidden)' : String(given[name]).slice(0, 200);
        return `${name}: "${shown}" is not allowed: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];

  // A production server guessing its own origin would build every emailed link and check
  // every passkey against http://localhost: it must be told. `next build` loads route modules
  // with NODE_ENV=production too, where the origin is often not known yet (it is given to the
  // server that runs the build, as in a container image): the build serves nothing, so it
  // need not be told.
  const building = env.NEXT_PHASE === 'phase-production-build';
  if (mode === 'production' && !building && e.APP_ORIGIN === undefined) throw new ConfigError([APP_ORIGIN_REQUIRED]);

  // Zero configuration: `PORT=3001 npm run dev` is served, and so must be allowed, at
  // http://localhost:3001. Any other host (127.0.0.1, a network address) needs APP_ORIGIN.
  const port = /^\d{1,5}$/.test(env.PORT?.trim() ?? '') ? Number(env.PORT) : 3000;
  const appOrigin = e.APP_ORIGIN ?? `http://localhost:${port}`;
  const originValues = [appOrigin, ...e.ALLOWED_ORIGINS.split(',')].map((s) => s.trim()).filter(Boolean);
  const urls = originValues
    .map((value, i) => parseOrigin(value, i === 0 ? 'APP_ORIGIN' : 'ALLOWED_ORIGINS', problems))
    .filter((u): u is URL => u !== null);

  const primary = urls[0];
  const rpId = (e.RP_ID ?? primary?.hostname ?? '').trim().toLowerCase();
  // With no RP_ID set it comes from APP_ORIGIN; if that was wrong, it is already reported.
  if (e.RP_ID !== undefined || primary) {
    if (!rpId || !/^[a-z0-9.-]+$/.test(rpId) || rpId.startsWith('.') || rpId.endsWith('.')) {
      problems.push(`RP_ID: "${e.RP_ID ?? ''}" is not a domain name`);
    } else {
      for (const url of urls) {
        // WebAuthn L3 §5.1.3 / §5.1.4: the RP ID must be the origin's host or a registrable
        // suffix of it. (Checking the public suffix list is left to the browser.)
        if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
          problems.push(`RP_ID "${rpId}" is not ${url.hostname} or a parent domain of it (origin ${url.origin})`);
        }
      }
    }
  }
  if (e.SESSION_IDLE_TIMEOUT_SECONDS > e.SESSION_ABSOLUTE_TIMEOUT_SECONDS) {
    problems.push('SESSION_IDLE_TIMEOUT_SECONDS must not exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS');
  }
  const databaseUrl = resolveDatabaseUrl(e.DATABASE_URL);
  if (!databaseProvider(databaseUrl)) {
    problems.push(`DATABASE_URL: use file:./path.db (SQLite) or postgresql://user@host:5432/db (got "${databaseUrl.split(':')[0]}:...")`);
  }
  const operatorEmails = e.OPERATOR_EMAILS.split(',')
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  for (const email of operatorEmails) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) problems.push(`OPERATOR_EMAILS: "${email}" is not an email address`);
  }
  if (problems.length > 0 || !primary) throw new ConfigError(problems);

  return {
    rpId,
    rpName: e.RP_NAME,
    origin: primary.origin,
    origins: [...new Set(urls.map((u) => u.origin))],
    databaseUrl,
    secureCookies: primary.protocol === 'https:',
    trustProxyHops: e.TRUST_PROXY_HOPS,
    session: {
      idleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS,
      absoluteTimeoutSeconds: e.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    },
    signInLimit: {
      perAccountAndClient: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT_AND_CLIENT,
      perAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      perClient: e.SIGN_IN_MAX_FAILURES_PER_CLIENT,
      windowSeconds: e.SIGN_IN_WINDOW_SECONDS,
    },
    signUpLimit: { perClient: e.SIGN_UP_MAX_PER_CLIENT, windowSeconds: e.SIGN_UP_WINDOW_SECONDS },
    signInOptionsLimit: { perClient: e.SIGN_IN_OPTIONS_MAX_PER_CLIENT, windowSeconds: e.SIGN_IN_WINDOW_SECONDS },
    eventRetentionDays: { account: e.EVENT_RETENTION_DAYS, anonymous: e.ANONYMOUS_EVENT_RETENTION_DAYS },
    upgradeWindowSeconds: e.UPGRADE_WINDOW_SECONDS,
    challengeTtlSeconds: e.CHALLENGE_TTL_SECONDS,
    reauthWindowSeconds: e.REAUTH_WINDOW_SECONDS,
    operatorEmails,
    metricsToken: e.METRICS_TOKEN ?? null,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `${e.RP_NAME.replace(/[<>"\r\n]/g, '')} <no-reply@${rpId}>`,
      outboxDir: e.MAIL_OUTBOX_DIR,
    },
    mailLimit: { perAddress: e.MAIL_MAX_PER_ADDRESS, perClient: e.MAIL_MAX_PER_CLIENT, windowSeconds: e.MAIL_WINDOW_SECONDS },
  };
}

let cached: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
