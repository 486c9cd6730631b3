'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { startTransition } from 'react';

// Shown, inside the app's header and footer, when a page cannot be rendered (for example
// while the database is unreachable). Trying again re-renders the page without a reload; the
// home page is the way out if it keeps failing.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const router = useRouter();
  // A server component's error is only cleared by rendering it again on the server.
  const tryAgain = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <section className="card status-page" role="alert" aria-labelledby="error-heading">
      <h1 id="error-heading">Something went wrong</h1>
      <p className="muted">The service may be briefly unavailable. Your account is safe; try again in a few seconds.</p>
      <div className="actions">
        <button type="button" onClick={tryAgain}>
          Try again
        </button>
        <Link className="button-link secondary" href="/">
          Go to the home page
        </Link>
      </div>
    </section>
  );
}
