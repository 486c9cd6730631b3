import { NextResponse } from 'next/server';
import { config } from '@/lib/server/config';
import { route } from '@/lib/server/http';

// Where password managers send people to create or manage this site's passkeys
// (W3C "A Well-Known URL for Passkey Endpoints"). Absolute URLs on the configured origin.
export const GET = route(async () =>
  NextResponse.json(
    { enroll: `${config().origin}/account#passkeys`, manage: `${config().origin}/account#passkeys` },
    { headers: { 'Cache-Control': 'public, max-age=3600' } },
  ),
);
