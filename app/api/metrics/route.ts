import { timingSafeEqual } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse, methods, route } from '@/lib/server/http/route';
import { config } from '@/lib/server/platform/config';
import { Failure } from '@/lib/server/platform/failure';
import { metricsText } from '@/lib/server/platform/metrics';
import { sha256Hex } from '@/lib/server/platform/crypto';

// Prometheus metrics of this instance, for a scraper holding METRICS_TOKEN
// (Authorization: Bearer …). With no token configured the endpoint does not exist.
const handleGet = route(
  { session: 'none' },
  async function metrics(request: NextRequest) {
    const token = config().metricsToken;
    if (!token) throw new Failure('not_found', 'There is nothing here.');
    const given = /^Bearer ([\x21-\x7e]+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    // Hashes of equal length, compared in constant time: neither the token's length nor its
    // prefix leaks through timing.
    if (!given || !timingSafeEqual(Buffer.from(sha256Hex(given), 'hex'), Buffer.from(sha256Hex(token), 'hex'))) {
      return errorResponse(new Failure('metrics_token_required', 'Send the metrics token as Authorization: Bearer <token>.'), {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    const { body, contentType } = await metricsText();
    return new NextResponse(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  },
  { checkOrigin: false, compress: true },
);

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: handleGet });
