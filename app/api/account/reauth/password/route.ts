import { NextResponse } from 'next/server';
import { reauthPasswordSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { reauthenticateWithPassword } from '@/lib/server/account/reauthentication';

const handlePost = route({ session: 'required' }, async function confirmWithPassword(request, { current }) {
  const { password } = await readJson(request, reauthPasswordSchema);
  await reauthenticateWithPassword(current, password, clientInfo(request));
  return NextResponse.json({ reauthenticated: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
