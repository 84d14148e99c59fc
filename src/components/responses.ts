// Interaction responses shared by every button handler (and the Worker's own refusals).

import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';

/** A message only the clicking member sees; it pings nobody. */
export function ephemeral(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

/** "Thinking…" visible only to the member; the handler finishes through the follow-up webhook. */
export function deferredEphemeral(): APIInteractionResponse {
  return { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } };
}
