// Without Send Messages in Threads in a forum, Herald cannot answer a post: Discord's refusal (50013) is logged
// as the outcome, nothing crashes, and once the permission is back the next post is answered.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { addKnowledge, calls, exactReplies, forceInboxRetry, sim, startGatewayAndWait, stopGateway, TEST_BOT, waitFor } from '../support';
import { forumGuild, forumPost } from './support';

describe('a forum where Herald may not send in threads', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('logs the refusal, and answers again once allowed', async () => {
    const guild = await forumGuild('Forum Refused Guild');
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });
    await sim(`/_sim/channels/${guild.forum}/overwrites/${TEST_BOT.userId}`, { method: 'PUT', body: { type: 1, deny: String(PermissionFlagsBits.SendMessagesInThreads) } });
    const logged = vi.spyOn(console, 'error');

    const refused = await forumPost(guild.forum, 'Password reset', 'Where is it?');
    await waitFor(async () => (await calls({ method: 'POST', path: `/channels/${refused.thread.id}/messages` })).some((call) => call.status === 403), 'the refused answer');
    await forceInboxRetry(guild.id);
    const lines = logged.mock.calls.map((args) => String(args[0]));
    expect(lines.some((line) => line.includes('"at":"GuildActor.post"') && line.includes('50013') && line.includes(refused.thread.id))).toBe(true);
    logged.mockRestore();

    await sim(`/_sim/channels/${guild.forum}/overwrites/${TEST_BOT.userId}`, { method: 'DELETE' });
    const allowed = await forumPost(guild.forum, 'Password reset again', 'Where is it?');
    const [answer] = await exactReplies(guild, allowed.message);
    expect(answer!.path).toBe(`/channels/${allowed.thread.id}/messages`);
  });
});
