// Contract §6: a rule Herald can check by itself is recognised as a sentence inside a line. Without a model,
// "No crypto scams. Banned words: crypto-scam, free-nitro" deletes a message containing "free-nitro".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuild,
  enableModeration,
  memberSays,
  messageDeletes,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

const MEMBER = { userId: '200000000000014001', username: 'sentence-rule' };
const RULES = 'No crypto scams. Banned words: crypto-scam, free-nitro';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation Sentence Rule Guild');
  await enableModeration(guild.id, { rules: RULES });
});
afterAll(stopGateway);

describe('a rule written as a sentence inside a line', () => {
  it('deletes a message with a banned word, offline, quoting the sentence as the rule', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, 'claim your Free-Nitro today', MEMBER);
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length === 1, 'the DELETE of the message');
    const entry = await waitForModerationEntry(guild.id, message.id);
    expect(entry).toMatchObject({ action: 'delete', outcome: 'done', source: 'rules', rule: 'Banned words: crypto-scam, free-nitro' });
  });
});
