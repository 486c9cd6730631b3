import { afterEach, describe, expect, it, vi } from 'vitest';
import { pathForLog, requestIdFrom, requestIdOf } from './response-headers.mjs';

describe('request ids and logged paths', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps a well-formed id only from a trusted proxy', () => {
    expect(requestIdFrom('lb-req-1234abcd', true)).toBe('lb-req-1234abcd');
    expect(requestIdFrom('lb-req-1234abcd', false)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('x'.repeat(2000), true)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('bad id <script>', true)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes the id server.mjs chose, from the header only it and the app know, over any other', () => {
    vi.stubEnv('REQUEST_ID_HEADER', 'x-edge-request-id-test');
    const headers = new Headers({ 'x-edge-request-id-test': 'edge-chosen-0001', 'x-request-id': 'client-chosen-0001' });
    expect(requestIdOf(headers, false)).toBe('edge-chosen-0001');
    expect(requestIdOf(headers, true)).toBe('edge-chosen-0001');
    vi.stubEnv('REQUEST_ID_HEADER', '');
    expect(requestIdOf(headers, true)).toBe('client-chosen-0001');
    expect(requestIdOf(headers, false)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('cuts a long path to 256 characters and says how long it was', () => {
    expect(pathForLog('/api/account')).toBe('/api/account');
    const long = `/api/account/passkeys/${'a'.repeat(2000)}`;
    expect(pathForLog(long)).toHaveLength(256 + '…(2022 characters)'.length);
    expect(pathForLog(long).endsWith('…(2022 characters)')).toBe(true);
  });
});
