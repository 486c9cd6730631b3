import { NextResponse } from 'next/server';
import { config } from '@/lib/server/config';
import { route } from '@/lib/server/http';

// W3C "A Well-Known URL for Changing Passwords": password managers link here.
export const GET = route(async () => NextResponse.redirect(`${config().origin}/account#password`, 302));
