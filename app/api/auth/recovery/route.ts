import { NextResponse } from 'next/server';
import { recoveryRequestSchema } from '@/lib/server/http/schemas';
import { clientInfo, methods, readJson, route } from '@/lib/server/http/route';
import { requestRecovery } from '@/lib/server/account/recovery';

// "Forgot password?": the same answer for every address, account or not; the account is
// looked up and the link mailed later, off this connection's path (requestRecovery).
const handlePost = route({ session: 'none' }, async function askForRecovery(request) {
  const { email } = await readJson(request, recoveryRequestSchema);
  await requestRecovery(email, clientInfo(request));
  return NextResponse.json(
    { message: 'If an account uses this address, we have sent it a link to recover it. The link expires in 30 minutes.' },
    { status: 202, headers: { 'Cache-Control': 'no-store' } },
  );
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
