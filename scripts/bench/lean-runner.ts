// The lean runner: Herald's Worker under Miniflare directly, with no `wrangler dev` around it (no dev proxy
// Worker, no file watcher, no bundler in the loop, no header-stripping Worker on outbound calls), which is closer
// to production than `wrangler dev`. The bench starts it in a host process of its own (spawnLeanWorker,
// lean-host.ts), so the process that plays Discord and times the replies runs nothing of Herald's.
//
// One Miniflare on purpose: the one wrangler 4.86 ships (node_modules/wrangler/node_modules/miniflare, 4.x),
// so the lean runner and `wrangler dev` run the same workerd build and differ only by the dev proxy. A bare
// `import 'miniflare'` would resolve to the 5.x alpha that @cloudflare/vitest-pool-workers brings, with a
// different workerd. The version is pinned by the pinned wrangler; nothing is added to package.json.
//
// The Worker is built the way `wrangler deploy` builds it (`wrangler deploy --dry-run --outdir`: the same
// esbuild bundle that would be uploaded), and bound as wrangler.toml says (`unstable_getMiniflareWorkerOptions`).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

interface MiniflareInstance {
  ready: Promise<URL>;
  dispose(): Promise<void>;
}
type MiniflareClass = new (options: Record<string, unknown>) => MiniflareInstance;

/** The miniflare bundled with wrangler (see the header: the same workerd as `wrangler dev`). */
export async function wranglersMiniflare(): Promise<{ Miniflare: MiniflareClass; version: string }> {
  const require = createRequire(import.meta.url);
  const fromWrangler = createRequire(join(dirname(require.resolve('wrangler/package.json')), 'package.json'));
  const entry = fromWrangler.resolve('miniflare');
  const version = (fromWrangler('miniflare/package.json') as { version: string }).version;
  const module = (await import(pathToFileURL(entry).href)) as { Miniflare: MiniflareClass };
  return { Miniflare: module.Miniflare, version };
}

/** Bundles the Worker as `wrangler deploy` would, into a fresh folder; returns the entry module's path. */
export async function buildWorker(outdir: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(join('node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler deploy --dry-run exited ${code}: ${stderr.slice(-2000)}`))));
  });
  return join(outdir, 'index.js');
}

export interface LeanWorker {
  url: string;
  miniflareVersion: string;
  /** Durable Object storage lives here (removed on stop). */
  persistTo: string;
  stop(): Promise<void>;
}

export interface LeanWorkerOptions {
  port: number;
  vars: Record<string, string>;
  /** workerd's inspector (Chrome DevTools protocol), for CPU profiles; off when absent. */
  inspectorPort?: number;
  /**
   * Where Durable Object storage (workerd's SQLite files) lives. `memory` (the default): a folder on tmpfs
   * (/dev/shm), so a write costs what SQLite costs and not this machine's disk flush; `disk`: the temp folder on
   * the disk. On a shared VM a flush can take 100–200 ms, and every actor's outgoing message waits for its
   * writes to be flushed (the output gate), so `disk` measures the VM's disk more than Herald. Production
   * storage confirms a write once it is replicated (milliseconds), between the two.
   */
  storage?: 'memory' | 'disk';
}

/** The folder the lean runner's storage goes in (see LeanWorkerOptions.storage). */
export function storageRoot(storage: 'memory' | 'disk'): string {
  return storage === 'memory' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export async function startLeanWorker(options: LeanWorkerOptions): Promise<LeanWorker> {
  const buildDir = mkdtempSync(join(tmpdir(), 'herald-build-'));
  const persistTo = mkdtempSync(join(storageRoot(options.storage ?? 'memory'), 'herald-lean-'));
  const scriptPath = await buildWorker(buildDir);
  const { Miniflare, version } = await wranglersMiniflare();
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  let stderrTail = '';
  const miniflare = new Miniflare({
    ...workerOptions,
    name: 'herald',
    modules: true,
    scriptPath,
    modulesRoot: buildDir,
    bindings: { ...workerOptions.bindings, ...options.vars },
    host: '127.0.0.1',
    port: options.port,
    durableObjectsPersist: persistTo,
    // Miniflare sends every outbound fetch through a Worker of its own that strips the CF-Connecting-IP header
    // (a second Worker per call, ~0.05 ms); production has no such hop, so the lean runner leaves it out.
    stripCfConnectingIp: false,
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    // The Worker's log lines are read and dropped (an unread pipe would stall workerd), as the bench's
    // `wrangler dev` output is.
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.resume();
      stderr.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-4_000)));
    },
  });
  let url: URL;
  try {
    url = await miniflare.ready;
  } catch (error) {
    console.error(`workerd's last output:\n${stderrTail}`);
    await miniflare.dispose().catch(() => undefined);
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(persistTo, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | null = null;
  return {
    url: url.origin,
    miniflareVersion: version,
    persistTo,
    stop: () =>
      (stopped ??= (async () => {
        await miniflare.dispose().catch(() => undefined);
        rmSync(buildDir, { recursive: true, force: true });
        rmSync(persistTo, { recursive: true, force: true });
      })()),
  };
}

/** What the host reports once its Worker answers (the JSON line lean-host.ts prints). */
type LeanWorkerReady = Omit<LeanWorker, 'stop'>;

/** A lean Worker started in a host process of its own (scripts/bench/lean-host.ts). */
export interface HostedLeanWorker extends LeanWorker {
  /** The host's pid (workerd is its child). */
  hostPid: number;
}

/**
 * The host's Node flags. Starting Miniflare (wrangler's options, Miniflare itself) leaves the host a heap of
 * ~240 MB that it then barely uses; V8's memory reducer would shrink it with full collections some 10 s later,
 * in the middle of the bench's first step (three of 10–50 ms each on the host's thread, more on its helpers),
 * taking a core from workerd and the simulator on a small machine. Production has no such host: the host
 * collects once before it says it is ready (lean-host.ts) and never by the reducer.
 */
const LEAN_HOST_NODE_FLAGS = ['--expose-gc', '--no-memory-reducer'];

/** startLeanWorker in a Node process of its own, so the runner's work stays out of the caller's process. */
export async function spawnLeanWorker(options: LeanWorkerOptions, startTimeoutMs = 120_000): Promise<HostedLeanWorker> {
  const host = spawn(process.execPath, [...LEAN_HOST_NODE_FLAGS, '--import', 'tsx', join('scripts', 'bench', 'lean-host.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LEAN_HOST_OPTIONS: JSON.stringify(options) },
  });
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  const ready = await new Promise<LeanWorkerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lean runner's host did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    let buffered = '';
    host.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        if (!line.startsWith('{"ready"')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: LeanWorkerReady }).ready);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    host.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lean runner's host exited with ${code} before it was ready`));
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    ...ready,
    hostPid: host.pid!,
    stop: () =>
      (stopped ??= (async () => {
        // Closing its stdin stops the host (lean-host.ts); a signal is the fallback.
        host.stdin?.end();
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (host.exitCode === null) host.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (host.exitCode === null) host.kill('SIGKILL');
      })()),
  };
}
