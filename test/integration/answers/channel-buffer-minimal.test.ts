// Data minimisation: the channel buffer (other members' messages, for channel awareness) keeps messages
// only where that feature reads them: "all" mode with channelAwareness, in a channel Herald answers in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, askBot, guildWithKnowledge, memberSays, patchSettings, repliesTo, startGatewayAndWait, stopGateway, waitFor, type SimGuildInfo } from '../support';

async function bufferedChannels(guildId: string): Promise<string[]> {
  const rows = await actorSql<{ channel_id: string }>(guildId, 'SELECT DISTINCT channel_id FROM channel_buffer');
  return rows.map((row) => row.channel_id);
}

describe('channel buffer', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await guildWithKnowledge('Channel Buffer Minimal Guild', ['general', 'offtopic']);
  });
  afterAll(() => stopGateway());

  it('stays empty without channel awareness', async () => {
    await memberSays(guild, 'just chatting here', { userId: '200000000000004001', username: 'gina' });
    const asked = await askBot(guild, 'how do refunds work?');
    await waitFor(async () => (await repliesTo(asked.id)).length > 0, 'the answer');
    expect(await bufferedChannels(guild.id)).toEqual([]);
  });

  it('fills only in the channels Herald answers in when channel awareness is on', async () => {
    const [general, offtopic] = [guild.channels[0]!.id, guild.channels[1]!.id];
    await patchSettings(guild.id, { responseMode: 'all', smartMode: true, channelAwareness: true, channels: [general] });
    await memberSays(guild, 'chatting in offtopic', { channelId: offtopic, userId: '200000000000004002', username: 'hank' });
    const asked = await askBot(guild, 'how long do refunds take?');
    await waitFor(async () => (await repliesTo(asked.id)).length > 0, 'the answer');
    expect(await bufferedChannels(guild.id)).toEqual([general]);
  });
});
