// AUTO_MODERATION_ACTION_EXECUTION reaches the guild's actor as an 'automod_execution' event whose id is stable
// across a RESUME replay (session and sequence); one without its guild, rule or user is refused as malformed.

import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { guildEventOf } from '../../src/gateway/guild-events';
import { admit, orderKey } from '../../src/guild/inbox-schedule';

const BOT = { appKey: 'shared', applicationId: '100000000000000001', botUserId: '100000000000000001' };
const EXECUTION = {
  guild_id: '300000000000000001',
  action: { type: 1, metadata: { custom_message: 'no' } },
  rule_id: '300000000000000002',
  rule_trigger_type: 1,
  user_id: '200000000000000003',
  channel_id: '300000000000000004',
  content: 'free nitro',
  matched_keyword: 'free nitro',
  matched_content: 'free nitro',
};

function dispatch(d: unknown, s = 7): GatewayDispatchPayload {
  return { op: 0, t: GatewayDispatchEvents.AutoModerationActionExecution, s, d } as unknown as GatewayDispatchPayload;
}

describe('AutoMod executions from the gateway', () => {
  it('route to the guild with a replay-stable id', () => {
    const routed = guildEventOf(dispatch(EXECUTION), BOT, 'session-a');
    expect(routed).toEqual({
      guildId: EXECUTION.guild_id,
      event: {
        kind: 'automod_execution',
        eventId: 'automod:shared:session-a:7',
        bot: BOT,
        ruleId: EXECUTION.rule_id,
        actionType: 1,
        userId: EXECUTION.user_id,
        channelId: EXECUTION.channel_id,
        messageId: null,
        content: 'free nitro',
        matchedKeyword: 'free nitro',
        matchedContent: 'free nitro',
      },
    });
    expect(guildEventOf(dispatch(EXECUTION), BOT, 'session-a')).toEqual(routed);
  });

  it.each(['guild_id', 'rule_id', 'user_id', 'action'])('without %s is malformed', (field) => {
    expect(guildEventOf(dispatch({ ...EXECUTION, [field]: undefined }), BOT, 's')).toEqual({ malformed: 'd' });
  });

  it('is always admitted to the inbox, in the guild-state order', () => {
    const routed = guildEventOf(dispatch(EXECUTION), BOT, 's');
    expect(routed && 'event' in routed ? orderKey(routed.event) : null).toBe('guild-state');
    expect(admit('automod_execution', { total: 10_000, member: 10_000 }, { perMember: 1, answered: 1, total: 1 })).toEqual({ store: true, mode: 'full' });
  });
});
