import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** A base64url token of `bytes` random bytes (32 bytes = 256 bits for session tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
