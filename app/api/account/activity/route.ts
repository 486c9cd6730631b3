import { NextResponse } from 'next/server';
import { z } from 'zod';
import { HttpError, methods, route } from '@/lib/server/http';
import { accountActivity } from '@/lib/server/account';
import { requireCurrentSession } from '@/lib/server/session';

const querySchema = z.strictObject({
  before: z.string().regex(/^[a-z0-9]{16,40}$/, 'Not a cursor from a previous page.').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const handleGet = route(async (request) => {
  const current = await requireCurrentSession();
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_request', `The query is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return NextResponse.json(await accountActivity(current.user.id, parsed.data), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
