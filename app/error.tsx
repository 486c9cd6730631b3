'use client';

// Shown when a page cannot be rendered (for example while the database is unreachable).
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">The service may be briefly unavailable. Your account is safe; try again in a few seconds.</p>
      <div className="actions">
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </div>
  );
}
