import { NextResponse } from 'next/server';
import { accountPasskeys, accountSessions, signInMethodsOf } from '@/lib/server/account';
import { route } from '@/lib/server/http';
import { isRecentlyAuthenticated } from '@/lib/server/reauthentication';
import { sessionJson, userJson } from '@/lib/server/responses';
import { requireCurrentSession } from '@/lib/server/session';

export const GET = route(async () => {
  const current = await requireCurrentSession();
  const methods = await signInMethodsOf(current.user.id);
  return NextResponse.json(
    {
      user: { ...userJson(current.user), webauthnUserId: current.user.webauthnUserId },
      session: { ...sessionJson(current.session), recentlyAuthenticated: isRecentlyAuthenticated(current) },
      hasPassword: methods.password,
      passkeys: await accountPasskeys(current.user.id),
      sessions: await accountSessions(current),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
