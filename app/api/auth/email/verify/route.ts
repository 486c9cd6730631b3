import { NextResponse } from 'next/server';
import { emailLinkSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { verifyEmail } from '@/lib/server/account/email-verification';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

// Uses a verification link. Signed in to the account, the session keeps what it created and
// the method it signed in with; otherwise the first verification removes everything added
// before it and signs the prover in to set up a way in (docs/decisions/013).
const handlePost = route({ session: 'optional' }, async function verifyEmailAddress(request, { current }) {
  const { token } = await readJson(request, emailLinkSchema);
  const result = await verifyEmail(token, current, clientInfo(request));
  if (result.signedIn) await setSessionCookie(result.signedIn.token, result.signedIn.expiresAt);
  const { removed } = result.use;
  return NextResponse.json(
    {
      email: result.email,
      verified: true,
      firstVerification: result.use.firstProof,
      removed: { password: removed.password, passkeys: removed.passkeys.map((p) => p.name), sessions: removed.sessions },
      signedIn: result.signedIn !== null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
