import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientInfo } from './route';

// The address the limits and the security log count. config() reads TRUST_PROXY_HOPS once;
// these tests run with its default, 0 (no proxy in front).

const request = (headers: Record<string, string>) => ({ headers: new Headers(headers) });

describe('the client address', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the peer that server.mjs reports, whatever X-Forwarded-For claims', () => {
    vi.stubEnv('PEER_ADDRESS_HEADER', 'x-peer-address-test');
    expect(clientInfo(request({ 'x-peer-address-test': '127.0.0.4', 'x-forwarded-for': '192.0.2.1' })).ipAddress).toBe('127.0.0.4');
  });

  it('is unknown under server.mjs when the peer header is missing or empty, never X-Forwarded-For', () => {
    vi.stubEnv('PEER_ADDRESS_HEADER', 'x-peer-address-test');
    expect(clientInfo(request({ 'x-peer-address-test': '', 'x-forwarded-for': '192.0.2.1' })).ipAddress).toBeNull();
    expect(clientInfo(request({ 'x-forwarded-for': '192.0.2.1' })).ipAddress).toBeNull();
  });

  it('is the last X-Forwarded-For entry without server.mjs (next dev, which sets it from the socket)', () => {
    vi.stubEnv('PEER_ADDRESS_HEADER', '');
    expect(clientInfo(request({ 'x-forwarded-for': '192.0.2.1, 127.0.0.1' })).ipAddress).toBe('127.0.0.1');
  });
});
