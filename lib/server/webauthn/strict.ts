import 'server-only';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { decodeCredentialPublicKey, isoCBOR } from '@simplewebauthn/server/helpers';
import { Failure } from '../platform/failure';

// What @simplewebauthn/server 14 reads leniently and we refuse, each found by the fuzz run
// (e2e/fuzz.spec.ts) and kept as a regression test in e2e/passkey-bad-input.spec.ts:
// - bytes after the attestation object's CBOR map, and after an ECDSA signature's DER
//   sequence (at sign-in and in a packed attestation): nothing can be forged with them, but
//   one message should have one encoding;
// - a packed self-attestation whose `alg` is not the new key's algorithm, which WebAuthn L3
//   §8.2 requires relying parties to check (the library verifies the signature with the
//   key and takes `alg` only for the hash, so ES256 with alg RS256 passed);
// - a CBOR item cut short: the library's decoder returns a byte string shorter than its
//   declared length, so an attestation object missing its last bytes read as complete;
// - a credential public key that can never verify a signature (a coordinate of the wrong
//   length, a point not on the curve, a short RSA modulus): stored, it fails every sign-in.

/** The attestation object is one CBOR item, and a packed self-attestation names the key's alg. */
export function assertStrictAttestation(attestationObject: string): void {
  const bytes = new Uint8Array(Buffer.from(attestationObject, 'base64url'));
  const problem = cborProblem(bytes);
  if (problem) throw new Failure('invalid_attestation', `attestationObject is not valid CBOR: ${problem}.`);
  let decoded: Map<string, unknown>;
  let length: number;
  try {
    decoded = isoCBOR.decodeFirst<Map<string, unknown>>(bytes);
    // The library's CBOR encoder keeps lengths on re-encoding, so this is the item's length.
    length = isoCBOR.encode(decoded as never).byteLength;
  } catch {
    throw new Failure('invalid_attestation', 'attestationObject is not valid CBOR.');
  }
  if (length !== bytes.byteLength) {
    throw new Failure('invalid_attestation', 'attestationObject has bytes after its CBOR map.');
  }
  const statement = decoded instanceof Map ? decoded.get('attStmt') : undefined;
  if (decoded instanceof Map && decoded.get('fmt') === 'packed' && statement instanceof Map) {
    const alg = statement.get('alg');
    if (!statement.has('x5c') && alg !== credentialKeyAlgorithm(decoded.get('authData'))) {
      throw new Failure('invalid_attestation', 'The self-attestation algorithm is not the algorithm of the new key.');
    }
    const sig = statement.get('sig');
    if (typeof alg === 'number' && ECDSA_ALGORITHMS.has(alg) && sig instanceof Uint8Array && !isSingleDerSequence(Buffer.from(sig))) {
      throw new Failure('invalid_attestation', 'The attestation signature is not a single DER-encoded ECDSA signature.');
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
    throw new Failure('verification_failed', 'The signature is not a single DER-encoded ECDSA signature.');
  }
}

/** A DER SEQUENCE whose declared length ends exactly where the bytes end. */
function isSingleDerSequence(bytes: Buffer): boolean {
  // ECDSA signatures on P-256 and P-384 use the short length form; P-521's may use 0x81.
  const declared = bytes[1] === 0x81 ? (bytes[2] ?? -1) + 3 : (bytes[1] ?? -1) + 2;
  return bytes[0] === 0x30 && declared === bytes.byteLength;
}

/**
 * Why `bytes` is not exactly one complete, well-formed CBOR item (RFC 8949 §3), or null.
 * Definite lengths only, as CTAP2's canonical CBOR requires; byte strings inside are not
 * descended into (authData is checked by the library's parser, and its key below).
 */
export function cborProblem(bytes: Uint8Array): string | null {
  try {
    const end = cborItemEnd(bytes, 0, 0);
    return end === bytes.byteLength ? null : `${bytes.byteLength - end} bytes after the item`;
  } catch (error) {
    return (error as Error).message;
  }
}

const MAX_CBOR_DEPTH = 16;

function cborItemEnd(bytes: Uint8Array, offset: number, depth: number): number {
  if (depth > MAX_CBOR_DEPTH) throw new Error('nested too deeply');
  if (offset >= bytes.byteLength) throw new Error('an item is cut short');
  const major = bytes[offset]! >> 5;
  const info = bytes[offset]! & 0x1f;
  let at = offset + 1;
  let argument: number;
  if (info < 24) argument = info;
  else if (info <= 27) {
    const size = 1 << (info - 24);
    if (at + size > bytes.byteLength) throw new Error('an item is cut short');
    argument = 0;
    for (let i = 0; i < size; i++) argument = argument * 256 + bytes[at + i]!;
    at += size;
  } else throw new Error(info === 31 ? 'indefinite lengths are not allowed' : 'reserved additional information');
  switch (major) {
    case 0:
    case 1:
    case 7:
      return at;
    case 2:
    case 3:
      if (at + argument > bytes.byteLength) throw new Error('a byte or text string is cut short');
      return at + argument;
    case 4:
      for (let i = 0; i < argument; i++) at = cborItemEnd(bytes, at, depth + 1);
      return at;
    case 5:
      for (let i = 0; i < argument * 2; i++) at = cborItemEnd(bytes, at, depth + 1);
      return at;
    case 6:
      return cborItemEnd(bytes, at, depth + 1);
    default:
      throw new Error('unknown major type');
  }
}

const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, n: -1, e: -2 } as const;

/**
 * Refuses a credential public key that could never verify a signature: for each algorithm we
 * accept, the key type and curve it needs, coordinates and sizes of the right length, a point
 * on the curve (the key is imported, which checks it), an RSA modulus of at least 2048 bits.
 */
export function assertUsablePublicKey(coseKey: Uint8Array): void {
  const refuse = (why: string): never => {
    throw new Failure('invalid_public_key', `The passkey's public key cannot be used: ${why}.`);
  };
  if (cborProblem(coseKey)) refuse('it is not one complete CBOR map');
  let key: Map<number, unknown>;
  try {
    key = decodeCredentialPublicKey(coseKey as Uint8Array<ArrayBuffer>) as unknown as Map<number, unknown>;
  } catch {
    return refuse('it is not a COSE key');
  }
  const bytes = (label: number) => {
    const value = key.get(label);
    return value instanceof Uint8Array ? Buffer.from(value) : null;
  };
  const alg = key.get(COSE.alg);
  const kty = key.get(COSE.kty);
  let jwk: JsonWebKey;
  if (alg === -7) {
    const [x, y] = [bytes(COSE.x), bytes(COSE.y)];
    if (kty !== 2 || key.get(COSE.crv) !== 1) refuse('ES256 needs an EC2 key on P-256');
    if (x?.byteLength !== 32 || y?.byteLength !== 32) refuse('a P-256 coordinate is not 32 bytes');
    jwk = { kty: 'EC', crv: 'P-256', x: x!.toString('base64url'), y: y!.toString('base64url') };
  } else if (alg === -8) {
    const x = bytes(COSE.x);
    if (kty !== 1 || key.get(COSE.crv) !== 6) refuse('EdDSA needs an OKP key on Ed25519');
    if (x?.byteLength !== 32) refuse('an Ed25519 key is not 32 bytes');
    jwk = { kty: 'OKP', crv: 'Ed25519', x: x!.toString('base64url') };
  } else if (alg === -257) {
    const [n, e] = [bytes(COSE.n), bytes(COSE.e)];
    if (kty !== 3 || !n || !e) refuse('RS256 needs an RSA key with a modulus and an exponent');
    const modulus = n!.subarray(
      Math.max(
        0,
        n!.findIndex((b) => b !== 0),
      ),
    );
    const bits = (modulus.byteLength - 1) * 8 + (32 - Math.clz32(modulus[0] ?? 0));
    if (bits < 2048) refuse('the RSA modulus is shorter than 2048 bits');
    jwk = { kty: 'RSA', n: n!.toString('base64url'), e: e!.toString('base64url') };
  } else {
    return refuse(`algorithm ${String(alg)} is not one we accept`);
  }
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    refuse('the key does not import (for an EC key: the point is not on the curve)');
  }
}
