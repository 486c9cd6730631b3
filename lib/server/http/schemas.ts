import 'server-only';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../identity/password';

// Request bodies of the password endpoints. Strings must be well-formed Unicode (a lone
// surrogate from `"\ud800"` in JSON is refused, not stored), and names may not carry
// control characters or invisible format characters (Unicode category Cf: bidirectional
// marks and overrides, zero-width spaces, word joiners, ...) that would disguise them on
// screen or make one look empty. The one exception is the zero-width joiner between two
// emoji, which is how emoji such as 👩‍💻 are written.

const wellFormed = (value: string) => value.isWellFormed();
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;
const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const FORMATS = /\p{Cf}/gu;
const invisibleFree = (value: string) => !FORMAT.test(value.replace(EMOJI_JOINER, '')) && !CONTROL.test(value);

/**
 * An email address: `typed` exactly as the person typed it (trimmed, as a browser trims an
 * email field's value), which is the username their password manager saves and must be sent
 * back unchanged; `address`, lower-cased, which finds the account.
 */
export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .refine(wellFormed, 'Contains invalid Unicode.')
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter your email address.')
      .max(254, 'An email address has at most 254 characters.')
      .pipe(z.email('Enter a valid email address, like name@example.com.')),
  )
  .transform((typed) => ({ typed, address: typed.toLowerCase() }));

/** A short human-readable name: trimmed, NFC, 1 to 64 characters, nothing that hides text. */
const shortName = (missing: string) =>
  z
    .string({ error: missing })
    .max(1024, 'Use at most 64 characters.')
    .refine(wellFormed, 'Contains invalid Unicode.')
    .transform((value) => value.normalize('NFC').trim())
    // A name of only invisible characters is an empty name, whatever else it is.
    .refine((value) => value.replace(FORMATS, '').trim().length > 0, missing)
    .refine((value) => [...value].length <= 64, 'Use at most 64 characters.')
    .refine(invisibleFree, 'Contains invisible or control characters, which are not allowed in names.');

export const displayNameSchema = shortName('Enter a display name.');
export const passkeyNameSchema = shortName('Enter a name for the passkey.');

const passwordField = z
  .string({ error: 'Enter a password.' })
  .min(1, 'Enter a password.')
  .refine(wellFormed, 'Contains invalid Unicode.')
  .refine((value) => [...value].length <= PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const signUpSchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  password: passwordField,
});

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: passwordField,
});

export const newPasswordSchema = z.strictObject({ password: passwordField });

/** The token of a link sent by email: 32 random bytes, base64url, exactly as in the link. */
const linkToken = z
  .string({ error: 'The link has no token: open it exactly as it appears in the email.' })
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This is not a token from one of our links: open the link exactly as it appears in the email.');

export const recoveryRequestSchema = z.strictObject({ email: emailSchema });
export const emailLinkSchema = z.strictObject({ token: linkToken });
export const passwordResetSchema = z.strictObject({ token: linkToken, email: emailSchema, password: passwordField });
export const profileSchema = z.strictObject({ displayName: displayNameSchema });
export const passkeyRenameSchema = z.strictObject({ name: passkeyNameSchema });
export const reauthPasswordSchema = z.strictObject({ password: passwordField });

/** Ids in paths: our cuids and derived session ids; anything else is simply not found. */
/** Passkey sign-in options: which way the browser will ask (the insights count each). */
export const signInOptionsSchema = z.strictObject({
  mediation: z.enum(['autofill', 'button'], { message: 'Use "autofill" or "button".' }).default('button'),
});

export const pathId = z.string().regex(/^[a-z0-9]{16,40}$/);
