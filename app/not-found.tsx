import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

// Every 404 (a mistyped address, an old link, a page only operators see): in the app's own
// shell, light and dark, with the ways on from here.
export default function NotFound() {
  return (
    <section className="card status-page" aria-labelledby="not-found-heading">
      <p className="status-code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-heading">Page not found</h1>
      <p className="muted">This page could not be found. The address may be mistyped, or the link it came from may be old.</p>
      <div className="actions">
        <Link className="button-link" href="/">
          Go to the home page
        </Link>
        <Link className="button-link secondary" href="/sign-in">
          Sign in
        </Link>
      </div>
    </section>
  );
}
