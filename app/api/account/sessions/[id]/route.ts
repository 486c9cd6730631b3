import { NextResponse } from 'next/server';
import { endSession } from '@/lib/server/account/management';
import { pathId } from '@/lib/server/http/schemas';
import { Failure } from '@/lib/server/platform/failure';
import { clientInfo, methods, route } from '@/lib/server/http/route';

type Context = { params: Promise<{ id: string }> };

const handleDelete = route<Context, { session: 'required' }>(
  { session: 'required' },
  async function endOneSession(request, { current, context }) {
    const parsed = pathId.safeParse((await context.params).id);
    if (!parsed.success) throw new Failure('session_not_found', 'No such session on your account.');
    await endSession(current, parsed.data, clientInfo(request));
    return NextResponse.json({ ended: true }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = methods<Context>({ DELETE: handleDelete });
