import { NextResponse } from 'next/server';
import { HttpError, methods, route } from '@/lib/server/http';
import { sessionJson, userJson } from '@/lib/server/responses';
import { getCurrentSession } from '@/lib/server/session';

const handleGet = route(async () => {
  const current = await getCurrentSession();
  if (!current) throw new HttpError(401, 'not_signed_in', 'You are not signed in.');
  return NextResponse.json(
    { user: userJson(current.user), session: sessionJson(current.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
