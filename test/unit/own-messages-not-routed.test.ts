// The bot's own messages (its answers come back as MESSAGE_CREATE) are not routed to the guild actor: each
// would cost an outbox, inbox and dedupe write only to be dropped there. Other bots' messages still go.

import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { guildEventOf } from '../../src/gateway/guild-events';

const BOT = { appKey: 'shared', applicationId: '100000000000000001', botUserId: '100000000000000001' };

function messageCreate(author: { id: string; username: string; bot?: boolean }): GatewayDispatchPayload {
  const d = { id: '400000000000000001', channel_id: '500000000000000001', guild_id: '300000000000000001', author, content: 'hi', mentions: [], mention_roles: [], type: 0 };
  return { op: 0, t: 'MESSAGE_CREATE', s: 9, d } as unknown as GatewayDispatchPayload;
}

describe('own messages', () => {
  it('are not routed', () => {
    expect(guildEventOf(messageCreate({ id: BOT.botUserId, username: 'Herald', bot: true }), BOT, 'session')).toBeNull();
  });

  it('while a member\'s and another bot\'s messages are', () => {
    expect(guildEventOf(messageCreate({ id: '200000000000000001', username: 'member' }), BOT, 'session')).toMatchObject({ guildId: '300000000000000001' });
    expect(guildEventOf(messageCreate({ id: '200000000000000002', username: 'other', bot: true }), BOT, 'session')).toMatchObject({ guildId: '300000000000000001' });
  });
});
