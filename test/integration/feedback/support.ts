// Helpers for the feedback, Solved and ticket tests: find the answer a member got (with its buttons) and click
// one of them the way Discord delivers it (a signed MESSAGE_COMPONENT interaction to the Worker).

import type { APIMessage } from 'discord-api-types/v10';
import { api, channelMessages, deliverInteraction, sim, waitFor, type InteractionDelivery, type SignedInteractionJson, type SimGuildInfo } from '../support';
import type { Insights } from '../../../src/feedback/answer-log';

/** GET .../insights as the API returns it. */
export type InsightsJson = Insights;

/** The bot's message answering `questionId` (the last part of a split answer is the one with the buttons). */
export async function answerMessage(channelId: string, questionId: string): Promise<APIMessage> {
  return waitFor(async () => {
    const messages = await channelMessages(channelId);
    const first = messages.findIndex((m) => m.message_reference?.message_id === questionId);
    if (first < 0) return null;
    // The parts after the first follow it directly; the buttons are on the one that has components.
    return messages.slice(first).find((m) => (m.components?.length ?? 0) > 0) ?? null;
  }, `the answer with buttons to ${questionId}`);
}

/** The custom_ids of a message's buttons, in order. */
export function customIdsOf(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) => ('components' in row ? row.components : []).map((c) => ('custom_id' in c ? c.custom_id : '')));
}

/** A member clicks a button on a bot message; the Worker's answer is returned (and acknowledged on the simulator). */
export async function clickButton(
  guild: SimGuildInfo,
  input: { channelId: string; messageId: string; customId: string; user: { id: string; username: string }; applicationId?: string },
  path = '/discord/interactions',
): Promise<InteractionDelivery & { signed: SignedInteractionJson }> {
  const signed = await sim<SignedInteractionJson>('/_sim/interactions', {
    body: {
      guildId: guild.id,
      channelId: input.channelId,
      user: input.user,
      component: { messageId: input.messageId, customId: input.customId },
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
    },
  });
  return { ...(await deliverInteraction(signed, path)), signed };
}

export async function insightsOf(guildId: string, query = ''): Promise<InsightsJson> {
  const response = await api(`/api/guilds/${guildId}/insights${query}`);
  if (response.status !== 200) throw new Error(`insights → ${response.status}: ${await response.text()}`);
  return response.json<InsightsJson>();
}

/**
 * A forged click: a real click's signed interaction, changed by `forge` (another custom_id, message or guild)
 * and signed again, as a malicious client cannot do on Discord but a bug or a replayed id could amount to.
 */
export async function forgedClick(
  guild: SimGuildInfo,
  input: { channelId: string; messageId: string; customId: string; user: { id: string; username: string } },
  forge: (interaction: Record<string, unknown>) => void,
): Promise<InteractionDelivery> {
  const real = await sim<SignedInteractionJson>('/_sim/interactions', {
    body: { guildId: guild.id, channelId: input.channelId, user: input.user, component: { messageId: input.messageId, customId: input.customId } },
  });
  const interaction = JSON.parse(real.body) as Record<string, unknown>;
  forge(interaction);
  const body = JSON.stringify(interaction);
  const signed = await sim<{ body: string; headers: Record<string, string> }>('/_sim/interactions/sign', { body: { body } });
  return deliverInteraction({ interaction: real.interaction, ...signed });
}
