// Which sign-in this browser tab is acting for. Notices and the passkeys a page has just
// created belong to the session that caused them, and the modules that hold them live as
// long as the tab does, across client-side navigations: every sign-in and sign-out in this
// tab calls `sessionChanged()`, which clears them, so nothing said to one session is shown
// to a signed-out visitor or to the next session. Work started in one session (the automatic
// upgrade) reads `sessionEpoch()` when it starts and drops its result if the session has
// changed when it ends.

let epoch = 0;
const resets: (() => void)[] = [];

export function sessionEpoch(): number {
  return epoch;
}

/** Registers what to clear when the session changes. */
export function onSessionChange(reset: () => void): void {
  resets.push(reset);
}

/** Call right after this tab signs in or out. */
export function sessionChanged(): void {
  epoch++;
  for (const reset of resets) reset();
}
