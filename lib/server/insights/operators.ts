import 'server-only';
import { config } from '../platform/config';

// Who may see the insights: the accounts named in OPERATOR_EMAILS. Everyone else, signed in
// or not, is told the page does not exist (404), so it is not even known to be there.

export function isOperator(user: { email: string }): boolean {
  return config().operatorEmails.includes(user.email.toLowerCase());
}
