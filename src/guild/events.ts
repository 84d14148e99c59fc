// What a GatewayShard hands a GuildActor: one gateway dispatch for that guild, with the bot it came through.

import type { GatewayMessageCreateDispatchData } from 'discord-api-types/v10';

export interface BotIdentity {
  /** "shared" for the shared Herald application, else the custom bot's application id. */
  appKey: string;
  applicationId: string | null;
  botUserId: string;
}

export interface MessageCreateEvent {
  kind: 'message_create';
  /** Identity for exactly-once handling: the same event replayed on RESUME has the same id. */
  eventId: string;
  bot: BotIdentity;
  message: GatewayMessageCreateDispatchData;
}

export type GuildGatewayEvent = MessageCreateEvent;

/** A member's `/ask`, already acknowledged (deferred) by the Worker; the answer goes to the follow-up webhook. */
export interface AskEvent {
  kind: 'ask';
  eventId: string;
  applicationId: string;
  interactionToken: string;
  channelId: string;
  userId: string;
  question: string;
}

export type GuildEvent = GuildGatewayEvent | AskEvent;
