import 'server-only';
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { UPGRADE_OUTCOMES, type UpgradeOutcome } from '@/lib/shared/upgrade-outcomes';

// Prometheus metrics of this instance (served by /api/metrics). Counters live in memory and
// start at zero with the process, as Prometheus expects: each instance is scraped on its own
// and gets its own `instance` label, and rate() and increase() see through restarts. Under
// `npm start` with several workers (server.mjs), each worker counts its own and the scrape,
// whichever worker serves it, gets their sum from the primary process. The exact history is
// in the database (the insights); these are for dashboards and alerts.

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
const metrics = (globalForMetrics.appMetrics ??= createWorkerMetrics());

function createWorkerMetrics() {
  const created = createMetrics();
  if (cluster.isWorker) {
    // Answer the primary's requests for this worker's counters (prom-client's cluster
    // protocol); constructing an AggregatorRegistry is what installs that listener.
    AggregatorRegistry.setRegistries([created.registry]);
    new AggregatorRegistry();
  }
  return created;
}

export function countSignIn(method: SignInMethod): void {
  metrics.signIns.inc({ method });
}

export function countUpgradeOffer(): void {
  metrics.upgradeOffers.inc();
}

export function countUpgradeOutcome(outcome: UpgradeOutcome): void {
  metrics.upgradeOutcomes.inc({ outcome });
}

/** The metrics in the Prometheus text format (summed over the instance's workers), and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const body = cluster.isWorker && process.send ? await fromPrimary() : await metrics.registry.metrics();
  return { body, contentType: metrics.registry.contentType };
}

function fromPrimary(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('the primary process did not answer with the metrics')), 5000);
    function finish(error: Error | null, body?: string) {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (error) reject(error);
      else resolve(body!);
    }
    function onMessage(message: { type?: string; id?: string; body?: string; error?: string }) {
      if (message?.type !== 'app:metrics-response' || message.id !== id) return;
      finish(message.error ? new Error(message.error) : null, message.body);
    }
    process.on('message', onMessage);
    process.send!({ type: 'app:metrics-request', id });
  });
}
