import { NextResponse } from 'next/server';
import { accountSnapshot } from '@/lib/server/account';
import { methods, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

// Everything the account page shows, in the same shape the page is first rendered with.
const handleGet = route(async () => {
  const current = await requireCurrentSession();
  return NextResponse.json(await accountSnapshot(current), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
