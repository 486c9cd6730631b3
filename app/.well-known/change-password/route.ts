import { NextResponse } from 'next/server';
import { config } from '@/lib/server/platform/config';
import { methods, route } from '@/lib/server/http/route';

// W3C "A Well-Known URL for Changing Passwords": password managers link here.
const handleGet = route({ session: 'none' }, async function changePassword() {
  return NextResponse.redirect(`${config().origin}/account#password`, 302);
});

// Served per request (not prerendered), so a wrong method gets the same JSON 405 as the API.
export const dynamic = 'force-dynamic';

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
