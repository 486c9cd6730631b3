import { NextResponse } from 'next/server';
import { z } from 'zod';
import { CLIENT_UPGRADE_OUTCOMES } from '@/lib/shared/upgrade-outcomes';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { recordClientUpgradeOutcome } from '@/lib/server/webauthn/registration';

// What happened to the upgrade in the browser when it never reached verification. Only for
// counting the funnel: nothing else depends on it.
const outcomeSchema = z.strictObject({
  outcome: z.enum(CLIENT_UPGRADE_OUTCOMES),
});

const handlePost = route({ session: 'required' }, async function recordUpgradeOutcome(request, { current }) {
  const { outcome } = await readJson(request, outcomeSchema);
  const recorded = await recordClientUpgradeOutcome(current, outcome, clientInfo(request));
  return NextResponse.json({ recorded }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
