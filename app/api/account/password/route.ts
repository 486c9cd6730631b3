import { NextResponse } from 'next/server';
import { removeAccountPassword, setAccountPassword } from '@/lib/server/account/management';
import { newPasswordSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';

// Set a password (again) or change it: same rules as at sign-up; needs a recent sign-in.
const handlePut = route({ session: 'required' }, async function setPassword(request, { current }) {
  const { password } = await readJson(request, newPasswordSchema);
  const result = await setAccountPassword(current, password, clientInfo(request));
  return NextResponse.json({ password: result }, { headers: { 'Cache-Control': 'no-store' } });
});

// Go passwordless: only with a passkey left to sign in with; needs a recent sign-in.
const handleDelete = route({ session: 'required' }, async function removePassword(request, { current }) {
  await removeAccountPassword(current, clientInfo(request));
  return NextResponse.json({ password: 'removed' }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ PUT: handlePut, DELETE: handleDelete });
