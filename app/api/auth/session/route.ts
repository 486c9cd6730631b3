import { NextResponse } from 'next/server';
import { Failure } from '@/lib/server/platform/failure';
import { methods, route } from '@/lib/server/http/route';
import { sessionJson, userJson } from '@/lib/server/http/responses';

const handleGet = route({ session: 'optional' }, async function readSession(_request, { current }) {
  if (!current) throw new Failure('not_signed_in', 'You are not signed in.');
  return NextResponse.json(
    { user: userJson(current.user), session: sessionJson(current.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
