// A follow-up webhook that Discord refuses with a 4xx (other than 429) is not retried, neither by the REST
// client nor by the inbox: a 404 without "Unknown Webhook" right after the ack, or a 400, is one call.

import { afterAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  callsTo,
  clearFaults,
  deliverInteraction,
  guildWithKnowledge,
  restFault,
  signInteraction,
  TEST_BOT,
  waitForFollowUp,
} from '../support';

describe('follow-up webhooks and 4xx', () => {
  afterAll(clearFaults);

  it.each([404, 400])('a %i on the follow-up is one call, and nothing is left to retry', async (status) => {
    const guild = await guildWithKnowledge(`Follow-up ${status} Guild`);
    const user = { id: `2000000000000092${status}`, username: `refused-${status}` };
    const refused = await signInteraction({ guild, user, question: 'how do refunds work?' });
    const path = `/webhooks/${TEST_BOT.applicationId}/${refused.interaction.token}`;
    await restFault({ method: 'POST', path, status, count: 5 });
    expect((await deliverInteraction(refused)).json).toEqual({ type: 5 });

    // The same member's next /ask runs after the refused one is finished with (one conversation, in order).
    const next = await signInteraction({ guild, user, question: 'what is the refund window?' });
    expect((await deliverInteraction(next)).json).toEqual({ type: 5 });
    await waitForFollowUp(TEST_BOT.applicationId, next.interaction.token);

    expect((await callsTo('POST', path)).map((call) => call.status)).toEqual([status]);
    expect(await actorSql(guild.id, 'SELECT event_id FROM seen_events WHERE payload IS NOT NULL')).toEqual([]);
    expect(await actorSql(guild.id, 'SELECT reply_key FROM pending_replies')).toEqual([]);
  });
});
