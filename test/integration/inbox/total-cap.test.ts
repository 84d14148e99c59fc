// Past INBOX_LIMIT stored events, a guild actor refuses new gateway messages that need the inbox (nothing
// stored, nothing remembered, so the shard's outbox delivers them again later), while guild state is still
// taken, and so is a message that needs nothing stored (chatter: it only costs its dedupe id).

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { GuildGatewayEvent } from '../../../src/guild/events';
import { INBOX_LIMIT } from '../../../src/guild/schema';
import { guildActorStub } from '../support';

const GUILD = '990000000000000077';
const bot = { appKey: 'shared', applicationId: null, botUserId: '1' };

function message(eventId: string, messageId: string, userId: string, content = '<@1> hello'): GuildGatewayEvent {
  const mentions = content.includes('<@1>') ? [{ id: '1', username: 'bot' }] : [];
  return {
    kind: 'message_create',
    eventId,
    bot,
    message: { id: messageId, channel_id: '990000000000000005', author: { id: userId, username: 'm' }, content, mentions, mention_roles: [] },
  } as unknown as GuildGatewayEvent;
}

describe('inbox: total cap', () => {
  it('refuses a new message past the cap but still takes guild state', async () => {
    await runInDurableObject(guildActorStub(GUILD), async (instance, state) => {
      // A full inbox whose conversation is parked for an hour (restored from storage like after an eviction).
      const parkedUntil = Date.now() + 60 * 60_000;
      for (let i = 0; i < INBOX_LIMIT; i++) {
        state.storage.sql.exec(
          "INSERT INTO seen_events (event_id, payload, seen_at, order_key, member_id, mode, not_before) VALUES (?, '{}', ?, 'conversation:5:7', '7', 'full', ?)",
          `filler-${i}`,
          Date.now(),
          parkedUntil,
        );
      }

      await expect(instance.receiveGatewayEvent(message('over-cap-1', '990000000000001001', '990000000000000008'))).rejects.toThrow(/inbox full/);
      const remembered = state.storage.sql.exec("SELECT 1 FROM seen_events WHERE event_id = 'over-cap-1'").toArray();
      expect(remembered).toHaveLength(0);

      const guildState = { kind: 'guild_state', eventId: 'state-1', bot, ownerId: '2', roles: [] } as GuildGatewayEvent;
      await expect(instance.receiveGatewayEvent(guildState)).resolves.toEqual({ duplicate: false });
      expect(state.storage.sql.exec("SELECT 1 FROM seen_events WHERE event_id = 'state-1'").toArray()).toHaveLength(1);

      // A channel GUILD_CREATE listed, so known to be no thread: its chatter needs nothing stored.
      state.storage.sql.exec("INSERT INTO channel_visibility (channel_id, public) VALUES ('990000000000000005', 1)");
      await expect(instance.receiveGatewayEvent(message('chatter-1', '990000000000001002', '990000000000000009', 'good morning'))).resolves.toEqual({ duplicate: false });
      expect(state.storage.sql.exec("SELECT 1 FROM seen_events WHERE payload IS NOT NULL AND event_id = 'chatter-1'").toArray()).toHaveLength(0);
    });
  });
});
