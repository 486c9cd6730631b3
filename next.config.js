// @ts-check

import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './lib/shared/response-headers.mjs';

/**
 * The demo's inspector (app/inspector.tsx): on in development, off in a production build
 * unless INSPECTOR=on at build time. The value is written into the bundles, so off leaves
 * every line of it out.
 * @param {string} phase
 */
function inspectorSetting(phase) {
  const asked = (process.env.INSPECTOR ?? '').trim().toLowerCase();
  if (asked === 'on' || asked === 'off') return asked;
  return phase === PHASE_DEVELOPMENT_SERVER ? 'on' : 'off';
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and wasm-backed server packages, and the mail libraries (Node-only, large), are
  // loaded by Node at run time, not bundled.
  serverExternalPackages: [
    'better-sqlite3',
    '@node-rs/argon2',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    'nodemailer',
    'mailparser',
    'prom-client',
  ],
  poweredByHeader: false,
  // The demo's own inspector explains what happened; Next's floating badge would sit on it.
  devIndicators: false,
  // e2e runs build into their own folder so a running `npm run dev` is not disturbed.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // next dev would otherwise write an AGENTS.md of its own into the project on every start.
  agentRules: false,
  experimental: { agentUpgrade: false },
  async headers() {
    return [
      // Headers every response gets. For pages, the Content-Security-Policy (with its
      // per-request nonce), HSTS and the request id are set in proxy.ts; for the API, below
      // and in route(); server.mjs starts every response with the request id and HSTS.
      { source: '/:path*', headers: SECURITY_HEADERS },
      // JSON only: nothing on an API response may run, load or frame anything. (Pages get a
      // nonce-based policy from proxy.ts, which does not run for /api.)
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

/** @param {string} phase */
export default function config(phase) {
  return { ...nextConfig, env: { NEXT_PUBLIC_INSPECTOR: inspectorSetting(phase) } };
}
