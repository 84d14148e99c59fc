// `npm run doctor`'s calls: asks Discord (as the bot) and, when given, the worker's admin API, and hands what
// they answer to the pure checks in ./checks.ts. Read-only: it changes nothing on Discord or in the worker.
import type {
  APIApplication,
  APIApplicationCommand,
  APIGuild,
  APIGuildChannel,
  APIGuildMember,
  APIPartialGuild,
  APIUser,
} from 'discord-api-types/v10';
import { DiscordApiError, DiscordRest } from '../../src/discord/rest.js';
import { INTENTS } from '../../src/gateway/protocol.js';
import { permissionNeeds } from '../../src/discord/install-url.js';
import {
  applicationFindings,
  askCommandFinding,
  channelPermissionFinding,
  channelPermissions,
  customBotOf,
  featuresOf,
  guildPermissionFinding,
  guildPermissions,
  hasAskCommand,
  hierarchyFinding,
  intentFindings,
  interactionsEndpointFinding,
  tokenFinding,
  type Finding,
} from './checks.js';

export interface DoctorConfig {
  /** DISCORD_API_BASE, version included. */
  apiBase: string;
  token: string | null;
  applicationId: string | null;
  publicKey: string | null;
  /** The deployed (or local) worker's origin; with adminToken, each server's settings are read from it. */
  workerUrl: string | null;
  adminToken: string | null;
  /** Only these servers (default: every server the bot is in, up to maxGuilds). */
  guildIds: string[] | null;
  maxGuilds: number;
}

/** Servers checked by default; each costs three or four calls, so a big bot is checked a page at a time. */
export const DEFAULT_MAX_GUILDS = 100;
/** The most servers one run checks (--max-guilds). */
export const MAX_GUILDS_LIMIT = 1_000;
/** Discord's page size for GET /users/@me/guilds. */
const GUILDS_PAGE = 200;
/** How long one call to the worker may take. */
const WORKER_TIMEOUT_MS = 15_000;

type WorkerSettings = { ok: true; settings: unknown } | { ok: false; finding: Finding; stop: boolean };

export async function runDoctor(config: DoctorConfig, fetcher: typeof fetch = fetch): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (config.token === null) {
    return [{ check: 'token', severity: 'fail', message: 'DISCORD_TOKEN is not set: nothing can be checked', fix: 'set DISCORD_TOKEN (environment, .dev.vars or --token)' }];
  }
  const rest = new DiscordRest({ apiBase: config.apiBase, token: config.token, fetcher, maxRetries: 1 });

  let me: APIUser;
  try {
    me = await rest.get<APIUser>('/users/@me');
  } catch (error) {
    // A bad token makes every later check fail the same way: say it once.
    return [tokenFinding({ ok: false, status: error instanceof DiscordApiError ? error.status : 0, detail: describe(error) })];
  }
  findings.push(tokenFinding({ ok: true, username: me.username, bot: me.bot === true }));

  let app: APIApplication;
  try {
    app = await rest.get<APIApplication>('/applications/@me');
  } catch (error) {
    return [...findings, { check: 'application', severity: 'fail', message: `GET /applications/@me failed: ${describe(error)}`, fix: 'check DISCORD_API_BASE, then run the doctor again' }];
  }
  findings.push(...applicationFindings(app, config));
  findings.push(...intentFindings(INTENTS, app.flags, app.approximate_guild_count));
  findings.push(interactionsEndpointFinding(app.interactions_endpoint_url, config.workerUrl));
  const askGlobal = hasAskCommand(await rest.get<APIApplicationCommand[]>(`/applications/${app.id}/commands`));

  const worker = config.workerUrl === null ? null : await checkWorker(config.workerUrl, config.adminToken, fetcher, findings);
  const guilds = await botGuilds(rest, config, findings);
  const guildsWithoutAsk: string[] = [];
  let readSettings = worker !== null;
  for (const guild of guilds) {
    const check = `server ${guild.name} (${guild.id})`;
    let settings: unknown = null;
    if (readSettings && worker) {
      const read = await workerSettings(worker, guild.id, fetcher);
      if (!read.ok) {
        findings.push(read.finding);
        if (read.stop) readSettings = false;
      } else settings = read.settings;
    }
    try {
      const customBot = customBotOf(settings);
      if (customBot !== null) {
        findings.push({ check, severity: 'warn', message: `uses its custom bot (application ${customBot}); this run checked the shared bot`, fix: `run the doctor again with --token <that bot's token> --application-id ${customBot}` });
        continue;
      }
      findings.push(...(await checkGuild(rest, guild, me.id, settings)));
      if (!askGlobal && !hasAskCommand(await rest.get<APIApplicationCommand[]>(`/applications/${app.id}/guilds/${guild.id}/commands`))) guildsWithoutAsk.push(guild.id);
    } catch (error) {
      findings.push({ check, severity: 'fail', message: `could not read the server: ${describe(error)}`, fix: 'make sure the bot is still in this server, then run the doctor again' });
    }
  }
  findings.push(askCommandFinding(askGlobal, guilds.length, guildsWithoutAsk));
  return findings;
}

/** The worker answers and accepts the admin token; returns how to reach it for settings, or null. */
async function checkWorker(workerUrl: string, adminToken: string | null, fetcher: typeof fetch, findings: Finding[]): Promise<{ origin: string; adminToken: string } | null> {
  const origin = workerUrl.replace(/\/+$/, '');
  try {
    const health = await fetcher(`${origin}/healthz`, { signal: AbortSignal.timeout(WORKER_TIMEOUT_MS) });
    if (!health.ok) {
      findings.push({ check: 'worker', severity: 'fail', message: `GET ${origin}/healthz answered ${health.status}`, fix: 'check --worker: it must be the origin Herald serves (e.g. https://herald.example.workers.dev)' });
      return null;
    }
  } catch (error) {
    findings.push({ check: 'worker', severity: 'fail', message: `${origin} is unreachable: ${describe(error)}`, fix: 'check --worker, and that the worker is deployed (or `npx wrangler dev` runs)' });
    return null;
  }
  if (adminToken === null) {
    findings.push({ check: 'worker', severity: 'warn', message: 'serves, but ADMIN_TOKEN was not given: settings not read, so only answering is checked', fix: 'give --admin-token (or ADMIN_TOKEN) to check each server against its enabled features' });
    return null;
  }
  findings.push({ check: 'worker', severity: 'ok', message: `${origin} serves` });
  return { origin, adminToken };
}

async function workerSettings(worker: { origin: string; adminToken: string }, guildId: string, fetcher: typeof fetch): Promise<WorkerSettings> {
  const url = `${worker.origin}/api/guilds/${guildId}/settings`;
  try {
    const response = await fetcher(url, { headers: { authorization: `Bearer ${worker.adminToken}` }, signal: AbortSignal.timeout(WORKER_TIMEOUT_MS) });
    if (response.status === 401 || response.status === 403) {
      const finding: Finding = { check: 'worker', severity: 'fail', message: `the worker refuses the admin token (${response.status}): settings not read`, fix: "give the worker's ADMIN_TOKEN with --admin-token" };
      return { ok: false, finding, stop: true };
    }
    if (!response.ok) return { ok: false, finding: { check: `server ${guildId}`, severity: 'fail', message: `GET ${url} answered ${response.status}`, fix: 'see the worker logs (wrangler tail)' }, stop: false };
    return { ok: true, settings: await response.json() };
  } catch (error) {
    return { ok: false, finding: { check: 'worker', severity: 'fail', message: `GET ${url} failed: ${describe(error)}`, fix: 'check --worker and that the worker serves' }, stop: true };
  }
}

/** The servers to check: --guild's, or the bot's own (paged), at most maxGuilds. */
async function botGuilds(rest: DiscordRest, config: DoctorConfig, findings: Finding[]): Promise<{ id: string; name: string }[]> {
  if (config.guildIds !== null) {
    const guilds: { id: string; name: string }[] = [];
    for (const id of config.guildIds) {
      try {
        guilds.push({ id, name: (await rest.get<APIGuild>(`/guilds/${id}`)).name });
      } catch (error) {
        findings.push({ check: `server ${id}`, severity: 'fail', message: `the bot cannot see this server: ${describe(error)}`, fix: 'invite the bot with the link from GET /api/install?guildId=<id>' });
      }
    }
    return guilds;
  }
  const guilds: { id: string; name: string }[] = [];
  let after = '0';
  for (;;) {
    const page = await rest.get<APIPartialGuild[]>('/users/@me/guilds', { query: { limit: String(GUILDS_PAGE), after } });
    guilds.push(...page.map((g) => ({ id: g.id, name: g.name })));
    if (page.length < GUILDS_PAGE || guilds.length > config.maxGuilds) break;
    after = page[page.length - 1]!.id;
  }
  if (guilds.length === 0) findings.push({ check: 'servers', severity: 'warn', message: 'the bot is in no server yet', fix: 'invite it with the link from GET /api/install' });
  if (guilds.length > config.maxGuilds) {
    findings.push({ check: 'servers', severity: 'warn', message: `the bot is in more than ${config.maxGuilds} servers: only the first ${config.maxGuilds} were checked`, fix: 'check others with --guild <id> or a higher --max-guilds' });
  }
  return guilds.slice(0, config.maxGuilds);
}

/** The bot's permissions in one server against its enabled features, and in the channels its settings name. */
async function checkGuild(rest: DiscordRest, ref: { id: string; name: string }, botUserId: string, settings: unknown): Promise<Finding[]> {
  const guild = await rest.get<APIGuild>(`/guilds/${ref.id}`);
  const member = await rest.get<APIGuildMember>(`/guilds/${ref.id}/members/${botUserId}`);
  const self = { userId: botUserId, roles: member.roles };
  const base = guildPermissions(guild, self);
  const features = featuresOf(settings);
  const findings = [guildPermissionFinding(ref, base, features, settings !== null)];
  const hierarchy = hierarchyFinding({ ...ref, roles: guild.roles }, member.roles, features);
  if (hierarchy) findings.push(hierarchy);
  const named = namedChannels(settings);
  if (named.length === 0) return findings;
  const channels = await rest.get<APIGuildChannel[]>(`/guilds/${ref.id}/channels`);
  const answering = permissionNeeds({ moderation: false, autoThread: features.autoThread === true, forums: features.forums === true });
  const tickets = permissionNeeds({ moderation: false, tickets: true });
  for (const want of named) {
    const channel = channels.find((c) => (want.id !== null ? c.id === want.id : c.name === want.name));
    const label = { id: want.id ?? want.name ?? '', name: channel?.name ?? want.name, role: want.role };
    if (!channel) {
      findings.push({ check: `server ${ref.name} (${ref.id}) #${label.name ?? label.id}`, severity: 'fail', message: `the settings name this ${want.role} but the server has no such channel`, fix: 'fix the channel in the dashboard (Setup)' });
      continue;
    }
    const have = channelPermissions(ref.id, base, channel.permission_overwrites ?? [], self);
    findings.push(channelPermissionFinding(ref, label, have, want.role === 'tickets channel' ? tickets : answering));
  }
  return findings;
}

/** The channels a server's settings point the bot at (ids, or the proactive channel's name). */
function namedChannels(settings: unknown): { id: string | null; name: string | null; role: string }[] {
  if (settings === null || typeof settings !== 'object') return [];
  const s = settings as { channels?: unknown; tickets?: { enabled?: unknown; channelId?: unknown }; proactive?: { enabled?: unknown; channel?: unknown }; moderation?: { review?: { enabled?: unknown; channelId?: unknown } } };
  const named: { id: string | null; name: string | null; role: string }[] = [];
  if (Array.isArray(s.channels)) for (const id of s.channels) if (typeof id === 'string') named.push({ id, name: null, role: 'answering channel' });
  if (s.tickets?.enabled === true && typeof s.tickets.channelId === 'string') named.push({ id: s.tickets.channelId, name: null, role: 'tickets channel' });
  if (s.moderation?.review?.enabled === true && typeof s.moderation.review.channelId === 'string') named.push({ id: s.moderation.review.channelId, name: null, role: 'review channel' });
  if (s.proactive?.enabled === true && typeof s.proactive.channel === 'string') named.push({ id: null, name: s.proactive.channel, role: 'proactive channel' });
  return named;
}

function describe(error: unknown): string {
  if (error instanceof DiscordApiError) return error.outcome;
  // fetch's own message is just "fetch failed"; the cause says why (ECONNREFUSED, a DNS error, the timeout).
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
