import { NextResponse } from 'next/server';
import { afterResponse, clientInfo, methods, route } from '@/lib/server/http/route';
import { requestVerificationEmail } from '@/lib/server/account/email-verification';

// Sends a new verification link (voiding the old one) to the signed-in account's address.
const handlePost = route({ session: 'required' }, async function resendVerification(request, { current }) {
  const send = await requestVerificationEmail(current, clientInfo(request));
  afterResponse('verification email', send);
  return NextResponse.json({ sentTo: current.user.email }, { status: 202, headers: { 'Cache-Control': 'no-store' } });
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: handlePost });
