// An agent token is one guild's: it can neither take over nor post into another guild's channel.

import { afterAll, describe, expect, it } from 'vitest';
import { calls, connectAgent, createGuild, mintGuildToken, patchSettings, type LiveAgent } from '../support';

describe("another guild's channel", () => {
  let agent: LiveAgent | undefined;
  afterAll(() => agent?.close());

  it('is refused with an error and nothing is posted there', async () => {
    const home = await createGuild('Live Home Guild');
    const other = await createGuild('Live Other Guild');
    await patchSettings(home.id, { plan: 'standard' });
    agent = await connectAgent(home.id, await mintGuildToken(home.id, 'agent'), { name: 'mallory' });

    const conversationId = `${other.channels[0]!.id}:200000000000003999`;
    agent.send({ type: 'reply', conversationId, content: 'posted where it should not be' });
    const error = await agent.waitForEvent((e) => e.type === 'error', 'the refusal');
    expect(String(error.error)).toMatch(/conversationId/);
    agent.send({ type: 'takeover', conversationId });
    await agent.waitForEvent((e) => e.type === 'error', 'the second refusal', { from: 1 });

    const posted = await calls({ method: 'POST', path: `/channels/${other.channels[0]!.id}/messages` });
    expect(posted).toEqual([]);
  });
});
