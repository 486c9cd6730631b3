// How an automatic passkey upgrade can end: one list for the browser (which reports the
// outcomes only it sees), the API that takes those reports, the server's audit events
// (`upgrade.<outcome>`) and the funnel counted from them.

/** Outcomes only the browser sees: the ceremony never reached the server's verification. */
export const CLIENT_UPGRADE_OUTCOMES = ['unsupported', 'declined', 'already_exists', 'aborted', 'error'] as const;

/** Every outcome: the browser's, and the server's verdict on a passkey it was sent. */
export const UPGRADE_OUTCOMES = [...CLIENT_UPGRADE_OUTCOMES, 'created', 'rejected'] as const;

export type ClientUpgradeOutcome = (typeof CLIENT_UPGRADE_OUTCOMES)[number];
export type UpgradeOutcome = (typeof UPGRADE_OUTCOMES)[number];
