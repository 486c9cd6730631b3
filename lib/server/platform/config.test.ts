import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { DEFAULT_APP_NAME } from '@/lib/shared/app-name';

describe('configuration', () => {
  it('runs with no environment at all on localhost defaults', () => {
    const c = loadConfig({});
    expect(c.rpId).toBe('localhost');
    expect(c.origin).toBe('http://localhost:3000');
    expect(c.origins).toEqual(['http://localhost:3000']);
    expect(c.databaseUrl).toBe('file:./data/dev.db');
    expect(c.secureCookies).toBe(false);
    expect(c.signInLimit).toEqual({ perAccountAndClient: 5, perAccount: 100, perClient: 20, windowSeconds: 900 });
    expect(c.trustProxyHops).toBe(0);
  });

  it('follows PORT when APP_ORIGIN is not set', () => {
    expect(loadConfig({ PORT: '3001' }).origin).toBe('http://localhost:3001');
    expect(loadConfig({ PORT: '3001', APP_ORIGIN: 'https://app.example.com' }).origin).toBe('https://app.example.com');
  });

  it('derives the RP ID from the origin and uses secure cookies over https', () => {
    const c = loadConfig({ APP_ORIGIN: 'https://app.example.com' });
    expect(c.rpId).toBe('app.example.com');
    expect(c.secureCookies).toBe(true);
  });

  it('accepts a parent domain as RP ID for several origins', () => {
    const c = loadConfig({
      APP_ORIGIN: 'https://www.example.com',
      ALLOWED_ORIGINS: 'https://login.example.com, https://example.com',
      RP_ID: 'example.com',
    });
    expect(c.origins).toEqual(['https://www.example.com', 'https://login.example.com', 'https://example.com']);
  });

  it('names every problem in one message', () => {
    let error: unknown;
    try {
      loadConfig({
        APP_ORIGIN: 'http://example.com',
        ALLOWED_ORIGINS: 'not a url',
        RP_ID: 'other.com',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('APP_ORIGIN: "http://example.com" must use https');
    expect(message).toContain('ALLOWED_ORIGINS: "not a url" is not a URL');
    expect(message).toContain('DATABASE_URL');
  });

  it('refuses an RP ID that the origin is not on', () => {
    expect(() => loadConfig({ APP_ORIGIN: 'https://app.example.com', RP_ID: 'example.org' })).toThrow(
      /RP_ID "example.org" is not app.example.com or a parent domain/,
    );
    // A sibling that merely ends with the same letters is not a parent domain.
    expect(() => loadConfig({ APP_ORIGIN: 'https://badexample.com', RP_ID: 'example.com' })).toThrow(ConfigError);
  });

  it('takes a PostgreSQL URL as well as an SQLite file', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://app:secret@db.internal:5432/passkeys' }).databaseUrl).toBe(
      'postgresql://app:secret@db.internal:5432/passkeys',
    );
    expect(loadConfig({ DATABASE_URL: 'file:/var/lib/app/app.db' }).databaseUrl).toBe('file:/var/lib/app/app.db');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: use file:/);
  });

  it('refuses origins with a path and out-of-range numbers', () => {
    expect(() => loadConfig({ APP_ORIGIN: 'https://example.com/app' })).toThrow(/bare origin/);
    expect(() => loadConfig({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/SIGN_IN_MAX_FAILURES_PER_ACCOUNT/);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: 'many' })).toThrow(/TRUST_PROXY_HOPS/);
  });

  it('takes a variable set to nothing as not set, as .env and compose files write it', () => {
    const c = loadConfig({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '', RP_NAME: '', DATABASE_URL: ' ', TRUST_PROXY_HOPS: '' });
    expect(c.signInLimit.perAccount).toBe(100);
    expect(c.rpName).toBe(DEFAULT_APP_NAME);
    expect(c.databaseUrl).toBe('file:./data/dev.db');
  });

  it('names the variable, the value and what is allowed', () => {
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT_SECONDS: 'abc' })).toThrow(
      'SESSION_IDLE_TIMEOUT_SECONDS: "abc" is not allowed: expected a whole number from 60 to 31536000',
    );
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '1.5' })).toThrow(
      'TRUST_PROXY_HOPS: "1.5" is not allowed: expected a whole number from 0 to 10',
    );
  });

  it('does not report an RP_ID nobody set when APP_ORIGIN is what is wrong', () => {
    let message = '';
    try {
      loadConfig({ APP_ORIGIN: 'http://example.com' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('APP_ORIGIN: "http://example.com" must use https');
    expect(message).not.toContain('RP_ID');
  });

  it('sends mail from the RP name at the RP ID, to the outbox unless SMTP_URL is set', () => {
    const c = loadConfig({ APP_ORIGIN: 'https://app.example.com' });
    expect(c.mail).toEqual({ smtpUrl: null, from: `${DEFAULT_APP_NAME} <no-reply@app.example.com>`, outboxDir: './data/outbox' });
    const smtp = loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.com:465', MAIL_FROM: 'Acme <hello@acme.test>' });
    expect(smtp.mail.smtpUrl).toBe('smtps://user:pw@mail.example.com:465');
    expect(smtp.mail.from).toBe('Acme <hello@acme.test>');
  });

  it('never echoes a wrong SMTP_URL, which may hold a password', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://user:secret@mail.example.com' })).toThrow('SMTP_URL: "(hidden)" is not allowed');
    expect(() => loadConfig({ SMTP_URL: 'http://user:secret@mail.example.com' })).not.toThrow(/secret/);
    expect(() => loadConfig({ MAIL_FROM: 'Evil\r\nBcc: x@y.z <a@b.c>' })).toThrow('MAIL_FROM');
  });
  it('refuses to run a production server without APP_ORIGIN, in one line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: APP_ORIGIN is not set: a production server (NODE_ENV=production) needs the origin people use, e.g. APP_ORIGIN=https://accounts.example.com',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', APP_ORIGIN: ' ' })).toThrow(/APP_ORIGIN is not set/);
    expect(loadConfig({ NODE_ENV: 'production', APP_ORIGIN: 'https://accounts.example.com' }).origin).toBe('https://accounts.example.com');
    // `next build` runs in production mode and serves nothing: it need not know the origin.
    expect(() => loadConfig({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
  });

  it('gives a development demo room to go on for an afternoon, and keeps the production limits elsewhere', () => {
    const development = loadConfig({ NODE_ENV: 'development' });
    expect(development.signUpLimit.perClient).toBeGreaterThanOrEqual(500);
    expect(development.signInOptionsLimit.perClient).toBeGreaterThanOrEqual(500);
    expect(development.mailLimit.perAddress).toBeGreaterThanOrEqual(20);
    // The password-guessing limits are the demo's to show: the same everywhere.
    expect(development.signInLimit).toEqual(loadConfig({}).signInLimit);
    const production = loadConfig({ NODE_ENV: 'production', APP_ORIGIN: 'https://accounts.example.com' });
    expect(production.signUpLimit.perClient).toBe(10);
    expect(production.signInOptionsLimit.perClient).toBe(60);
    expect(production.mailLimit).toMatchObject({ perAddress: 3, perClient: 20 });
    // Set explicitly, a limit is what was set, in development too.
    expect(loadConfig({ NODE_ENV: 'development', SIGN_UP_MAX_PER_CLIENT: '3' }).signUpLimit.perClient).toBe(3);
  });
});
