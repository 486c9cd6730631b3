import { NextResponse } from 'next/server';
import { passwordResetSchema } from '@/lib/server/http/schemas';
import { afterResponse, clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { resetPassword } from '@/lib/server/account/recovery';
import { sessionJson } from '@/lib/server/http/responses';
import { setSessionCookie } from '@/lib/server/http/session-cookie';

const handlePost = route({ session: 'none' }, async function resetPasswordWithLink(request) {
  const { token, email, password } = await readJson(request, passwordResetSchema);
  const recovered = await resetPassword(token, { email, password }, clientInfo(request));
  await setSessionCookie(recovered.token, recovered.session.expiresAt);
  afterResponse('password changed email', recovered.notice);
  return NextResponse.json(
    { email: recovered.email, session: sessionJson(recovered.session) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
