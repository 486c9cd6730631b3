import 'server-only';

// The one way anything below the HTTP edge says "no": a code from this list, a message a
// person can read, and optionally which fields were wrong and when to try again. It knows
// nothing of HTTP; the edge (lib/server/http) turns each code into a status, in one table.

export type FailureCode =
  // The request itself
  | 'invalid_json'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'origin_required'
  | 'origin_not_allowed'
  | 'not_found'
  | 'method_not_allowed'
  // Who is asking
  | 'not_signed_in'
  | 'invalid_credentials'
  | 'reauth_required'
  | 'too_many_attempts'
  | 'too_many_requests'
  // Accounts
  | 'weak_password'
  | 'email_taken'
  | 'no_password'
  | 'last_sign_in_method'
  | 'passkey_not_found'
  | 'session_not_found'
  | 'current_session'
  | 'account_changed'
  // Email links
  | 'invalid_link'
  | 'link_expired'
  | 'link_used'
  | 'wrong_link'
  | 'already_verified'
  // WebAuthn ceremonies
  | 'invalid_challenge'
  | 'invalid_client_data'
  | 'invalid_attestation'
  | 'invalid_public_key'
  | 'verification_failed'
  | 'cross_origin'
  | 'credential_id_mismatch'
  | 'credential_exists'
  | 'unknown_credential'
  | 'user_handle_missing'
  | 'user_handle_mismatch'
  | 'counter_regression'
  | 'backup_eligibility_changed'
  | 'concurrent_use'
  | 'not_this_account'
  | 'no_passkeys'
  | 'upgrade_not_eligible'
  | 'upgrade_window_passed'
  | 'upgrade_already_offered'
  // Operators
  | 'invalid_period'
  | 'metrics_token_required'
  // The service
  | 'database_unavailable'
  | 'schema_missing'
  | 'internal_error';

export class Failure extends Error {
  readonly fields?: Record<string, string>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: FailureCode,
    message: string,
    details: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'Failure';
    this.fields = details.fields;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/**
 * When a refused person may try again, as a sentence ("Try again in 15 minutes."): every 429
 * says it in words as well as in Retry-After, which only programs read. Rounded up, so
 * trying at the time it names works.
 */
export function whenToTryAgain(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  if (minutes < 90) return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  const hours = Math.ceil(minutes / 60);
  return `Try again in ${hours} hours.`;
}
