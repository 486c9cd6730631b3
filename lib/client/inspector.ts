// The inspector's record of what just happened: each step of an upgrade, a passkey sign-in,
// a passkey made by hand, and the Signal API calls, with the real data of each (never a
// secret: no session token, no password, challenges and ids shortened).
//
// Only built in when the inspector is on (NEXT_PUBLIC_INSPECTOR, set by next.config.js: on in
// development, off in a production build unless INSPECTOR=on). Every call site is written as
// `if (process.env.NEXT_PUBLIC_INSPECTOR === 'on') inspect(...)`: the bundler replaces the
// variable with its value, the condition becomes false, and the call, this module and the
// panel are left out of a production bundle entirely.

export type StepStatus = 'info' | 'ok' | 'failed';
export type Flow = 'upgrade' | 'sign-in' | 'create' | 'signal';

export type InspectorStep = {
  id: number;
  at: string;
  flow: Flow;
  title: string;
  status: StepStatus;
  facts: [string, string][];
  /** Plain words: why it ended so, and what to try. */
  explanation?: string[];
};

const STORAGE_KEY = 'passkey-upgrade:inspector';
const MAX_STEPS = 80;
let steps: InspectorStep[] | null = null;
const listeners = new Set<() => void>();

function load(): InspectorStep[] {
  if (steps) return steps;
  try {
    steps = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as InspectorStep[];
  } catch {
    steps = [];
  }
  return steps;
}

/** Adds a step. Kept in sessionStorage, so the steps of a sign-in survive the navigation after it. */
export function inspect(step: Omit<InspectorStep, 'id' | 'at'>): void {
  const current = load();
  const next = [...current, { ...step, id: (current.at(-1)?.id ?? 0) + 1, at: new Date().toISOString() }].slice(-MAX_STEPS);
  steps = next;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or off: the panel still shows this page's steps.
  }
  for (const listener of listeners) listener();
}

export function inspectorSteps(): InspectorStep[] {
  return load();
}

const NONE: InspectorStep[] = [];
/** What the server renders: no steps (they live in this browser). */
export const noSteps = () => NONE;

export function subscribeInspector(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function clearInspector(): void {
  steps = [];
  sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

/** The first characters of an id or challenge: enough to tell two apart, useless to replay. */
export function short(value: string | undefined | null, keep = 8): string {
  if (!value) return '—';
  return value.length <= keep ? value : `${value.slice(0, keep)}…`;
}

type Fact = [string, string];

/** A refused API call, as one fact: its status, code and message. */
export function refusal(label: string, result: { status: number; error: { code: string; message: string } }): Fact {
  return [label, `${result.status} ${result.error.code}: ${result.error.message}`];
}

/** What the inspector shows of creation options (the challenge cut short). */
export function creationFacts(
  options: {
    challenge: string;
    user: { name: string; displayName: string };
    excludeCredentials?: unknown[];
    authenticatorSelection?: { userVerification?: string; residentKey?: string };
  },
  mediation: string,
): Fact[] {
  return [
    ['challenge', short(options.challenge)],
    ['user.name', options.user.name],
    ['user.displayName', options.user.displayName],
    ['excludeCredentials', String(options.excludeCredentials?.length ?? 0)],
    ['userVerification', options.authenticatorSelection?.userVerification ?? '—'],
    ['residentKey', options.authenticatorSelection?.residentKey ?? '—'],
    ['mediation', mediation],
  ];
}

export type AuthenticatorFlags = { up: boolean; uv: boolean; be: boolean; bs: boolean; counter: number; aaguid: string | null };

/** The flags byte, counter and AAGUID of authenticator data (WebAuthn L3 §6.1). */
export function authenticatorFlags(authenticatorData: string | undefined): AuthenticatorFlags | null {
  if (!authenticatorData) return null;
  const base64 = authenticatorData.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  if (bytes.length < 37) return null;
  const flags = bytes[32]!;
  const counter = new DataView(bytes.buffer).getUint32(33);
  const attested = (flags & 0x40) !== 0 && bytes.length >= 53;
  const hex = attested ? [...bytes.slice(37, 53)].map((b) => b.toString(16).padStart(2, '0')).join('') : null;
  const aaguid = hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
  return { up: (flags & 0x01) !== 0, uv: (flags & 0x04) !== 0, be: (flags & 0x08) !== 0, bs: (flags & 0x10) !== 0, counter, aaguid };
}

export function flagFacts(flags: AuthenticatorFlags | null): [string, string][] {
  if (!flags) return [['Flags', 'not readable from the response']];
  const yes = (value: boolean) => (value ? '1' : '0');
  return [
    ['UP (user present)', yes(flags.up)],
    ['UV (user verified)', yes(flags.uv)],
    ['BE (can be synced)', yes(flags.be)],
    ['BS (synced now)', yes(flags.bs)],
    ['Counter', String(flags.counter)],
    ...(flags.aaguid ? ([['AAGUID', flags.aaguid]] as [string, string][]) : []),
  ];
}

type Browser = 'chromium' | 'safari' | 'firefox' | 'other';

function browserFamily(): Browser {
  const ua = navigator.userAgent;
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/(Chrome|Chromium|Edg)\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return 'safari';
  return 'other';
}

/**
 * Why an automatic upgrade most likely ended without a passkey, by the rules of this browser's
 * password manager, and what to try. `userName` is the username the options carried.
 */
export function upgradeExplanation(outcome: string, userName: string | null): string[] {
  const browser = browserFamily();
  const name = userName ? `“${userName}”` : 'this username';
  if (outcome === 'unsupported') {
    if (browser === 'firefox') {
      return [
        'Firefox does not support automatic passkey creation (conditional create): getClientCapabilities() reports no conditionalCreate.',
        'Try: “Create a passkey” on the account page, or Chrome or Safari.',
      ];
    }
    return [
      'This browser did not report conditionalCreate in getClientCapabilities(), so the page did not ask.',
      'Chrome 136+, Edge 136+ and Safari 18+ support it. Try: “Create a passkey” on the account page.',
    ];
  }
  if (outcome === 'already_exists') {
    return ['The password manager already holds a passkey for this account (one of excludeCredentials), so it made no other.'];
  }
  if (outcome === 'not_offered') {
    return [
      'The server offered no upgrade for this sign-in: see its answer above. Only a password sign-in, within a few minutes, gets one, once.',
    ];
  }
  if (outcome === 'declined') {
    if (browser === 'chromium') {
      return [
        `Chrome's password manager creates a passkey without asking only when all of these hold: it has a saved password for exactly ${name} (case included) on this site; that password was used to sign in within the last 5 minutes; it has no passkey for this account yet; and “Create passkeys automatically” is on (chrome://password-manager/settings).`,
        'Try: save the password when Chrome offers to, sign out, then sign in by picking the saved password from autofill.',
      ];
    }
    if (browser === 'safari') {
      return [
        `Safari creates a passkey automatically only when the password for ${name} was just filled from the Passwords app (AutoFill) on this page; a typed password does not count. It needs iOS 18, iPadOS 18 or macOS 15 or later.`,
        'Try: sign out, then sign in by choosing the saved password from AutoFill.',
      ];
    }
    return [
      'The password manager chose not to create a passkey. Managers do this silently when the password was not just filled from them, or the username differs from the one they saved.',
    ];
  }
  if (outcome === 'rejected') {
    return [
      'The server refused the passkey the manager made: its reason is above. The page asked the manager to forget it (signalUnknownCredential).',
    ];
  }
  if (outcome === 'aborted')
    return ['The request was cancelled, usually by another passkey request on the page (the browser runs one at a time).'];
  return ['The browser reported an error it does not explain. Its name is above.'];
}

const signalFacts = new Map<string, [string, string][]>();

/** What a Signal API call carries (kept until it is sent: calls wait in a queue). */
export function noteSignal(kind: string, facts: [string, string][]): void {
  signalFacts.set(kind, facts);
}

export function inspectSignal(kind: string, result: string): void {
  const method = kind.startsWith('unknown:')
    ? 'signalUnknownCredential'
    : kind.startsWith('accepted:')
      ? 'signalAllAcceptedCredentials'
      : 'signalCurrentUserDetails';
  inspect({
    flow: 'signal',
    title: `Signal API: ${method}`,
    status: result === 'done' ? 'ok' : 'info',
    facts: [...(signalFacts.get(kind) ?? []), ['Result', result]],
  });
}
