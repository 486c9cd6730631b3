import { NextResponse } from 'next/server';
import { accountSnapshot } from '@/lib/server/account/management';
import { methods, route } from '@/lib/server/http/route';

// Everything the account page shows, in the same shape the page is first rendered with.
const handleGet = route({ session: 'required' }, async function readAccount(_request, { current }) {
  return NextResponse.json(await accountSnapshot(current), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
