// `npm start`: the whole product locally, offline, with no secrets. Starts the Discord simulator, runs
// `wrangler dev` wired to it (fresh --persist-to folder each run), connects the gateway, seeds a demo guild
// with a small knowledge base, and prints the chat page where a person talks to Herald as a member.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BOT, startDiscordSimulator } from './discord-simulator/index.js';
import { DEMO_KNOWLEDGE } from './demo/knowledge.js';

const WORKER_PORT = Number(process.env.HERALD_PORT ?? 8787);
const SIMULATOR_PORT = Number(process.env.HERALD_SIMULATOR_PORT ?? 8790);
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
const workerUrl = `http://127.0.0.1:${WORKER_PORT}`;

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the worker did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

async function adminCall(path: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${workerUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

async function main(): Promise<void> {
  const simulator = await startDiscordSimulator({ port: SIMULATOR_PORT, bots: [DEFAULT_BOT] });
  const guild = simulator.addGuild({ name: 'Herald Demo', channels: [{ name: 'general' }, { name: 'support' }] });

  const persistTo = mkdtempSync(join(tmpdir(), 'herald-dev-'));
  const vars: Record<string, string> = {
    DISCORD_TOKEN: DEFAULT_BOT.token,
    DISCORD_APPLICATION_ID: DEFAULT_BOT.applicationId,
    DISCORD_API_BASE: simulator.apiBase,
    ADMIN_TOKEN,
  };
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(WORKER_PORT), '--persist-to', persistTo, '--show-interactive-dev-session=false'];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  // Its own process group, so stopping reaches workerd and esbuild too, not just the wrangler CLI.
  const wrangler = spawn(join('node_modules', '.bin', 'wrangler'), args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (wrangler.pid && wrangler.exitCode === null) {
      try {
        process.kill(-wrangler.pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
    await simulator.close();
    rmSync(persistTo, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  wrangler.on('exit', (code) => void stop(code ?? 1));

  await waitForHealthy(workerUrl, wrangler);
  for (const doc of DEMO_KNOWLEDGE) await adminCall(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
  await adminCall('/api/gateway/start', 'POST');

  console.log(`
  Herald is running (offline answerer, Discord simulator).

    Talk to Herald as a member:  ${simulator.url}/
      (mention the bot — tick "mention Herald" — and ask e.g. "how do refunds work?")
    Worker / admin API:          ${workerUrl}   (Authorization: Bearer ${ADMIN_TOKEN})
    Demo guild id:               ${guild.id}

  Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
