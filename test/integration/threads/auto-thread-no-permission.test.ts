// autoThread without Create Public Threads in the channel: Discord refuses the thread (50013), Herald logs that
// outcome and answers in the channel instead; it does not crash and keeps answering.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { addKnowledge, calls, createGuild, exactReplies, memberSays, patchSettings, sim, startGatewayAndWait, stopGateway, TEST_BOT } from '../support';

describe('autoThread without thread permissions', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('logs the refusal and answers in the channel', async () => {
    const guild = await createGuild('Auto Thread Refused Guild');
    await addKnowledge(guild.id, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });
    await patchSettings(guild.id, { autoThread: true });
    const general = guild.channels[0]!.id;
    await sim(`/_sim/channels/${general}/overwrites/${TEST_BOT.userId}`, { method: 'PUT', body: { type: 1, deny: String(PermissionFlagsBits.CreatePublicThreads) } });
    const logged = vi.spyOn(console, 'log');

    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do I reset my password?`);
    const [answer] = await exactReplies(guild, question);
    expect(answer!.path).toBe(`/channels/${general}/messages`);
    expect((answer!.body as { content: string }).content).toContain('choose Security and press Reset password');
    const refused = await calls({ method: 'POST', path: `/channels/${general}/messages/${question.id}/threads` });
    expect(refused.map((call) => call.status)).toContain(403);
    const lines = logged.mock.calls.map((args) => String(args[0]));
    expect(lines.some((line) => line.includes('"at":"GuildActor.autoThread"') && line.includes('50013'))).toBe(true);
    logged.mockRestore();

    // Still answering afterwards.
    const again = await memberSays(guild, `<@${TEST_BOT.userId}> reset password?`);
    await exactReplies(guild, again);
  });
});
