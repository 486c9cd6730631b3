import { NextResponse } from 'next/server';
import { accountSnapshot } from '@/lib/server/account';
import { route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

// Everything the account page shows, in the same shape the page is first rendered with.
export const GET = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json(await accountSnapshot(current), { headers: { 'Cache-Control': 'no-store' } });
});
