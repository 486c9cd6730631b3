import 'server-only';
import { config } from '../platform/config';
import type { OutgoingMail } from '../platform/mail';

// The messages the app sends, in plain text and HTML. Every link is built from APP_ORIGIN,
// never from the request's Host header, so a forged Host cannot make the app mail out a link
// to someone else's site with a live token in it.

export function appLink(path: string, token?: string): string {
  const url = new URL(path, config().origin);
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A message of a few paragraphs and, optionally, one button-like link. */
function compose(to: string, subject: string, paragraphs: string[], action?: { label: string; url: string }): OutgoingMail {
  const site = config().rpName;
  const text = [
    ...paragraphs.slice(0, action ? 1 : paragraphs.length),
    ...(action ? [`${action.label}:\n${action.url}`, ...paragraphs.slice(1)] : []),
    `— ${site}`,
  ].join('\n\n');
  const p = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const button = action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#1d4ed8;color:#ffffff;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555555">Or paste this address into your browser: ${escapeHtml(action.url)}</p>`
    : '';
  const html = [
    '<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111111">',
    ...(action ? [p(paragraphs[0]!), button, ...paragraphs.slice(1).map(p)] : paragraphs.map(p)),
    `<p style="margin:0;color:#555555">— ${escapeHtml(site)}</p>`,
    '</body></html>',
  ].join('');
  return { to, subject, text, html };
}

export function verificationMessage(to: string, token: string, hoursValid: number): OutgoingMail {
  return compose(
    to,
    `Verify your email address for ${config().rpName}`,
    [
      `Someone, probably you, created an account at ${config().origin} with this address. Open the link below to confirm that the address is yours.`,
      `The link works once and expires in ${hoursValid} hours.`,
      'If you did not create this account, someone else used your address. Opening the link makes the account yours and removes any password, passkey or sign-in they added. Or ignore this message: they will not be able to verify the address.',
    ],
    { label: 'Verify my email address', url: appLink('/verify-email', token) },
  );
}

export function recoveryMessage(to: string, token: string, minutesValid: number): OutgoingMail {
  return compose(
    to,
    `Reset your password or sign in to ${config().rpName}`,
    [
      'Someone asked to recover the account with this address. Open the link below to set a new password, or to sign in and create a new passkey.',
      `The link works once and expires in ${minutesValid} minutes. Asking again makes this link stop working.`,
      'If it was not you, ignore this message: nothing has changed.',
    ],
    { label: 'Recover my account', url: appLink('/recover', token) },
  );
}

export function securityNoticeMessage(to: string, what: 'password_reset' | 'recovery_sign_in', at: Date): OutgoingMail {
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const headline =
    what === 'password_reset'
      ? `Your password was changed on ${when} with a recovery link sent to this address. Every other signed-in session was signed out.`
      : `Someone signed in to your account on ${when} with a recovery link sent to this address, to add a new passkey. Every other signed-in session was signed out.`;
  return compose(to, what === 'password_reset' ? 'Your password was changed' : 'You signed in with a recovery link', [
    headline,
    `If this was you, there is nothing to do. If it was not, recover your account now at ${appLink('/forgot-password')} and remove any passkey you do not recognise from your account page.`,
  ]);
}
