import { NextResponse } from 'next/server';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { passkeyView } from '@/lib/server/webauthn/passkey-view';
import { verifyRegistration } from '@/lib/server/webauthn/registration';
import { registrationResponseSchema } from '@/lib/server/webauthn/input';

// Verifies a new passkey, made by the automatic upgrade or by hand: which one it was is read
// from the challenge the server stored, not from anything in the request.
const handlePost = route({ session: 'required' }, async function verifyNewPasskey(request, { current }) {
  const response = await readJson(request, registrationResponseSchema, 64 * 1024);
  const passkey = await verifyRegistration(current, response, clientInfo(request));
  // `asOf`: the server's clock after the passkey was stored; an account snapshot read before
  // it may not list the passkey yet (the account page merges it in until one does).
  return NextResponse.json(
    { passkey: passkeyView(passkey), asOf: new Date().toISOString() },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
