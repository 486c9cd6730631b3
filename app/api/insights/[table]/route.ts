import { NextResponse } from 'next/server';
import { clientInfo, methods, route } from '@/lib/server/http/route';
import { periodQueryOf } from '@/lib/server/http/insights-query';
import { exportInsights } from '@/lib/server/insights/access';

type Context = { params: Promise<{ table: string }> };

// One table of the insights as CSV (/api/insights/funnel.csv?days=30), for operators.
const handleGet = route<Context, { session: 'optional' }>(
  { session: 'optional' },
  async function exportInsightsTable(request, { current, context }) {
    const { table } = await context.params;
    // Checked by exportInsights, after who is asking: a wrong name must not reveal the right ones.
    const name = table.endsWith('.csv') ? table.slice(0, -4) : '';
    const { filename, csv } = await exportInsights(current, name, periodQueryOf(request), clientInfo(request));
    return new NextResponse(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { compress: true },
);

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
