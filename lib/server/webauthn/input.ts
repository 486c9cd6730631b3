import 'server-only';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { Failure } from '../platform/failure';

// The shapes a browser sends back from navigator.credentials.create()/get() (as JSON, via
// @simplewebauthn/browser), checked before any of it reaches the verifier.

// WebAuthn L3 §7.1 step 25: relying parties should reject credential ids over 1023 bytes.
export const MAX_CREDENTIAL_ID_BYTES = 1023;

const base64url = (max: number) =>
  z
    .string()
    .max(max, `Longer than ${max} characters.`)
    .regex(/^[A-Za-z0-9_-]*$/, 'Must be base64url without padding.');

const credentialId = base64url(Math.ceil((MAX_CREDENTIAL_ID_BYTES * 4) / 3))
  .min(1, 'Missing.')
  .refine(
    (value) => Buffer.from(value, 'base64url').byteLength <= MAX_CREDENTIAL_ID_BYTES,
    `A credential id has at most ${MAX_CREDENTIAL_ID_BYTES} bytes.`,
  );

const KNOWN_TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

// Unknown transports (a newer browser's) are dropped rather than refused.
const transports = z
  .array(z.string().max(32))
  .max(16)
  .optional()
  .transform((list) => list?.filter((t): t is (typeof KNOWN_TRANSPORTS)[number] => (KNOWN_TRANSPORTS as readonly string[]).includes(t)));

const clientExtensionResults = z.record(z.string(), z.unknown()).default({});

export const registrationResponseSchema = z.strictObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096).min(1, 'Missing.'),
    attestationObject: base64url(48_000).min(1, 'Missing.'),
    authenticatorData: base64url(16_000).optional(),
    transports,
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4096).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
}) satisfies z.ZodType<RegistrationResponseJSON, unknown>;

export const authenticationResponseSchema = z.strictObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4096).min(1, 'Missing.'),
    authenticatorData: base64url(16_000).min(37, 'Too short to be authenticator data.'),
    signature: base64url(2048).min(1, 'Missing.'),
    userHandle: base64url(128).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
}) satisfies z.ZodType<AuthenticationResponseJSON, unknown>;

export type ClientData = {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
};

const clientDataSchema = z.looseObject({
  type: z.string(),
  challenge: z.string().min(1).max(512),
  origin: z.string().max(1024),
  crossOrigin: z.boolean().optional(),
  topOrigin: z.string().max(1024).optional(),
});

/** Decodes clientDataJSON (WebAuthn L3 §5.8.1), or throws a 400 saying what is wrong with it. */
export function readClientData(clientDataJSON: string): ClientData {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(clientDataJSON, 'base64url')));
  } catch {
    throw new Failure('invalid_client_data', 'clientDataJSON is not base64url-encoded UTF-8 JSON.');
  }
  const parsed = clientDataSchema.safeParse(value);
  if (!parsed.success) {
    throw new Failure('invalid_client_data', 'clientDataJSON lacks a string type, challenge or origin.');
  }
  return parsed.data;
}
