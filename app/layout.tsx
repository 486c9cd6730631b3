import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Passkey Upgrade', template: '%s · Passkey Upgrade' },
  description: 'From a password account to a passkey account, end to end.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            <span aria-hidden="true" className="brand-mark">🔑</span> Passkey Upgrade
          </Link>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
