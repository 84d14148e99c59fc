// enforce_nonce, as Discord documents it: the same author and nonce within minutes returns the earlier
// message instead of creating a second one (how Herald keeps a re-handled event from answering twice).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

describe('enforce_nonce', () => {
  let sim: DiscordSimulator;
  let channelId: string;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    channelId = sim.addGuild({ name: 'nonce guild' }).channels[0]!.id;
  });
  afterAll(() => sim.close());

  const post = (body: unknown) =>
    json<{ id: string }>(`${sim.apiBase}/channels/${channelId}/messages`, { method: 'POST', body, token: DEFAULT_BOT.token });

  it('returns the earlier message for a repeated nonce and creates nothing new', async () => {
    const first = await post({ content: 'answer', nonce: 'm1-0', enforce_nonce: true });
    const again = await post({ content: 'answer', nonce: 'm1-0', enforce_nonce: true });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(sim.messages(channelId).filter((m) => m.content === 'answer')).toHaveLength(1);
  });

  it('creates a new message for the same nonce without enforce_nonce', async () => {
    const first = await post({ content: 'plain', nonce: 'm2-0' });
    const again = await post({ content: 'plain', nonce: 'm2-0' });
    expect(again.body.id).not.toBe(first.body.id);
  });
});
