// `npm run doctor` against the simulator: a good configuration passes (exit 0); a wrong token, a missing
// permission, a missing intent, endpoint or /ask fail (exit 1) and say what to fix.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot, type SimBot } from '../../scripts/discord-simulator/index.js';
import { exitCodeOf, type Finding } from '../../scripts/doctor/checks.js';
import { runDoctor, type DoctorConfig } from '../../scripts/doctor/run.js';
import { COMMANDS } from '../../src/discord/commands.js';
import { permissionsFor } from '../../src/discord/install-url.js';
import { json } from './helpers.js';

const run = promisify(execFile);

// A bot set up as the README says: endpoint set, installed with Herald's link (its role has what the link asks).
const BOT: SimBot = { ...DEFAULT_BOT, interactionsEndpointUrl: 'https://herald.example.workers.dev/discord/interactions' };
// A second application whose owner never switched the Message Content intent on, nor set an endpoint.
const BARE_BOT: SimBot = { token: 'bare-bot-token', applicationId: '100000000000000009', userId: '100000000000000009', username: 'Bare', flags: 0 };

describe('npm run doctor', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let botRoleId: string;

  const config = (overrides: Partial<DoctorConfig> = {}): DoctorConfig => ({
    apiBase: sim.apiBase,
    token: BOT.token,
    applicationId: BOT.applicationId,
    publicKey: sim.publicKey,
    workerUrl: null,
    adminToken: null,
    guildIds: null,
    maxGuilds: 100,
    ...overrides,
  });
  const failed = (findings: Finding[]) => findings.filter((f) => f.severity === 'fail');

  /** The CLI as a person runs it; no inherited DISCORD_* variables, so only the flags count. */
  async function cli(args: string[]): Promise<{ code: number; output: string }> {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DISCORD_|ADMIN_TOKEN)/.test(name)));
    try {
      const { stdout, stderr } = await run('npx', ['tsx', 'scripts/doctor.ts', ...args], { env, timeout: 30_000 });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  beforeAll(async () => {
    sim = await startDiscordSimulator({ bots: [BOT, BARE_BOT] });
    guild = sim.addGuild({ name: 'doctor guild', bots: [BOT.applicationId] });
    botRoleId = guild.roles.find((r) => r.tags?.bot_id === BOT.userId)!.id;
    const registered = await json(`${sim.apiBase}/applications/${BOT.applicationId}/commands`, { method: 'PUT', body: COMMANDS, token: BOT.token });
    expect(registered.status).toBe(200);
  });
  beforeEach(() => {
    sim.editRole(guild.id, botRoleId, { permissions: permissionsFor({ moderation: false }).toString() });
  });
  afterAll(() => sim.close());

  it('passes a good configuration and exits 0', async () => {
    const { code, output } = await cli(['--api-base', sim.apiBase, '--token', BOT.token, '--application-id', BOT.applicationId, '--public-key', sim.publicKey]);
    expect(output).toContain('All checks passed');
    expect(output).toContain(`ok    server doctor guild (${guild.id})`);
    expect(code).toBe(0);
  });

  it('refuses a wrong token with exit 1 and says how to get a new one', async () => {
    const { code, output } = await cli(['--api-base', sim.apiBase, '--token', 'not-the-token', '--application-id', BOT.applicationId, '--public-key', sim.publicKey]);
    expect(output).toMatch(/FAIL {2}token: Discord refuses DISCORD_TOKEN \(401/);
    expect(output).toContain('Reset Token');
    expect(code).toBe(1);
  });

  it('exits 2 with the usage on a bad argument, before asking Discord anything', async () => {
    const since = sim.calls().length;
    const { code, output } = await cli(['--api-base', sim.apiBase, '--token', BOT.token, '--guild', 'not-an-id']);
    expect(output).toContain("doctor: --guild must be a server id (17 to 20 digits), not 'not-an-id'");
    expect(output).toContain('usage: npm run doctor');
    expect(code).toBe(2);
    expect(sim.calls().length).toBe(since);
  });

  it('names a permission the bot lacks in a server', async () => {
    const without = permissionsFor({ moderation: false }) & ~PermissionFlagsBits.SendMessages;
    sim.editRole(guild.id, botRoleId, { permissions: without.toString() });
    // @everyone has Send Messages in the simulator's new guilds; Discord's default is the same, so deny it there too.
    const everyone = guild.roles.find((r) => r.id === guild.id)!;
    sim.editRole(guild.id, everyone.id, { permissions: (BigInt(everyone.permissions) & ~PermissionFlagsBits.SendMessages).toString() });
    try {
      const findings = await runDoctor(config());
      expect(failed(findings)).toEqual([expect.objectContaining({ check: `server doctor guild (${guild.id})`, message: 'the bot lacks Send Messages (answering)' })]);
      expect(exitCodeOf(findings)).toBe(1);
    } finally {
      sim.editRole(guild.id, everyone.id, { permissions: everyone.permissions });
    }
  });

  it('flags an application id and public key that are not the token’s', async () => {
    const findings = await runDoctor(config({ applicationId: '100000000000000777', publicKey: 'ab'.repeat(32) }));
    expect(failed(findings).map((f) => f.check)).toEqual(['application id', 'public key']);
    expect(failed(findings)[0]?.fix).toBe(`set DISCORD_APPLICATION_ID=${BOT.applicationId}, or use that application's token`);
  });

  it('flags a missing Message Content intent, interactions endpoint and /ask', async () => {
    const findings = await runDoctor(config({ token: BARE_BOT.token, applicationId: BARE_BOT.applicationId, publicKey: sim.publicKeyOf(BARE_BOT.applicationId) }));
    expect(failed(findings).map((f) => f.check)).toEqual(['intent MESSAGE_CONTENT', 'interactions endpoint', '/ask command']);
  });
});
