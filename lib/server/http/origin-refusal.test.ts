import { describe, expect, it } from 'vitest';
import { originRefusal } from './origin-refusal';

// The 403 a person gets in development when the page's origin is not the configured one
// (every form fails with it): it must name the setting and what to do, not only refuse.

describe('a write from an origin the app was not set up for', () => {
  const allowed = ['http://localhost:3000'];

  it('in development, from 127.0.0.1 or the network address next dev prints: open localhost, and why APP_ORIGIN cannot be that', () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://192.168.1.20:3000', 'http://[::1]:3000']) {
      const message = originRefusal(origin, allowed, true);
      expect(message).toBe(
        `Requests from ${origin} are not allowed. Open http://localhost:3000 instead: this development server accepts http://localhost:3000 (APP_ORIGIN, ALLOWED_ORIGINS), and passkeys need a domain name over https, or localhost, so APP_ORIGIN cannot be ${origin}.`,
      );
    }
  });

  it('in development, from another port or a usable origin: the APP_ORIGIN to set', () => {
    expect(originRefusal('http://localhost:3001', allowed, true)).toBe(
      'Requests from http://localhost:3001 are not allowed. This development server accepts http://localhost:3000 (APP_ORIGIN). To use http://localhost:3001, restart it with APP_ORIGIN=http://localhost:3001, or add it to ALLOWED_ORIGINS (every origin must be on RP_ID) — or open http://localhost:3000 instead.',
    );
    expect(originRefusal('https://demo.example.com', allowed, true)).toContain('APP_ORIGIN=https://demo.example.com');
  });

  it('in production, only that it is refused', () => {
    expect(originRefusal('http://127.0.0.1:3000', allowed, false)).toBe('Requests from http://127.0.0.1:3000 are not allowed.');
  });
});
