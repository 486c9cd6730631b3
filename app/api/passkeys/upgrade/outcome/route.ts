import { NextResponse } from 'next/server';
import { z } from 'zod';
import { clientInfo, methods, readJson, route } from '@/lib/server/http';
import { recordClientUpgradeOutcome } from '@/lib/server/passkey-registration';
import { requireCurrentSession } from '@/lib/server/session';

// What happened to the upgrade in the browser when it never reached verification. Only for
// counting the funnel: nothing else depends on it.
const outcomeSchema = z.strictObject({
  outcome: z.enum(['unsupported', 'declined', 'already_exists', 'aborted', 'error']),
});

const handlePost = route(async (request) => {
  const current = await requireCurrentSession();
  const { outcome } = await readJson(request, outcomeSchema);
  const recorded = await recordClientUpgradeOutcome(current, outcome, clientInfo(request));
  return NextResponse.json({ recorded }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
