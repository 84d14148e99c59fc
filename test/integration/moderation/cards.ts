// Helpers for the review-queue, appeal and AutoMod tests: Herald's cards in a channel, a member clicking
// one of their buttons (signed by the simulator, delivered to the Worker, and the response handed back to
// the simulator as Discord would apply it), and simulator members with given permissions.

import { SELF } from 'cloudflare:test';
import { inject } from 'vitest';
import { sim, type SignedInteractionJson } from '../support';

export interface SimMessageJson {
  id: string;
  content: string;
  author: { id: string };
  embeds?: { title?: string; fields?: { name: string; value: string }[] }[];
  components?: { components: { custom_id?: string; label?: string }[] }[];
}

export function channelMessages(channelId: string): Promise<SimMessageJson[]> {
  return sim<SimMessageJson[]>(`/_sim/channels/${channelId}/messages`);
}

/** The message in `channelId` carrying a button whose custom_id is `customId`. */
export async function messageWithButton(channelId: string, customId: string): Promise<SimMessageJson | null> {
  return (await channelMessages(channelId)).find((m) => (m.components ?? []).some((row) => row.components.some((c) => c.custom_id === customId))) ?? null;
}

export interface ClickResult {
  status: number;
  json: { type: number; data?: { content?: string; flags?: number; components?: unknown[] } };
  ms: number;
}

/** A member clicks `customId` on `messageId`; the Worker's answer is applied by the simulator (type 7 edits the card). */
export async function clickButton(input: { guildId: string; channelId: string; user: { id: string; username: string }; messageId: string; customId: string }): Promise<ClickResult> {
  const signed = await sim<SignedInteractionJson>('/_sim/interactions', {
    body: { guildId: input.guildId, channelId: input.channelId, user: input.user, component: { messageId: input.messageId, customId: input.customId } },
  });
  const started = Date.now();
  const response = await SELF.fetch('http://herald.test/discord/interactions', { method: 'POST', headers: signed.headers, body: signed.body });
  const ms = Date.now() - started;
  const json = await response.json<ClickResult['json']>();
  if (response.status === 200) {
    const { id, token } = signed.interaction;
    const applied = await fetch(`${inject('simulatorApiBase')}/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    if (!applied.ok) throw new Error(`simulator callback → ${applied.status}: ${await applied.text()}`);
  }
  return { status: response.status, json, ms };
}

/** Adds (or updates) a simulator member holding exactly `permissions` (a decimal bit set) through a role. */
export function addMember(guildId: string, member: { id: string; username: string; permissions?: string }): Promise<unknown> {
  return sim(`/_sim/guilds/${guildId}/members`, { body: member });
}

export const PERMISSION = {
  KICK_MEMBERS: String(1n << 1n),
  BAN_MEMBERS: String(1n << 2n),
  ADMINISTRATOR: String(1n << 3n),
  MANAGE_GUILD: String(1n << 5n),
  MANAGE_MESSAGES: String(1n << 13n),
  MODERATE_MEMBERS: String(1n << 40n),
} as const;
