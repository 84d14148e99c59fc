// The gateway's edge: every frame Discord sends is checked here once, before anything reads it. A frame that
// is not JSON, not an object, or lacks what its opcode promises is refused with the reason (naming the field),
// so the shard logs it and moves on instead of throwing on `undefined` somewhere deeper. Dispatch data the
// shard or a guild actor relies on is checked by the `is…` guards below (used by guild-events.ts).

import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageUpdateDispatchData,
  type GatewayReceivePayload,
} from 'discord-api-types/v10';
import type { MemberMessage } from '../guild/events';

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; error: string };

const SNOWFLAKE = /^\d{1,21}$/;

/** The longest wait a timer takes (2^31 - 1 ms); Discord's interval is about 41 s. */
export const MAX_HEARTBEAT_INTERVAL_MS = 2_147_483_647;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

function fail<T>(field: string, error: string): Parsed<T> {
  return { ok: false, field, error };
}

/** Decodes one WebSocket frame into a gateway payload whose opcode-specific fields are present. */
export function parseGatewayFrame(data: string | ArrayBuffer): Parsed<GatewayReceivePayload> {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch {
    return fail('frame', 'not JSON');
  }
  if (!isRecord(value)) return fail('frame', 'not a JSON object');
  const { op, d, s, t } = value;
  if (typeof op !== 'number') return fail('op', 'not a number');
  switch (op) {
    case GatewayOpcodes.Hello:
      // Finite and within a timer's range: 1e400 parses as Infinity, which no heartbeat timer can wait for.
      if (!isRecord(d) || typeof d.heartbeat_interval !== 'number' || !(d.heartbeat_interval > 0) || !(d.heartbeat_interval <= MAX_HEARTBEAT_INTERVAL_MS)) {
        return fail('d.heartbeat_interval', 'not a positive finite number of milliseconds');
      }
      break;
    case GatewayOpcodes.InvalidSession:
      if (typeof d !== 'boolean') return fail('d', 'not a boolean');
      break;
    case GatewayOpcodes.Dispatch:
      if (typeof t !== 'string') return fail('t', 'not a string');
      if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) return fail('s', 'not a sequence number');
      // Only RESUMED carries null data; every other dispatch is an object.
      if (!isRecord(d) && d !== null) return fail('d', 'not an object');
      break;
    case GatewayOpcodes.HeartbeatAck:
    case GatewayOpcodes.Heartbeat:
    case GatewayOpcodes.Reconnect:
      break;
    default:
      return fail('op', `unknown opcode ${op}`);
  }
  return { ok: true, value: value as unknown as GatewayReceivePayload };
}

/** READY: what the shard stores (session, resume URL, bot user, application, guild list). */
export function checkReady(d: unknown): string | null {
  if (!isRecord(d)) return 'd';
  if (typeof d.session_id !== 'string' || d.session_id === '') return 'd.session_id';
  if (typeof d.resume_gateway_url !== 'string') return 'd.resume_gateway_url';
  if (!isRecord(d.user) || !isSnowflake(d.user.id)) return 'd.user.id';
  if (!isRecord(d.application) || !isSnowflake(d.application.id)) return 'd.application.id';
  if (!Array.isArray(d.guilds) || !d.guilds.every((guild) => isRecord(guild) && isSnowflake(guild.id))) return 'd.guilds';
  return null;
}

/** Any dispatch about one guild object (GUILD_CREATE, GUILD_DELETE): its id. */
export function checkGuildId(d: unknown): string | null {
  return isRecord(d) && isSnowflake(d.id) ? null : 'd.id';
}

/**
 * The fields of a message a guild actor reads (answering, moderation, conversation memory). Returns the first
 * missing or mistyped field, or null when the message is usable.
 */
export function checkMessage(d: unknown): string | null {
  if (!isRecord(d)) return 'd';
  if (!isSnowflake(d.id)) return 'd.id';
  if (!isSnowflake(d.channel_id)) return 'd.channel_id';
  if (d.guild_id !== undefined && !isSnowflake(d.guild_id)) return 'd.guild_id';
  if (!isRecord(d.author) || !isSnowflake(d.author.id)) return 'd.author.id';
  if (typeof d.author.username !== 'string') return 'd.author.username';
  if (d.author.bot !== undefined && typeof d.author.bot !== 'boolean') return 'd.author.bot';
  if (typeof d.content !== 'string') return 'd.content';
  if (!Array.isArray(d.mentions) || !d.mentions.every((user) => isRecord(user) && isSnowflake(user.id))) return 'd.mentions';
  if (!Array.isArray(d.mention_roles) || !d.mention_roles.every(isSnowflake)) return 'd.mention_roles';
  if (d.webhook_id !== undefined && d.webhook_id !== null && !isSnowflake(d.webhook_id)) return 'd.webhook_id';
  if (d.member !== undefined && (!isRecord(d.member) || !Array.isArray(d.member.roles) || !d.member.roles.every(isSnowflake))) return 'd.member.roles';
  return null;
}

/**
 * What a guild actor gets of a checked message: only the fields it reads (MemberMessage), so the event crossing
 * to the actor, and stored in its inbox, is a fraction of Discord's payload.
 */
export function memberMessageOf(d: GatewayMessageCreateDispatchData | GatewayMessageUpdateDispatchData): MemberMessage {
  const message: MemberMessage = {
    id: d.id,
    channel_id: d.channel_id,
    content: d.content,
    type: d.type,
    mention_roles: d.mention_roles,
    edited_timestamp: d.edited_timestamp ?? null,
    author: { id: d.author.id, username: d.author.username, global_name: d.author.global_name ?? null },
    mentions: d.mentions.map((user) => ({ id: user.id })),
  };
  if (d.guild_id !== undefined) message.guild_id = d.guild_id;
  if (d.webhook_id !== undefined && d.webhook_id !== null) message.webhook_id = d.webhook_id;
  if (d.author.bot !== undefined) message.author.bot = d.author.bot;
  if (d.member !== undefined) message.member = d.member.nick === undefined ? { roles: d.member.roles } : { roles: d.member.roles, nick: d.member.nick };
  return message;
}

export function isMessageCreate(d: unknown): d is GatewayMessageCreateDispatchData {
  return checkMessage(d) === null;
}

export function isMessageUpdate(d: unknown): d is GatewayMessageUpdateDispatchData {
  return checkMessage(d) === null;
}

/** GUILD_CREATE / GUILD_UPDATE as the guild actor uses it (owner and role permissions). */
export function checkGuildState(d: unknown): string | null {
  if (!isRecord(d) || !isSnowflake(d.id)) return 'd.id';
  if (!isSnowflake(d.owner_id)) return 'd.owner_id';
  if (!Array.isArray(d.roles)) return 'd.roles';
  const bad = d.roles.findIndex((role) => !isRecord(role) || !isSnowflake(role.id) || typeof role.permissions !== 'string' || !/^\d+$/.test(role.permissions));
  return bad === -1 ? null : `d.roles[${bad}]`;
}

/** GUILD_ROLE_CREATE / UPDATE (with `role`) or DELETE (with `role_id`). */
export function checkRoleEvent(d: unknown): string | null {
  if (!isRecord(d) || !isSnowflake(d.guild_id)) return 'd.guild_id';
  if ('role' in d) {
    if (!isRecord(d.role) || !isSnowflake(d.role.id)) return 'd.role.id';
    if (typeof d.role.permissions !== 'string' || !/^\d+$/.test(d.role.permissions)) return 'd.role.permissions';
    return null;
  }
  return isSnowflake(d.role_id) ? null : 'd.role_id';
}

/** The dispatches the shard itself reads (READY, GUILD_CREATE, GUILD_DELETE): the bad field, or null. */
export function shardDispatchProblem(payload: { t: string; d: unknown }): string | null {
  switch (payload.t) {
    case GatewayDispatchEvents.Ready:
      return checkReady(payload.d);
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.GuildDelete:
      return checkGuildId(payload.d);
    default:
      return null;
  }
}
