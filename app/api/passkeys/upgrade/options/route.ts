import { NextResponse } from 'next/server';
import { clientInfo, methods, route } from '@/lib/server/http/route';
import { upgradeOptions } from '@/lib/server/webauthn/registration';

// Creation options for the automatic upgrade. The server alone decides whether this session
// may have them; the request carries nothing that could change that.
const handlePost = route({ session: 'required' }, async function upgradeOptionsForSignIn(request, { current }) {
  const options = await upgradeOptions(current, clientInfo(request));
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
