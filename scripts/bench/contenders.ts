// The things the bench runs against the same simulator setup, one after the other:
//   baseline  a plain discord.js bot in one Node process (scripts/bench/baseline-bot.ts);
//   lean      Herald's Worker under Miniflare directly (scripts/bench/lean-runner.ts), closest to production,
//             its Durable Object storage on tmpfs; Miniflare runs in a host process of its own (lean-host.ts);
//   lean-disk the same with its storage on this machine's disk (every write waits for the disk's flush);
//   dev       Herald under `wrangler dev` (its dev proxy Worker and file watcher included), as `npm start` runs it.
// Each gets a fresh simulator and fresh storage, and names the processes whose CPU and memory count.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type SimulatorOptions } from '../discord-simulator/index.js';
import { killGroup, startDevStack, type DevStack } from '../lib/dev-stack.js';
import { spawnLeanWorker, type HostedLeanWorker } from './lean-runner.js';
import { descendants, type ProcessGroup } from './procstat.js';

export type ContenderKind = 'baseline' | 'lean' | 'lean-disk' | 'dev';
export const CONTENDER_KINDS: readonly ContenderKind[] = ['baseline', 'lean', 'lean-disk', 'dev'];

export const CONTENDER_LABELS: Record<ContenderKind, string> = {
  baseline: 'plain bot',
  lean: 'Herald (lean)',
  'lean-disk': 'Herald (lean, disk)',
  dev: 'Herald (wrangler dev)',
};

export type AdminCall = <T>(path: string, method?: string, body?: unknown) => Promise<T>;

export interface Contender {
  kind: ContenderKind;
  /** What runs, for the report. */
  description: string;
  simulator: DiscordSimulator;
  /** Herald's admin API; null for the plain bot. */
  admin: AdminCall | null;
  /** Connects the bot to the simulator's gateway (after the guilds exist) and waits until it is ready. */
  connect(): Promise<void>;
  /** The processes whose CPU and memory are reported, grouped as the report shows them. */
  groups(): ProcessGroup[];
  stop(): Promise<void>;
}

const ADMIN_TOKEN = 'bench-admin-token';
/** Rate limits out of the way (as in the measurement): the bench measures the bot, not Discord's limits. */
export const BENCH_SIMULATOR: SimulatorOptions = { heartbeatIntervalMs: 41_250, rateLimit: { limit: 100_000, windowMs: 1000, globalPerSecond: 100_000 } };

function adminClient(workerUrl: string): AdminCall {
  return async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${workerUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

async function waitForHerald(admin: AdminCall, timeoutMs = 30_000): Promise<void> {
  await admin('/api/gateway/start', 'POST');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await admin<{ state: string }>('/api/gateway/status');
    if (status.state === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Herald\'s gateway did not become ready');
}

function heraldVars(sim: DiscordSimulator): Record<string, string> {
  return {
    DISCORD_TOKEN: DEFAULT_BOT.token,
    DISCORD_APPLICATION_ID: DEFAULT_BOT.applicationId,
    DISCORD_API_BASE: sim.apiBase,
    DISCORD_PUBLIC_KEY: sim.publicKey,
    ADMIN_TOKEN,
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
}

const workerdOf = (root: number) => descendants(root).filter((p) => p.comm === 'workerd').map((p) => p.pid);

export async function startContender(kind: ContenderKind, port: number, inspectorPort?: number): Promise<Contender> {
  switch (kind) {
    case 'baseline':
      return startBaseline();
    case 'lean':
      return startLean(port, 'memory', inspectorPort);
    case 'lean-disk':
      return startLean(port, 'disk', inspectorPort);
    case 'dev':
      return startDev(port);
  }
}

async function startBaseline(): Promise<Contender> {
  const simulator = await startDiscordSimulator({ port: 0, bots: [DEFAULT_BOT], ...BENCH_SIMULATOR });
  let bot: ChildProcess | null = null;
  return {
    kind: 'baseline',
    description: `discord.js ${await discordJsVersion()} in one Node ${process.version} process, BM25 over the same documents in memory`,
    simulator,
    admin: null,
    async connect() {
      const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'bench', 'baseline-bot.ts')], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_API: `${simulator.url}/api`, BENCH_TOKEN: DEFAULT_BOT.token },
      });
      bot = child;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the plain bot did not log in within 30 s')), 30_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`the plain bot exited with ${code}`)));
      });
    },
    groups: () => [
      { name: 'bot process (node)', pids: bot?.pid ? [bot.pid] : [] },
      { name: 'bench: simulator + load (node)', pids: [process.pid] },
    ],
    async stop() {
      if (bot?.pid && bot.exitCode === null) {
        const exited = new Promise((resolve) => bot!.once('exit', resolve));
        bot.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (bot.exitCode === null) bot.kill('SIGKILL');
      }
      await simulator.close();
    },
  };
}

async function discordJsVersion(): Promise<string> {
  const { version } = await import('discord.js');
  return version;
}

async function startLean(port: number, storage: 'memory' | 'disk', inspectorPort?: number): Promise<Contender> {
  const simulator = await startDiscordSimulator({ port: 0, bots: [DEFAULT_BOT], ...BENCH_SIMULATOR });
  let worker: HostedLeanWorker;
  try {
    worker = await spawnLeanWorker({ port, storage, vars: heraldVars(simulator), ...(inspectorPort ? { inspectorPort } : {}) });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  const admin = adminClient(worker.url);
  const workerd = workerdOf(worker.hostPid);
  return {
    kind: storage === 'memory' ? 'lean' : 'lean-disk',
    description:
      `the Worker bundled by \`wrangler deploy --dry-run\`, under Miniflare ${worker.miniflareVersion} (wrangler's own, in a host process of its own) directly: no dev proxy; ` +
      (storage === 'memory' ? 'Durable Object storage on tmpfs (no disk flush)' : "Durable Object storage on this machine's disk (each write waits for its flush)"),
    simulator,
    admin,
    connect: () => waitForHerald(admin),
    groups: () => [
      { name: 'workerd (the Worker and its actors)', pids: workerd },
      // Not counted as Herald's: production has no Miniflare (as the bench's own process is not counted).
      { name: 'bench: Miniflare host (node)', pids: [worker.hostPid] },
      { name: 'bench: simulator + load (node)', pids: [process.pid] },
    ],
    async stop() {
      await worker.stop();
      await simulator.close();
    },
  };
}

async function startDev(port: number): Promise<Contender> {
  const stack: DevStack = await startDevStack({
    workerPort: port,
    simulatorPort: 0,
    adminToken: ADMIN_TOKEN,
    wranglerOutput: 'ignore',
    simulator: BENCH_SIMULATOR,
  });
  const wranglerPid = stack.wrangler.pid!;
  const children = descendants(wranglerPid);
  const workerd = children.filter((p) => p.comm === 'workerd').map((p) => p.pid);
  const others = children.filter((p) => p.comm !== 'workerd').map((p) => p.pid);
  const admin = adminClient(stack.workerUrl);
  return {
    kind: 'dev',
    description: '`wrangler dev` (4.86): its Node process (dev proxy, file watcher, esbuild) in front of the same workerd',
    simulator: stack.simulator,
    admin,
    connect: () => waitForHerald(admin),
    groups: () => [
      { name: 'workerd (the Worker and its actors)', pids: workerd },
      { name: 'wrangler dev (node: proxy, watcher)', pids: [wranglerPid, ...others] },
      { name: 'bench: simulator + load (node)', pids: [process.pid] },
    ],
    async stop() {
      await stack.stop();
      if (stack.wrangler.pid) killGroup(stack.wrangler.pid, 'SIGKILL');
    },
  };
}
