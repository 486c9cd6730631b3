import { NextResponse } from 'next/server';
import { methods, route } from '@/lib/server/http/route';
import { manualRegistrationOptions } from '@/lib/server/webauthn/registration';

const handlePost = route({ session: 'required' }, async function registrationOptions(_request, { current }) {
  const options = await manualRegistrationOptions(current);
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
