import Link from 'next/link';
import { OutboxLink } from './outbox-link';

// The page a link that cannot be used opens: what is wrong, and how to get a new one.
// Nothing was written to show it.
export function LinkProblem(props: { message: string; again: { href: string; label: string } }) {
  return (
    <div className="card auth-card">
      <h1>This link cannot be used</h1>
      <p className="alert" role="alert">
        {props.message}
      </p>
      <div className="actions">
        <Link href={props.again.href}>{props.again.label}</Link>
      </div>
      <p className="muted">
        A newer link may be waiting in your email.
        <OutboxLink>the outbox lists every link sent</OutboxLink>
      </p>
    </div>
  );
}

/** The token from `?token=`, or '' (one token only: a repeated parameter is no token). */
export function tokenFrom(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}
