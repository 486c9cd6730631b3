// How the account page words things the server stores raw.

/**
 * A client address as a person can read it: loopback and private-network addresses mean
 * nothing to most people (and "::1" looks like an error), so they are named; an IPv4 address
 * that reached an IPv6 socket loses its "::ffff:" prefix; any other address is shown as is.
 */
export function describeAddress(address: string): string {
  const ip = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (ip === '::1' || /^127\./.test(ip)) return 'this computer';
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(ip) || /^f[cd][0-9a-f]{2}:/i.test(ip) || /^fe80:/i.test(ip)) {
    return 'a local network';
  }
  return ip;
}
