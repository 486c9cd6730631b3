// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and wasm-backed server packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2', '@prisma/adapter-better-sqlite3'],
  poweredByHeader: false,
  // e2e runs build into their own folder so a running `npm run dev` is not disturbed.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
