import 'server-only';
import { decodeCredentialPublicKey, isoCBOR } from '@simplewebauthn/server/helpers';
import { HttpError } from './http';

// What @simplewebauthn/server 14 reads leniently and we refuse, each found by the fuzz run
// (e2e/fuzz.spec.ts) and kept as a regression test in e2e/passkey-bad-input.spec.ts:
// - bytes after the attestation object's CBOR map, and after an ECDSA signature's DER
//   sequence (at sign-in and in a packed attestation): nothing can be forged with them, but
//   one message should have one encoding;
// - a packed self-attestation whose `alg` is not the new key's algorithm, which WebAuthn L3
//   §8.2 requires relying parties to check (the library verifies the signature with the
//   key and takes `alg` only for the hash, so ES256 with alg RS256 passed).

/** The attestation object is one CBOR item, and a packed self-attestation names the key's alg. */
export function assertStrictAttestation(attestationObject: string): void {
  const bytes = new Uint8Array(Buffer.from(attestationObject, 'base64url'));
  let decoded: Map<string, unknown>;
  let length: number;
  try {
    decoded = isoCBOR.decodeFirst<Map<string, unknown>>(bytes);
    // The library's CBOR encoder keeps lengths on re-encoding, so this is the item's length.
    length = isoCBOR.encode(decoded as never).byteLength;
  } catch {
    throw new HttpError(400, 'invalid_attestation', 'attestationObject is not valid CBOR.');
  }
  if (length !== bytes.byteLength) {
    throw new HttpError(400, 'invalid_attestation', 'attestationObject has bytes after its CBOR map.');
  }
  const statement = decoded instanceof Map ? decoded.get('attStmt') : undefined;
  if (decoded instanceof Map && decoded.get('fmt') === 'packed' && statement instanceof Map) {
    const alg = statement.get('alg');
    if (!statement.has('x5c') && alg !== credentialKeyAlgorithm(decoded.get('authData'))) {
      throw new HttpError(400, 'invalid_attestation', 'The self-attestation algorithm is not the algorithm of the new key.');
    }
    const sig = statement.get('sig');
    if (typeof alg === 'number' && ECDSA_ALGORITHMS.has(alg) && sig instanceof Uint8Array && !isSingleDerSequence(Buffer.from(sig))) {
      throw new HttpError(400, 'invalid_attestation', 'The attestation signature is not a single DER-encoded ECDSA signature.');
    }
  }
}

/** The COSE alg of the credential key in registration authenticator data, if it can be read. */
function credentialKeyAlgorithm(authData: unknown): unknown {
  if (!(authData instanceof Uint8Array) || authData.byteLength < 55) return undefined;
  const view = Buffer.from(authData);
  const keyStart = 55 + view.readUInt16BE(53);
  try {
    return isoCBOR.decodeFirst<Map<number, unknown>>(new Uint8Array(view.subarray(keyStart))).get(3);
  } catch {
    return undefined;
  }
}

const ECDSA_ALGORITHMS = new Set([-7, -35, -36]);

/** An ECDSA signature must be one DER SEQUENCE that ends where the signature ends. */
export function assertStrictSignature(publicKey: Uint8Array, signature: string): void {
  let alg: unknown;
  try {
    alg = decodeCredentialPublicKey(publicKey as Uint8Array<ArrayBuffer>).get(3);
  } catch {
    return; // the verifier reports an unusable key
  }
  if (typeof alg !== 'number' || !ECDSA_ALGORITHMS.has(alg)) return;
  if (!isSingleDerSequence(Buffer.from(signature, 'base64url'))) {
    throw new HttpError(400, 'verification_failed', 'The signature is not a single DER-encoded ECDSA signature.');
  }
}

/** A DER SEQUENCE whose declared length ends exactly where the bytes end. */
function isSingleDerSequence(bytes: Buffer): boolean {
  // ECDSA signatures on P-256 and P-384 use the short length form; P-521's may use 0x81.
  const declared = bytes[1] === 0x81 ? (bytes[2] ?? -1) + 3 : (bytes[1] ?? -1) + 2;
  return bytes[0] === 0x30 && declared === bytes.byteLength;
}
