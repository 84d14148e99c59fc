// Operations behind the /_sim control routes and the in-process helpers (one implementation for both).
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits } from './discord-enums.js';
import type { APIAllowedMentions, APIGuildForumChannel, APIGuildMember, APIMessage, APIOverwrite, APIRole, APITextChannel } from 'discord-api-types/v10';
import { announceChannelCreate, announceMemberAdd, announceMessage, type SimContext } from './context.js';
import { automodCheck, type AutomodBlock } from './automod.js';
import { createInteraction } from './interactions.js';
import { createMessage } from './messages.js';
import { applyEdit } from './rest-channels.js';
import type { RestApi } from './rest.js';
import { ThreadActions, validateChannelInput } from './thread-actions.js';
import { DEFAULT_RATE_LIMITS, mergeRateLimits, type RateLimitConfig, type RateLimitInput } from './rest-limits.js';
import type {
  AddChannelInput,
  AddGuildInput,
  AddMemberInput,
  AddRoleInput,
  CallFilter,
  CreateInteractionInput,
  EditRoleInput,
  GatewayFault,
  GuildSnapshot,
  MemberSaysInput,
  OverwriteInput,
  RecordedCall,
  RestFault,
  RestFaultInput,
  SignedInteraction,
  SimStateSnapshot,
  StoreEventKind,
} from './types.js';

/** Bad control input; rendered as {error} with this status. */
export class SimInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A channel message as the control API shows it: the API object plus the allowed_mentions the bot sent. */
export type SimMessageView = APIMessage & { allowed_mentions?: APIAllowedMentions };

function isBitfield(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}

/** Ageing an interaction by more than a day tests nothing the 15 min lifetime does not. */
const MAX_AGE_MS = 24 * 60 * 60_000;

export interface SimConfigView {
  recommendedShards: number;
  rateLimits: RateLimitConfig;
}

export interface WaitForMessageOptions {
  /** Only messages with a greater id count. */
  after?: string;
  authorId?: string;
  /** Defaults to 5000 ms. */
  timeoutMs?: number;
}

export class SimActions {
  /** Forum posts and threads started by members (thread-actions.ts). */
  readonly threads: ThreadActions;

  constructor(
    private readonly ctx: SimContext,
    private readonly rest: RestApi,
  ) {
    this.threads = new ThreadActions(ctx);
  }

  /** The run-time settings POST /_sim/config changes. */
  config(): SimConfigView {
    return { recommendedShards: this.ctx.opts.recommendedShards, rateLimits: this.rest.rateLimits };
  }

  /**
   * POST /_sim/config: `recommendedShards`, and `rateLimits` (merged over the current limits; null restores
   * Discord's defaults). Every bucket starts empty after a change.
   */
  configure(body: Record<string, unknown>): SimConfigView {
    const known = ['recommendedShards', 'rateLimits'];
    const unknown = Object.keys(body).find((key) => !known.includes(key));
    if (unknown !== undefined) throw new SimInputError(400, `unknown config field ${unknown} (known: ${known.join(', ')})`);
    if (!Object.keys(body).length) throw new SimInputError(400, `config needs one of ${known.join(', ')}`);
    let rateLimits: RateLimitConfig | null = null;
    if ('rateLimits' in body) {
      const input = body.rateLimits;
      if (input !== null && (typeof input !== 'object' || Array.isArray(input))) throw new SimInputError(400, 'rateLimits must be an object or null');
      try {
        rateLimits = input === null ? DEFAULT_RATE_LIMITS : mergeRateLimits(this.rest.rateLimits, input as RateLimitInput);
      } catch (error) {
        throw new SimInputError(400, error instanceof Error ? error.message : String(error));
      }
    }
    // Validate everything before changing anything.
    if ('recommendedShards' in body) this.setRecommendedShards(Number(body.recommendedShards));
    if (rateLimits) this.rest.configureRateLimits(rateLimits);
    return this.config();
  }

  /** Changes how many shards GET /gateway/bot recommends (sharding tests). */
  setRecommendedShards(count: number): { recommendedShards: number } {
    if (!Number.isInteger(count) || count < 1 || count > 16) throw new SimInputError(400, 'recommendedShards must be an integer from 1 to 16');
    this.ctx.opts.recommendedShards = count;
    return { recommendedShards: count };
  }

  state(): SimStateSnapshot {
    const { store } = this.ctx;
    return {
      url: this.ctx.urls.url,
      gatewayUrl: this.ctx.urls.gatewayUrl,
      publicKey: this.ctx.signers.publicKey(store.bots[0]?.applicationId ?? ''),
      bots: store.bots.map((b) => ({ ...b, publicKey: this.ctx.signers.publicKey(b.applicationId), sessionStartRemaining: store.sessionStartRemaining.get(b.token) ?? 0 })),
      guilds: [...store.guilds.values()].map((g) => store.snapshot(g)),
      gateway: this.ctx.gateway.info(),
      faults: this.rest.faults.list(),
      calls: this.rest.callCount,
    };
  }

  addGuild(input: AddGuildInput): GuildSnapshot {
    if (typeof input.name !== 'string' || input.name === '') throw new SimInputError(400, 'name is required');
    if (input.id !== undefined && this.ctx.store.guilds.has(input.id)) throw new SimInputError(409, `guild ${input.id} already exists`);
    for (const appId of input.bots ?? []) {
      if (!this.ctx.store.botByApp(appId)) throw new SimInputError(400, `unknown bot application ${appId}`);
    }
    for (const channel of input.channels ?? []) validateChannelInput(channel);
    const guild = this.ctx.store.addGuild(input);
    this.ctx.gateway.guildJoined(guild.id);
    return this.ctx.store.snapshot(guild);
  }

  /** Every bot leaves the guild (GUILD_DELETE to their sessions); the guild's channels and messages stay readable. */
  botsLeave(guildId: string): GuildSnapshot {
    const guild = this.requireGuild(guildId);
    const appIds = [...guild.botAppIds];
    this.ctx.gateway.guildLeft(guild.id, appIds);
    for (const appId of appIds) this.ctx.store.removeBotFromGuild(guild, appId);
    return this.ctx.store.snapshot(guild);
  }

  guild(guildId: string): GuildSnapshot {
    return this.ctx.store.snapshot(this.requireGuild(guildId));
  }

  addMember(guildId: string, input: AddMemberInput): APIGuildMember {
    const guild = this.requireGuild(guildId);
    if (typeof input.username !== 'string' || input.username === '') throw new SimInputError(400, 'username is required');
    const isNew = input.id === undefined || !guild.members.has(input.id);
    const member = this.ctx.store.addMember(guildId, input);
    if (isNew) announceMemberAdd(this.ctx, guild, member);
    return member;
  }

  addRole(guildId: string, input: AddRoleInput): APIRole {
    const guild = this.requireGuild(guildId);
    if (typeof input.name !== 'string') throw new SimInputError(400, 'name is required');
    const role = this.ctx.store.addRole(guildId, input);
    this.ctx.gateway.dispatch({ guildId, intent: GatewayIntentBits.Guilds }, GatewayDispatchEvents.GuildRoleCreate, () => ({ guild_id: guild.id, role }));
    return role;
  }

  /** Changes a role's permissions and/or position (GUILD_ROLE_UPDATE reaches the bots). */
  editRole(guildId: string, roleId: string, input: EditRoleInput): APIRole {
    const guild = this.requireGuild(guildId);
    const role = guild.roles.find((r) => r.id === roleId);
    if (!role) throw new SimInputError(404, `unknown role ${roleId}`);
    if (input.permissions !== undefined && !isBitfield(input.permissions)) throw new SimInputError(400, 'permissions must be a decimal bitfield string');
    if (input.position !== undefined && (!Number.isInteger(input.position) || input.position < 1)) throw new SimInputError(400, 'position must be an integer of at least 1');
    if (input.position !== undefined && role.id === guild.id) throw new SimInputError(400, '@everyone stays at position 0');
    if (input.permissions !== undefined) role.permissions = BigInt(input.permissions).toString();
    if (input.position !== undefined) this.ctx.store.placeRole(guild, role, input.position);
    this.ctx.gateway.dispatch({ guildId, intent: GatewayIntentBits.Guilds }, GatewayDispatchEvents.GuildRoleUpdate, () => ({ guild_id: guild.id, role }));
    return role;
  }

  /** Sets (or with `null`, removes) a channel permission overwrite, as PUT / DELETE /channels/:id/permissions/:id do. */
  setOverwrite(channelId: string, overwriteId: string, input: OverwriteInput | null): APITextChannel | APIGuildForumChannel {
    const channel = this.ctx.store.channels.get(channelId);
    // Threads have no overwrites of their own: they follow their parent's.
    if (!channel || !channel.guildId || (channel.channel.type !== ChannelType.GuildText && channel.channel.type !== ChannelType.GuildForum)) {
      throw new SimInputError(404, `unknown guild channel ${channelId}`);
    }
    const text = channel.channel;
    const rest = (text.permission_overwrites ?? []).filter((o) => o.id !== overwriteId);
    if (input !== null) {
      if (input.type !== 0 && input.type !== 1) throw new SimInputError(400, 'type must be 0 (role) or 1 (member)');
      for (const field of ['allow', 'deny'] as const) {
        if (input[field] !== undefined && !isBitfield(input[field])) throw new SimInputError(400, `${field} must be a decimal bitfield string`);
      }
      rest.push({ id: overwriteId, type: input.type, allow: BigInt(input.allow ?? '0').toString(), deny: BigInt(input.deny ?? '0').toString() } as APIOverwrite);
    }
    text.permission_overwrites = rest;
    this.ctx.gateway.dispatch({ guildId: channel.guildId, intent: GatewayIntentBits.Guilds }, GatewayDispatchEvents.ChannelUpdate, () => text);
    return text;
  }

  addChannel(guildId: string, input: AddChannelInput): APITextChannel | APIGuildForumChannel {
    this.requireGuild(guildId);
    if (typeof input.name !== 'string' || input.name === '') throw new SimInputError(400, 'name is required');
    validateChannelInput(input);
    const channel = this.ctx.store.addChannel(guildId, input);
    announceChannelCreate(this.ctx, channel);
    return channel;
  }

  /** A member posts in a channel; the bot(s) in the guild receive MESSAGE_CREATE. */
  memberSays(input: MemberSaysInput): APIMessage | AutomodBlock {
    const { store } = this.ctx;
    const guild = this.requireGuild(input.guildId);
    const channel = store.channels.get(input.channelId);
    if (!channel || channel.guildId !== guild.id) throw new SimInputError(404, `unknown channel ${input.channelId} in guild ${guild.id}`);
    if (typeof input.content !== 'string' || input.content === '') throw new SimInputError(400, 'content is required');
    if ([...input.content].length > 2000) throw new SimInputError(400, 'content is longer than 2000 characters');
    const author = input.author;
    if (!author || typeof author.username !== 'string') throw new SimInputError(400, 'author.username is required');
    const existing = author.id ? guild.members.get(author.id) : store.memberByUsername(guild.id, author.username);
    if (author.id && guild.bans.has(author.id)) throw new SimInputError(403, `user ${author.id} is banned from this guild`);
    const member = existing ?? this.addMember(guild.id, { ...(author.id ? { id: author.id } : {}), username: author.username, bot: author.bot ?? false });
    const until = member.communication_disabled_until;
    if (until && Date.parse(until) > Date.now()) throw new SimInputError(403, `member ${member.user.id} is timed out until ${until}`);
    this.threads.beforeMemberPost(guild, channel, member);
    let replyTo = null;
    if (input.replyTo) {
      replyTo = store.findMessage(channel.channel.id, input.replyTo) ?? null;
      if (!replyTo) throw new SimInputError(404, `unknown message ${input.replyTo}`);
    }
    // AutoMod runs before the message exists: a blocked message is never created nor dispatched.
    const blocked = automodCheck(this.ctx, guild, channel, member, input.content);
    if (blocked) return blocked;
    const stored = createMessage(store, { channel, author: member.user, body: { content: input.content }, replyTo });
    announceMessage(this.ctx, channel, stored, 'create');
    return stored.message;
  }

  /** A member edits their message; MESSAGE_UPDATE goes out as on Discord. */
  memberEdits(channelId: string, messageId: string, content: string): APIMessage {
    const channel = this.ctx.store.channels.get(channelId);
    if (!channel) throw new SimInputError(404, `unknown channel ${channelId}`);
    const stored = this.ctx.store.findMessage(channelId, messageId);
    if (!stored) throw new SimInputError(404, `unknown message ${messageId}`);
    if (typeof content !== 'string' || content === '') throw new SimInputError(400, 'content is required');
    applyEdit(this.ctx, stored, { content });
    announceMessage(this.ctx, channel, stored, 'update');
    return stored.message;
  }

  /** Every message of the channel, oldest first, including ephemeral interaction replies. */
  messages(channelId: string): SimMessageView[] {
    const channel = this.ctx.store.channels.get(channelId);
    if (!channel) throw new SimInputError(404, `unknown channel ${channelId}`);
    return channel.messages.map((m) => (m.allowedMentions ? { ...m.message, allowed_mentions: m.allowedMentions } : m.message));
  }

  /** Resolves with the first message (existing or future) matching the options. */
  waitForMessage(channelId: string, options: WaitForMessageOptions = {}): Promise<SimMessageView> {
    const matches = (m: SimMessageView) =>
      (options.after === undefined || BigInt(m.id) > BigInt(options.after)) && (options.authorId === undefined || m.author.id === options.authorId);
    const found = this.messages(channelId).find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onChange = (event: { kind: StoreEventKind; channelId: string }) => {
        if (event.channelId !== channelId || event.kind !== 'message_create') return;
        const hit = this.messages(channelId).find(matches);
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new SimInputError(408, `no matching message in channel ${channelId} within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      const cleanup = () => {
        clearTimeout(timer);
        this.ctx.store.events.off('change', onChange);
      };
      this.ctx.store.events.on('change', onChange);
    });
  }

  calls(filter: CallFilter = {}): RecordedCall[] {
    return this.rest.list(filter);
  }

  /** Clears recorded calls; guilds, messages and gateway sessions stay. */
  reset(): void {
    this.rest.reset();
  }

  /** Signs `body` with the key of `applicationId` (the first bot's by default), as Discord would. */
  signInteractionBody(body: string, applicationId?: string): { body: string; headers: Record<string, string> } {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signer = this.ctx.signers.for(applicationId ?? this.ctx.store.bots[0]?.applicationId ?? '');
    return { body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signer.sign(timestamp, body), 'x-signature-timestamp': timestamp } };
  }

  injectGateway(input: { raw: string } | { t: string; d: unknown; guildId: string | null }): string[] {
    return this.ctx.gateway.inject(input);
  }

  gatewayFault(fault: GatewayFault): { sessions: string[] } {
    try {
      return { sessions: this.ctx.gateway.fault(fault) };
    } catch (error) {
      throw new SimInputError(400, error instanceof Error ? error.message : String(error));
    }
  }

  restFault(input: RestFaultInput): RestFault {
    if (typeof input.path !== 'string' || input.path === '') throw new SimInputError(400, 'path is required');
    if (!Number.isInteger(input.status) || input.status < 100 || input.status > 599) throw new SimInputError(400, 'status must be an HTTP status');
    if (input.count !== undefined && (!Number.isInteger(input.count) || input.count < 1)) throw new SimInputError(400, 'count must be a positive integer');
    if (input.retryAfter !== undefined && !(typeof input.retryAfter === 'number' && input.retryAfter >= 0)) {
      throw new SimInputError(400, 'retryAfter must be a non-negative number of seconds');
    }
    try {
      return this.rest.faults.add(input);
    } catch (error) {
      throw new SimInputError(400, error instanceof Error ? error.message : String(error));
    }
  }

  faults(): RestFault[] {
    return this.rest.faults.list();
  }

  clearFaults(): void {
    this.rest.faults.clear();
    this.ctx.gateway.clearFaults();
  }

  async createInteraction(input: CreateInteractionInput): Promise<SignedInteraction> {
    try {
      return await createInteraction(this.ctx, input);
    } catch (error) {
      throw new SimInputError(400, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Makes an interaction `ms` older, so tests reach the 3 s ack deadline or the 15 min token lifetime
   * without waiting for them.
   */
  ageInteraction(interactionId: string, ms: number): { id: string; createdAt: number } {
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_AGE_MS) {
      throw new SimInputError(400, `ms must be an integer from 0 to ${MAX_AGE_MS}`);
    }
    const interaction = [...this.ctx.store.interactions.values()].find((i) => i.id === interactionId);
    if (!interaction) throw new SimInputError(404, `unknown interaction ${interactionId}`);
    interaction.createdAt -= ms;
    return { id: interaction.id, createdAt: interaction.createdAt };
  }

  private requireGuild(guildId: string) {
    const guild = this.ctx.store.guilds.get(guildId);
    if (!guild) throw new SimInputError(404, `unknown guild ${guildId}`);
    return guild;
  }
}
