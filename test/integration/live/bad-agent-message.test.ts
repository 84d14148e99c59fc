// What an agent sends is validated (contract §5): invalid JSON, an unknown type, a malformed conversation id
// or an empty reply each get {type:'error', error} on that socket only, change nothing, and the socket stays
// usable.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, connectAgent, conversationIdFor, createGuild, mintGuildToken, patchSettings, type LiveAgent, type SimGuildInfo } from '../support';

describe('bad messages from an agent', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Bad Message Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it('answers each with an error and keeps the socket usable', async () => {
    const conversationId = conversationIdFor(guild.channels[0]!.id, '200000000000003401');
    const token = await mintGuildToken(guild.id, 'agent');
    const agent = await connectAgent(guild.id, token, { name: 'lena' });
    const watcher = await connectAgent(guild.id, token, { name: 'mallory' });
    agents.push(agent, watcher);

    const bad: [string, unknown][] = [
      ['invalid JSON', '{"type": "takeover", '],
      ['a JSON string', '"takeover"'],
      ['an unknown type', { type: 'dance', conversationId }],
      ['a missing type', { conversationId }],
      ['a bad conversationId', { type: 'takeover', conversationId: 'general:bob' }],
      ['a missing conversationId', { type: 'release' }],
      ['an empty reply', { type: 'reply', conversationId, content: '   ' }],
    ];
    for (const [what, message] of bad) {
      const mark = agent.events.length;
      agent.send(message);
      const error = await agent.waitForEvent(() => true, `the error for ${what}`, { from: mark });
      expect(error, what).toEqual({ type: 'error', error: expect.any(String) });
      expect(error.error!.length, what).toBeGreaterThan(0);
    }
    expect(await actorSql(guild.id, 'SELECT conversation_id FROM takeovers')).toEqual([]);

    // The same socket still works.
    const mark = agent.events.length;
    agent.send({ type: 'takeover', conversationId });
    expect(await agent.waitForEvent(() => true, 'the takeover', { from: mark })).toEqual({ type: 'takeover', conversationId, by: 'lena' });
    // Errors go to the sender only: the takeover is the first thing the watcher ever got (it was broadcast after them).
    await watcher.waitForEvent((e) => e.type === 'takeover', 'the takeover broadcast');
    expect(watcher.events[0]).toEqual({ type: 'takeover', conversationId, by: 'lena' });
    expect(watcher.matching((e) => e.type === 'error')).toEqual([]);
    agent.send({ type: 'release', conversationId });
    expect(await agent.waitForEvent((e) => e.type === 'released', 'the release', { from: mark })).toEqual({ type: 'released', conversationId, reason: 'agent' });
    expect(agent.closed).toBe(false);
  });
});
