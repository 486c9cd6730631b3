import { NextResponse } from 'next/server';
import { changeDisplayName } from '@/lib/server/account';
import { profileSchema } from '@/lib/server/auth-schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

const handlePatch = route(async (request) => {
  const current = await requireCurrentSession();
  const { displayName } = await readJson(request, profileSchema);
  await changeDisplayName(current, displayName, clientInfo(request));
  return NextResponse.json({ displayName }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ PATCH: handlePatch });
