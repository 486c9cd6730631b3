import { NextResponse } from 'next/server';
import { ensureCeremonyToken } from '@/lib/server/http/ceremony-cookie';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { signInOptionsSchema } from '@/lib/server/http/schemas';
import { authenticationOptions } from '@/lib/server/webauthn/authentication';

const handlePost = route({ session: 'none' }, async function signInOptions(request) {
  // The body is optional ({"mediation": "autofill" | "button"}); without one it is the button.
  const hasBody = request.headers.has('content-type') || Number(request.headers.get('content-length') ?? '0') > 0;
  const { mediation } = hasBody ? await readJson(request, signInOptionsSchema, 1024) : signInOptionsSchema.parse({});
  const options = await authenticationOptions(await ensureCeremonyToken(), mediation, clientInfo(request));
  return NextResponse.json(options, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
