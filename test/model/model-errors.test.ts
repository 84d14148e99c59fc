// A failing model: an error (500) or a garbled (non-JSON) response gives the member a short apology as a
// reply, and the actor keeps working — the next question, with the model back, is answered normally.
// `/ask` gets the same apology as its follow-up. ('hang' is not tested here: the actor's timeout is 25 s.)

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT } from '../../src/answer/answerer';
import {
  addKnowledge,
  createGuild,
  deliverInteraction,
  memberSays,
  replyContent,
  signInteraction,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitForFollowUp,
  type SimGuildInfo,
} from '../integration/support';
import { answerRequestsFor, setModelMode } from './support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };
const GROUNDED = 'According to "Refund policy": Refunds are issued within 14 days of purchase.';

describe('model errors', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Model Errors Guild');
    await addKnowledge(guild.id, REFUNDS);
  });
  afterEach(() => setModelMode('normal'));
  afterAll(async () => {
    await setModelMode('normal');
    await stopGateway();
  });

  it("replies with the apology when the model answers 500, then answers normally once it's back", async () => {
    await setModelMode('error');
    const question = 'how do refunds work? (asked during an outage)';
    const failed = await memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, { userId: '200000000000000741', username: 'frank-errors' });
    expect(await replyContent(failed.id)).toBe(APOLOGY_TEXT);
    // The model really was asked (and failed), rather than being skipped.
    expect((await answerRequestsFor((text) => text === question)).length).toBeGreaterThanOrEqual(1);

    await setModelMode('normal');
    const next = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { userId: '200000000000000742', username: 'gina-errors' });
    expect(await replyContent(next.id)).toBe(GROUNDED);
  });

  it("replies with the apology when the model's response is not JSON, then answers normally once it's back", async () => {
    await setModelMode('garbage');
    const question = 'how do refunds work? (asked while the model talks nonsense)';
    const failed = await memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, { userId: '200000000000000743', username: 'hank-errors' });
    expect(await replyContent(failed.id)).toBe(APOLOGY_TEXT);
    expect((await answerRequestsFor((text) => text === question)).length).toBeGreaterThanOrEqual(1);

    await setModelMode('normal');
    const next = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { userId: '200000000000000744', username: 'ines-errors' });
    expect(await replyContent(next.id)).toBe(GROUNDED);
  });

  it('/ask gets the apology as its follow-up when the model fails', async () => {
    await setModelMode('error');
    const signed = await signInteraction({ guild, user: { id: '200000000000000745', username: 'jack-errors' }, question: 'how do refunds work? (by /ask)' });
    const delivered = await deliverInteraction(signed);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 5 });
    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    expect((followUp.body as { content: string }).content).toBe(APOLOGY_TEXT);
  });
});
