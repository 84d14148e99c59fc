// The lean runner's host: a Node process of its own that starts Herald's Worker under Miniflare
// (startLeanWorker) and keeps it until its stdin closes. The bench spawns it (spawnLeanWorker) so that nothing of the
// runner (Miniflare's loopback, workerd's piped log lines) works inside the bench's own process, which plays
// Discord and times every reply: the plain bot gets a bench process with nothing else in it, and so does Herald.
//   LEAN_HOST_OPTIONS=<LeanWorkerOptions as JSON>  node --import tsx scripts/bench/lean-host.ts
// Prints one JSON line {"ready":{url,miniflareVersion,persistTo}} once the Worker answers; exits 1 if it cannot start.

import { startLeanWorker, type LeanWorkerOptions } from './lean-runner.js';

const raw = process.env.LEAN_HOST_OPTIONS;
if (!raw) {
  console.error('lean-host: LEAN_HOST_OPTIONS is required');
  process.exit(2);
}
const options = JSON.parse(raw) as LeanWorkerOptions;

try {
  const worker = await startLeanWorker(options);
  // Stopped by closing our stdin (the bench's stop, or the bench gone): Miniflare's own SIGTERM hook would exit
  // before the storage folder is removed.
  process.stdin.once('end', () => {
    void worker.stop().finally(() => process.exit(0));
  });
  process.stdin.resume();
  // Started with --expose-gc (LEAN_HOST_NODE_FLAGS): what starting Miniflare left is collected now, not mid-bench.
  (globalThis as { gc?: () => void }).gc?.();
  console.log(JSON.stringify({ ready: { url: worker.url, miniflareVersion: worker.miniflareVersion, persistTo: worker.persistTo } }));
} catch (error) {
  console.error('lean-host: the Worker did not start:', error instanceof Error ? error.stack : error);
  process.exit(1);
}
