import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { Announcer } from '@/lib/client/announcer';
import { appName } from '@/lib/shared/app-name';
import { Inspector } from './inspector';
import './globals.css';

export function generateMetadata(): Metadata {
  const name = appName();
  return {
    title: { default: name, template: `%s · ${name}` },
    description: 'From a password account to a passkey account, end to end.',
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

function KeyIcon() {
  return (
    <svg
      aria-hidden="true"
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className="brand-mark"
    >
      <circle cx="7.5" cy="15.5" r="4.5" />
      <path d="M10.7 12.3 20 3M16 7l3 3M14 9l2 2" />
    </svg>
  );
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page render per request, so Next.js can put this
  // request's CSP nonce (proxy.ts) on its scripts; a prerendered page would carry none.
  await headers();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            <KeyIcon /> {appName()}
          </Link>
          {/* Built in only when on: off, the condition is false at build time and it is left out. */}
          {process.env.NEXT_PUBLIC_INSPECTOR === 'on' ? <Inspector /> : null}
        </header>
        <main className="site-main">{children}</main>
        {/* Reads notices such as "Passkey created" out; the pages show them where they belong. */}
        <Announcer />
        <footer className="site-footer">
          <p>{appName()}: from a password account to a passkey account, end to end. A reference app.</p>
          <nav aria-label="Footer">
            <ul>
              <li>
                <Link href="/">Home</Link>
              </li>
              <li>
                <Link href="/sign-in">Sign in</Link>
              </li>
              <li>
                <Link href="/sign-up">Create an account</Link>
              </li>
              <li>
                <Link href="/forgot-password">Recover an account</Link>
              </li>
              {/* Left out of a production build: the condition is false when it is built. */}
              {process.env.NODE_ENV === 'development' ? (
                <li>
                  <Link href="/dev/outbox">Outbox (development)</Link>
                </li>
              ) : null}
            </ul>
          </nav>
        </footer>
      </body>
    </html>
  );
}
