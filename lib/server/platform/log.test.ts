import { afterEach, describe, expect, it, vi } from 'vitest';
import { isDatabaseUnavailable } from './database-errors';
import { describeError, log } from './log';

describe('structured logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON object per line with the fields given', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    log('info', 'request', { requestId: 'abc12345', method: 'POST', path: '/api/auth/sign-in', status: 401 });
    const line = String(write.mock.calls[0]![0]);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', requestId: 'abc12345', status: 401 });
  });

  it('keeps only the class, code and first line of an error', () => {
    const error = Object.assign(new Error('Invalid `prisma.user.create()` invocation:\n{ data: { password: "secret hash" } }'), {
      code: 'P2009',
    });
    const fields = describeError(error);
    expect(fields).toEqual({ error: 'Error', code: 'P2009', detail: 'Invalid `prisma.user.create()` invocation:' });
    expect(JSON.stringify(fields)).not.toContain('secret');
  });
});

describe('database availability', () => {
  it('recognises a database that cannot be reached, however deeply the cause is wrapped', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('x', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });
});
