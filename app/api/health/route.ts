import { NextResponse } from 'next/server';
import { databaseHealth, schemaHealth } from '@/lib/server/platform/health';
import { methods, route } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

// 200 only when the database answers and has this build's schema; otherwise 503 with what is
// wrong, so a load balancer does not send people to an instance that cannot serve them.
const handleGet = route({ session: 'none' }, async function health() {
  const database = await databaseHealth();
  const schema = database.ok ? await schemaHealth() : undefined;
  const ok = database.ok && schema?.ok === true;
  return NextResponse.json(
    { status: ok ? 'ok' : 'degraded', database, ...(schema && { schema }) },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
