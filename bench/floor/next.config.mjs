// A bare Next.js app for the benchmark's floor (bench/floor/app/api/floor/route.js): the
// framework's defaults, nothing of the app's.
export default { distDir: process.env.NEXT_DIST_DIR || '.next' };
