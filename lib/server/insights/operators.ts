import 'server-only';
import { config } from '../platform/config';

// Who may see the insights: the accounts named in OPERATOR_EMAILS, once their address is
// verified (anyone can sign up with an operator's address; only its owner can verify it).
// Everyone else, signed in or not, is told the page does not exist (404), so it is not even
// known to be there.

export function isOperator(user: { email: string; emailVerifiedAt: Date | null }): boolean {
  return user.emailVerifiedAt !== null && config().operatorEmails.includes(user.email.toLowerCase());
}
