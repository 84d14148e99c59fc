// `npm run doctor`'s decisions: plain data from Discord (and the worker) in, findings out. No I/O here, so
// each check is unit-tested (test/unit/doctor-checks.test.ts); scripts/doctor/run.ts makes the calls.
import {
  ApplicationFlags,
  GatewayIntentBits,
  OverwriteType,
  PermissionFlagsBits,
  type APIApplication,
  type APIApplicationCommand,
  type APIOverwrite,
  type APIRole,
} from 'discord-api-types/v10';
import { ASK_COMMAND } from '../../src/discord/commands.js';
import { installFeaturesOf, permissionNeeds, type InstallFeatures, type PermissionNeed } from '../../src/discord/install-url.js';

export type Severity = 'ok' | 'warn' | 'fail';

export interface Finding {
  /** What was checked, e.g. "token", "guild 123 (Name)". */
  check: string;
  severity: Severity;
  message: string;
  /** What to do about it (warn and fail only). */
  fix?: string;
}

const ok = (check: string, message: string): Finding => ({ check, severity: 'ok', message });
const warn = (check: string, message: string, fix: string): Finding => ({ check, severity: 'warn', message, fix });
const fail = (check: string, message: string, fix: string): Finding => ({ check, severity: 'fail', message, fix });

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A bot becomes unverified-capped at this many servers: the *_LIMITED intent flags stop sufficing (Discord's rule). */
export const VERIFICATION_GUILD_THRESHOLD = 100;

export function tokenFinding(result: { ok: true; username: string; bot: boolean } | { ok: false; status: number; detail: string }): Finding {
  if (!result.ok) {
    if (result.status === 401) {
      return fail('token', 'Discord refuses DISCORD_TOKEN (401 Unauthorized)', 'Developer Portal → your application → Bot → Reset Token; put the new token in DISCORD_TOKEN');
    }
    return fail('token', `GET /users/@me failed: ${result.detail}`, 'check DISCORD_API_BASE and the network, then run the doctor again');
  }
  if (!result.bot) return fail('token', `DISCORD_TOKEN belongs to the user ${result.username}, not to a bot`, 'use the token from the Bot page of the Developer Portal');
  return ok('token', `valid: the bot is ${result.username}`);
}

export function applicationFindings(app: Pick<APIApplication, 'id' | 'verify_key'>, expected: { applicationId: string | null; publicKey: string | null }): Finding[] {
  const findings: Finding[] = [];
  if (expected.applicationId === null) {
    findings.push(fail('application id', `DISCORD_APPLICATION_ID is not set (the token's application is ${app.id})`, `set DISCORD_APPLICATION_ID=${app.id}`));
  } else if (expected.applicationId !== app.id) {
    findings.push(
      fail('application id', `DISCORD_APPLICATION_ID is ${expected.applicationId} but the token belongs to application ${app.id}`, `set DISCORD_APPLICATION_ID=${app.id}, or use that application's token`),
    );
  } else {
    findings.push(ok('application id', `matches the token's application ${app.id}`));
  }
  if (expected.publicKey === null) {
    findings.push(fail('public key', 'DISCORD_PUBLIC_KEY is not set: /discord/interactions answers 401 to everything', `set DISCORD_PUBLIC_KEY=${app.verify_key}`));
  } else if (expected.publicKey.toLowerCase() !== app.verify_key.toLowerCase()) {
    findings.push(fail('public key', "DISCORD_PUBLIC_KEY is not this application's public key: Discord's interactions will fail to verify", `set DISCORD_PUBLIC_KEY=${app.verify_key}`));
  } else {
    findings.push(ok('public key', "matches the application's public key"));
  }
  return findings;
}

// Each privileged intent, the flags that allow it (full, or _LIMITED for unverified bots) and the portal switch.
const PRIVILEGED: readonly { intent: number; full: number; limited: number; name: string; toggle: string }[] = [
  { intent: GatewayIntentBits.MessageContent, full: ApplicationFlags.GatewayMessageContent, limited: ApplicationFlags.GatewayMessageContentLimited, name: 'MESSAGE_CONTENT', toggle: 'Message Content Intent' },
  { intent: GatewayIntentBits.GuildMembers, full: ApplicationFlags.GatewayGuildMembers, limited: ApplicationFlags.GatewayGuildMembersLimited, name: 'GUILD_MEMBERS', toggle: 'Server Members Intent' },
  { intent: GatewayIntentBits.GuildPresences, full: ApplicationFlags.GatewayPresence, limited: ApplicationFlags.GatewayPresenceLimited, name: 'GUILD_PRESENCES', toggle: 'Presence Intent' },
];

/** Whether the application may IDENTIFY with `intents` (else Discord closes the gateway with 4014). */
export function intentFindings(intents: number, flags: number, guildCount: number | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const p of PRIVILEGED) {
    if ((intents & p.intent) === 0) continue;
    const check = `intent ${p.name}`;
    if ((flags & p.full) !== 0) findings.push(ok(check, 'allowed'));
    else if ((flags & p.limited) === 0) {
      findings.push(fail(check, `Herald asks for ${p.name} but the application does not allow it: the gateway closes with 4014`, `Developer Portal → Bot → Privileged Gateway Intents → switch on "${p.toggle}"`));
    } else if ((guildCount ?? 0) >= VERIFICATION_GUILD_THRESHOLD) {
      findings.push(warn(check, `allowed only for an unverified bot, and the bot is in ${guildCount} servers`, `verify the bot and apply for the ${p.toggle} (Developer Portal → App Verification)`));
    } else findings.push(ok(check, 'allowed (unverified bot, under 100 servers)'));
  }
  return findings;
}

/** Where Discord sends interactions: it must be the worker's `/discord/interactions` for `/ask` and buttons to work. */
export function interactionsEndpointFinding(endpoint: string | null | undefined, workerUrl: string | null): Finding {
  const check = 'interactions endpoint';
  const expected = workerUrl === null ? null : `${workerUrl.replace(/\/+$/, '')}/discord/interactions`;
  const fixTo = expected ?? 'https://<your worker>/discord/interactions';
  if (!endpoint) return fail(check, 'the application has no Interactions Endpoint URL: /ask and the answer buttons reach nobody', `Developer Portal → General Information → Interactions Endpoint URL = ${fixTo}`);
  if (expected !== null && endpoint.replace(/\/+$/, '') !== expected) {
    return warn(check, `the application sends interactions to ${endpoint}, not to this worker`, `Developer Portal → General Information → Interactions Endpoint URL = ${fixTo}`);
  }
  return ok(check, `set to ${endpoint}`);
}

/** Whether `/ask` is among the registered commands (global, or a guild's). */
export function hasAskCommand(commands: readonly Pick<APIApplicationCommand, 'name' | 'type'>[]): boolean {
  return commands.some((c) => c.name === ASK_COMMAND.name && c.type === ASK_COMMAND.type);
}

export function askCommandFinding(registeredGlobally: boolean, guildsChecked: number, guildsWithout: readonly string[]): Finding {
  const check = '/ask command';
  const fix = 'npm run register-commands (global; takes effect within minutes)';
  if (registeredGlobally) return ok(check, 'registered globally');
  if (guildsChecked === 0) return fail(check, '/ask is not registered globally', fix);
  if (guildsWithout.length === 0) return ok(check, 'registered in every checked server (as a guild command)');
  return fail(check, `/ask is not registered globally nor in ${guildsWithout.length} server(s): ${guildsWithout.join(', ')}`, fix);
}

/** What the worker's settings say is on: the same reading the install link makes. */
export const featuresOf = installFeaturesOf;

/** The guild's custom bot's application id, when its settings name one (Herald then acts as that bot there). */
export function customBotOf(settings: unknown): string | null {
  const id = record(record(settings).customBot).applicationId;
  return typeof id === 'string' ? id : null;
}

/** Guild-level permissions of a member: @everyone and its roles; the owner and Administrator have every one. */
export function guildPermissions(guild: { id: string; owner_id: string; roles: readonly Pick<APIRole, 'id' | 'permissions'>[] }, member: { userId: string; roles: readonly string[] }): bigint {
  if (member.userId === guild.owner_id) return ALL_PERMISSIONS;
  let permissions = 0n;
  for (const role of guild.roles) if (role.id === guild.id || member.roles.includes(role.id)) permissions |= BigInt(role.permissions);
  return (permissions & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Permissions in one channel: guild permissions, then @everyone's, the roles' and the member's overwrites (Discord's order). */
export function channelPermissions(guildId: string, base: bigint, overwrites: readonly APIOverwrite[], member: { userId: string; roles: readonly string[] }): bigint {
  if (base === ALL_PERMISSIONS) return base;
  let permissions = base;
  const everyone = overwrites.find((o) => o.type === OverwriteType.Role && o.id === guildId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let deny = 0n;
  let allow = 0n;
  for (const o of overwrites) {
    if (o.type !== OverwriteType.Role || o.id === guildId || !member.roles.includes(o.id)) continue;
    deny |= BigInt(o.deny);
    allow |= BigInt(o.allow);
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === member.userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  // Without View Channel nothing else in the channel applies.
  return (permissions & PermissionFlagsBits.ViewChannel) !== 0n ? permissions : 0n;
}

/** The needs `have` lacks. */
export function missingNeeds(have: bigint, needs: readonly PermissionNeed[]): PermissionNeed[] {
  return needs.filter((n) => (have & n.permission) !== n.permission);
}

export function guildPermissionFinding(guild: { id: string; name: string }, have: bigint, features: InstallFeatures, settingsRead: boolean): Finding {
  const check = `server ${guild.name} (${guild.id})`;
  const missing = missingNeeds(have, permissionNeeds(features));
  if (missing.length === 0) {
    return ok(check, settingsRead ? 'the bot has every permission its enabled features need' : 'the bot has every permission answering needs (settings not read: give --worker and --admin-token to check the enabled features too)');
  }
  const list = missing.map((n) => `${n.name} (${n.feature})`).join(', ');
  return fail(check, `the bot lacks ${list}`, `Server Settings → Roles → the bot's role (or re-invite with the link from GET /api/install?guildId=${guild.id}): grant ${missing.map((n) => n.name).join(', ')}`);
}

/** Role names a warning lists before it says "and N more". */
const ROLES_LISTED = 5;

/**
 * Discord lets a bot time out, kick or ban only members whose highest role is below the bot's highest role:
 * roles at or above it (the bot's own and managed roles aside) are members moderation cannot touch.
 */
export function hierarchyFinding(
  guild: { id: string; name: string; roles: readonly Pick<APIRole, 'id' | 'name' | 'position' | 'managed'>[] },
  botRoles: readonly string[],
  features: InstallFeatures,
): Finding | null {
  const actions = features.actions ?? { delete: true, warn: true, timeout: true, kick: true, ban: true };
  if (!features.moderation || !(actions.timeout || actions.kick || actions.ban)) return null;
  const top = Math.max(0, ...guild.roles.filter((r) => botRoles.includes(r.id)).map((r) => r.position));
  const above = guild.roles.filter((r) => r.id !== guild.id && !r.managed && !botRoles.includes(r.id) && r.position >= top).sort((a, b) => b.position - a.position);
  const check = `server ${guild.name} (${guild.id}) role order`;
  if (above.length === 0) return ok(check, "the bot's role is above every member role: moderation can reach everyone but the owner");
  const names = above.slice(0, ROLES_LISTED).map((r) => r.name).join(', ') + (above.length > ROLES_LISTED ? ` and ${above.length - ROLES_LISTED} more` : '');
  return warn(check, `members with ${names} are at or above the bot's role: timeouts, kicks and bans on them fail`, "Server Settings → Roles: drag the bot's role above the roles moderation should reach");
}

/** A channel the settings name, where the bot needs `needs` (answering channels, the tickets channel, ...). */
export function channelPermissionFinding(guild: { id: string; name: string }, channel: { id: string; name: string | null; role: string }, have: bigint, needs: readonly PermissionNeed[]): Finding {
  const check = `server ${guild.name} (${guild.id}) #${channel.name ?? channel.id}`;
  const missing = missingNeeds(have, needs);
  if (missing.length === 0) return ok(check, `the bot can work in this ${channel.role}`);
  return fail(check, `in this ${channel.role} the bot lacks ${missing.map((n) => n.name).join(', ')}`, `Edit Channel → Permissions: allow the bot's role ${missing.map((n) => n.name).join(', ')}`);
}

/** Exit status of the doctor: 0 when nothing failed (warnings are advice), 1 otherwise. */
export function exitCodeOf(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'fail') ? 1 : 0;
}

const MARK: Record<Severity, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** The report a person reads: one line per finding, each problem followed by what to do. */
export function formatReport(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${MARK[f.severity]}  ${f.check}: ${f.message}${f.fix ? `\n      fix: ${f.fix}` : ''}`);
  const failed = findings.filter((f) => f.severity === 'fail').length;
  const warned = findings.filter((f) => f.severity === 'warn').length;
  lines.push(failed === 0 ? `\nAll checks passed${warned ? ` (${warned} warning(s))` : ''}.` : `\n${failed} problem(s) to fix${warned ? `, ${warned} warning(s)` : ''}.`);
  return lines.join('\n');
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
