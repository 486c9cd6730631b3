import { NextResponse } from 'next/server';
import { z } from 'zod';
import { Failure } from '@/lib/server/platform/failure';
import { methods, route } from '@/lib/server/http/route';
import { accountActivity } from '@/lib/server/account/management';

const querySchema = z.strictObject({
  // An event's id: a ULID (upper case), or a cuid for events recorded before ids were ULIDs.
  before: z
    .string()
    .regex(/^[A-Za-z0-9]{16,40}$/, 'Not a cursor from a previous page.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const handleGet = route({ session: 'required' }, async function listActivity(request, { current }) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    throw new Failure(
      'invalid_request',
      `The query is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return NextResponse.json(await accountActivity(current.user.id, parsed.data), { headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
