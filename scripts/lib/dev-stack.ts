// The local stack shared by `npm start`, `npm run soak` and `npm run bench`: the Discord simulator in this
// process and `wrangler dev` (own process group, fresh --persist-to folder) wired to it.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BOT, SIM_CLIENT_SECRET, startDiscordSimulator, type DiscordSimulator, type SimulatorOptions } from '../discord-simulator/index.js';

export interface DevStackOptions {
  workerPort?: number;
  simulatorPort?: number;
  adminToken?: string;
  simulator?: SimulatorOptions;
  /** Extra `--var NAME:VALUE` for wrangler dev. */
  vars?: Record<string, string>;
  /** Show wrangler's output (npm start) or keep it quiet (soak, bench). */
  wranglerOutput?: 'inherit' | 'ignore';
}

export interface DevStack {
  simulator: DiscordSimulator;
  workerUrl: string;
  adminToken: string;
  /** wrangler dev's --persist-to folder (Durable Object storage lives under it; removed on stop). */
  persistTo: string;
  wrangler: ChildProcess;
  /** Calls the admin API; throws on a non-2xx answer. */
  admin<T>(path: string, method?: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const workerPort = options.workerPort ?? 8787;
  const adminToken = options.adminToken ?? 'dev-admin-token';
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  // Like an application's Interactions Endpoint URL: clicks on the chat page are delivered to the worker.
  const bots = [{ ...DEFAULT_BOT, interactionsEndpointUrl: `${workerUrl}/discord/interactions` }];
  const simulator = await startDiscordSimulator({ port: options.simulatorPort ?? 0, bots, ...options.simulator });
  const persistTo = mkdtempSync(join(tmpdir(), 'herald-dev-'));
  const vars: Record<string, string> = {
    DISCORD_TOKEN: DEFAULT_BOT.token,
    DISCORD_APPLICATION_ID: DEFAULT_BOT.applicationId,
    DISCORD_API_BASE: simulator.apiBase,
    // The simulator signs interactions with this key, so /ask works locally too.
    DISCORD_PUBLIC_KEY: simulator.publicKey,
    ADMIN_TOKEN: adminToken,
    // "Sign in with Discord" for the dashboard, through the simulator's OAuth2 pages.
    DISCORD_CLIENT_SECRET: SIM_CLIENT_SECRET,
    DISCORD_OAUTH_URL: `${simulator.url}/oauth2/authorize`,
    // Signs guild tokens, live tickets and sessions; each run has fresh state, so a fresh key is fine.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...options.vars,
  };
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(workerPort), '--persist-to', persistTo, '--show-interactive-dev-session=false'];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  // Its own process group, so stopping reaches workerd and esbuild too, not just the wrangler CLI.
  const output = options.wranglerOutput ?? 'inherit';
  const wrangler = spawn(join('node_modules', '.bin', 'wrangler'), args, {
    stdio: ['ignore', output, output],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });

  let stopped: Promise<void> | null = null;
  // Waits (up to 10 s, then SIGKILL) for wrangler's process group to exit, so its port is free again.
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const exited =
        wrangler.exitCode !== null || wrangler.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => wrangler.once('exit', () => resolve()));
      if (wrangler.pid && wrangler.exitCode === null) killGroup(wrangler.pid, 'SIGINT');
      const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10_000))]);
      if (timedOut && wrangler.pid) killGroup(wrangler.pid, 'SIGKILL');
      await simulator.close();
      rmSync(persistTo, { recursive: true, force: true });
    })());

  const admin = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${workerUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  try {
    await waitForHealthy(workerUrl, wrangler);
  } catch (error) {
    await stop();
    throw error;
  }
  return { simulator, workerUrl, adminToken, persistTo, wrangler, admin, stop };
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the worker did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

/** Polls the gateway status until it is ready. */
export async function waitForGatewayReady(stack: DevStack, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await stack.admin<{ state: string }>('/api/gateway/status');
    if (status.state === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the gateway did not become ready');
}

/** Signals a whole process group (wrangler dev starts workerd and esbuild beside itself). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Null when `port` on 127.0.0.1 is free, else why not. */
export function portProblem(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EADDRINUSE' ? `port ${port} is in use (choose another with --port)` : `port ${port}: ${error.message}`),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(null)));
  });
}

/**
 * Ctrl-C and SIGTERM for a script that runs a stack: the first signal stops it gracefully (even while it is
 * still starting) and exits 130; a second kills wrangler's process group at once. Returns the same stop
 * for the script's normal end, and whether stopping has begun (so wrangler's exit is not mistaken for a crash).
 */
export function stopOnSignals(stackPromise: Promise<DevStack>, log: (line: string) => void): { stop: () => Promise<void>; stopping: () => boolean } {
  let stack: DevStack | null = null;
  void stackPromise.then((started) => (stack = started)).catch(() => undefined);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const started = stack ?? (await stackPromise.catch(() => null));
      if (started) await started.stop();
    })());
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts > 1) {
      const pid = (stack as DevStack | null)?.wrangler.pid;
      if (pid) killGroup(pid, 'SIGKILL');
      process.exit(130);
    }
    log(`${signal}: stopping the stack`);
    void stop().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stop, stopping: () => stopping !== null };
}
