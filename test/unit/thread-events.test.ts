// THREAD_CREATE / THREAD_UPDATE / THREAD_DELETE and GUILD_CREATE's threads and forums reach the guild actor as
// thread events, with ids stable across a RESUME replay (session and sequence), so each is handled once.

import { ChannelType, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { guildEventOf, guildEventProblem } from '../../src/gateway/guild-events';

const GUILD = '300000000000011101';
const bot = { appKey: 'shared', applicationId: null, botUserId: '100000000000000001' };
const dispatch = (t: GatewayDispatchEvents, d: unknown, s = 9) => ({ op: 0, t, d, s }) as unknown as GatewayDispatchPayload;
const thread = {
  id: '300000000000011102',
  type: ChannelType.PrivateThread,
  guild_id: GUILD,
  parent_id: '300000000000011103',
  owner_id: '200000000000011101',
  name: 'ticket',
  thread_metadata: { archived: true, locked: false, auto_archive_duration: 60, archive_timestamp: '2026-01-01T00:00:00.000Z' },
};

describe('thread events', () => {
  it('routes THREAD_CREATE and THREAD_UPDATE with the thread and its parent', () => {
    for (const t of [GatewayDispatchEvents.ThreadCreate, GatewayDispatchEvents.ThreadUpdate]) {
      const routed = guildEventOf(dispatch(t, thread), bot, 'session');
      expect(routed).toEqual({
        guildId: GUILD,
        event: {
          kind: 'thread',
          eventId: `thread:${GUILD}:session:9`,
          bot,
          threadId: thread.id,
          thread: { id: thread.id, parentId: thread.parent_id, private: true, ownerId: thread.owner_id, name: 'ticket', archived: true },
        },
      });
      if (routed && 'event' in routed) expect(guildEventProblem(routed.event)).toBeNull();
    }
  });

  it('routes THREAD_DELETE as a thread that is gone, and refuses a thread without a parent', () => {
    const deleted = guildEventOf(dispatch(GatewayDispatchEvents.ThreadDelete, { id: thread.id, guild_id: GUILD, parent_id: thread.parent_id, type: 12 }), bot, 's');
    expect(deleted && 'event' in deleted ? deleted.event : null).toMatchObject({ kind: 'thread', threadId: thread.id, thread: null });
    expect(guildEventOf(dispatch(GatewayDispatchEvents.ThreadCreate, { ...thread, parent_id: undefined }), bot, 's')).toEqual({ malformed: 'd.parent_id' });
    expect(guildEventOf(dispatch(GatewayDispatchEvents.ThreadCreate, { ...thread, guild_id: undefined }), bot, 's')).toEqual({ malformed: 'd.guild_id' });
  });

  it("carries GUILD_CREATE's forum channels and active threads", () => {
    const guild = {
      id: GUILD,
      owner_id: '200000000000011102',
      roles: [],
      channels: [
        { id: '300000000000011103', type: ChannelType.GuildText, permission_overwrites: [] },
        { id: '300000000000011104', type: ChannelType.GuildForum, permission_overwrites: [] },
      ],
      threads: [{ ...thread, type: ChannelType.PublicThread, thread_metadata: { ...thread.thread_metadata, archived: false } }],
    };
    const routed = guildEventOf(dispatch(GatewayDispatchEvents.GuildCreate, guild), bot, 's');
    expect(routed && 'event' in routed ? routed.event : null).toMatchObject({
      kind: 'guild_state',
      forumIds: ['300000000000011104'],
      threads: [{ id: thread.id, parentId: thread.parent_id, private: false, archived: false }],
    });
  });
});
