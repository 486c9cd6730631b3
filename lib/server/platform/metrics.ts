import 'server-only';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { UPGRADE_OUTCOMES, type UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';

// Prometheus metrics of this process (served by /api/metrics). Counters live in memory and
// start at zero with the process, as Prometheus expects: each instance is scraped on its own
// and gets its own `instance` label, and rate() and increase() see through restarts. The
// exact history is in the database (the insights); these are for dashboards and alerts.

export const SIGN_IN_METHODS = ['password', 'passkey_autofill', 'passkey_button', 'reauthentication'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const signIns = new Counter({
    name: 'app_sign_ins_total',
    help: 'Successful sign-ins and re-authentications, by method.',
    labelNames: ['method'] as const,
    registers: [registry],
  });
  const upgradeOffers = new Counter({
    name: 'app_passkey_upgrade_offers_total',
    help: 'Automatic passkey upgrades offered after a password sign-in.',
    registers: [registry],
  });
  const upgradeOutcomes = new Counter({
    name: 'app_passkey_upgrade_outcomes_total',
    help: 'How automatic passkey upgrades ended, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Every series exists from the start, at zero, so a dashboard's rate() has a baseline.
  for (const method of SIGN_IN_METHODS) signIns.inc({ method }, 0);
  for (const outcome of UPGRADE_OUTCOMES) upgradeOutcomes.inc({ outcome }, 0);
  return { registry, signIns, upgradeOffers, upgradeOutcomes };
}

// One set per process: Next.js may load this module more than once (one copy per route
// bundle), and every copy must count into the same registry.
const globalForMetrics = globalThis as unknown as { appMetrics?: ReturnType<typeof createMetrics> };
const metrics = (globalForMetrics.appMetrics ??= createMetrics());

export function countSignIn(method: SignInMethod): void {
  metrics.signIns.inc({ method });
}

export function countUpgradeOffer(): void {
  metrics.upgradeOffers.inc();
}

export function countUpgradeOutcome(outcome: UpgradeOutcome): void {
  metrics.upgradeOutcomes.inc({ outcome });
}

/** The metrics in the Prometheus text format, and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
