// "Solved" in a forum post (contract §8): the answer in a forum post's thread carries a Solved button; only the
// poster (or staff with Manage Threads) may use it; it applies the forum's "Solved" tag (keeping the post's
// other tags) and closes (archives) the thread when the solvedArchive timer fires.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorSql, addKnowledge, callsTo, channelMessages, guildActorStub, sim, startGatewayAndWait, stopGateway, TEST_BOT, waitFor, type SimGuildInfo } from '../support';
import { SOLVED_ARCHIVE_DELAY_MS } from '../../../src/feedback/feedback-desk';
import { clickButton, customIdsOf } from './support';

const POSTER = { id: '200000000000012601', username: 'pia' };
const BYSTANDER = { id: '200000000000012602', username: 'bo' };

interface ForumJson {
  id: string;
  available_tags: { id: string; name: string }[];
}
interface ThreadView {
  thread: { id: string; applied_tags?: string[]; thread_metadata?: { archived: boolean } };
}

describe('Solved', () => {
  let guild: { id: string; name: string; channels: (ForumJson & { name: string })[] };
  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await sim('/_sim/guilds', {
      body: { name: 'Solved Guild', channels: [{ name: 'general' }, { name: 'help', type: 15, tags: [{ name: 'Bug' }, { name: 'Solved' }] }] },
    });
    await addKnowledge(guild.id, { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' });
  });
  afterAll(stopGateway);

  it('tags the post for its author, refuses others, and archives it when the timer fires', async () => {
    const forum = guild.channels.find((c) => c.name === 'help')!;
    const [bug, solvedTag] = forum.available_tags;
    const post = await sim<{ thread: { id: string } }>('/_sim/forum-posts', {
      body: { channelId: forum.id, user: POSTER, title: 'Refunds?', content: `<@${TEST_BOT.userId}> how do refunds work?`, tags: [bug!.id] },
    });
    const threadId = post.thread.id;
    const answer = await waitFor(async () => (await channelMessages(threadId)).find((m) => customIdsOf(m).length > 0), 'the answer in the post');
    expect(customIdsOf(answer)).toContain(`herald:solved:${threadId}`);
    const click = (user: typeof POSTER) => clickButton(guild as SimGuildInfo, { channelId: threadId, messageId: answer.id, customId: `herald:solved:${threadId}`, user });

    const refused = await click(BYSTANDER);
    expect(refused.json).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/Only the author/) } });
    expect(await actorSql(guild.id, "SELECT key FROM timers WHERE kind = 'solvedArchive'")).toEqual([]);

    const before = Date.now();
    const solved = await click(POSTER);
    expect(solved.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(solved.ms).toBeLessThan(3_000);
    // The tag is applied next to the post's own tag; the member's "thinking…" becomes the outcome.
    await waitFor(async () => ((await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.applied_tags ?? []).includes(solvedTag!.id), 'the Solved tag');
    expect((await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.applied_tags).toEqual([bug!.id, solvedTag!.id]);
    const original = `/webhooks/${TEST_BOT.applicationId}/${solved.signed.interaction.token}/messages/@original`;
    const edits = await waitFor(async () => ((await callsTo('PATCH', original)).length > 0 ? callsTo('PATCH', original) : null), 'the edited response');
    expect((edits[0]!.body as { content: string }).content).toMatch(/^Marked as solved/);
    expect((await click(POSTER)).json?.data?.content).toMatch(/already marked solved/);

    const [timer] = await actorSql<{ key: string; due_at: number }>(guild.id, "SELECT key, due_at FROM timers WHERE kind = 'solvedArchive'");
    expect(timer!.key).toBe(threadId);
    expect(timer!.due_at).toBeGreaterThanOrEqual(before + SOLVED_ARCHIVE_DELAY_MS);
    expect((await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.thread_metadata?.archived).toBe(false);

    await actorSql(guild.id, "UPDATE timers SET due_at = ? WHERE kind = 'solvedArchive'", Date.now() - 1_000);
    expect(await runDurableObjectAlarm(guildActorStub(guild.id))).toBe(true);
    expect((await sim<ThreadView>(`/_sim/threads/${threadId}`)).thread.thread_metadata?.archived).toBe(true);
    expect(await actorSql(guild.id, "SELECT key FROM timers WHERE kind = 'solvedArchive'")).toEqual([]);
  });
});
