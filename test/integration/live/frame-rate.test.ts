// An agent socket may send AGENT_FRAME_LIMIT.perWindow frames per window: the rest are dropped unread, the
// agent is told once, and frames over MAX_AGENT_FRAME_BYTES are refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_FRAME_LIMIT, MAX_AGENT_FRAME_BYTES } from '../../../src/takeover/live';
import { connectAgent, createGuild, mintGuildToken, patchSettings, settle, waitFor, type LiveAgent, type SimGuildInfo } from '../support';

describe('the frame rate of an agent socket', () => {
  let guild: SimGuildInfo;
  const agents: LiveAgent[] = [];

  beforeAll(async () => {
    guild = await createGuild('Live Frame Rate Guild');
    await patchSettings(guild.id, { plan: 'standard' });
  });
  afterAll(() => {
    for (const agent of agents) agent.close();
  });

  it('handles the window’s frames, drops the rest and warns once', async () => {
    const agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'flo' });
    agents.push(agent);
    // Each handled frame answers with an error (an invalid conversation id), so handled frames can be counted.
    const sent = AGENT_FRAME_LIMIT.perWindow + 10;
    for (let i = 0; i < sent; i++) agent.send({ type: 'takeover', conversationId: `bad-${i}` });
    await waitFor(async () => agent.events.length >= AGENT_FRAME_LIMIT.perWindow + 1, 'the answers to the frames');
    await settle(300);
    const handled = agent.matching((e) => e.type === 'error' && /conversationId/.test(e.error ?? ''));
    const warned = agent.matching((e) => e.type === 'error' && /too many/.test(e.error ?? ''));
    expect(handled).toHaveLength(AGENT_FRAME_LIMIT.perWindow);
    expect(warned).toHaveLength(1);
    expect(agent.events).toHaveLength(AGENT_FRAME_LIMIT.perWindow + 1);
  });

  it('refuses a frame over the size limit', async () => {
    const agent = await connectAgent(guild.id, await mintGuildToken(guild.id, 'agent'), { name: 'max' });
    agents.push(agent);
    agent.send({ type: 'reply', conversationId: '1', content: 'x'.repeat(MAX_AGENT_FRAME_BYTES) });
    const error = await agent.waitForEvent(() => true, 'the answer to an oversized frame');
    expect(error).toEqual({ type: 'error', error: expect.stringContaining(`${MAX_AGENT_FRAME_BYTES} bytes`) });
  });
});
