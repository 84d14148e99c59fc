// REST: /channels/* (messages, replies, edits, deletes, bulk delete, typing, reactions) and DM channels.
import { MessageFlags, PermissionFlagsBits } from './discord-enums.js';
import { announceMessage, deleteMessages, type SimContext } from './context.js';
import { Errors } from './http-util.js';
import { computeMentions, createMessage, listMessages, parseMessageBody, type MessageBody } from './messages.js';
import {
  authorUser,
  botChannelPermissions,
  channelFor,
  requireChannelPermission,
  jsonBody,
  noContent,
  ok,
  param,
  requireBot,
  restRoute,
  type RestRequest,
  type RestRoute,
} from './rest-common.js';
import { beforeThreadPost, isThread, sendPermission } from './threads.js';
import type { StoredMessage } from './types.js';

function messageFor(ctx: SimContext, req: RestRequest): StoredMessage {
  const channel = channelFor(ctx, req);
  const stored = channel.messages.find((m) => m.message.id === param(req, 'mid') && !m.ephemeral);
  if (!stored) throw Errors.unknownMessage();
  return stored;
}

const NONCE_WINDOW_MS = 5 * 60_000;

function createChannelMessage(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const channel = channelFor(ctx, req);
  requireChannelPermission(ctx, req, channel, sendPermission(channel));
  const body = parseMessageBody(req.body, ctx.urls.url, 'create');
  // Only interaction responses can be ephemeral; Discord ignores the bit on channel messages.
  if (body.flags !== undefined) body.flags &= ~MessageFlags.Ephemeral;
  // enforce_nonce: the same author and nonce within a few minutes returns the earlier message, creating nothing.
  if (body.enforceNonce && body.nonce !== undefined) {
    const author = authorUser(ctx, bot);
    const earlier = channel.messages.find(
      (m) => m.message.author.id === author.id && m.message.nonce === body.nonce && Date.now() - Date.parse(m.message.timestamp) < NONCE_WINDOW_MS,
    );
    if (earlier) return ok(earlier.message);
  }
  let replyTo: StoredMessage | null = null;
  if (body.reference) {
    if ((botChannelPermissions(ctx, bot, channel) & PermissionFlagsBits.ReadMessageHistory) === 0n) throw Errors.replyWithoutHistory();
    // A reply must reference a message of the same channel; with fail_if_not_exists: false a missing or
    // foreign one turns the reply into a plain message instead of an error.
    const sameChannel = body.reference.channelId === null || body.reference.channelId === channel.channel.id;
    replyTo = sameChannel ? (channel.messages.find((m) => m.message.id === body.reference?.messageId && !m.ephemeral) ?? null) : null;
    if (!replyTo && body.reference.failIfNotExists) {
      throw sameChannel
        ? Errors.invalidForm('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message')
        : Errors.invalidForm('message_reference', 'MESSAGE_REFERENCE_INVALID_CHANNEL', 'Cannot reply to a message in another channel');
    }
  }
  if (isThread(channel)) beforeThreadPost(ctx, channel, authorUser(ctx, bot), botChannelPermissions(ctx, bot, channel));
  const stored = createMessage(ctx.store, { channel, author: authorUser(ctx, bot), body, replyTo });
  announceMessage(ctx, channel, stored, 'create');
  return ok(stored.message);
}

function editChannelMessage(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const channel = channelFor(ctx, req);
  const stored = messageFor(ctx, req);
  if (stored.message.author.id !== bot.userId) throw Errors.cannotEditOthers();
  const body = parseMessageBody(req.body, ctx.urls.url, 'edit');
  applyEdit(ctx, stored, body);
  announceMessage(ctx, channel, stored, 'update');
  return ok(stored.message);
}

export function applyEdit(ctx: SimContext, stored: StoredMessage, body: MessageBody): void {
  const m = stored.message;
  const content = body.content ?? m.content;
  const embeds = body.embeds ?? m.embeds;
  const components = body.components ?? m.components ?? [];
  const attachments = [...m.attachments, ...(body.attachments ?? [])];
  // Validate before mutating so a rejected edit leaves the message untouched.
  if (content === '' && embeds.length === 0 && attachments.length === 0 && components.length === 0) throw Errors.emptyMessage();
  Object.assign(m, { content, embeds, components, attachments, edited_timestamp: new Date().toISOString() });
  if (body.allowedMentions !== undefined) stored.allowedMentions = body.allowedMentions;
  // Editing a deferred interaction response ends its "thinking" state; ephemerality cannot change.
  const flags = (body.flags ?? m.flags ?? 0) & ~(MessageFlags.Loading | MessageFlags.Ephemeral);
  m.flags = flags | ((m.flags ?? 0) & MessageFlags.Ephemeral);
  computeMentions(ctx.store, stored);
}

function bulkDelete(ctx: SimContext, req: RestRequest) {
  const channel = channelFor(ctx, req);
  requireChannelPermission(ctx, req, channel, PermissionFlagsBits.ManageMessages);
  const ids = jsonBody(req).messages;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw Errors.invalidForm('messages', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (ids.length < 2) throw Errors.invalidForm('messages', 'BASE_TYPE_MIN_LENGTH', 'Must be 2 or more in length.');
  if (ids.length > 100) throw Errors.invalidForm('messages', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const known = new Set(channel.messages.map((m) => m.message.id));
  deleteMessages(ctx, channel, (ids as string[]).filter((id) => known.has(id)));
  return noContent;
}

function react(add: boolean) {
  return (ctx: SimContext, req: RestRequest) => {
    const stored = messageFor(ctx, req);
    const emoji = param(req, 'emoji');
    const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, undefined];
    const reactions = stored.message.reactions ?? [];
    const existing = reactions.find((r) => (id ? r.emoji.id === id : r.emoji.name === name));
    if (add && !existing) {
      reactions.push({
        count: 1,
        count_details: { burst: 0, normal: 1 },
        me: true,
        me_burst: false,
        burst_colors: [],
        emoji: { id: id ?? null, name: name ?? emoji },
      });
    } else if (add && existing && !existing.me) {
      existing.me = true;
      existing.count++;
      existing.count_details.normal++;
    } else if (!add && existing?.me) {
      existing.me = false;
      existing.count--;
      existing.count_details.normal--;
    }
    stored.message.reactions = reactions.filter((r) => r.count > 0);
    return noContent;
  };
}

function openDm(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const recipientId = jsonBody(req).recipient_id;
  if (typeof recipientId !== 'string') throw Errors.invalidForm('recipient_id', 'BASE_TYPE_REQUIRED', 'This field is required');
  const user = ctx.store.users.get(recipientId);
  if (!user) throw Errors.unknownUser();
  return ok(ctx.store.openDm(bot, user));
}

export const channelRoutes: RestRoute[] = [
  restRoute('GET', '/channels/:cid', (ctx, req) => ok(channelFor(ctx, req).channel)),
  restRoute('GET', '/channels/:cid/messages', (ctx, req) => ok(listMessages(channelFor(ctx, req), req.query))),
  restRoute('POST', '/channels/:cid/messages', createChannelMessage),
  restRoute('POST', '/channels/:cid/messages/bulk-delete', bulkDelete),
  restRoute('GET', '/channels/:cid/messages/:mid', (ctx, req) => ok(messageFor(ctx, req).message)),
  restRoute('PATCH', '/channels/:cid/messages/:mid', editChannelMessage),
  restRoute('DELETE', '/channels/:cid/messages/:mid', (ctx, req) => {
    const stored = messageFor(ctx, req);
    const channel = channelFor(ctx, req);
    // Anyone may delete their own message; someone else's needs Manage Messages in that channel.
    if (stored.message.author.id !== requireBot(req).userId) requireChannelPermission(ctx, req, channel, PermissionFlagsBits.ManageMessages);
    deleteMessages(ctx, channel, [stored.message.id]);
    return noContent;
  }),
  restRoute('PUT', '/channels/:cid/messages/:mid/reactions/:emoji/@me', react(true)),
  restRoute('DELETE', '/channels/:cid/messages/:mid/reactions/:emoji/@me', react(false)),
  restRoute('POST', '/channels/:cid/typing', (ctx, req) => {
    channelFor(ctx, req);
    return noContent;
  }),
  restRoute('POST', '/users/@me/channels', openDm),
];
