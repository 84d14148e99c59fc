// A scheduled proactive post that meets a rate limit longer than Herald waits in place is not skipped until
// the next interval: its timer runs again once the limit resets, and the post is counted once.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import {
  actorSql,
  actorTimers,
  addKnowledge,
  callsTo,
  clearFaults,
  createGuild,
  guildActorStub,
  patchSettings,
  restFault,
  usageOf,
  waitFor,
} from '../support';

const HOUR = 60 * 60_000;

describe('proactive post under a rate limit', () => {
  afterAll(clearFaults);

  it('runs the timer again when the limit resets instead of waiting a day', async () => {
    const guild = await createGuild('Proactive Rate Limit Guild');
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
    await patchSettings(guild.id, { proactive: { enabled: true, frequency: 'daily', channel: 'general', topics: 'refunds' } });
    const path = `/channels/${guild.channels[0]!.id}/messages`;
    await restFault({ method: 'POST', path, status: 429, retryAfter: 3, count: 1 });

    await actorSql(guild.id, "UPDATE timers SET due_at = ? WHERE kind = 'proactive'", Date.now() - 1_000);
    expect(await runDurableObjectAlarm(guildActorStub(guild.id))).toBe(true);
    const retry = (await actorTimers(guild.id)).find((timer) => timer.kind === 'proactive');
    expect(retry!.due_at).toBeGreaterThan(Date.now());
    expect(retry!.due_at).toBeLessThan(Date.now() + 10_000);
    expect((await usageOf(guild.id)).byKind.proactive).toBe(0);

    // The alarm fires on its own when the limit resets: the post goes out once, and the next is a day ahead.
    await waitFor(async () => (await callsTo('POST', path)).some((call) => call.status === 200), 'the retried proactive post', 15_000);
    expect((await callsTo('POST', path)).map((call) => call.status)).toEqual([429, 200]);
    const next = await waitFor(async () => (await actorTimers(guild.id)).find((timer) => timer.kind === 'proactive' && timer.due_at > Date.now() + 23 * HOUR), 'the next day’s timer');
    expect(next.due_at).toBeLessThan(Date.now() + 25 * HOUR);
    expect((await usageOf(guild.id)).byKind.proactive).toBe(1);
  });
});
