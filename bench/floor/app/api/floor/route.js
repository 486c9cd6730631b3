// The framework's floor: the least a Next.js POST route handler can do with a JSON body
// (read it, answer JSON). `npm run bench` serves this app with `next start` and measures its
// CPU per request in the same run as the app's, taking turns, so the app's cost can be read
// as a multiple of what Next.js itself costs on this machine, today.
export async function POST(request) {
  const body = await request.json();
  return Response.json({ ok: true, received: typeof body }, { headers: { 'Cache-Control': 'no-store' } });
}
