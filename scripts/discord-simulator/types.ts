// Shared option, state and wire types of the Discord simulator.
import type {
  APIAllowedMentions,
  APIBan,
  APIDMChannel,
  APIGuildForumChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  APIApplicationCommand,
} from 'discord-api-types/v10';
import type { RateLimitConfig, RateLimitInput } from './rest-limits.js';

export interface SimBot {
  token: string;
  applicationId: string;
  userId: string;
  username: string;
  /**
   * The application's flags (GET /applications/@me, READY); defaults to DEFAULT_APPLICATION_FLAGS. Without the
   * matching GATEWAY_* flag, IDENTIFY with a privileged intent is closed with 4014, as on Discord.
   */
  flags?: number;
  /** The Developer Portal's "Interactions Endpoint URL"; unset by default, as for a new application. */
  interactionsEndpointUrl?: string | null;
}

export interface SimulatorOptions {
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Port to bind; 0 picks a free one. */
  port?: number;
  /** HELLO heartbeat_interval in ms; defaults to Discord's 41250. */
  heartbeatIntervalMs?: number;
  /** Bots (applications) known to the simulator; defaults to [DEFAULT_BOT]. */
  bots?: SimBot[];
  /** `shards` value returned by GET /gateway/bot; defaults to 1. */
  recommendedShards?: number;
  /**
   * Enforced (and advertised) rate limits; defaults are Discord's (DEFAULT_RATE_LIMITS). `limit` / `windowMs`
   * set every route bucket at once. Changeable at run time through POST /_sim/config {rateLimits}.
   */
  rateLimit?: RateLimitInput;
  /** How long a disconnected session stays resumable; defaults to 5 minutes. */
  resumeWindowMs?: number;
  /** 32-byte hex Ed25519 seed used to sign simulated interactions; a fixed default keeps the public key stable. */
  signingSeedHex?: string;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  heartbeatIntervalMs: number;
  bots: SimBot[];
  recommendedShards: number;
  rateLimits: RateLimitConfig;
  resumeWindowMs: number;
  signingSeedHex: string;
}

/** A guild channel (text, forum or thread) or a DM channel, with its message history (oldest first). */
export interface SimChannel {
  channel: APITextChannel | APIDMChannel | APIGuildForumChannel | APIThreadChannel;
  guildId: string | null;
  messages: StoredMessage[];
  /** For DMs: the bot user on the other side of the conversation. */
  dmBotId?: string;
  /** For threads: who has joined (user id -> join time, ISO). */
  threadMembers?: Map<string, string>;
}

/** A forum tag as control input: Discord gives it an id; emoji is a unicode emoji name. */
export interface ForumTagInput {
  id?: string;
  name: string;
  moderated?: boolean;
  emoji?: string;
}

/** A text channel (type 0, the default) or a forum channel (type 15) with its tags. */
export interface AddChannelInput {
  id?: string;
  name: string;
  private?: boolean;
  type?: 0 | 15;
  tags?: ForumTagInput[];
}

/** A member opens a post in a forum channel: a thread whose first message carries the thread's id. */
export interface ForumPostInput {
  channelId: string;
  user: { id?: string; username: string };
  title: string;
  content: string;
  /** Tag ids or names of the forum's available_tags. */
  tags?: string[];
}

/** A member starts a thread: from a message (public) or without one (type 11 public, 12 private). */
export interface StartThreadInput {
  channelId: string;
  user: { id?: string; username: string };
  name: string;
  messageId?: string;
  type?: 11 | 12;
}

export interface StoredMessage {
  message: APIMessage;
  guildId: string | null;
  allowedMentions: APIAllowedMentions | null;
  /** Ephemeral interaction replies never reach the gateway or channel history. */
  ephemeral: boolean;
}

export interface SimGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: APIRole[];
  channelIds: string[];
  members: Map<string, APIGuildMember>;
  bans: Map<string, APIBan>;
  /** Application ids of the bots that are members of this guild. */
  botAppIds: Set<string>;
}

export interface SimInteraction {
  id: string;
  token: string;
  applicationId: string;
  guildId: string | null;
  channelId: string;
  user: APIUser;
  /** The slash command's name; empty for a button click. */
  commandName: string;
  /** For a button click: the message whose button was clicked (an UPDATE_MESSAGE response edits it). */
  messageId?: string;
  acknowledged: boolean;
  originalMessageId: string | null;
  /** When Discord sent it (ms since epoch): the 3 s ack deadline and 15 min token lifetime count from here. */
  createdAt: number;
}

/** A REST request as the simulator saw it (failures included). */
export interface RecordedCall {
  id: number;
  method: string;
  /** Path without the /api/v10 prefix, e.g. /channels/123/messages. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
}

export interface CallFilter {
  since?: number;
  method?: string;
  /** Path prefix. */
  path?: string;
}

export interface RestFaultInput {
  method?: string;
  /** Path prefix, or a regular expression when it starts with '^'. */
  path: string;
  status: number;
  count?: number;
  /** Seconds, for 429s. */
  retryAfter?: number;
  global?: boolean;
}

export interface RestFault extends Required<Omit<RestFaultInput, 'method' | 'retryAfter' | 'global'>> {
  id: number;
  method: string | null;
  retryAfter: number;
  global: boolean;
  remaining: number;
}

export type GatewayFault =
  | { action: 'reconnect'; sessionId?: string }
  | { action: 'invalid-session'; resumable: boolean; sessionId?: string }
  | { action: 'close'; code: number; reason?: string; sessionId?: string }
  | { action: 'stop-acks'; value: boolean; sessionId?: string }
  | { action: 'drop'; sessionId?: string }
  | { action: 'request-heartbeat'; sessionId?: string };

export interface AddGuildInput {
  id?: string;
  name: string;
  ownerId?: string;
  channels?: AddChannelInput[];
  /** Application ids of the bots in the guild; defaults to every bot. */
  bots?: string[];
}

export interface AddMemberInput {
  id?: string;
  username: string;
  roles?: string[];
  /** Permission bitfield (decimal string); granted through a generated role. */
  permissions?: string;
  bot?: boolean;
}

export interface AddRoleInput {
  id?: string;
  name: string;
  permissions?: string;
  /** Like Discord, a new role goes just above @everyone (position 1) unless a position is given. */
  position?: number;
  color?: number;
  mentionable?: boolean;
}

export interface EditRoleInput {
  permissions?: string;
  position?: number;
}

export interface OverwriteInput {
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow?: string;
  deny?: string;
}

export interface MemberSaysInput {
  guildId: string;
  /** A text channel or a thread (a forum takes posts through /_sim/forum-posts). */
  channelId: string;
  /** Without an id the member is looked up by username (or created). */
  author: { id?: string; username: string; bot?: boolean };
  content: string;
  /** Id of the message this one replies to. */
  replyTo?: string;
}

export interface CreateInteractionInput {
  guildId: string;
  channelId: string;
  user: { id?: string; username: string };
  /** Slash command name; ignored for pings. */
  name?: string;
  options?: { name: string; type: number; value: string | number | boolean }[];
  applicationId?: string;
  ping?: boolean;
  /**
   * A member clicks a button: the message must exist in the channel and carry a button with this custom_id
   * (a real client can only click what is on screen; forged clicks are signed with /_sim/interactions/sign).
   */
  component?: { messageId: string; customId: string };
  /**
   * Deliver it as Discord does to an application without an interactions endpoint URL: an INTERACTION_CREATE
   * dispatch on that application's gateway sessions (the bot answers at POST /interactions/:id/:token/callback).
   */
  gateway?: boolean;
  /** When set, POST the signed interaction there (as Discord does) and report the response. */
  endpoint?: string;
}

export interface SignedInteraction {
  interaction: unknown;
  body: string;
  headers: Record<string, string>;
  /** `refused`: Discord's error when the endpoint's answer came too late to count as the acknowledgement. */
  delivered?: { status: number; body: string; refused?: { message: string; code: number } };
}

export interface GatewayCloseRecord {
  code: number;
  reason: string;
  by: 'client' | 'server';
  at: number;
}

export interface GatewaySessionInfo {
  id: string;
  bot: string;
  connected: boolean;
  resumable: boolean;
  seq: number;
  intents: number;
  shard: [number, number] | null;
  identifies: number;
  resumes: number;
  closes: GatewayCloseRecord[];
}

export interface GuildSnapshot {
  id: string;
  name: string;
  ownerId: string;
  bots: string[];
  roles: APIRole[];
  channels: (APITextChannel | APIGuildForumChannel)[];
  /** Every thread of the guild, archived ones included. */
  threads: APIThreadChannel[];
  members: APIGuildMember[];
  bans: APIBan[];
}

export interface SimStateSnapshot {
  url: string;
  gatewayUrl: string;
  publicKey: string;
  bots: (SimBot & { publicKey: string; sessionStartRemaining: number })[];
  guilds: GuildSnapshot[];
  gateway: { connections: number; identifies: number; sessions: GatewaySessionInfo[]; stopAcks: boolean };
  faults: RestFault[];
  calls: number;
}

export type StoreEventKind = 'message_create' | 'message_update' | 'message_delete';

export type CommandStore = Map<string, APIApplicationCommand[]>;
