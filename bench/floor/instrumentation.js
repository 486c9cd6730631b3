// Present so that Turbopack does not take the repository root's instrumentation.ts for this app.
export function register() {}
