/**
 * Next.js start-up hook. Fails fast on a bad environment, opens and migrates the
 * database, and starts the in-process queue runner (outside Vercel).
 */
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself (not configuration): only the Node.js
  // runtime may load the server, since the edge runtime has no Node APIs.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootServer } = await import('./server/boot');
  await bootServer();
}
