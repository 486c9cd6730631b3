import { NextResponse } from 'next/server';
import { clientInfo, methods, route } from '@/lib/server/http/route';
import { periodQueryOf } from '@/lib/server/http/insights-query';
import { viewInsights } from '@/lib/server/insights/access';

// The Insights page's data as JSON, for operators (everyone else: 404).
const handleGet = route(
  { session: 'optional' },
  async function insights(request, { current }) {
    const report = await viewInsights(current, periodQueryOf(request), clientInfo(request), 'api');
    return NextResponse.json(report, { headers: { 'Cache-Control': 'no-store' } });
  },
  { compress: true },
);

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
