import { describe, expect, it } from 'vitest';
import { describeAddress } from './format';

describe('describeAddress', () => {
  it('names loopback and private networks instead of showing their addresses', () => {
    expect(describeAddress('::1')).toBe('this computer');
    expect(describeAddress('127.0.0.1')).toBe('this computer');
    expect(describeAddress('::ffff:127.0.0.1')).toBe('this computer');
    expect(describeAddress('192.168.1.20')).toBe('a local network');
    expect(describeAddress('10.0.0.7')).toBe('a local network');
    expect(describeAddress('172.20.1.1')).toBe('a local network');
    expect(describeAddress('fd12:3456::1')).toBe('a local network');
  });

  it('shows any other address as it is, without the IPv4-in-IPv6 prefix', () => {
    expect(describeAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(describeAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(describeAddress('172.32.0.1')).toBe('172.32.0.1');
    expect(describeAddress('2001:db8::5')).toBe('2001:db8::5');
  });
});
