import { NextResponse } from 'next/server';
import { config } from '@/lib/server/platform/config';
import { methods, route } from '@/lib/server/http/route';

// Where password managers send people to create or manage this site's passkeys
// (W3C "A Well-Known URL for Passkey Endpoints"). Absolute URLs on the configured origin.
const handleGet = route({ session: 'none' }, async function passkeyEndpoints() {
  return NextResponse.json(
    { enroll: `${config().origin}/account#passkeys`, manage: `${config().origin}/account#passkeys` },
    { headers: { 'Cache-Control': 'public, max-age=3600' } },
  );
});

// Served per request (not prerendered), so a wrong method gets the same JSON 405 as the API.
export const dynamic = 'force-dynamic';

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
