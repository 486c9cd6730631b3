import { NextResponse } from 'next/server';
import { endSession } from '@/lib/server/account';
import { pathId } from '@/lib/server/auth-schemas';
import { HttpError, clientInfo, methods, route } from '@/lib/server/http';
import { requireCurrentSession } from '@/lib/server/session';

type Context = { params: Promise<{ id: string }> };

const handleDelete = route<Context>(async (request, context) => {
  const current = await requireCurrentSession();
  const parsed = pathId.safeParse((await context.params).id);
  if (!parsed.success) throw new HttpError(404, 'session_not_found', 'No such session on your account.');
  await endSession(current, parsed.data, clientInfo(request));
  return NextResponse.json({ ended: true }, { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods<Context>({ DELETE: handleDelete });
