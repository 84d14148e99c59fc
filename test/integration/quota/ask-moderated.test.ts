// A `/ask` question is moderated like a message: one that breaks the rules is logged (the interaction's id as
// messageId), counts one moderation check, is not answered (a short notice instead) and is not remembered.
// There is no message to delete, so no DELETE reaches Discord.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_MODERATED_TEXT } from '../../../src/guild/responder';
import {
  calls,
  conversations,
  createGuild,
  deliverInteraction,
  enableModeration,
  signInteraction,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  usageOf,
  waitForFollowUp,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../support';

describe('/ask is moderated', () => {
  let guild: SimGuildInfo;

  // The gateway brings the guild's owner and roles, which moderation needs to know who is an admin.
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Ask Moderation Guild');
    await enableModeration(guild.id, { rules: 'banned words: free nitro' });
  });
  afterAll(stopGateway);

  it('a question that breaks a rule is logged, counted as a check and not answered', async () => {
    const user = { id: '200000000000009501', username: 'nitro-asker' };
    const signed = await signInteraction({ guild, user, question: 'where do I get free nitro?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });

    const followUp = await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token);
    expect((followUp.body as { content: string }).content).toBe(ASK_MODERATED_TEXT);
    const entry = await waitForModerationEntry(guild.id, signed.interaction.id);
    expect(entry).toMatchObject({ action: 'delete', userId: user.id, content: 'where do I get free nitro?', outcome: 'done' });

    expect((await calls({ method: 'DELETE' })).filter((call) => call.path.includes(signed.interaction.id))).toEqual([]);
    expect((await usageOf(guild.id)).byKind).toEqual({ answer: 0, moderation: 1, proactive: 0 });
    expect((await conversations(guild.id)).filter((c) => c.userId === user.id)).toEqual([]);
  });

  it('a clean question is checked and answered', async () => {
    const signed = await signInteraction({ guild, user: { id: '200000000000009502', username: 'clean-asker' }, question: 'how do refunds work?' });
    expect((await deliverInteraction(signed)).json).toEqual({ type: 5 });
    expect(((await waitForFollowUp(TEST_BOT.applicationId, signed.interaction.token)).body as { content: string }).content).not.toBe(ASK_MODERATED_TEXT);
    expect((await usageOf(guild.id)).byKind).toEqual({ answer: 1, moderation: 2, proactive: 0 });
  });
});
