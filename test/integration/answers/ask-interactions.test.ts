// POST /discord/interactions: signature checks, PING, /ask (deferred at once, answered by follow-up, with
// memory), unknown commands and an empty question. No gateway needed.

import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  addKnowledge,
  conversations,
  createGuild,
  deliverInteraction,
  followUps,
  NO_ANSWER_TEXT_FOR_TESTS,
  signInteraction,
  TEST_BOT,
  waitForFollowUp,
  type SimGuildInfo,
} from '../support';

const WINDOW_PARAGRAPH =
  'Refund window: you can ask for a refund within 30 days of purchase for any subscription or one-off order. ' +
  'Open a ticket in the billing channel with your order number and the email address on the account. ' +
  'Refunds cover the full amount paid, including taxes, minus any partial month already used on a subscription. ' +
  'Gift cards, vouchers and promotional credit are not refundable, and orders bought during a clearance sale are final. ' +
  'A refund request is reviewed by the billing team, who reply on the ticket with their decision.';
const DELIVERY_PARAGRAPH =
  'Refund delivery: once a refund is approved, refunds reach your card within 5 business days. ' +
  'The money goes back to the same card or wallet used for the purchase; we cannot send it to a different card. ' +
  'Your bank may show the refund as pending for a while before it settles on the statement. ' +
  'If you paid with a voucher code, the voucher value is restored to your account instead of a card. ' +
  'A confirmation email with the refund reference is sent when the refund leaves our payment provider.';

const FOLLOW_UP = 'and how long does that take?';

function postRaw(body: string, headers: Record<string, string>): Promise<Response> {
  return SELF.fetch('http://herald.test/discord/interactions', { method: 'POST', headers, body });
}

describe('/discord/interactions', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    guild = await createGuild('Ask Interactions Guild');
    await addKnowledge(guild.id, { title: 'Billing and refunds', content: `${WINDOW_PARAGRAPH}\n\n${DELIVERY_PARAGRAPH}` });
  });

  it('answers an unsigned request with 401', async () => {
    const signed = await signInteraction({ guild, question: 'how do refunds work?' });
    const response = await postRaw(signed.body, { 'content-type': 'application/json' });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it('answers a request whose body was tampered with with 401', async () => {
    const signed = await signInteraction({ guild, question: 'how do refunds work?' });
    const tampered = signed.body.replace('how do refunds work?', 'how do refunds work!');
    expect(tampered).not.toBe(signed.body);
    const response = await postRaw(tampered, signed.headers);
    expect(response.status).toBe(401);
    await response.body?.cancel();
    // Nothing was queued for the tampered request: the guild actor never saw the interaction.
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE event_id = ?', `interaction:${signed.interaction.id}`)).toEqual([]);
    expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toEqual([]);
  });

  it('answers PING with PONG', async () => {
    const signed = await signInteraction({ guild, ping: true });
    expect(signed.interaction.type).toBe(1);
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 1 });
  });

  it('defers /ask within Discord\'s 3 seconds, then delivers the answer as a follow-up', async () => {
    const user = { id: '200000000000000201', username: 'asker' };
    const signed = await signInteraction({ guild, user, question: 'how do refunds work?' });
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 5 });
    expect(delivered.ms).toBeLessThan(3_000);

    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    const body = followUp.body as { content: string; allowed_mentions: { parse: string[] } };
    expect(body.content).toContain('Source: Billing and refunds');
    expect(body.allowed_mentions.parse).toEqual([]);
    // The webhook is authenticated by the interaction token, never the bot token.
    expect(followUp.headers.authorization).toBeUndefined();
  });

  it("a second /ask from the same member and channel is answered with the first as memory", async () => {
    const user = { id: '200000000000000202', username: 'remembers' };
    const first = await signInteraction({ guild, user, question: 'how do refunds work?' });
    expect((await deliverInteraction(first)).json).toEqual({ type: 5 });
    expect(((await waitForFollowUp(TEST_BOT.applicationId, first.interaction.token)).body as { content: string }).content).toContain(
      'Source: Billing and refunds',
    );

    const second = await signInteraction({ guild, user, question: FOLLOW_UP });
    expect((await deliverInteraction(second)).json).toEqual({ type: 5 });
    const answer = ((await waitForFollowUp(TEST_BOT.applicationId, second.interaction.token)).body as { content: string }).content;
    expect(answer).not.toBe(NO_ANSWER_TEXT_FOR_TESTS);
    expect(answer).toContain('Source: Billing and refunds');

    // The same follow-up from someone without that history finds nothing.
    const cold = await signInteraction({ guild, user: { id: '200000000000000203', username: 'cold' }, question: FOLLOW_UP });
    expect((await deliverInteraction(cold)).json).toEqual({ type: 5 });
    expect(((await waitForFollowUp(TEST_BOT.applicationId, cold.interaction.token)).body as { content: string }).content).toBe(
      NO_ANSWER_TEXT_FOR_TESTS,
    );

    const list = await conversations(guild.id);
    const channelId = guild.channels[0]!.id;
    expect(list.find((c) => c.userId === user.id)).toMatchObject({ channelId, turns: 4 });
    expect(list.find((c) => c.userId === '200000000000000203')).toMatchObject({ channelId, turns: 2 });
  });

  it('answers an unknown command with an ephemeral message', async () => {
    const signed = await signInteraction({ guild, name: 'frobnicate', question: null });
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json?.type).toBe(4);
    expect(delivered.json?.data?.flags).toBe(64);
    expect(delivered.json?.data?.content).toBeTruthy();
    expect(delivered.json?.data?.allowed_mentions?.parse).toEqual([]);
  });

  it('answers /ask with an empty question with an ephemeral hint, and queues nothing', async () => {
    for (const question of ['', '   ', null]) {
      const signed = await signInteraction({ guild, question });
      const delivered = await deliverInteraction(signed);
      expect(delivered.status, `question ${JSON.stringify(question)}`).toBe(200);
      expect(delivered.json?.type).toBe(4);
      expect(delivered.json?.data?.flags).toBe(64);
      expect(delivered.json?.data?.content).toMatch(/\/ask/);
      expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE event_id = ?', `interaction:${signed.interaction.id}`)).toEqual([]);
      expect(await followUps(TEST_BOT.applicationId, signed.interaction.token)).toEqual([]);
    }
  });
});
