// Building, validating and per-recipient shaping of messages, following Discord's rules.
import { AllowedMentionsTypes, GatewayIntentBits, MessageFlags, MessageReferenceType, MessageType } from './discord-enums.js';
import type { APIAllowedMentions, APIAttachment, APIEmbed, APIGuildMember, APIGuildMemberNoUser, APIMessage, APIMessageInteractionMetadata, APIMessageTopLevelComponent, APIUser, APIUserWithMember, GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { parseAllowedMentions, parseComponents, parseEmbeds, parseNonce } from './validate.js';
import { Errors, isRecord, type RawBody } from './http-util.js';
import { snowflake } from './snowflake.js';
import type { SimStore } from './store.js';
import { countThreadMessage } from './threads.js';
import type { SimBot, SimChannel, StoredMessage } from './types.js';

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  allowedMentions?: APIAllowedMentions | null;
  reference?: { messageId: string; channelId: string | null; failIfNotExists: boolean };
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  /** Discord: with a nonce, return the author's earlier message with that nonce instead of creating a new one. */
  enforceNonce?: boolean;
  components?: APIMessageTopLevelComponent[];
  attachments?: APIAttachment[];
}

/** Validates a create/edit message body the way Discord does (50035 / 50006 / 50109). */
export function parseMessageBody(body: RawBody, baseUrl: string, mode: 'create' | 'edit'): MessageBody {
  if (body.json === undefined) throw Errors.invalidJson();
  const json = body.json ?? {};
  if (!isRecord(json)) throw Errors.invalidForm('_root', 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const out: MessageBody = {};
  if (json.content !== undefined && json.content !== null) {
    if (typeof json.content !== 'string') throw Errors.invalidForm('content', 'BASE_TYPE_STRING', 'Must be a string.');
    if ([...json.content].length > 2000) {
      throw Errors.invalidForm('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    }
    out.content = json.content;
  }
  const embeds = parseEmbeds(json.embeds ?? (json.embed !== undefined ? [json.embed] : undefined));
  if (embeds !== undefined) out.embeds = embeds;
  const allowedMentions = parseAllowedMentions(json.allowed_mentions);
  if (allowedMentions !== undefined) out.allowedMentions = allowedMentions;
  if (json.message_reference !== undefined && json.message_reference !== null) {
    const ref = json.message_reference;
    if (!isRecord(ref)) throw Errors.invalidForm('message_reference', 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    if (typeof ref.message_id !== 'string' && typeof ref.message_id !== 'number') {
      throw Errors.invalidForm('message_reference.message_id', 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    out.reference = {
      messageId: String(ref.message_id),
      channelId: typeof ref.channel_id === 'string' ? ref.channel_id : null,
      failIfNotExists: ref.fail_if_not_exists !== false,
    };
  }
  if (typeof json.flags === 'number') out.flags = json.flags;
  if (typeof json.tts === 'boolean') out.tts = json.tts;
  const nonce = parseNonce(json.nonce);
  if (nonce !== undefined) out.nonce = nonce;
  if (json.enforce_nonce === true) out.enforceNonce = true;
  const components = parseComponents(json.components, out.flags ?? 0);
  if (components !== undefined) out.components = components;
  if (body.files.length > 0) {
    out.attachments = body.files.map((f) => {
      const id = snowflake();
      const url = `${baseUrl}/_sim/attachments/${id}/${encodeURIComponent(f.filename)}`;
      return { id, filename: f.filename, size: f.size, url, proxy_url: url, content_type: f.contentType };
    });
  }
  const hasPayload =
    (out.content ?? '') !== '' ||
    (out.embeds?.length ?? 0) > 0 ||
    (out.attachments?.length ?? 0) > 0 ||
    (out.components?.length ?? 0) > 0 ||
    json.sticker_ids !== undefined ||
    json.poll !== undefined;
  if (mode === 'create' && !hasPayload) throw Errors.emptyMessage();
  return out;
}

export interface NewMessage {
  channel: SimChannel;
  author: APIUser;
  body: MessageBody;
  replyTo?: StoredMessage | null;
  type?: MessageType;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** A forum post's first message takes the thread's id. */
  id?: string;
}

/** Creates and stores a message; the caller dispatches it. */
export function createMessage(store: SimStore, input: NewMessage): StoredMessage {
  const { channel, body } = input;
  const id = input.id ?? snowflake();
  const reply = input.replyTo ?? null;
  const message: APIMessage = {
    id,
    channel_id: channel.channel.id,
    author: input.author,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: body.attachments ?? [],
    embeds: body.embeds ?? [],
    pinned: false,
    type: input.type ?? (reply ? MessageType.Reply : MessageType.Default),
    flags: body.flags ?? 0,
    components: body.components ?? [],
  };
  if (body.nonce !== undefined) message.nonce = body.nonce;
  if (input.webhookId) message.webhook_id = input.webhookId;
  if (input.applicationId) message.application_id = input.applicationId;
  if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata;
  if (reply) {
    message.message_reference = {
      type: MessageReferenceType.Default,
      message_id: reply.message.id,
      channel_id: reply.message.channel_id,
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    };
    // Discord nests the referenced message one level deep only.
    const { referenced_message: _nested, ...referenced } = reply.message;
    message.referenced_message = referenced;
  }
  const stored: StoredMessage = {
    message,
    guildId: channel.guildId,
    allowedMentions: body.allowedMentions ?? null,
    ephemeral: ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
  };
  computeMentions(store, stored);
  if (!stored.ephemeral) countThreadMessage(channel, message);
  channel.messages.push(stored);
  if (!stored.ephemeral) channel.channel.last_message_id = id;
  return stored;
}

/** Fills mentions / mention_roles / mention_everyone from content, honouring allowed_mentions. */
export function computeMentions(store: SimStore, stored: StoredMessage): void {
  const { message, allowedMentions: allowed } = stored;
  const guild = stored.guildId ? store.guilds.get(stored.guildId) : undefined;
  const parse = allowed ? new Set(allowed.parse ?? []) : null;
  const userAllowed = (id: string) => !parse || parse.has(AllowedMentionsTypes.User) || (allowed?.users ?? []).includes(id);
  const roleAllowed = (id: string) => !parse || parse.has(AllowedMentionsTypes.Role) || (allowed?.roles ?? []).includes(id);
  const users = new Map<string, APIUser>();
  for (const m of message.content.matchAll(/<@!?(\d{1,20})>/g)) {
    const id = m[1] ?? '';
    const user = guild ? guild.members.get(id)?.user : store.users.get(id);
    if (user && userAllowed(id)) users.set(id, user);
  }
  // Without allowed_mentions a reply pings its target; with it, only when replied_user is true.
  const repliedAuthor = message.referenced_message?.author;
  if (repliedAuthor && (allowed ? allowed.replied_user === true : true)) users.set(repliedAuthor.id, repliedAuthor);
  message.mentions = [...users.values()];
  const roles = new Set<string>();
  for (const m of message.content.matchAll(/<@&(\d{1,20})>/g)) {
    const id = m[1] ?? '';
    if (guild?.roles.some((r) => r.id === id) && roleAllowed(id)) roles.add(id);
  }
  message.mention_roles = [...roles];
  const everyone = /@(everyone|here)\b/.test(message.content);
  message.mention_everyone = everyone && (!parse || parse.has(AllowedMentionsTypes.Everyone));
}

function memberNoUser(member: APIGuildMember): APIGuildMemberNoUser {
  const { user: _user, ...rest } = member;
  return { ...rest, joined_at: rest.joined_at ?? new Date(0).toISOString() };
}

/** MESSAGE_CREATE / MESSAGE_UPDATE data as one particular bot session receives it. */
export function messageDispatchData(
  store: SimStore,
  stored: StoredMessage,
  bot: SimBot,
  intents: number,
): GatewayMessageCreateDispatchData {
  const guild = stored.guildId ? store.guilds.get(stored.guildId) : undefined;
  const { message } = stored;
  const mentions: APIUserWithMember[] = message.mentions.map((u) => {
    const member = guild?.members.get(u.id);
    return member ? { ...u, member: memberNoUser(member) } : { ...u };
  });
  const data: GatewayMessageCreateDispatchData = { ...message, mentions };
  if (guild) {
    data.guild_id = guild.id;
    const member = guild.members.get(message.author.id);
    // Webhook messages carry no member object.
    if (member && !message.webhook_id) data.member = memberNoUser(member);
  }
  if (shouldHideContent(stored, bot, intents)) {
    Object.assign(data, { content: '', embeds: [], attachments: [], components: [] });
    if (data.referenced_message && data.referenced_message.author.id !== bot.userId) {
      data.referenced_message = { ...data.referenced_message, content: '', embeds: [], attachments: [], components: [] };
    }
  }
  return data;
}

/** Without MESSAGE_CONTENT, guild messages arrive empty unless the bot wrote them or is mentioned. */
function shouldHideContent(stored: StoredMessage, bot: SimBot, intents: number): boolean {
  if ((intents & GatewayIntentBits.MessageContent) !== 0) return false;
  if (stored.guildId === null) return false;
  if (stored.message.author.id === bot.userId) return false;
  return !stored.message.mentions.some((u) => u.id === bot.userId);
}

/** Messages in REST order: newest first, honouring limit/before/after/around. */
export function listMessages(channel: SimChannel, query: URLSearchParams): APIMessage[] {
  const limitRaw = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 100) {
    throw Errors.invalidForm('limit', 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
  }
  const visible = channel.messages.filter((m) => !m.ephemeral).map((m) => m.message);
  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');
  let list = visible;
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) {
    // Discord returns the messages right after the anchor, still newest first.
    list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limitRaw);
    return list.reverse();
  }
  if (around) {
    const idx = list.findIndex((m) => BigInt(m.id) >= BigInt(around));
    const start = Math.max(0, (idx < 0 ? list.length : idx) - Math.floor(limitRaw / 2));
    return list.slice(start, start + limitRaw).reverse();
  }
  return list.slice(-limitRaw).reverse();
}
