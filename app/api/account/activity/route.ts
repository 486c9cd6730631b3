import { NextResponse } from 'next/server';
import { z } from 'zod';
import { HttpError, route } from '@/lib/server/http';
import { listEvents } from '@/lib/server/security-events';
import { requireCurrentSession } from '@/lib/server/session';

const querySchema = z.strictObject({
  before: z.string().regex(/^[a-z0-9]{16,40}$/, 'Not a cursor from a previous page.').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const GET = route(async (request) => {
  const current = await requireCurrentSession();
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_request', `The query is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const page = await listEvents(current.user.id, parsed.data);
  return NextResponse.json(
    { events: page.events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })), next: page.next },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
