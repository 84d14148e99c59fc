// Handling an event writes no attempt counter; instead a new instance counts one attempt for the first event
// of every conversation in its stored inbox (each may have been running when the last instance went down, and
// may be what took it down), so an event that crashes the actor still stops after INBOX_MAX_ATTEMPTS.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { GuildGatewayEvent } from '../../../src/guild/events';
import { guildActorStub } from '../support';

const GUILD = '990000000000000078';
const bot = { appKey: 'shared', applicationId: null, botUserId: '1' };

describe('inbox attempts', () => {
  it('are counted once per restart for the head of each conversation, not per run', async () => {
    await runInDurableObject(guildActorStub(GUILD), async (instance, state) => {
      // A stored inbox as a new instance finds it: two conversations, both parked for an hour (so nothing runs).
      const parkedUntil = Date.now() + 60 * 60_000;
      let seq = 0;
      const insert = (id: string, key: string, notBefore: number) =>
        state.storage.sql.exec(
          "INSERT INTO seen_events (event_id, payload, seen_at, seq, order_key, member_id, mode, not_before) VALUES (?, '{}', ?, ?, ?, '7', 'full', ?)",
          id,
          Date.now(),
          ++seq,
          key,
          notBefore,
        );
      insert('a-1', 'conversation:5:7', parkedUntil);
      insert('a-2', 'conversation:5:7', 0);
      insert('b-1', 'conversation:6:7', parkedUntil);

      // Any event makes the instance read its inbox.
      const guildState = { kind: 'guild_state', eventId: 'state-attempts', bot, ownerId: '2', roles: [] } as GuildGatewayEvent;
      await instance.receiveGatewayEvent(guildState);

      const attempts = Object.fromEntries(
        state.storage.sql
          .exec<{ event_id: string; attempts: number }>("SELECT event_id, attempts FROM seen_events WHERE payload IS NOT NULL AND event_id IN ('a-1', 'a-2', 'b-1')")
          .toArray()
          .map((row) => [row.event_id, row.attempts]),
      );
      expect(attempts).toEqual({ 'a-1': 1, 'a-2': 0, 'b-1': 1 });
    });
  });
});
