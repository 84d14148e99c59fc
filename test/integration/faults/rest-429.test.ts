// REST 429 on the reply: the client waits the retry_after Discord gave (route or global) and tries again once;
// the member gets exactly one answer, never a duplicate and never a retry before the limit resets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, callsTo, clearFaults, exactReplies, guildWithKnowledge, restFault, startGatewayAndWait, stopGateway } from '../support';

async function expectOneRetryAfterTheLimit(global: boolean): Promise<void> {
  const guild = await guildWithKnowledge(global ? 'Global 429 Guild' : 'Route 429 Guild');
  const path = `/channels/${guild.channels[0]!.id}/messages`;
  await restFault({ method: 'POST', path, status: 429, retryAfter: 1, count: 1, global });

  const question = await askBot(guild, 'how do refunds work?');
  await exactReplies(guild, question);
  const posted = await callsTo('POST', path);
  expect(posted.map((call) => call.status)).toEqual([429, 200]);
  const [limited, accepted] = posted;
  // retry_after was 1 s: the retry must not come sooner (a little slack for clock granularity).
  expect(accepted!.at - limited!.at).toBeGreaterThanOrEqual(950);
}

describe('REST 429 on the reply', () => {
  beforeAll(startGatewayAndWait);
  afterAll(async () => {
    await clearFaults();
    await stopGateway();
  });

  it('route limit: waits retry_after, then posts the answer exactly once', async () => {
    await expectOneRetryAfterTheLimit(false);
  });

  it('global limit: waits retry_after, then posts the answer exactly once', async () => {
    await expectOneRetryAfterTheLimit(true);
  });
});
