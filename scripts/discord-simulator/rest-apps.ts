// REST: gateway info, users, application, commands, interaction callbacks and interaction webhooks.
import { ApplicationCommandType, ApplicationIntegrationType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from './discord-enums.js';
import type { APIApplicationCommand, APIApplicationCommandOption, APIGatewayBotInfo } from 'discord-api-types/v10';
import { announceMessage, deleteMessages, type SimContext } from './context.js';
import { Errors, isRecord } from './http-util.js';
import { createMessage, parseMessageBody } from './messages.js';
import { applicationObject, botUser } from './payloads.js';
import { applyEdit } from './rest-channels.js';
import { jsonBody, noContent, ok, param, requireBot, restRoute, type RestRequest, type RestRoute } from './rest-common.js';
import { snowflake } from './snowflake.js';
import type { SimInteraction, StoredMessage } from './types.js';

const DAY_MS = 86_400_000;
/** Discord: an interaction must be acknowledged within 3 s, else its token is invalidated (10062). */
export const INTERACTION_ACK_DEADLINE_MS = 3_000;
/** Discord: an interaction token (follow-ups, @original edits) is valid for 15 minutes (then 50027). */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;

function gatewayBot(ctx: SimContext, req: RestRequest) {
  const bot = requireBot(req);
  const info: APIGatewayBotInfo = {
    url: ctx.urls.gatewayUrl,
    shards: ctx.opts.recommendedShards,
    session_start_limit: {
      total: 1000,
      remaining: ctx.store.sessionStartRemaining.get(bot.token) ?? 0,
      reset_after: DAY_MS - ((Date.now() - ctx.store.startedAt) % DAY_MS),
      max_concurrency: 1,
    },
  };
  return ok(info);
}

// ---- application commands ----

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function commandKey(req: RestRequest): string {
  const appId = param(req, 'appId');
  if (requireBot(req).applicationId !== appId) throw Errors.missingAccess();
  return req.params.gid ? `${appId}:${req.params.gid}` : appId;
}

function toCommand(raw: unknown, req: RestRequest, existing: APIApplicationCommand[], prefix: string): APIApplicationCommand {
  if (!isRecord(raw)) throw Errors.invalidForm(prefix || '_root', 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const type = typeof raw.type === 'number' ? raw.type : ApplicationCommandType.ChatInput;
  const name = raw.name;
  const chatInput = type === ApplicationCommandType.ChatInput;
  if (typeof name !== 'string' || !(chatInput ? COMMAND_NAME.test(name) && name === name.toLowerCase() : name.length >= 1 && name.length <= 32)) {
    throw Errors.invalidForm(at('name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = typeof raw.description === 'string' ? raw.description : '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    throw Errors.invalidForm(at('description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  const previous = existing.find((c) => c.name === name && c.type === type);
  const command: APIApplicationCommand = {
    id: previous?.id ?? snowflake(),
    application_id: param(req, 'appId'),
    version: snowflake(),
    type,
    name,
    description,
    default_member_permissions: typeof raw.default_member_permissions === 'string' ? raw.default_member_permissions : null,
    nsfw: raw.nsfw === true,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: null,
  };
  if (Array.isArray(raw.options)) command.options = raw.options as APIApplicationCommandOption[];
  if (req.params.gid) command.guild_id = req.params.gid;
  else command.dm_permission = raw.dm_permission !== false;
  return command;
}

function putCommands(ctx: SimContext, req: RestRequest) {
  const key = commandKey(req);
  const list = req.body.json;
  if (!Array.isArray(list)) throw Errors.invalidForm('_root', 'BASE_TYPE_LIST', 'Must be a list.');
  if (list.length > 100) throw Errors.invalidForm('_root', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const existing = ctx.store.commands.get(key) ?? [];
  const commands = list.map((raw: unknown, i) => toCommand(raw, req, existing, String(i)));
  const names = commands.map((c) => `${c.type}:${c.name}`);
  if (new Set(names).size !== names.length) {
    throw Errors.invalidForm('_root', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
  }
  ctx.store.commands.set(key, commands);
  return ok(commands);
}

function postCommand(ctx: SimContext, req: RestRequest) {
  const key = commandKey(req);
  const existing = ctx.store.commands.get(key) ?? [];
  const command = toCommand(req.body.json, req, existing, '');
  const replaced = existing.some((c) => c.id === command.id);
  ctx.store.commands.set(key, [...existing.filter((c) => c.id !== command.id), command]);
  // Discord answers 200 when an existing command of the same name was overwritten, 201 when new.
  return ok(command, replaced ? 200 : 201);
}

function deleteCommand(ctx: SimContext, req: RestRequest) {
  const key = commandKey(req);
  const existing = ctx.store.commands.get(key) ?? [];
  if (!existing.some((c) => c.id === param(req, 'cmdId'))) throw Errors.unknownCommand();
  ctx.store.commands.set(key, existing.filter((c) => c.id !== param(req, 'cmdId')));
  return noContent;
}

// ---- interactions ----

const CALLBACK_TYPES = new Set<number>(Object.values(InteractionResponseType).filter((v): v is number => typeof v === 'number'));

function interactionMessage(ctx: SimContext, interaction: SimInteraction, data: unknown, files: RestRequest['body']['files'], loading: boolean): StoredMessage {
  const channel = ctx.store.channels.get(interaction.channelId);
  const bot = ctx.store.botByApp(interaction.applicationId);
  if (!channel || !bot) throw Errors.unknownChannel();
  const body = loading ? { flags: 0 } : parseMessageBody({ raw: Buffer.alloc(0), json: data ?? {}, files }, ctx.urls.url, 'create');
  const requested = isRecord(data) && typeof data.flags === 'number' ? data.flags : 0;
  body.flags = (body.flags ?? 0) | (requested & MessageFlags.Ephemeral) | (loading ? MessageFlags.Loading : 0);
  const stored = createMessage(ctx.store, {
    channel,
    author: botUser(ctx.store, bot),
    body,
    type: MessageType.ChatInputCommand,
    webhookId: interaction.applicationId,
    applicationId: interaction.applicationId,
    interactionMetadata: {
      id: interaction.id,
      type: InteractionType.ApplicationCommand,
      user: interaction.user,
      authorizing_integration_owners: interaction.guildId ? { [ApplicationIntegrationType.GuildInstall]: interaction.guildId } : {},
    },
  });
  announceMessage(ctx, channel, stored, 'create');
  return stored;
}

/**
 * Applies an interaction's initial response, whether it came as the endpoint's HTTP answer or through the
 * callback route: a (deferred) message is created and follow-ups become possible.
 */
export function acknowledgeInteraction(
  ctx: SimContext,
  interaction: SimInteraction,
  body: Record<string, unknown>,
  files: RestRequest['body']['files'] = [],
): StoredMessage | null {
  if (interaction.acknowledged) throw Errors.alreadyAcknowledged();
  if (Date.now() - interaction.createdAt > INTERACTION_ACK_DEADLINE_MS) throw Errors.unknownInteraction();
  let message: StoredMessage | null = null;
  const isClick = interaction.messageId !== undefined;
  // Discord: UPDATE_MESSAGE and DEFERRED_UPDATE_MESSAGE answer only component interactions.
  if (!isClick && (body.type === InteractionResponseType.UpdateMessage || body.type === InteractionResponseType.DeferredMessageUpdate)) {
    throw Errors.invalidForm('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is not valid for this interaction.');
  }
  if (body.type === InteractionResponseType.UpdateMessage && interaction.messageId !== undefined) {
    const source = ctx.store.findMessage(interaction.channelId, interaction.messageId);
    if (!source) throw Errors.unknownMessage();
    applyEdit(ctx, source, parseMessageBody({ raw: Buffer.alloc(0), json: body.data ?? {}, files }, ctx.urls.url, 'edit'));
    message = source;
  }
  if (body.type === InteractionResponseType.ChannelMessageWithSource || body.type === InteractionResponseType.DeferredChannelMessageWithSource) {
    const loading = body.type === InteractionResponseType.DeferredChannelMessageWithSource;
    message = interactionMessage(ctx, interaction, body.data, files, loading);
    interaction.originalMessageId = message.message.id;
  }
  interaction.acknowledged = true;
  return message;
}

function interactionCallback(ctx: SimContext, req: RestRequest) {
  const body = jsonBody(req);
  if (typeof body.type !== 'number' || !CALLBACK_TYPES.has(body.type)) {
    throw Errors.invalidForm('type', 'BASE_TYPE_CHOICES', 'Value must be one of a valid interaction callback type.');
  }
  const interaction = ctx.store.interactions.get(param(req, 'itoken'));
  // Callbacks for interactions the simulator did not create are only recorded (tests may craft their own).
  if (!interaction || interaction.id !== param(req, 'iid')) return noContent;
  const message = acknowledgeInteraction(ctx, interaction, body, req.body.files);
  if (req.query.get('with_response') !== 'true') return noContent;
  return ok({
    interaction: {
      id: interaction.id,
      type: InteractionType.ApplicationCommand,
      response_message_id: message?.message.id,
      response_message_loading: message ? ((message.message.flags ?? 0) & MessageFlags.Loading) !== 0 : undefined,
      response_message_ephemeral: message?.ephemeral,
    },
    resource: { type: body.type, ...(message ? { message: message.message } : {}) },
  });
}

function webhookInteraction(ctx: SimContext, req: RestRequest): SimInteraction {
  const interaction = ctx.store.interactions.get(param(req, 'itoken'));
  // Follow-ups only exist once the interaction was acknowledged; before that the webhook is unknown.
  if (!interaction || interaction.applicationId !== param(req, 'appId') || !interaction.acknowledged) throw Errors.unknownWebhook();
  if (Date.now() - interaction.createdAt > INTERACTION_TOKEN_LIFETIME_MS) throw Errors.invalidWebhookToken();
  return interaction;
}

function webhookMessage(ctx: SimContext, req: RestRequest): StoredMessage {
  const interaction = webhookInteraction(ctx, req);
  const mid = param(req, 'mid');
  const id = mid === '@original' ? interaction.originalMessageId : mid;
  const stored = id ? ctx.store.findMessage(interaction.channelId, id) : undefined;
  if (!stored || stored.message.webhook_id !== interaction.applicationId) throw Errors.unknownMessage();
  return stored;
}

function followUp(ctx: SimContext, req: RestRequest) {
  const interaction = webhookInteraction(ctx, req);
  const original = interaction.originalMessageId ? ctx.store.findMessage(interaction.channelId, interaction.originalMessageId) : undefined;
  // The first follow-up after a deferred response replaces the "thinking" message.
  if (original && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0) {
    applyEdit(ctx, original, parseMessageBody(req.body, ctx.urls.url, 'create'));
    const channel = ctx.store.channels.get(interaction.channelId);
    if (channel) announceMessage(ctx, channel, original, 'update');
    return ok(original.message);
  }
  return ok(interactionMessage(ctx, interaction, req.body.json, req.body.files, false).message);
}

function editWebhookMessage(ctx: SimContext, req: RestRequest) {
  const stored = webhookMessage(ctx, req);
  applyEdit(ctx, stored, parseMessageBody(req.body, ctx.urls.url, 'edit'));
  const channel = ctx.store.channels.get(stored.message.channel_id);
  if (channel) announceMessage(ctx, channel, stored, 'update');
  return ok(stored.message);
}

function deleteWebhookMessage(ctx: SimContext, req: RestRequest) {
  const stored = webhookMessage(ctx, req);
  const channel = ctx.store.channels.get(stored.message.channel_id);
  if (channel) deleteMessages(ctx, channel, [stored.message.id]);
  return noContent;
}

export const appRoutes: RestRoute[] = [
  restRoute('GET', '/gateway', (ctx) => ok({ url: ctx.urls.gatewayUrl }), false),
  restRoute('GET', '/gateway/bot', gatewayBot),
  restRoute('GET', '/users/@me', (ctx, req) => ok(botUser(ctx.store, requireBot(req)))),
  restRoute('GET', '/users/@me/guilds', (ctx, req) => {
    const bot = requireBot(req);
    const guilds = [...ctx.store.guilds.values()].filter((g) => g.botAppIds.has(bot.applicationId));
    return ok(guilds.map((g) => ({ id: g.id, name: g.name, icon: null, banner: null, owner: false, permissions: '0', features: [] })));
  }),
  restRoute('GET', '/users/:uid', (ctx, req) => {
    const user = ctx.store.users.get(param(req, 'uid'));
    if (!user) throw Errors.unknownUser();
    return ok(user);
  }),
  restRoute('GET', '/applications/@me', (ctx, req) => ok(applicationObject(ctx.store, requireBot(req), ctx.signers.publicKey(requireBot(req).applicationId)))),
  restRoute('GET', '/oauth2/applications/@me', (ctx, req) => ok(applicationObject(ctx.store, requireBot(req), ctx.signers.publicKey(requireBot(req).applicationId)))),
  restRoute('GET', '/applications/:appId/commands', (ctx, req) => ok(ctx.store.commands.get(commandKey(req)) ?? [])),
  restRoute('PUT', '/applications/:appId/commands', putCommands),
  restRoute('POST', '/applications/:appId/commands', postCommand),
  restRoute('DELETE', '/applications/:appId/commands/:cmdId', deleteCommand),
  restRoute('GET', '/applications/:appId/guilds/:gid/commands', (ctx, req) => ok(ctx.store.commands.get(commandKey(req)) ?? [])),
  restRoute('PUT', '/applications/:appId/guilds/:gid/commands', putCommands),
  restRoute('POST', '/applications/:appId/guilds/:gid/commands', postCommand),
  restRoute('DELETE', '/applications/:appId/guilds/:gid/commands/:cmdId', deleteCommand),
  restRoute('POST', '/interactions/:iid/:itoken/callback', interactionCallback, false),
  restRoute('POST', '/webhooks/:appId/:itoken', followUp, false),
  restRoute('GET', '/webhooks/:appId/:itoken/messages/:mid', (ctx, req) => ok(webhookMessage(ctx, req).message), false),
  restRoute('PATCH', '/webhooks/:appId/:itoken/messages/:mid', editWebhookMessage, false),
  restRoute('DELETE', '/webhooks/:appId/:itoken/messages/:mid', deleteWebhookMessage, false),
];
