import { NextResponse } from 'next/server';
import { changeDisplayName } from '@/lib/server/account/management';
import { profileSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';

const handlePatch = route({ session: 'required' }, async function updateProfile(request, { current }) {
  const { displayName } = await readJson(request, profileSchema);
  await changeDisplayName(current, displayName, clientInfo(request));
  return NextResponse.json({ displayName }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ PATCH: handlePatch });
