import { NextResponse } from 'next/server';
import { removeAccountPasskey, renameAccountPasskey } from '@/lib/server/account';
import { passkeyRenameSchema, pathId } from '@/lib/server/auth-schemas';
import { HttpError, clientInfo, methods, readJson, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

type Context = { params: Promise<{ id: string }> };

async function passkeyId(context: Context): Promise<string> {
  const parsed = pathId.safeParse((await context.params).id);
  if (!parsed.success) throw new HttpError(404, 'passkey_not_found', 'No such passkey on your account.');
  return parsed.data;
}

const handlePatch = route<Context>(async (request, context) => {
  const current = await requireCurrentSession();
  const id = await passkeyId(context);
  const { name } = await readJson(request, passkeyRenameSchema);
  const passkey = await renameAccountPasskey(current, id, name, clientInfo(request));
  return NextResponse.json({ passkey }, { headers: { 'Cache-Control': 'no-store' } });
});

const handleDelete = route<Context>(async (request, context) => {
  const current = await requireCurrentSession();
  const id = await passkeyId(context);
  const result = await removeAccountPasskey(current, id, clientInfo(request));
  return NextResponse.json(result, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods<Context>({ PATCH: handlePatch, DELETE: handleDelete });
