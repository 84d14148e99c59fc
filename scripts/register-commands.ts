// `npx tsx scripts/register-commands.ts [--guild <id>]`: register Herald's slash commands with Discord.
// Global commands reach every server the bot is in; guild commands update instantly (handy while testing).
import { parseArgs } from 'node:util';
import type { RESTPutAPIApplicationCommandsResult, RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord-api-types/v10';
import { COMMANDS } from '../src/discord/commands.js';
import { readDevVars } from './lib/dev-vars.js';

const USER_AGENT = 'DiscordBot (https://github.com/herald-bot/herald, 0.1.0)';
const DEFAULT_API_BASE = 'https://discord.com/api/v10';
const SNOWFLAKE = /^\d{1,20}$/;

function fail(message: string): never {
  console.error(`register-commands: ${message}`);
  process.exit(1);
}

function parseCli(): { guild?: string | undefined; help: boolean } {
  try {
    return parseArgs({ options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } }).values;
  } catch (error) {
    // parseArgs throws on unknown flags or a missing value; a one-line message beats a stack trace.
    return fail(`${error instanceof Error ? error.message : String(error)} (try --help)`);
  }
}

const values = parseCli();

if (values.help) {
  console.log('usage: tsx scripts/register-commands.ts [--guild <guild id>]\n' +
    'needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (environment or .dev.vars); DISCORD_API_BASE is optional');
  process.exit(0);
}

const devVars = readDevVars();
// Environment variables win over .dev.vars; an empty value counts as missing.
const setting = (name: string): string | undefined => process.env[name] || devVars[name] || undefined;

const token = setting('DISCORD_TOKEN');
const applicationId = setting('DISCORD_APPLICATION_ID');
const apiBase = (setting('DISCORD_API_BASE') ?? DEFAULT_API_BASE).replace(/\/+$/, '');
const guildId = values.guild;

const missing = [token ? null : 'DISCORD_TOKEN', applicationId ? null : 'DISCORD_APPLICATION_ID'].filter((n) => n !== null);
if (!token || !applicationId) fail(`missing ${missing.join(' and ')}: set in the environment or in .dev.vars`);
if (!SNOWFLAKE.test(applicationId)) fail(`DISCORD_APPLICATION_ID must be a numeric id, got "${applicationId}"`);
if (guildId !== undefined && !SNOWFLAKE.test(guildId)) fail(`--guild must be a numeric guild id, got "${guildId}"`);

const path = guildId ? `/applications/${applicationId}/guilds/${guildId}/commands` : `/applications/${applicationId}/commands`;
// Guild commands exist only in that guild, so their body has no install contexts (Discord's types omit them).
const body: RESTPutAPIApplicationGuildCommandsJSONBody | typeof COMMANDS = guildId
  ? COMMANDS.map(({ contexts: _contexts, ...command }) => command)
  : COMMANDS;

let response: Response;
try {
  response = await fetch(`${apiBase}${path}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bot ${token}`,
      'User-Agent': USER_AGENT,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
} catch (error) {
  // fetch's own message is just "fetch failed"; the cause says why (ECONNREFUSED, a DNS error, the timeout).
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  fail(`PUT ${apiBase}${path} failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
}

const text = await response.text();
if (!response.ok) {
  let detail = text;
  try {
    detail = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (a proxy's HTML page, say): print it as it came.
  }
  fail(`Discord answered ${response.status} ${response.statusText} to PUT ${path}:\n${detail}`);
}

const registered = JSON.parse(text) as RESTPutAPIApplicationCommandsResult;
console.log(`Registered ${registered.length} command(s) ${guildId ? `in guild ${guildId}` : 'globally'} for application ${applicationId}:`);
for (const command of registered) console.log(`  /${command.name}  ${command.id}`);
