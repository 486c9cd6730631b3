import Link from 'next/link';

// Where "we emailed you a link" leads in the demo: under `npm run dev` mail is written to the
// outbox folder, not sent, and a person who does not know that waits for mail that never
// comes. A production build leaves this out (the condition is false when it is built).
export function OutboxLink({ children = 'open the outbox' }: { children?: React.ReactNode }) {
  if (process.env.NODE_ENV !== 'development') return null;
  return (
    <span className="dev-note">
      {' '}
      In development nothing is sent: <Link href="/dev/outbox">{children}</Link>.
    </span>
  );
}
