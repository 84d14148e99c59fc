// The takeover timer fires while the agent acted recently (its last action is newer than the timer thought):
// the conversation stays held and the timer re-arms for TAKEOVER_TIMEOUT_SECONDS after that last action,
// instead of releasing. Only once the agent has really been silent that long does the alarm release it.

import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorAlarm,
  actorSql,
  actorTimers,
  connectAgent,
  conversationIdFor,
  expectNothingPostedAfter,
  guildActorStub,
  guildWithKnowledge,
  memberSays,
  mintGuildToken,
  onlyReplyContent,
  patchSettings,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  type LiveAgent,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000003701', username: 'rearm-member' };
/** TAKEOVER_TIMEOUT_SECONDS as wrangler.toml sets it (the tests do not override it). */
const TIMEOUT_MS = 180_000;
/** How long ago the agent's last action was, in the re-arm case: well inside the timeout. */
const RECENT_MS = 20_000;

describe('the takeover timer when the agent acted recently', () => {
  let guild: SimGuildInfo;
  let agent: LiveAgent | undefined;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Live Takeover Rearm Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(async () => {
    agent?.close();
    await stopGateway();
  });

  it('re-arms for the timeout after the last action instead of releasing', async () => {
    const channelId = guild.channels[0]!.id;
    const conversationId = conversationIdFor(channelId, MEMBER.userId);
    agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'rita' });
    agent.send({ type: 'takeover', conversationId });
    await agent.waitForEvent((e) => e.type === 'takeover', 'the takeover');

    // The timer is due now, but the agent's last action was RECENT_MS ago.
    const stub = guildActorStub(guild.id);
    const lastActionAt = await runInDurableObject(stub, (_instance, state) => {
      const now = Date.now();
      state.storage.sql.exec('UPDATE takeovers SET last_action_at = ?', now - RECENT_MS);
      state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE kind = 'takeover'", now - 1_000);
      return now - RECENT_MS;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect(await actorSql(guild.id, 'SELECT conversation_id, agent FROM takeovers')).toEqual([{ conversation_id: conversationId, agent: 'rita' }]);
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual([{ kind: 'takeover', key: conversationId, due_at: lastActionAt + TIMEOUT_MS }]);
    const alarm = await actorAlarm(guild.id);
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(lastActionAt + TIMEOUT_MS);
    expect(agent.matching((e) => e.type === 'released')).toEqual([]);

    // Still held: the AI stays out of the member's next message.
    const held = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    await agent.waitForEvent((e) => e.type === 'message' && e.author === 'user' && e.content === held.content, 'the held message');
    await expectNothingPostedAfter(guild, held);
    expect(agent.matching((e) => e.type === 'released')).toEqual([]);

    // Now really silent for longer than the timeout: the alarm releases.
    await runInDurableObject(stub, (_instance, state) => {
      const now = Date.now();
      state.storage.sql.exec('UPDATE takeovers SET last_action_at = ?', now - TIMEOUT_MS - 1_000);
      state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE kind = 'takeover'", now - 1_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await agent.waitForEvent((e) => e.type === 'released', 'the release')).toEqual({ type: 'released', conversationId, reason: 'timeout' });
    expect((await actorTimers(guild.id)).filter((t) => t.kind === 'takeover')).toEqual([]);
    const after = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, MEMBER);
    expect(await onlyReplyContent(guild, after)).toContain('Refunds are issued within 14 days');
  });
});
