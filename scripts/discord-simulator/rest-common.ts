// Types and helpers shared by the REST route modules.
import type { IncomingHttpHeaders } from 'node:http';
import type { APIUser } from 'discord-api-types/v10';
import type { SimContext } from './context.js';
import { Errors, isRecord, route, type RawBody, type Route } from './http-util.js';
import { PermissionFlagsBits } from './discord-enums.js';
import { botUser } from './payloads.js';
import { ALL_PERMISSIONS } from './permissions.js';
import { effectivePermissions } from './threads.js';
import type { RestResult } from './rest-limits.js';
import type { SimBot, SimChannel, SimGuild } from './types.js';

export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: RawBody;
  headers: IncomingHttpHeaders;
  /** The bot of the Authorization header, when it was valid. */
  bot: SimBot | null;
}

export type RestHandler = (ctx: SimContext, req: RestRequest) => RestResult | Promise<RestResult>;

export interface RestRouteMeta {
  handler: RestHandler;
  /** Interaction callbacks and interaction webhooks are authenticated by their token, not the bot token. */
  auth: boolean;
}

export type RestRoute = Route<RestRouteMeta>;

export function restRoute(method: string, pattern: string, handler: RestHandler, auth = true): RestRoute {
  return route(method, pattern, { handler, auth });
}

/** Route parameters that make a distinct rate-limit bucket, like Discord's major parameters. */
export const MAJOR_PARAMS = ['cid', 'gid', 'itoken'] as const;

export function param(req: RestRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw Errors.notFound();
  return value;
}

export function requireBot(req: RestRequest): SimBot {
  if (!req.bot) throw Errors.unauthorized();
  return req.bot;
}

export function ok(body: unknown, status = 200): RestResult {
  return { status, body };
}

export const noContent: RestResult = { status: 204 };

export function jsonBody(req: RestRequest): Record<string, unknown> {
  const json = req.body.json;
  if (json === undefined) throw Errors.invalidJson();
  return isRecord(json) ? json : {};
}

export function authorUser(ctx: SimContext, bot: SimBot): APIUser {
  return botUser(ctx.store, bot);
}

/** The channel of :cid, visible to the calling bot (10003 unknown, 50001 not in that guild or no View Channel). */
export function channelFor(ctx: SimContext, req: RestRequest): SimChannel {
  const channel = ctx.store.channels.get(param(req, 'cid'));
  if (!channel) throw Errors.unknownChannel();
  const bot = requireBot(req);
  if (!ctx.store.botCanAccess(bot, channel)) throw Errors.missingAccess();
  if ((botChannelPermissions(ctx, bot, channel) & PermissionFlagsBits.ViewChannel) === 0n) throw Errors.missingAccess();
  return channel;
}

/** The bot's permissions in a channel (everything in its own DMs). */
export function botChannelPermissions(ctx: SimContext, bot: SimBot, channel: SimChannel): bigint {
  const guild = channel.guildId ? ctx.store.guilds.get(channel.guildId) : undefined;
  const member = guild?.members.get(bot.userId);
  if (!guild || !member) return ALL_PERMISSIONS;
  return effectivePermissions(ctx.store, guild, channel, member);
}

/** 50013 unless the bot has `permission` in the channel. */
export function requireChannelPermission(ctx: SimContext, req: RestRequest, channel: SimChannel, permission: bigint): void {
  if ((botChannelPermissions(ctx, requireBot(req), channel) & permission) !== permission) throw Errors.missingPermissions();
}

/** The guild of :gid, which the calling bot must be in (10004 unknown, 50001 not a member). */
export function guildFor(ctx: SimContext, req: RestRequest): SimGuild {
  const guild = ctx.store.guilds.get(param(req, 'gid'));
  if (!guild) throw Errors.unknownGuild();
  if (!guild.botAppIds.has(requireBot(req).applicationId)) throw Errors.missingAccess();
  return guild;
}

/** X-Audit-Log-Reason is URL-encoded by clients. */
export function auditReason(req: RestRequest): string | null {
  const raw = req.headers['x-audit-log-reason'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
