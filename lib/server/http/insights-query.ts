import 'server-only';
import type { NextRequest } from 'next/server';
import type { PeriodQuery } from '../insights/access';

/** The period parameters of an insights URL (?days=30, or ?from=…&to=…). */
export function periodQueryOf(request: NextRequest): PeriodQuery {
  const params = new URL(request.url).searchParams;
  return { days: params.get('days'), from: params.get('from'), to: params.get('to') };
}
