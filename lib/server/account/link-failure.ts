import 'server-only';
import { Failure } from '../platform/failure';
import type { EmailLinkPurpose, LinkProblem } from '../identity/email-link';

// What a person is told about a link that cannot be used: the same words on its page and in
// the API's error, each saying what to do next.

const WHAT: Record<EmailLinkPurpose, { name: string; again: string }> = {
  verify_email: { name: 'verification link', again: 'Ask for a new one from your account page.' },
  recovery: { name: 'recovery link', again: 'Ask for a new one from the “Forgot password?” page.' },
};

export function linkFailure(problem: LinkProblem, purpose: EmailLinkPurpose): Failure {
  const { name, again } = WHAT[purpose];
  switch (problem) {
    case 'link_expired':
      return new Failure('link_expired', `This ${name} has expired. ${again}`);
    case 'link_used':
      return new Failure('link_used', `This ${name} has already been used. ${again}`);
    case 'wrong_link':
      return new Failure(
        'wrong_link',
        `This is not a ${name}: it was sent for something else. Open it exactly as it appears in its email.`,
      );
    case 'invalid_link':
      return new Failure('invalid_link', `This ${name} is not valid. It may be incomplete, or a newer one may have replaced it. ${again}`);
  }
}
