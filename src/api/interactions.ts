// Discord interactions over HTTP: POST /discord/interactions (shared bot) and
// POST /discord/interactions/:applicationId (a guild's custom bot). Every request is verified with the
// application's Ed25519 key (401 otherwise); PING gets PONG; `/ask` is acknowledged at once with a deferred
// response and answered by the guild's actor through the follow-up webhook.

import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
} from 'discord-api-types/v10';
import { readConfig } from '../config';
import { parseCustomId } from '../components/custom-id';
import { ephemeral } from '../components/responses';
import { ASK_COMMAND, askQuestionOf } from '../discord/commands';
import { customBotPublicKey, customBotServesGuild } from '../custom-bot/registry';
import { timestampIsFresh, verifyInteraction } from '../discord/verify-interaction';
import { errorResponse, isRecord, json, readBodyText } from './http';

/** Interactions are small; Discord's are a few KiB. */
const MAX_INTERACTION_BYTES = 64 * 1024;

export async function handleInteraction(request: Request, env: Env, applicationId: string | null): Promise<Response> {
  if (request.method !== 'POST') return errorResponse(405, 'use POST');
  // A stale (or future) timestamp is refused before any actor is touched: a replay only works inside the window.
  if (!timestampIsFresh(request.headers.get('x-signature-timestamp') ?? '', Date.now())) return errorResponse(401, 'invalid request signature');
  // A signature that cannot be one (Ed25519: 64 bytes in hex) is refused before any key, or object, is looked up.
  if (!/^[0-9a-f]{128}$/i.test(request.headers.get('x-signature-ed25519') ?? '')) return errorResponse(401, 'invalid request signature');
  const publicKey = applicationId === null ? readConfig(env).discordPublicKey : await customBotPublicKey(env, applicationId);
  const rawBody = await readBodyText(request, MAX_INTERACTION_BYTES);
  const verified =
    publicKey !== null &&
    (await verifyInteraction(publicKey, request.headers.get('x-signature-ed25519'), request.headers.get('x-signature-timestamp'), rawBody));
  if (!verified) return errorResponse(401, 'invalid request signature');

  const interaction = parseInteraction(rawBody);
  if (typeof interaction === 'string') return errorResponse(400, `${interaction}: missing or invalid`, interaction);
  if (applicationId !== null && interaction.application_id !== applicationId) return errorResponse(401, 'interaction is for another application');
  // Each type gets a response type Discord accepts for it (a message answering autocomplete is rejected).
  switch (interaction.type) {
    case InteractionType.Ping:
      return respond({ type: InteractionResponseType.Pong });
    case InteractionType.ApplicationCommand:
      if (interaction.data.type === ApplicationCommandType.ChatInput && interaction.data.name === ASK_COMMAND.name) {
        return handleAsk(interaction as APIChatInputApplicationCommandInteraction, env, applicationId);
      }
      return respond(ephemeral("Herald doesn't know that command."));
    case InteractionType.ApplicationCommandAutocomplete:
      return respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
    case InteractionType.MessageComponent:
      return handleComponent(interaction as APIMessageComponentInteraction, env, applicationId);
    case InteractionType.ModalSubmit:
      return respond(ephemeral("Herald doesn't handle this form."));
    default:
      return respond(ephemeral("Herald can't handle this kind of interaction."));
  }
}

/** Interaction types Discord sends today; anything else is answered with a plain ephemeral message. */
const KNOWN_TYPES = new Set<number>([
  InteractionType.Ping,
  InteractionType.ApplicationCommand,
  InteractionType.MessageComponent,
  InteractionType.ApplicationCommandAutocomplete,
  InteractionType.ModalSubmit,
]);

const SNOWFLAKE = /^\d{1,21}$/;

function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

/**
 * The verified body as an interaction, checked for the fields Herald reads before anything reads them; else
 * the name of the first bad field.
 */
function parseInteraction(rawBody: string): APIInteraction | string {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return 'body';
  }
  if (!isRecord(value)) return 'body';
  if (typeof value.type !== 'number' || !Number.isInteger(value.type)) return 'type';
  if (typeof value.id !== 'string' || value.id === '') return 'id';
  if (typeof value.application_id !== 'string' || value.application_id === '') return 'application_id';
  if (value.type === InteractionType.Ping || !KNOWN_TYPES.has(value.type)) return value as unknown as APIInteraction;
  if (typeof value.token !== 'string' || value.token === '') return 'token';
  if (value.type === InteractionType.MessageComponent) {
    if (!isRecord(value.data) || typeof value.data.custom_id !== 'string' || typeof value.data.component_type !== 'number') return 'data';
    if (!isRecord(value.message) || !isSnowflake(value.message.id)) return 'message.id';
  }
  if (value.type === InteractionType.ApplicationCommand || value.type === InteractionType.MessageComponent) {
    if (!isRecord(value.data)) return 'data';
    if (value.type === InteractionType.ApplicationCommand && (typeof value.data.name !== 'string' || typeof value.data.type !== 'number')) return 'data';
    const options = value.data.options;
    if (options !== undefined && (!Array.isArray(options) || !options.every((o) => isRecord(o) && typeof o.name === 'string' && (o.type !== 3 || typeof o.value === 'string')))) {
      return 'data.options';
    }
    // Ids name actors and REST paths: a junk one ("abc", true) is refused here, before any actor is touched.
    if (value.guild_id !== undefined && !isSnowflake(value.guild_id)) return 'guild_id';
    if (value.member !== undefined && (!isRecord(value.member) || !isRecord(value.member.user) || !isSnowflake(value.member.user.id))) return 'member.user.id';
    if (value.member !== undefined && isRecord(value.member) && value.member.roles !== undefined && !(Array.isArray(value.member.roles) && value.member.roles.every(isSnowflake))) {
      return 'member.roles';
    }
    if (value.user !== undefined && (!isRecord(value.user) || !isSnowflake(value.user.id))) return 'user.id';
    if (!isRecord(value.channel) || !isSnowflake(value.channel.id)) return 'channel.id';
  }
  return value as unknown as APIInteraction;
}

async function handleAsk(interaction: APIChatInputApplicationCommandInteraction, env: Env, customApplicationId: string | null): Promise<Response> {
  const guildId = interaction.guild_id;
  const userId = interaction.member?.user.id ?? interaction.user?.id;
  const question = askQuestionOf(interaction);
  if (!guildId || !userId) return respond(ephemeral('Use /ask inside a server where Herald is installed.'));
  // A custom application answers only in the guilds that chose it: its key cannot reach another guild's actor.
  if (customApplicationId !== null && !(await customBotServesGuild(env, customApplicationId, guildId))) {
    return respond(ephemeral('This bot is not the one set up to answer in this server.'));
  }
  if (!question) return respond(ephemeral('Ask a question, for example `/ask question: how do refunds work?`'));
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  // The actor only stores the job here (fast); it answers after we have acknowledged, well within 3 s.
  await actor.receiveAsk({
    kind: 'ask',
    eventId: `interaction:${interaction.id}`,
    applicationId: interaction.application_id,
    interactionToken: interaction.token,
    channelId: interaction.channel.id,
    userId,
    question,
    roleIds: interaction.member?.roles ?? [],
    acknowledgedAt: Date.now(),
    via: customApplicationId ?? 'shared',
  });
  return respond({ type: InteractionResponseType.DeferredChannelMessageWithSource });
}

/**
 * A button click: Herald's own buttons (custom_id "herald:...") go to the guild's actor, which answers within the
 * 3-second deadline (it only records the click, or defers and finishes through the follow-up webhook).
 */
async function handleComponent(interaction: APIMessageComponentInteraction, env: Env, customApplicationId: string | null): Promise<Response> {
  const parsed = parseCustomId(interaction.data.custom_id);
  const guildId = interaction.guild_id;
  const member = interaction.member;
  if (parsed === null || !guildId || !member) return respond(ephemeral('This button no longer works.'));
  if (customApplicationId !== null && !(await customBotServesGuild(env, customApplicationId, guildId))) {
    return respond(ephemeral('This bot is not the one set up to answer in this server.'));
  }
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  const response = await actor.receiveComponent({
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    interactionToken: interaction.token,
    guildId,
    channelId: interaction.channel.id,
    messageId: interaction.message.id,
    userId: member.user.id,
    roleIds: member.roles ?? [],
    permissions: typeof member.permissions === 'string' && /^\d{1,30}$/.test(member.permissions) ? member.permissions : '0',
    feature: parsed.feature,
    args: parsed.args,
    receivedAt: Date.now(),
    via: customApplicationId ?? 'shared',
  });
  return respond(response);
}


function respond(body: APIInteractionResponse): Response {
  return json(body);
}
