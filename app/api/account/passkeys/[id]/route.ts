import { NextResponse } from 'next/server';
import { removeAccountPasskey, renameAccountPasskey } from '@/lib/server/account/management';
import { passkeyRenameSchema, pathId } from '@/lib/server/http/schemas';
import { Failure } from '@/lib/server/platform/failure';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';

type Context = { params: Promise<{ id: string }> };

async function passkeyId(context: Context): Promise<string> {
  const parsed = pathId.safeParse((await context.params).id);
  if (!parsed.success) throw new Failure('passkey_not_found', 'No such passkey on your account.');
  return parsed.data;
}

const handlePatch = route<Context, { session: 'required' }>(
  { session: 'required' },
  async function renamePasskey(request, { current, context }) {
    const id = await passkeyId(context);
    const { name } = await readJson(request, passkeyRenameSchema);
    const passkey = await renameAccountPasskey(current, id, name, clientInfo(request));
    return NextResponse.json({ passkey }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

const handleDelete = route<Context, { session: 'required' }>(
  { session: 'required' },
  async function removePasskey(request, { current, context }) {
    const id = await passkeyId(context);
    const result = await removeAccountPasskey(current, id, clientInfo(request));
    return NextResponse.json(result, { headers: { 'Cache-Control': 'no-store' } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = methods<Context>({ PATCH: handlePatch, DELETE: handleDelete });
