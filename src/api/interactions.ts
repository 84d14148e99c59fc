// Discord interactions over HTTP: POST /discord/interactions (shared bot) and
// POST /discord/interactions/:applicationId (a guild's custom bot). Every request is verified with the
// application's Ed25519 key (401 otherwise); PING gets PONG; `/ask` is acknowledged at once with a deferred
// response and answered by the guild's actor through the follow-up webhook.

import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { readConfig } from '../config';
import { ASK_COMMAND, askQuestionOf } from '../discord/commands';
import { verifyInteraction } from '../discord/verify-interaction';
import { customBotRegistry } from '../custom-bot/registry';
import { errorResponse, json, readBodyText } from './http';

/** Interactions are small; Discord's are a few KiB. */
const MAX_INTERACTION_BYTES = 64 * 1024;

export async function handleInteraction(request: Request, env: Env, applicationId: string | null): Promise<Response> {
  if (request.method !== 'POST') return errorResponse(405, 'use POST');
  const publicKey = applicationId === null ? readConfig(env).discordPublicKey : await customBotPublicKey(env, applicationId);
  const rawBody = await readBodyText(request, MAX_INTERACTION_BYTES);
  const verified =
    publicKey !== null &&
    (await verifyInteraction(publicKey, request.headers.get('x-signature-ed25519'), request.headers.get('x-signature-timestamp'), rawBody));
  if (!verified) return errorResponse(401, 'invalid request signature');

  const interaction = JSON.parse(rawBody) as APIInteraction;
  if (applicationId !== null && interaction.application_id !== applicationId) return errorResponse(401, 'interaction is for another application');
  if (interaction.type === InteractionType.Ping) return respond({ type: InteractionResponseType.Pong });
  if (
    interaction.type === InteractionType.ApplicationCommand &&
    interaction.data.type === ApplicationCommandType.ChatInput &&
    interaction.data.name === ASK_COMMAND.name
  ) {
    return handleAsk(interaction as APIChatInputApplicationCommandInteraction, env, applicationId);
  }
  return respond(ephemeral("Herald doesn't know that command."));
}

async function handleAsk(interaction: APIChatInputApplicationCommandInteraction, env: Env, customApplicationId: string | null): Promise<Response> {
  const guildId = interaction.guild_id;
  const userId = interaction.member?.user.id ?? interaction.user?.id;
  const question = askQuestionOf(interaction);
  if (!guildId || !userId) return respond(ephemeral('Use /ask inside a server where Herald is installed.'));
  // A custom application answers only in the guilds that chose it: its key cannot reach another guild's actor.
  if (customApplicationId !== null && !(await customBotRegistry(env).servesGuild(customApplicationId, guildId))) {
    return respond(ephemeral('This bot is not the one set up to answer in this server.'));
  }
  if (!question) return respond(ephemeral('Ask a question, for example `/ask question: how do refunds work?`'));
  const actor = env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
  // The actor only stores the job here (fast); it answers after we have acknowledged, well within 3 s.
  await actor.receiveAsk(guildId, {
    kind: 'ask',
    eventId: `interaction:${interaction.id}`,
    applicationId: interaction.application_id,
    interactionToken: interaction.token,
    channelId: interaction.channel.id,
    userId,
    question,
    acknowledgedAt: Date.now(),
    via: customApplicationId ?? 'shared',
  });
  return respond({ type: InteractionResponseType.DeferredChannelMessageWithSource });
}

function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

function respond(body: APIInteractionResponse): Response {
  return json(body);
}

/**
 * A custom bot's key, from the registry the owner's settings fill in. Unknown ids are a read of that one
 * object, never a new per-application object: a forged endpoint id costs nothing.
 */
async function customBotPublicKey(env: Env, applicationId: string): Promise<string | null> {
  if (!/^\d{15,21}$/.test(applicationId)) return null;
  return customBotRegistry(env).publicKey(applicationId);
}
