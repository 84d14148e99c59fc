// responseMode "ask": only /ask is answered (deferred, then the follow-up webhook), never a mention.
// /ask needs no gateway: the first block runs with the shared gateway stopped. Showing that a mention is
// ignored needs the gateway (without it no message reaches Herald at all), so the second block starts it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnowledge,
  askBot,
  botMessagesAfter,
  createGuild,
  deliverInteraction,
  gatewayStatus,
  handledByGuild,
  patchSettings,
  repliesTo,
  signInteraction,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForFollowUp,
  type SimGuildInfo,
} from '../support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };

let guild: SimGuildInfo;

beforeAll(async () => {
  guild = await createGuild('Ask Mode Guild');
  expect(await patchSettings(guild.id, { responseMode: 'ask' })).toMatchObject({ responseMode: 'ask' });
  await addKnowledge(guild.id, REFUNDS);
});

describe('/ask without the gateway', () => {
  it('is deferred, then answered through the follow-up webhook from the knowledge base', async () => {
    expect((await gatewayStatus()).state).not.toBe('ready');

    const signed = await signInteraction({ guild, question: 'how do refunds work?' });
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 5 });

    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    const body = followUp.body as { content: string; allowed_mentions: { parse: string[] }; message_reference?: unknown };
    expect(body.content).toContain('Refunds are issued within 14 days');
    expect(body.content).toContain('Source: Refund policy');
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.message_reference).toBeUndefined();
  });
});

describe('mentions in ask mode', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('are not answered, while /ask in the same channel is', async () => {
    const mention = await askBot(guild, 'how do refunds work?');
    const signed = await signInteraction({ guild, question: 'how do refunds work?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    expect((followUp.body as { content: string }).content).toContain('Refunds are issued within 14 days');

    // Every bot message in the channel after the mention: only the /ask answer, nothing for the mention.
    await handledByGuild(guild, [mention]);
    expect(await repliesTo(mention.id)).toEqual([]);
    const posted = await botMessagesAfter(mention.channel_id, mention.id);
    expect(posted.map((message) => message.content)).toEqual([(followUp.body as { content: string }).content]);
  });
});
