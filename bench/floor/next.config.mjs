// A bare Next.js app for the benchmark's floor (bench/floor/app/api/floor/route.js): the
// framework's defaults, nothing of the app's.
const nextConfig = { distDir: process.env.NEXT_DIST_DIR || '.next' };
export default nextConfig;
